"""One digits experiment: MNIST softmax regression, an MLP or a small CNN, plus what the digits page draws.

Evaluating every test image every frame would cost more than training for the CNN, so a frame carries train
metrics on a fixed sample (the net's `monitor_size`: 1,000 images, 256 for the CNN), and the full test split
(accuracy, loss, confusion matrix, the misclassified digits) is re-evaluated at most every half second and never for
more than a fortieth of the time (about every 2 s for the CNN) — and always for the final frame.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from models.cnn import CnnSpec
from models.digits import IMAGE_SIDE, DigitSplit, load_digits
from models.digits_probes import abstention_curve, cell_examples, embedding_map, robustness_curve
from models.frame_bytes import image_stack
from models.lab import NotOffered, layer_listing
from models.nets import DenseSpec
from models.training import (
    OptimizerSetup,
    bucket_size,
    init_state,
    pad_data,
    steps_per_call,
    train_steps,
    with_learning_rate,
)

EVAL_CHUNK = 512
REPORT_SHARE_INVERSE = 40  # the full test report may take at most 1/40 of the run's time
MISCLASSIFIED_SHOWN = 16


@dataclass(frozen=True)
class DigitsSetup(OptimizerSetup):
    """The knobs of a digits experiment (the optimizer's: `OptimizerSetup`, here at 0.5 and batches of 100)."""

    learning_rate: float = 0.5
    batch_size: int = 100
    kind: str = "softmax"
    hidden: tuple[int, ...] = (32,)
    activation: str = "relu"
    conv1_filters: int = 8
    conv2_filters: int = 16
    kernel_size: int = 5
    dense_units: int = 128
    mnist_dir: str | None = None
    probe_index: int = 0


@dataclass(frozen=True)
class TestReport:
    loss: float
    accuracy: float
    confusion: np.ndarray  # int (10, 10): rows = true digit, columns = predicted
    misclassified: list[tuple[int, int, int, float]]  # (test index, true, predicted, p(predicted))
    probabilities: np.ndarray  # (test digits, 10): what the confusion matrix counts, for the digits probes
    step: int  # the weights it was computed with


@dataclass(frozen=True)
class DigitsMeasurement:
    metrics: dict[str, float | None]
    probe_index: int
    probe_label: int
    probe_probabilities: np.ndarray  # (10,)
    probe_own: bool  # the probabilities and maps are of the learner's own image (set_probe_image), not the test one
    weights: np.ndarray | None  # dense: first-layer weights as (units, 28, 28)
    filters: dict[str, np.ndarray]  # cnn: conv1 (F1, k, k), conv2 (F2, F1, k, k)
    feature_maps: dict[str, np.ndarray]  # cnn: name -> (channels, h, w) for the probe digit
    report: TestReport | None  # present when the full test split was re-evaluated for this frame

    def payload(self) -> dict[str, Any]:
        """The frame's `digits` field (server/schemas/frames.py: DigitsPayload), images packed as bytes."""
        report = self.report
        misclassified = None
        if report:
            shown = report.misclassified
            misclassified = [
                {"index": i, "label": t, "predicted": p, "probability": round(q, 4)} for i, t, p, q in shown
            ]
        digits = {
            "weights": image_stack(self.weights, signed=True) if self.weights is not None else None,
            "filters": {name: image_stack(w, signed=True) for name, w in self.filters.items()},
            "feature_maps": {name: image_stack(m, signed=False) for name, m in self.feature_maps.items()},
            "probe": {
                "index": self.probe_index,
                "label": self.probe_label,
                "probabilities": [round(float(p), 5) for p in self.probe_probabilities],
                "own": self.probe_own,
            },
            "confusion": report.confusion.tolist() if report else None,
            "misclassified": misclassified,
        }
        return {"digits": digits}


@functools.lru_cache(maxsize=2)
def cached_digits(mnist_dir: str | None) -> DigitSplit:
    """Loading and checksumming takes a moment; every run on the same source shares one copy."""
    return load_digits(mnist_dir)


def spec_for(setup: DigitsSetup):
    if setup.kind == "cnn":
        return CnnSpec(setup.conv1_filters, setup.conv2_filters, setup.kernel_size, setup.dense_units)
    hidden = tuple(setup.hidden) if setup.kind == "mlp" else ()
    return DenseSpec(setup.kind, 28 * 28, 10, hidden, setup.activation)


@partial(jax.jit, static_argnames="spec")
def _batched_logits(spec, params, x: jnp.ndarray) -> jnp.ndarray:
    """Logits in chunks, so a CNN over 10,000 images never holds every activation at once."""
    n = x.shape[0]
    chunk = min(EVAL_CHUNK, n)
    chunks = x.reshape(n // chunk, chunk, x.shape[1])
    return jax.lax.map(lambda xs: spec.logits(params, xs), chunks).reshape(n, -1)


@partial(jax.jit, static_argnames="spec")
def _shown_digit_forward(spec, params, image: jnp.ndarray):
    probs = jax.nn.softmax(spec.logits(params, image[None]))[0]
    maps = spec.feature_maps(params, image[None])
    return probs, {name: m[0].transpose(2, 0, 1) for name, m in maps.items()}


def _split_metrics(logits: np.ndarray, labels: np.ndarray) -> tuple[float, float, np.ndarray]:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_p[np.arange(len(labels)), labels].mean())
    predicted = logits.argmax(axis=1)
    return loss, float((predicted == labels).mean()), np.exp(log_p)


class DigitsLab:
    """A `Lab` (models/lab.py) on MNIST: frames carry weight templates or filters, the probe digit and test report."""

    inputs = "images"

    def __init__(self, setup: DigitsSetup):
        self.setup = setup
        self.digits = cached_digits(setup.mnist_dir)
        self.spec = spec_for(setup)
        self.cfg = setup.train_config(self.spec)
        d = self.digits
        self.data = pad_data(d.train_images, d.train_labels)  # the test split is evaluated in chunks: test_report
        self.state = init_state(self.cfg, self.data, setup.learning_rate, setup.seed)
        self.learning_rate = setup.learning_rate
        self.probe_index = min(setup.probe_index, len(d.test_labels) - 1)
        self.probe_image: np.ndarray | None = None  # the learner's own image, shown in the test image's place
        rng = np.random.default_rng(1234)
        monitor = self.spec.monitor_size
        sample = rng.choice(len(d.train_labels), min(monitor, len(d.train_labels)), replace=False)
        self._monitor_x = jnp.asarray(_pad_rows(d.train_images[sample], min(EVAL_CHUNK, bucket_size(monitor, 1))))
        self._monitor_y = d.train_labels[sample]
        self._test_x = jnp.asarray(_pad_rows(d.test_images, EVAL_CHUNK))
        self._last_report: TestReport | None = None
        self._last_report_at = -1e9
        self._report_cost_s = 0.0
        self._reports = 0
        self.frame_interval_s = self.spec.frame_interval_s
        self.steps_per_call = steps_per_call(self.cfg)

    @property
    def step(self) -> int:
        return int(self.state.step)

    @property
    def epoch(self) -> float:
        return self.step * self.setup.batch_size / len(self.digits.train_labels)

    def train(self, n_steps: int) -> None:
        self.state = train_steps(self.cfg, self.state, self.data, self.setup.regularization_rate, n_steps)

    def set_learning_rate(self, learning_rate: float) -> None:
        self.state = with_learning_rate(self.state, learning_rate)
        self.learning_rate = learning_rate

    def set_probe_index(self, index: int) -> None:
        if not 0 <= index < len(self.digits.test_labels):
            raise ValueError(f"probe_index must be < {len(self.digits.test_labels)}")
        self.probe_index = index
        self.probe_image = None

    def set_probe_image(self, image: np.ndarray) -> None:
        self.probe_image = np.asarray(image, np.float32).reshape(self.digits.test_images[0].shape)

    def test_report(self) -> TestReport:
        """Full test split: loss, accuracy, confusion matrix and the most confident mistakes."""
        labels = self.digits.test_labels
        state = self.state  # one snapshot: the worker replaces the state, never changes it
        logits = np.asarray(_batched_logits(self.spec, state.params, self._test_x))[: len(labels)]
        loss, accuracy, probs = _split_metrics(logits, labels)
        predicted = probs.argmax(axis=1)
        confusion = np.zeros((10, 10), np.int64)
        np.add.at(confusion, (labels, predicted), 1)
        wrong = np.flatnonzero(predicted != labels)
        wrong = wrong[np.argsort(-probs[wrong, predicted[wrong]])][:MISCLASSIFIED_SHOWN]
        shown = [(int(i), int(labels[i]), int(predicted[i]), float(probs[i, predicted[i]])) for i in wrong]
        return TestReport(loss, accuracy, confusion, shown, probs, int(state.step))

    def measure(self, full: bool = False) -> DigitsMeasurement:
        params = self.state.params
        now = time.monotonic()
        report = None
        if full or now - self._last_report_at > max(0.5, REPORT_SHARE_INVERSE * self._report_cost_s):
            jax.block_until_ready(params)  # training is dispatched asynchronously: time the report, not the chunk
            started = time.perf_counter()
            report = self._last_report = self.test_report()
            self._reports += 1
            if self._reports > 1:  # the first report also compiled: its time says nothing about the next ones
                self._report_cost_s = time.perf_counter() - started
            self._last_report_at = now
        logits = np.asarray(_batched_logits(self.spec, params, self._monitor_x))[: len(self._monitor_y)]
        train_loss, train_accuracy, _ = _split_metrics(logits, self._monitor_y)
        last = self._last_report
        own = self.probe_image is not None
        image = jnp.asarray(self.probe_image if own else self.digits.test_images[self.probe_index])
        probs, maps = jax.device_get(_shown_digit_forward(self.spec, params, image))
        host_params = jax.device_get(params)
        return DigitsMeasurement(
            metrics={
                "train_loss": train_loss,
                "train_accuracy": train_accuracy,
                "test_loss": last.loss if last else None,
                "test_accuracy": last.accuracy if last else None,
            },
            probe_index=self.probe_index,
            probe_label=int(self.digits.test_labels[self.probe_index]),
            probe_probabilities=np.asarray(probs),
            probe_own=own,
            weights=self._weight_images(host_params),
            filters=self.spec.filters(host_params),
            feature_maps=maps,
            report=report,
        )

    def _weight_images(self, params) -> np.ndarray | None:
        templates = self.spec.templates(params)
        return None if templates is None else templates.reshape(-1, IMAGE_SIDE, IMAGE_SIDE)

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Probabilities (n, 10) for flat 784-pixel images in [0, 1]."""
        x = jnp.asarray(_pad_rows(np.asarray(inputs, np.float32), bucket_size(len(inputs), 1)))
        logits = _batched_logits(self.spec, self.state.params, x)[: len(inputs)]
        return np.asarray(jax.nn.softmax(logits), np.float64)

    def parameters(self) -> list[dict[str, np.ndarray]]:
        return [{k: np.asarray(v) for k, v in layer.items()} for layer in jax.device_get(self.state.params)]

    def describe(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "kind": spec.kind,
            "features": [],  # the 784 pixels, not named features
            "layer_sizes": list(spec.layer_sizes),
            "parameter_count": spec.parameter_count,
        }

    def learned_parameters(self) -> dict[str, Any]:
        return {"layers": layer_listing(self.parameters())}

    def data_points(self) -> dict[str, Any]:
        raise NotOffered("points exist for 2D runs only")

    # The digits probes (models/digits_probes.py). Each reads the state once: training replaces it meanwhile, never
    # changes it, so an answer is of one set of weights even while the run trains, and holds no lock training needs.
    def _latest_report(self) -> TestReport:
        return self._last_report or self.test_report()

    def confusion_examples(self, true: int, predicted: int, offset: int, limit: int) -> dict[str, Any]:
        report = self._latest_report()
        page = cell_examples(
            report.probabilities, self.digits.test_labels, self.digits.test_images, true, predicted, offset, limit
        )
        return {"step": report.step, **page}

    def abstention(self) -> dict[str, Any]:
        report = self._latest_report()
        return {
            "step": report.step,
            "test_accuracy": report.accuracy,
            **abstention_curve(report.probabilities, self.digits.test_labels),
        }

    def robustness(self, distortion: str, strengths: list[float], index: int) -> dict[str, Any]:
        state = self.state
        labels = self.digits.test_labels

        def predict(images: jnp.ndarray) -> np.ndarray:
            return np.asarray(_batched_logits(self.spec, state.params, images))[: len(labels)].argmax(axis=1)

        return {
            "step": int(state.step),
            **robustness_curve(predict, self._test_x, labels, distortion, strengths, index),
        }

    def embedding(self, layer: str, limit: int) -> dict[str, Any]:
        state = self.state
        count = min(limit, len(self.digits.test_labels))
        images, labels = self.digits.test_images[:count], self.digits.test_labels[:count]
        return {"step": int(state.step), **embedding_map(self.spec, state.params, images, labels, layer)}

    def inspect_step(self, example: int) -> dict[str, Any]:
        raise NotOffered("the step inspector is for 2D runs: a digits net's gradient has too many numbers to read")

    def loss_surface(self, x: str | None, y: str | None, resolution: int) -> dict[str, Any]:
        raise NotOffered("the loss surface is for the 2D lab's linear models (logistic, softmax)")


def _pad_rows(x: np.ndarray, multiple: int) -> np.ndarray:
    rows = -(-len(x) // multiple) * multiple
    out = np.zeros((rows, x.shape[1]), np.float32)
    out[: len(x)] = x
    return out
