from __future__ import annotations

import numpy as np
from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError

from models.datasets2d import make_points
from models.features import FEATURE_NAMES
from models.nets import ACTIVATIONS
from models.training import OPTIMIZERS
from server.schemas.config import MAX_HIDDEN_LAYERS, MAX_POINTS, MAX_STEPS, MAX_UNITS, DatasetConfig
from server.schemas.datasets import Bounds, DatasetCatalog, DatasetInfo
from server.schemas.points import PointsResponse

router = APIRouter(prefix="/api", tags=["datasets"])

_DATASETS = [
    DatasetInfo(name="linear", title="Linear (○ vs ✕)", classes=[2], description="Two classes split by a line."),
    DatasetInfo(name="blobs3", title="Blobs", classes=[2, 3, 4, 5], description="K Gaussian clouds on a circle."),
    DatasetInfo(name="circle", title="Circle", classes=[2], description="A disc inside a ring."),
    DatasetInfo(name="xor", title="XOR", classes=[2], description="Quadrants by the sign of x1·x2."),
    DatasetInfo(name="gauss", title="Gaussians", classes=[2], description="Two overlapping Gaussian clouds."),
    DatasetInfo(name="spiral", title="Spiral", classes=[2, 3, 4, 5], description="Interleaved spiral arms."),
    DatasetInfo(name="moons", title="Moons", classes=[2], description="Two interlocking half circles."),
    DatasetInfo(name="custom", title="Custom", classes=[2, 3, 4, 5], description="Your own [x1, x2, label] points."),
    DatasetInfo(
        name="mnist",
        title="MNIST digits",
        classes=[10],
        description="28×28 handwritten digits (8,000/2,000).",
    ),
]


@router.get("/datasets")
def list_datasets() -> DatasetCatalog:
    return DatasetCatalog(
        datasets=_DATASETS,
        bounds=Bounds(
            n_points=(4, MAX_POINTS),
            noise=(0.0, 1.0),
            train_fraction=(0.0, 1.0),
            custom_points=MAX_POINTS,
            grid_resolution=(10, 200),
            hidden_layers=MAX_HIDDEN_LAYERS,
            units_per_layer=(1, MAX_UNITS),
            learning_rate=(0.0, 10.0),
            max_steps=MAX_STEPS,
            features=list(FEATURE_NAMES),
            activations=list(ACTIVATIONS),
            optimizers=list(OPTIMIZERS),
        ),
    )


@router.post("/datasets/points")
def dataset_points(dataset: DatasetConfig) -> PointsResponse:
    """The points (and train/test split) a run on this 2D dataset would use, without starting one: the page draws
    the data while it waits for a free run slot."""
    if dataset.name == "mnist":
        raise RequestValidationError([_error(("name",), "points exist for the 2D datasets only", dataset.name)])
    if dataset.name == "custom" and not dataset.points:
        raise RequestValidationError([_error(("points",), "the custom dataset needs at least 2 points", None)])
    for i, row in enumerate(dataset.points or []):
        if row[2] >= dataset.classes:
            raise RequestValidationError(
                [_error(("points", i, 2), f"label {int(row[2])} must be < classes ({dataset.classes})", row[2])]
            )
    pts = make_points(
        dataset.name,
        dataset.n_points,
        dataset.noise,
        dataset.train_fraction,
        dataset.classes,
        dataset.seed,
        dataset.points,
    )
    return PointsResponse(
        classes=pts.classes,
        extent=pts.extent,
        train=np.column_stack([pts.train_x, pts.train_y]).round(4).tolist(),
        test=np.column_stack([pts.test_x, pts.test_y]).round(4).tolist(),
    )


def _error(loc: tuple, msg: str, value) -> dict:
    return {"type": "value_error", "loc": ("body", *loc), "msg": msg, "input": value}
