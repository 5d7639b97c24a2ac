"""The three pieces of work every contender runs, defined once: data, starting weights, hyperparameters.

Every contender starts from *our* engine's initial weights (copied into torch / numpy), trains on *our* datasets,
and walks a fresh random permutation of the training rows each epoch, so a difference in speed is a difference in
how the steps are driven, not in what they compute.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import numpy as np

from models.digits_lab import DigitsLab, DigitsSetup, cached_digits
from models.plane_lab import PlaneLab, PlaneSetup

# Work A: TensorFlow Playground's spiral lesson. One epoch = 250 / 10 = 25 updates.
SPIRAL = PlaneSetup(
    dataset="spiral",
    n_points=500,
    train_fraction=0.5,
    hidden=(8, 8),
    activation="tanh",
    optimizer="sgd",
    learning_rate=0.03,
    batch_size=10,
)
SPIRAL_UPDATES_PER_EPOCH = 25
SPIRAL_TARGET_EPOCHS = 2000

# Work B: MNIST softmax regression (8,000 train / 2,000 test digits of the committed subset).
SOFTMAX = DigitsSetup(kind="softmax", optimizer="sgd", learning_rate=0.5, batch_size=100)
# Work C: conv5×5×8 → pool → conv5×5×16 → pool → 128 → 10, Adam.
CNN = DigitsSetup(
    kind="cnn",
    conv1_filters=8,
    conv2_filters=16,
    kernel_size=5,
    dense_units=128,
    optimizer="adam",
    learning_rate=1e-3,
    batch_size=50,
)
CNN_TARGET_LR = 0.002


def spiral_body(**overrides) -> dict:
    """POST /api/runs body for Work A (the schema's defaults are the lesson; spelled out so a change shows)."""
    body = {
        "dataset": {"name": "spiral", "n_points": 500, "noise": 0.0, "train_fraction": 0.5},
        "model": {"kind": "mlp", "hidden": [8, 8], "activation": "tanh"},
        "optimizer": {"name": "sgd", "learning_rate": 0.03, "batch_size": 10},
        "max_steps": SPIRAL_TARGET_EPOCHS * SPIRAL_UPDATES_PER_EPOCH,
    }
    return _merge(body, overrides)


def digits_body(setup: DigitsSetup, **overrides) -> dict:
    body = {
        "dataset": {"name": "mnist"},
        "model": {
            "kind": setup.kind,
            "conv1_filters": setup.conv1_filters,
            "conv2_filters": setup.conv2_filters,
            "kernel_size": setup.kernel_size,
            "dense_units": setup.dense_units,
        },
        "optimizer": {"name": setup.optimizer, "learning_rate": setup.learning_rate, "batch_size": setup.batch_size},
        "max_steps": 10_000_000,
    }
    return _merge(body, overrides)


def _merge(base: dict, overrides: dict) -> dict:
    out = dict(base)
    for key, value in overrides.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@dataclass(frozen=True)
class Problem:
    """Arrays every contender trains on, plus our initial weights as numpy ({"w": (in, out), "b": (out,)})."""

    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    classes: int
    init_params: list[dict[str, np.ndarray]]


def spiral_problem() -> tuple[PlaneLab, Problem]:
    lab = PlaneLab(SPIRAL)
    pts = lab.points
    return lab, Problem(pts.train_x, pts.train_y, pts.test_x, pts.test_y, pts.classes, _numpy_params(lab))


def digits_problem(setup: DigitsSetup) -> tuple[DigitsLab, Problem]:
    lab = DigitsLab(setup)
    d = cached_digits(setup.mnist_dir)
    return lab, Problem(d.train_images, d.train_labels, d.test_images, d.test_labels, 10, _numpy_params(lab))


def _numpy_params(lab) -> list[dict[str, np.ndarray]]:
    return [{k: np.array(v) for k, v in layer.items()} for layer in jax.device_get(lab.state.params)]


def epoch_batches(rng: np.random.Generator, n_rows: int, batch_size: int):
    """Row indices of successive minibatches: a new permutation each epoch, a partial last batch dropped."""
    while True:
        order = rng.permutation(n_rows)
        for start in range(0, n_rows - batch_size + 1, batch_size):
            yield order[start : start + batch_size]


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    return float((logits.argmax(axis=1) == labels).mean())
