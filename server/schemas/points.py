"""A 2D dataset's points, and the plane they are drawn on."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import BaseModel, Field

from models.features import FEATURE_NAMES, feature_matrix
from models.probes import plane_points

# A fixed-length array, not a tuple: `tuple[float, ...]` becomes `prefixItems`, which only Draft 2020-12 tools read
# (schemathesis rewrote it to a Draft-4 `items: [...]` and rejected the response schema); all four are numbers anyway.
Extent = Annotated[
    list[float], Field(min_length=4, max_length=4, description="xmin, xmax, ymin, ymax of the plane shown.")
]
# Coarse on purpose: the page draws these as small input thumbnails (and a linear model's score maps from them);
# 7 features × 24² values stay about 30 kB of JSON.
FEATURE_MAP_RESOLUTION = 24


class FeatureMaps(BaseModel):
    """Every input feature over the plane, computed by models/features.py (the one implementation)."""

    resolution: int = Field(description="R: each map has R×R values.")
    maps: dict[str, list[float]] = Field(
        description="Feature name → R×R values at the cells' centres over `extent`, row 0 at the top (largest x2), "
        "x1 varying fastest; rounded to 4 decimals."
    )

    @classmethod
    def over(cls, extent: list[float], resolution: int = FEATURE_MAP_RESOLUTION) -> FeatureMaps:
        values = np.asarray(feature_matrix(FEATURE_NAMES, plane_points(tuple(extent), resolution)), np.float64)
        return cls(
            resolution=resolution,
            maps={name: values[:, i].round(4).tolist() for i, name in enumerate(FEATURE_NAMES)},
        )


class PointsResponse(BaseModel):
    classes: int
    extent: Extent
    train: list[list[float]] = Field(description="[x1, x2, label] rows used for training.")
    test: list[list[float]] = Field(description="[x1, x2, label] rows held out.")
    feature_maps: FeatureMaps

    @classmethod
    def of(cls, points: dict) -> PointsResponse:
        """The answer for a points payload (models/datasets2d.py `points_payload`), with its feature maps."""
        return cls(**points, feature_maps=FeatureMaps.over(points["extent"]))
