"""From a validated RunConfig to the models/ object that trains it."""

from __future__ import annotations

from pydantic import BaseModel

from models.digits_lab import DigitsLab, DigitsSetup
from models.lab import Lab
from models.plane_lab import PlaneLab, PlaneSetup
from models.vocabulary import DATASET_BY_NAME
from server.schemas.config import RunConfig


def _same_names(source: BaseModel, *names: str) -> dict:
    """The fields a setup calls by the request's own names, copied as they are."""
    return {name: getattr(source, name) for name in names}


def _shared_fields(config: RunConfig) -> dict:
    """The fields both setups share (models/training.py `OptimizerSetup`) and the net's settings they both read."""
    model, opt = config.model, config.optimizer
    return {
        "kind": model.kind,
        "hidden": tuple(model.hidden),
        "activation": model.activation,
        "optimizer": opt.name,
        "seed": config.seed,
        **_same_names(opt, "learning_rate", "batch_size", "regularization", "regularization_rate"),
    }


def plane_setup(config: RunConfig) -> PlaneSetup:
    ds = config.dataset
    return PlaneSetup(
        dataset=ds.name,
        data_seed=ds.seed,
        points=tuple((float(x1), float(x2), int(label)) for x1, x2, label in ds.points) if ds.points else None,
        features=tuple(config.model.features),
        grid_resolution=config.grid_resolution,
        **_same_names(ds, "n_points", "noise", "train_fraction", "classes"),
        **_shared_fields(config),
    )


def digits_setup(config: RunConfig, mnist_dir: str | None = None) -> DigitsSetup:
    return DigitsSetup(
        mnist_dir=mnist_dir,
        probe_index=config.probe_index,
        **_same_names(config.model, "conv1_filters", "conv2_filters", "kernel_size", "dense_units"),
        **_shared_fields(config),
    )


LAB_BUILDERS = {  # by models/vocabulary.py LAB_NAMES
    "plane": lambda config, mnist_dir: PlaneLab(plane_setup(config)),
    "digits": lambda config, mnist_dir: DigitsLab(digits_setup(config, mnist_dir)),
}


def build_lab(config: RunConfig, mnist_dir: str | None = None) -> Lab:
    """The lab the dataset names in the vocabulary (models/vocabulary.py: `DatasetWord.lab`)."""
    return LAB_BUILDERS[DATASET_BY_NAME[config.dataset.name].lab](config, mnist_dir)
