"""What a run is: the request body of POST /api/runs, with every default and bound in one place.

Bounds are part of the contract (they show in /openapi.json): they keep every run small enough for a laptop and
every request answerable in bounded time. Rules that tie two fields together live in `cross_field_errors`, which
reports the exact field path.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from models.datasets2d import n_train_of
from models.vocabulary import (
    ACTIVATION_NAMES,
    BOUNDS,
    DATASET_BY_NAME,
    DATASET_NAMES,
    FEATURE_NAMES,
    MODEL_KINDS,
    MODEL_KINDS_BY_LAB,
    MULTICLASS_DATASET_NAMES,
    OPTIMIZER_NAMES,
    REGULARIZATION_NAMES,
)
from server.schemas.bounds import length, limits

MAX_POINTS = BOUNDS["custom_points"].high
MAX_COORDINATE = BOUNDS["coordinate"].high

DatasetName = Literal[DATASET_NAMES]
FeatureName = Literal[FEATURE_NAMES]
Seed = Annotated[int, Field(**limits("seed"), description="Seed for the random generator.")]


class Strict(BaseModel):
    """Unknown fields and non-finite numbers are mistakes, not things to ignore."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


class DatasetConfig(Strict):
    name: DatasetName = Field("spiral", description="Which dataset; `custom` uses `points`, `mnist` the digits.")
    n_points: int = Field(500, **limits("n_points"), description="Points generated (ignored by custom and mnist).")
    noise: float = Field(0.0, **limits("noise"), description="0 = clean; 1 = very noisy.")
    train_fraction: float = Field(
        0.5,
        **limits("train_fraction"),
        description="Share used for training; at 1 there is no test split (2D sets only).",
    )
    classes: int = Field(2, **limits("classes"), description="Classes for blobs3, spiral and custom (others have 2).")
    seed: Seed = 0
    points: (
        Annotated[
            list[Annotated[list[float], Field(min_length=3, max_length=3)]],
            Field(**length("custom_points")),
        ]
        | None
    ) = Field(
        None,
        description="Custom points as [x1, x2, label] rows, |x| ≤ 1000, label an integer < `classes`. "
        "Required (at least 2 rows) when `name` is `custom`; ignored otherwise.",
    )

    @field_validator("points")
    @classmethod
    def _points_are_sane(cls, rows: list[list[float]] | None) -> list[list[float]] | None:
        for i, (x1, x2, label) in enumerate(rows or []):
            if abs(x1) > MAX_COORDINATE or abs(x2) > MAX_COORDINATE:
                raise ValueError(f"point {i}: coordinates must lie within ±{MAX_COORDINATE:g}")
            if label != int(label) or label < 0:
                raise ValueError(f"point {i}: label must be a non-negative integer, got {label}")
        return rows


class ModelConfig(Strict):
    kind: Literal[MODEL_KINDS] = Field(
        "mlp", description="logistic needs a 2-class 2D dataset; cnn needs the mnist dataset."
    )
    hidden: list[Annotated[int, Field(**limits("units_per_layer"))]] = Field(
        [8, 8], max_length=BOUNDS["hidden_layers"].high, description="Units per hidden layer (mlp only; [] = none)."
    )
    activation: Literal[ACTIVATION_NAMES] = "tanh"
    features: list[FeatureName] = Field(
        ["x1", "x2"],
        **length("features"),
        json_schema_extra={"uniqueItems": True},
        description="Input features computed from (x1, x2), each at most once.",
    )
    conv1_filters: int = Field(8, **limits("conv1_filters"), description="CNN: filters in the first convolution.")
    conv2_filters: int = Field(
        16,
        **limits("conv2_filters"),
        description="CNN: filters in the second convolution; 0 = no second stage (one learned convolution layer).",
    )
    kernel_size: int = Field(5, **limits("kernel_size"), description="CNN: odd or even k of the k×k kernels.")
    dense_units: int = Field(
        128,
        **limits("dense_units"),
        description="CNN: units of the dense layer before the output; 0 = none (the pooled maps feed the output).",
    )

    @field_validator("features")
    @classmethod
    def _features_unique(cls, names: list[str]) -> list[str]:
        if len(set(names)) != len(names):
            raise ValueError("features must not repeat")
        return names


class OptimizerConfig(Strict):
    name: Literal[OPTIMIZER_NAMES] = "sgd"
    learning_rate: float = Field(0.03, **limits("learning_rate"), description="Step size; changeable while running.")
    batch_size: int = Field(
        10, **limits("batch_size"), description="Examples per update; at most the training-set size."
    )
    regularization: Literal[REGULARIZATION_NAMES] = "none"
    regularization_rate: float = Field(0.0, **limits("regularization_rate"))


class RunConfig(Strict):
    """A whole experiment. Every field has a default, so `{}` starts the spiral lesson."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "dataset": {"name": "linear", "n_points": 200, "noise": 0.0, "train_fraction": 0.5},
                    "model": {"kind": "logistic", "features": ["x1", "x2"]},
                    "optimizer": {"name": "sgd", "learning_rate": 0.1, "batch_size": 10},
                    "max_steps": 5000,
                }
            ]
        },
    )

    dataset: DatasetConfig = DatasetConfig()
    model: ModelConfig = ModelConfig()
    optimizer: OptimizerConfig = OptimizerConfig()
    max_steps: int = Field(20000, **limits("max_steps"), description="The run ends as `done` after this many updates.")
    grid_resolution: int = Field(100, **limits("grid_resolution"), description="Decision-grid cells per side.")
    seed: Seed = Field(0, description="Seed for weights and minibatch order.")
    probe_index: int = Field(
        0, **limits("probe_index"), description="Digits: the test image whose activations frames show."
    )


def cross_field_errors(config: RunConfig) -> list[dict]:
    """Rules spanning fields, as FastAPI-style error entries with the offending field's path."""
    errors: list[dict] = []

    def fail(loc: tuple, msg: str, value) -> None:
        errors.append({"type": "value_error", "loc": ("body", *loc), "msg": msg, "input": value})

    ds, model, opt = config.dataset, config.model, config.optimizer
    is_digits = DATASET_BY_NAME[ds.name].lab == "digits"
    if ds.name == "custom":
        if not ds.points:
            fail(("dataset", "points"), "the custom dataset needs at least 2 points", ds.points)
        else:
            for i, row in enumerate(ds.points):
                if row[2] >= ds.classes:
                    fail(
                        ("dataset", "points", i, 2),
                        f"label {int(row[2])} must be < classes ({ds.classes})",
                        row[2],
                    )
                    break
    binary_only = model.kind == "logistic" and (is_digits or (ds.name in MULTICLASS_DATASET_NAMES and ds.classes > 2))
    if binary_only:
        fail(("model", "kind"), "logistic regression is binary; use softmax for more than 2 classes", model.kind)
    elif model.kind not in MODEL_KINDS_BY_LAB[DATASET_BY_NAME[ds.name].lab]:
        lab = next(name for name, kinds in MODEL_KINDS_BY_LAB.items() if model.kind in kinds)
        fail(("model", "kind"), f"{model.kind} is for the {lab} lab's datasets, not {ds.name}", model.kind)
    if not is_digits:
        n_points = len(ds.points) if ds.name == "custom" and ds.points else ds.n_points
        n_train = n_train_of(n_points, ds.train_fraction)
        if opt.batch_size > n_train:
            fail(
                ("optimizer", "batch_size"),
                f"batch_size must be ≤ the training-set size ({n_train})",
                opt.batch_size,
            )
    return errors
