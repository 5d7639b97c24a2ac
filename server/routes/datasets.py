from __future__ import annotations

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError

from models.datasets2d import make_points, points_payload
from models.vocabulary import ACTIVATION_NAMES, BOUNDS, DATASET_BY_NAME, DATASETS, FEATURE_NAMES, OPTIMIZER_NAMES
from server.schemas.config import DatasetConfig
from server.schemas.datasets import Bounds, DatasetCatalog, DatasetInfo
from server.schemas.points import PointsResponse

router = APIRouter(prefix="/api", tags=["datasets"])


def _pair(name: str) -> list[float]:
    return [BOUNDS[name].low, BOUNDS[name].high]


@router.get("/datasets")
def list_datasets() -> DatasetCatalog:
    """The datasets and a digest of the bounds (GET /api/limits has every name and bound)."""
    return DatasetCatalog(
        datasets=[
            DatasetInfo(name=w.name, title=w.title, classes=list(w.classes), description=w.description)
            for w in DATASETS
        ],
        bounds=Bounds(
            n_points=_pair("n_points"),
            noise=_pair("noise"),
            train_fraction=_pair("train_fraction"),
            custom_points=BOUNDS["custom_points"].high,
            grid_resolution=_pair("grid_resolution"),
            hidden_layers=BOUNDS["hidden_layers"].high,
            units_per_layer=_pair("units_per_layer"),
            learning_rate=_pair("learning_rate"),
            max_steps=BOUNDS["max_steps"].high,
            features=list(FEATURE_NAMES),
            activations=list(ACTIVATION_NAMES),
            optimizers=list(OPTIMIZER_NAMES),
        ),
    )


@router.post("/datasets/points")
def dataset_points(dataset: DatasetConfig) -> PointsResponse:
    """The points (and train/test split) a run on this 2D dataset would use, without starting one: the page draws
    the data while it waits for a free run slot."""
    if DATASET_BY_NAME[dataset.name].lab != "plane":
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
    return PointsResponse.of(points_payload(pts))


def _error(loc: tuple, msg: str, value) -> dict:
    return {"type": "value_error", "loc": ("body", *loc), "msg": msg, "input": value}
