"""The course, defined once: every lesson's preset run and what it is claimed to reach.

A preset is the body of POST /api/runs exactly as the page sends it when a learner clicks the lesson's button (so
the page, the API, the tests and the README's lesson table all train the same thing). A claim is a number a
test asserts (`tests/models/test_lessons.py`) and `python -m bench.lessons` measures for the README table.
Lessons are keyed by id (`plane.spiral`, `digits.cnn`): the part after the dot is the page's own name for it.
Pure data: no JAX, no server; the server validates each preset against its RunConfig schema when it serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MetricName = Literal["train_accuracy", "test_accuracy"]


@dataclass(frozen=True)
class Claim:
    """`metric` ≥ `at_least` after `step` updates, for every one of `seeds` (seed s: weights, minibatch order and,
    for generated 2D data, the data too; seed 0 is the preset itself)."""

    step: int
    metric: MetricName
    at_least: float
    seeds: tuple[int, ...] = (0,)


@dataclass(frozen=True)
class Lesson:
    id: str
    lab: str  # one of models/vocabulary.py LAB_NAMES
    number: str  # as the page shows it: "No.1"
    title: str
    hint: str
    run: dict | None  # POST /api/runs body; None: the lesson trains nothing
    checkpoints: tuple[int, ...] = ()  # steps at which the README reports where the preset stands
    claims: tuple[Claim, ...] = ()
    note: str = ""  # said beside (or, when nothing trains, instead of) the measured numbers

    @property
    def name(self) -> str:
        """The page's own key for the lesson (`digits.html#lesson=<name>`)."""
        return self.id.split(".", 1)[1]


def _plane_run(dataset: dict, model: dict, **dataset_fields) -> dict:
    """The 2D page's body: its defaults (400 points, noise 0.2, half for training, SGD 0.03, batch 10, 1M steps)."""
    return {
        "dataset": {
            "name": dataset["name"],
            "n_points": dataset.get("n_points", 400),
            "noise": dataset.get("noise", 0.2),
            "train_fraction": 0.5,
            "classes": dataset.get("classes", 2),
            "seed": 0,
            "points": None,
        },
        "model": {"hidden": [], "activation": "tanh", "features": ["x1", "x2"], **model},
        "optimizer": {
            "name": "sgd",
            "learning_rate": 0.03,
            "batch_size": 10,
            "regularization": "none",
            "regularization_rate": 0,
        },
        "max_steps": 1_000_000,
        "grid_resolution": 100,
        "seed": 0,
        **dataset_fields,
    }


def _digits_run(model: dict, optimizer: str, learning_rate: float, batch_size: int, max_steps: int) -> dict:
    """The digits page's body for a training lesson (probe digit 0, seed 0)."""
    return {
        "dataset": {"name": "mnist"},
        "model": model,
        "optimizer": {"name": optimizer, "learning_rate": learning_rate, "batch_size": batch_size},
        "max_steps": max_steps,
        "probe_index": 0,
        "seed": 0,
    }


SEEDS = (0, 1, 2, 3, 4)
DIGIT_SEEDS = (0, 1, 2)  # the digits split is fixed: a seed changes the weights and the batch order


def _plane_lesson(name: str, number: str, title: str, hint: str, run: dict, step: int, test: float) -> Lesson:
    """A 2D lesson, reported at one step and claimed there for test accuracy over SEEDS."""
    claims = (Claim(step, "test_accuracy", test, SEEDS),)
    return Lesson(f"plane.{name}", "plane", number, title, hint, run, (step,), claims)


def _hidden_layer_lesson(dataset: str, number: str, test: float) -> Lesson:
    """No.3 and No.4: the same four-unit hidden layer on a dataset no line can split."""
    run = _plane_run({"name": dataset, "noise": 0.1}, {"kind": "mlp", "hidden": [4]})
    return _plane_lesson(dataset, number, "One hidden layer", dataset, run, 10_000, test)


