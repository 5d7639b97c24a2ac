"""The three pieces of work every contender runs, defined once: data, starting weights, hyperparameters, batches.

Every contender starts from *our* engine's initial weights (copied into torch / numpy), trains on *our* datasets,
and takes *our* engine's minibatches in our order (`our_batches` replays the permutations our training loop draws),
so a difference in speed is a difference in how the steps are driven, not in what they compute
(tests/bench/test_same_batches.py: numpy on these batches ends at our weights).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import numpy as np

from models.digits_lab import DigitsLab, DigitsSetup, cached_digits
from models.plane_lab import PlaneLab, PlaneSetup
from models.training import _shuffled_order

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
    batches: np.ndarray  # (steps, batch): our engine's minibatch rows, in order; peers replay them (cycling)


def spiral_problem(steps: int) -> tuple[PlaneLab, Problem]:
    """Our lab at step 0 and what the peers need to take the same first `steps` steps."""
    lab = PlaneLab(SPIRAL)
    pts = lab.points
    batches = our_batches(lab, steps)
    return lab, Problem(pts.train_x, pts.train_y, pts.test_x, pts.test_y, pts.classes, _numpy_params(lab), batches)


def digits_problem(setup: DigitsSetup, steps: int) -> tuple[DigitsLab, Problem]:
    lab = DigitsLab(setup)
    d = cached_digits(setup.mnist_dir)
    batches = our_batches(lab, steps)
    return lab, Problem(d.train_images, d.train_labels, d.test_images, d.test_labels, 10, _numpy_params(lab), batches)


def _numpy_params(lab) -> list[dict[str, np.ndarray]]:
    return [{k: np.array(v) for k, v in layer.items()} for layer in jax.device_get(lab.state.params)]


def our_batches(lab: PlaneLab | DigitsLab, steps: int) -> np.ndarray:
    """Row indices (steps, batch) of the minibatches `lab` trains on next, computed from its current state.

    Mirrors models/training.py `_one_step`: the epoch's order is sliced batch by batch (a partial last batch is
    skipped) and, when an epoch ends, a new order is drawn from a split of the key by the same `_shuffled_order`.
    Computed before any race, so replaying it costs a peer one index per step.
    """
    state, data, batch_size = lab.state, lab.data, lab.cfg.batch_size
    per_epoch = max(int(data.n_train) // batch_size, 1)
    epochs = -(-(int(state.step) % per_epoch + steps) // per_epoch)

    def next_order(key, _):
        key, sub = jax.random.split(key)
        return key, _shuffled_order(sub, data.train_mask)

    _, later = jax.lax.scan(next_order, state.key, None, length=max(epochs - 1, 0))
    orders = np.concatenate([np.asarray(state.order)[None], np.asarray(later)])
    batches = orders[:, : per_epoch * batch_size].reshape(-1, batch_size)
    first = int(state.step) % per_epoch
    return batches[first : first + steps]


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(labels)), labels].mean())


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    return float((logits.argmax(axis=1) == labels).mean())
