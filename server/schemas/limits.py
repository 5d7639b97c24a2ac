"""GET /api/limits: the one vocabulary (models/vocabulary.py) as the page and clients read it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DatasetWord(BaseModel):
    name: str
    title: str
    classes: list[int] = Field(description="Class counts this dataset supports.")
    description: str
    lab: str = Field(description="Which of `labs` trains on it: `plane` (2D points, frames with a grid) or `digits`.")


class Bound(BaseModel):
    low: int | float
    high: int | float = Field(description="Inclusive.")
    low_exclusive: bool = Field(description="True where `low` itself is not allowed (a learning rate of 0).")
    page_low: int | float | None = Field(
        None, description="Where the pages' sliders start when that is above `low` (a learning rate of 1e-5)."
    )


class Limits(BaseModel):
    """Every name and bound a run accepts; the request schemas (see /docs) are built from the same data."""

    labs: list[str] = Field(description="`plane`: the 2D lab at /; `digits`: the digits lab at /digits.html.")
    datasets: list[DatasetWord]
    features: list[str]
    model_kinds: list[str]
    model_kinds_by_lab: dict[str, list[str]] = Field(description="The model kinds each lab trains.")
    activations: list[str]
    optimizers: list[str]
    regularizations: list[str]
    bounds: dict[str, Bound] = Field(description="By field: n_points, learning_rate, units_per_layer, …")
