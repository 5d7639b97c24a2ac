from __future__ import annotations

from fastapi import APIRouter

from models.features import FEATURE_NAMES
from models.nets import ACTIVATIONS
from models.training import OPTIMIZERS
from server.schemas.config import MAX_HIDDEN_LAYERS, MAX_POINTS, MAX_STEPS, MAX_UNITS
from server.schemas.datasets import Bounds, DatasetCatalog, DatasetInfo

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
