"""The vocabulary resource: names and bounds, served from models/vocabulary.py so the page need not copy them."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from models import vocabulary as v
from server.schemas.limits import Limits

router = APIRouter(prefix="/api", tags=["datasets"])


@router.get("/limits")
def limits() -> Limits:
    """Lab and dataset names, features, model kinds, activations, optimizers, regularizations, every numeric bound."""
    return Limits(
        labs=list(v.LAB_NAMES),
        datasets=[{k: val for k, val in asdict(word).items() if k != "seed"} for word in v.DATASETS],
        features=list(v.FEATURE_NAMES),
        model_kinds=list(v.MODEL_KINDS),
        model_kinds_by_lab={lab: list(kinds) for lab, kinds in v.MODEL_KINDS_BY_LAB.items()},
        activations=list(v.ACTIVATION_NAMES),
        optimizers=list(v.OPTIMIZER_NAMES),
        regularizations=list(v.REGULARIZATION_NAMES),
        bounds={name: asdict(bound) for name, bound in v.BOUNDS.items()},
    )
