"""GET /api/datasets: what a client may ask for, with the bounds it must respect."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DatasetInfo(BaseModel):
    name: str
    title: str
    classes: list[int] = Field(description="Class counts this dataset supports.")
    description: str


class Bounds(BaseModel):
    n_points: tuple[int, int]
    noise: tuple[float, float]
    train_fraction: tuple[float, float] = Field(description="(exclusive lower, inclusive upper)")
    custom_points: int
    grid_resolution: tuple[int, int]
    hidden_layers: int
    units_per_layer: tuple[int, int]
    learning_rate: tuple[float, float]
    max_steps: int
    features: list[str]
    activations: list[str]
    optimizers: list[str]


class DatasetCatalog(BaseModel):
    datasets: list[DatasetInfo]
    bounds: Bounds
