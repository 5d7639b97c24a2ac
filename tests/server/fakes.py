"""A fake clock and a lab whose training costs fake time: run timing (chunks, frame budget, expiry) without sleeps."""

from __future__ import annotations

import json
import threading
from types import SimpleNamespace

import numpy as np

from models.lab import NotOffered
from models.plane_lab import FRAME_INTERVAL_S
from server.broadcast import Event


class FakeClock:
    """Monotonic seconds that move only when a test or a fake lab says so (thread-safe)."""

    def __init__(self, start: float = 1000.0):
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


class TimedLab:
    """Implements the Lab protocol; each update costs `step_cost_s`, each measurement `measure_cost_s` of fake time."""

    inputs = "points"
    frame_interval_s = FRAME_INTERVAL_S

    def __init__(self, clock: FakeClock, step_cost_s: float = 1e-4, measure_cost_s: float = 2e-3, steps_per_call=1):
        self.clock = clock
        self.step_cost_s = step_cost_s
        self.measure_cost_s = measure_cost_s
        self.steps_per_call = steps_per_call
        self.learning_rate = 0.1
        self.measure_times: list[float] = []
        self.chunks: list[int] = []  # the length of every train() call
        self._step = 0

    @property
    def step(self) -> int:
        return self._step

    @property
    def epoch(self) -> float:
        return self._step / 100

    def train(self, n_steps: int) -> None:
        self.chunks.append(n_steps)
        self._step += n_steps
        self.clock.advance(n_steps * self.step_cost_s)

    def set_learning_rate(self, learning_rate: float) -> None:
        self.learning_rate = learning_rate

    def measure(self, full: bool = False):
        self.measure_times.append(self.clock())
        self.clock.advance(self.measure_cost_s)
        metrics = dict(train_loss=0.5, test_loss=0.5, train_accuracy=0.9, test_accuracy=0.9)
        return SimpleNamespace(metrics=metrics, payload=dict)

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        return np.full((len(inputs), 2), 0.5)

    def parameters(self) -> list[dict[str, np.ndarray]]:
        return []

    def describe(self) -> dict:
        return {"kind": "mlp", "features": ["x1", "x2"], "layer_sizes": [2, 2], "parameter_count": 6}

    def learned_parameters(self) -> dict:
        return {"layers": []}

    def data_points(self) -> dict:
        raise NotOffered("a timing fake has no points")

    def set_probe_index(self, index: int) -> None:
        raise NotOffered("a timing fake has no probe digit")

    def set_probe_image(self, image: np.ndarray) -> None:
        raise NotOffered("a timing fake has no probe digit")

    def inspect_step(self, example: int) -> dict:
        raise NotOffered("a timing fake has no gradient")

    def loss_surface(self, x: str | None, y: str | None, resolution: int) -> dict:
        raise NotOffered("a timing fake has no loss surface")

    def confusion_examples(self, true: int, predicted: int, offset: int, limit: int) -> dict:
        raise NotOffered("a timing fake has no test report")

    def abstention(self) -> dict:
        raise NotOffered("a timing fake has no test report")

    def robustness(self, distortion: str, strengths: list[float], index: int) -> dict:
        raise NotOffered("a timing fake has no images")

    def embedding(self, layer: str, limit: int) -> dict:
        raise NotOffered("a timing fake has no layers")


def plain_frame_event(run, lab, measurement) -> Event:
    """Stands in for server.framing.frame_event, which draws real decision grids and digit images."""
    return Event("frame", json.dumps({"step": lab.step, "learning_rate": lab.learning_rate}))
