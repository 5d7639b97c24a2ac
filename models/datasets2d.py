"""Two-dimensional toy datasets for the first lessons.

Every generator is a pure function of ``(n_points, noise, seed, classes)`` so that a run, a link and a test that
name the same parameters see the same points. Coordinates live in roughly [-6, 6]², the square TensorFlow
Playground draws, so the built-in sets share one plotting extent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from models.vocabulary import DATASET_BY_NAME, GENERATED_DATASET_NAMES

EXTENT_HALF_WIDTH = 6.0
BUILTIN_NAMES = GENERATED_DATASET_NAMES


@dataclass(frozen=True)
class Points2D:
    """Labelled points split into a training and a test part."""

    train_x: np.ndarray  # (n_train, 2) float32
    train_y: np.ndarray  # (n_train,) int32
    test_x: np.ndarray  # (n_test, 2) float32
    test_y: np.ndarray  # (n_test,) int32
    classes: int
    extent: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax


def _linear(rng: np.random.Generator, n: int, noise: float, classes: int):
    """○ vs ✕ either side of a line through the origin, with a margin so noise 0 is separable."""
    angle = rng.uniform(0.0, np.pi)
    normal = np.array([np.cos(angle), np.sin(angle)])
    x = rng.uniform(-5.0, 5.0, size=(4 * n, 2))
    side = x @ normal
    x = x[np.abs(side) > 0.5][:n]
    while len(x) < n:
        extra = rng.uniform(-5.0, 5.0, size=(n, 2))
        x = np.concatenate([x, extra[np.abs(extra @ normal) > 0.5]])[:n]
    y = (x @ normal > 0).astype(np.int32)
    return x + noise * 3.0 * rng.normal(size=x.shape), y


def _blobs(rng: np.random.Generator, n: int, noise: float, classes: int):
    """K Gaussian clouds on a circle, the seed's picture of a three-way softmax split."""
    y = np.arange(n) % classes
    phase = rng.uniform(0.0, 2 * np.pi)
    centres = 3.5 * np.stack(
        [
            np.cos(phase + 2 * np.pi * np.arange(classes) / classes),
            np.sin(phase + 2 * np.pi * np.arange(classes) / classes),
        ],
        axis=1,
    )
    spread = 0.5 + 2.0 * noise
    return centres[y] + spread * rng.normal(size=(n, 2)), y


def _circle(rng: np.random.Generator, n: int, noise: float, classes: int):
    """A disc of one class inside a ring of the other."""
    y = (np.arange(n) % 2).astype(np.int32)
    radius = np.where(y == 0, rng.uniform(0.0, 2.5, n), rng.uniform(3.5, 5.0, n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x + noise * 2.5 * rng.normal(size=x.shape), y


def _xor(rng: np.random.Generator, n: int, noise: float, classes: int):
    """Quadrants coloured like x1·x2's sign: no single line separates them."""
    x = rng.uniform(-5.0, 5.0, size=(n, 2))
    x += np.sign(x) * 0.3
    y = (x[:, 0] * x[:, 1] > 0).astype(np.int32)
    return x + noise * 2.5 * rng.normal(size=x.shape), y


def _gauss(rng: np.random.Generator, n: int, noise: float, classes: int):
    """Two overlapping Gaussians; noise widens them until they mix."""
    y = (np.arange(n) % 2).astype(np.int32)
    centres = np.array([[2.0, 2.0], [-2.0, -2.0]])
    return centres[y] + (0.7 + 2.5 * noise) * rng.normal(size=(n, 2)), y


def _spiral(rng: np.random.Generator, n: int, noise: float, classes: int):
    """Interleaved arms, one per class: the set that needs hidden layers."""
    y = np.arange(n) % classes
    t = (np.arange(n) // classes) / max(1, (n + classes - 1) // classes)
    radius = 5.0 * t
    angle = 1.75 * 2 * np.pi * t + 2 * np.pi * y / classes
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    return x + noise * 1.5 * rng.normal(size=x.shape), y


def _moons(rng: np.random.Generator, n: int, noise: float, classes: int):
    """Two interlocking half circles."""
    y = (np.arange(n) % 2).astype(np.int32)
    angle = rng.uniform(0.0, np.pi, n)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    x = np.where(y[:, None] == 0, upper, lower)
    x = (x - np.array([0.5, 0.25])) * 3.5
    return x + noise * 1.5 * rng.normal(size=x.shape), y


_GENERATORS = {
    "linear": _linear,
    "blobs3": _blobs,
    "circle": _circle,
    "xor": _xor,
    "gauss": _gauss,
    "spiral": _spiral,
    "moons": _moons,
}


def classes_of(name: str, classes: int) -> int:
    """How many classes a named set really has (only some honour the `classes` knob)."""
    return DATASET_BY_NAME[name].class_count(classes)


def dataset_seed(name: str) -> int:
    """The dataset's own constant in its generator's seed (models/vocabulary.py)."""
    return DATASET_BY_NAME[name].seed


def generate(name: str, n_points: int, noise: float, seed: int, classes: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """All points of a built-in set, shuffled, as float32 (n, 2) and int32 (n,)."""
    rng = np.random.default_rng([seed, n_points, dataset_seed(name)])
    x, y = _GENERATORS[name](rng, n_points, noise, classes_of(name, classes))
    order = rng.permutation(n_points)
    return x[order].astype(np.float32), np.asarray(y)[order].astype(np.int32)


def points_payload(pts: Points2D) -> dict:
    """JSON-ready points as the API sends them: [x1, x2, label] rows rounded to 4 decimals, and the plane."""
    return {
        "classes": pts.classes,
        "extent": list(pts.extent),
        "train": np.column_stack([pts.train_x, pts.train_y]).round(4).tolist(),
        "test": np.column_stack([pts.test_x, pts.test_y]).round(4).tolist(),
    }


def n_train_of(n_points: int, train_fraction: float) -> int:
    """Training-set size: at least one point, and the whole set at fraction 1."""
    return min(n_points, max(1, round(n_points * train_fraction)))


def extent_of(x: np.ndarray) -> tuple[float, float, float, float]:
    """A square view centred on the origin wide enough for every point (never narrower than [-6, 6])."""
    half = EXTENT_HALF_WIDTH
    if len(x):
        half = max(half, float(np.abs(x).max()) * 1.1)
    return (-half, half, -half, half)


def make_points(
    name: str,
    n_points: int = 500,
    noise: float = 0.0,
    train_fraction: float = 0.5,
    classes: int = 2,
    seed: int = 0,
    points: list[list[float]] | None = None,
) -> Points2D:
    """Build a dataset and split it; `custom` takes caller-supplied ``[x1, x2, label]`` rows."""
    if name == "custom":
        rows = np.asarray(points, dtype=np.float64).reshape(-1, 3)
        rng = np.random.default_rng(seed)
        rows = rows[rng.permutation(len(rows))]
        x, y = rows[:, :2].astype(np.float32), rows[:, 2].astype(np.int32)
    else:
        x, y = generate(name, n_points, noise, seed, classes)
    n_train = n_train_of(len(x), train_fraction)
    return Points2D(
        train_x=x[:n_train],
        train_y=y[:n_train],
        test_x=x[n_train:],
        test_y=y[n_train:],
        classes=classes_of(name, classes),
        extent=extent_of(x),
    )
