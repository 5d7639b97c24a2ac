"""GET /api/datasets: what a client may ask for, with the bounds it must respect."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

# Pairs as fixed-length arrays rather than tuples (`prefixItems`): see server/schemas/points.py.
IntRange = Annotated[list[int], Field(min_length=2, max_length=2)]
FloatRange = Annotated[list[float], Field(min_length=2, max_length=2)]


class DatasetInfo(BaseModel):
    name: str
    title: str
    classes: list[int] = Field(description="Class counts this dataset supports.")
    description: str


class Bounds(BaseModel):
    """Each pair is [lowest, highest] (inclusive unless said otherwise)."""

    n_points: IntRange
    noise: FloatRange
    train_fraction: FloatRange = Field(description="(exclusive lower, inclusive upper)")
    custom_points: int
    grid_resolution: IntRange
    hidden_layers: int
    units_per_layer: IntRange
    learning_rate: FloatRange = Field(description="(exclusive lower, inclusive upper)")
    max_steps: int
    features: list[str]
    activations: list[str]
    optimizers: list[str]


class DatasetCatalog(BaseModel):
    datasets: list[DatasetInfo]
    bounds: Bounds
