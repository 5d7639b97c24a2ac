"""A run's metric history in bounded memory: every frame's metrics, thinned to at most `max_points` by step order.

A frame is kept when its number (frames with a new step, counted from 0) is a multiple of the stride; when the kept
points fill up, every other one is dropped and the stride doubles, so the points stay evenly spread over the frames
whatever the run's length. The newest frame is always shown too, so a curve ends where the run stands.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

MAX_HISTORY_POINTS = 1000
SERIES = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")


class HistoryPoint(NamedTuple):
    step: int
    epoch: float
    learning_rate: float
    metrics: dict[str, float | None]


class MetricHistory:
    """Written by the run's worker (or a /step call) at every frame, read by GET /api/runs/{id}/history."""

    def __init__(self, max_points: int = MAX_HISTORY_POINTS):
        self.max_points = max_points
        self.stride = 1
        self._kept: list[HistoryPoint] = []  # frame numbers 0, stride, 2·stride, …
        self._latest: HistoryPoint | None = None
        self._frames = 0  # frames with a new step so far
        self._lock = threading.Lock()

    def record(self, step: int, epoch: float, learning_rate: float, metrics: dict[str, float | None]) -> None:
        point = HistoryPoint(step, epoch, learning_rate, {name: metrics.get(name) for name in SERIES})
        with self._lock:
            if self._latest is not None and step == self._latest.step:  # a frame without training (a new probe)
                if self._kept and self._kept[-1] is self._latest:
                    self._kept[-1] = point
                self._latest = point
                return
            number, self._frames = self._frames, self._frames + 1
            self._latest = point
            if number % self.stride:
                return
            if len(self._kept) >= self.max_points - 1:  # one place stays free for the newest frame
                self._kept = self._kept[::2]
                self.stride *= 2
                if number % self.stride:
                    return
            self._kept.append(point)

    def points(self) -> list[HistoryPoint]:
        """The kept points and the newest one, in step order (at most `max_points`)."""
        return self._snapshot()[0]

    def columns(self) -> dict:
        """The points as one list per series (JSON-ready): step, epoch, learning_rate and the metrics."""
        points, stride = self._snapshot()
        return {
            "step": [p.step for p in points],
            "epoch": [p.epoch for p in points],
            "learning_rate": [p.learning_rate for p in points],
            **{name: [p.metrics[name] for p in points] for name in SERIES},
            "stride": stride,
            "max_points": self.max_points,
        }

    def _snapshot(self) -> tuple[list[HistoryPoint], int]:
        with self._lock:
            shown = list(self._kept)
            if self._latest is not None and (not shown or shown[-1] is not self._latest):
                shown.append(self._latest)
            return shown, self.stride
