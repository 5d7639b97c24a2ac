"""A 2D dataset's points, and the plane they are drawn on."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

# A fixed-length array, not a tuple: `tuple[float, ...]` becomes `prefixItems`, which only Draft 2020-12 tools read
# (schemathesis rewrote it to a Draft-4 `items: [...]` and rejected the response schema); all four are numbers anyway.
Extent = Annotated[
    list[float], Field(min_length=4, max_length=4, description="xmin, xmax, ymin, ymax of the plane shown.")
]


class PointsResponse(BaseModel):
    classes: int
    extent: Extent
    train: list[list[float]] = Field(description="[x1, x2, label] rows used for training.")
    test: list[list[float]] = Field(description="[x1, x2, label] rows held out.")