def _cnn_run(conv2_filters: int, dense_units: int, max_steps: int) -> dict:
    """No.7 and No.8: eight 5×5 filters first, trained by Adam at 0.002 in batches of 50."""
    model = {"kind": "cnn", "conv1_filters": 8, "conv2_filters": conv2_filters, "kernel_size": 5}
    return _digits_run({**model, "dense_units": dense_units}, "adam", 0.002, 50, max_steps)


def _digits_claims(*steps_and_bounds: tuple[int, float]) -> tuple[Claim, ...]:
    return tuple(Claim(step, "test_accuracy", at_least, DIGIT_SEEDS) for step, at_least in steps_and_bounds)


LESSONS: tuple[Lesson, ...] = (
    _plane_lesson(
        "logistic",
        "1",
        "Logistic regression",
        "○ vs ✕",
        run=_plane_run({"name": "linear"}, {"kind": "logistic"}),
        step=4_000,
        test=0.95,
    ),
    _plane_lesson(
        "softmax",
        "2",
        "Softmax",
        "3 classes",
        run=_plane_run({"name": "blobs3", "classes": 3, "noise": 0.3}, {"kind": "softmax"}),
        step=4_000,
        test=0.95,
    ),
    _hidden_layer_lesson("circle", "3", test=0.93),
    _hidden_layer_lesson("xor", "4", test=0.88),
    Lesson(
        id="plane.spiral",
        lab="plane",
        number="5",
        title="Deep network",
        hint="spiral",
        run=_plane_run({"name": "spiral", "noise": 0.0, "n_points": 500}, {"kind": "mlp", "hidden": [8, 8]}),
        checkpoints=(50_000,),
        claims=(
            Claim(50_000, "train_accuracy", 0.95, SEEDS),
            Claim(50_000, "test_accuracy", 0.85, SEEDS),
        ),
    ),
    Lesson(
        id="digits.softmax",
        lab="digits",
        number="2",
        title="Softmax on digits",
        hint="784 → 10",
        run=_digits_run({"kind": "softmax"}, "sgd", 0.5, 100, 3_000),
        checkpoints=(1_000, 3_000),
        claims=_digits_claims((1_000, 0.89), (3_000, 0.89)),
    ),
    Lesson(
        id="digits.mlp",
        lab="digits",
        number="3",
        title="Hidden layer",
        hint="784 → 32 → 10",
        run=_digits_run({"kind": "mlp", "hidden": [32], "activation": "relu"}, "adam", 0.001, 100, 8_000),
        checkpoints=(8_000,),
        claims=_digits_claims((8_000, 0.92)),
    ),
    Lesson(
        id="digits.conv",
        lab="digits",
        number="6",
        title="Convolution filters",
        hint="no training",
        run=None,
        note="`/api/convolve`: any k×k kernel, ReLU, 2×2 max-pool; matches a direct numpy cross-correlation (test)",
    ),
    Lesson(
        id="digits.conv1",
        lab="digits",
        number="7",
        title="Learned filters",
        hint="conv · pool · softmax",
        run=_cnn_run(conv2_filters=0, dense_units=0, max_steps=1_600),
        checkpoints=(320, 960, 1_600),
        claims=_digits_claims((960, 0.935), (1_600, 0.945)),
    ),
    Lesson(
        id="digits.cnn",
        lab="digits",
        number="8",
        title="CNN",
        hint="conv · pool · conv · pool",
        run=_cnn_run(conv2_filters=16, dense_units=128, max_steps=2_400),
        checkpoints=(960, 1_280, 1_920, 2_400),
        note="tests/models/test_digits_targets.py asserts ≥ 0.975 by epoch 8 and a mean ≥ 0.97 over epochs 9–14",
    ),
)

BY_ID = {lesson.id: lesson for lesson in LESSONS}


def seeded_run(lesson: Lesson, seed: int) -> dict:
    """The preset body with run seed `seed` and, for generated 2D data, data seed `seed`."""
    if lesson.run is None:
        raise ValueError(f"lesson {lesson.id} trains nothing")
    body = {key: dict(value) if isinstance(value, dict) else value for key, value in lesson.run.items()}
    body["seed"] = seed
    if lesson.lab == "plane":
        body["dataset"]["seed"] = seed
    return body
