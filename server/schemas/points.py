from __future__ import annotations

from pydantic import BaseModel, Field


class PointsResponse(BaseModel):
    classes: int
    extent: tuple[float, float, float, float]
    train: list[list[float]] = Field(description="[x1, x2, label] rows used for training.")
    test: list[list[float]] = Field(description="[x1, x2, label] rows held out.")
