"""One training run on a lab, as a Python object: stream it, steer it, query it, delete it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

import httpx
import numpy as np

from boundary_lab.errors import raise_for_answer
from boundary_lab.frames import End, Frame, Metrics, progress
from boundary_lab.sse import read_stream

TERMINAL_STATUSES = ("done", "diverged", "failed", "stopped")
MAX_WAIT_PER_CALL_S = 600.0  # the server's bound on GET ?wait=true (server/routes/runs.py MAX_WAIT_S)


@dataclass(frozen=True)
class RunInfo:
    """GET /api/runs/{id}: status, progress and the latest metrics."""

    id: str
    status: str
    step: int
    epoch: float
    learning_rate: float
    metrics: Metrics
    config: dict
    message: str | None

    @classmethod
    def from_json(cls, data: dict) -> RunInfo:
        return cls(
            id=data["id"],
            **progress(data),
            metrics=Metrics.from_json(data["metrics"]),
            config=data["config"],
            message=data.get("message"),
        )

    @property
    def ended(self) -> bool:
        return self.status in TERMINAL_STATUSES


@dataclass(frozen=True)
class Prediction:
    probabilities: np.ndarray  # (n, classes), rows sum to 1
    predicted: np.ndarray  # (n,) most probable class
    step: int  # training step of the weights used


class Run(AbstractContextManager):
    """A run on the lab. Streaming (`frames`, `show`) makes you a viewer: when the last viewer leaves a run that is
    still training, the server pauses it (resume with `run.resume()`); `wait` does not need a viewer.

    `with lab.train(...) as run:` deletes the run at the end of the block."""

    def __init__(self, client: httpx.Client, info: RunInfo):
        self._client = client
        self.id = info.id
        self.config = info.config
        self.last_info = info
        self.end: End | None = None
        self._history: list[dict] = []

    def __repr__(self) -> str:
        return f"<Run {self.id} {self.last_info.status} step {self.last_info.step}>"

    def __exit__(self, *exc) -> None:
        self.delete()

    def _call(self, method: str, suffix: str = "", **kwargs) -> httpx.Response:
        return raise_for_answer(self._client.request(method, f"/api/runs/{self.id}{suffix}", **kwargs))

    def info(self) -> RunInfo:
        self.last_info = RunInfo.from_json(self._call("GET").json())
        return self.last_info

    @property
    def status(self) -> str:
        return self.info().status

    @property
    def metrics(self) -> Metrics:
        """The latest metrics, asked from the server now."""
        return self.info().metrics

    def wait(self, timeout: float | None = None) -> RunInfo:
        """Block until the run ends (or `timeout` seconds pass) and return its info; no stream needed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = MAX_WAIT_PER_CALL_S if deadline is None else max(0.05, deadline - time.monotonic())
            chunk = min(left, MAX_WAIT_PER_CALL_S)
            data = self._call(
                "GET", params={"wait": "true", "timeout": chunk}, timeout=self._client.timeout.connect + chunk + 10
            )
            self.last_info = RunInfo.from_json(data.json())
            if self.last_info.ended or (deadline is not None and time.monotonic() >= deadline):
                return self.last_info

    def frames(self) -> Iterator[Frame]:
        """Live frames (~30/s, newest wins) until the run ends; the end event lands in `run.end`.

        A dropped connection is reconnected (the server then sends its latest frame first)."""
        for event in read_stream(self._client, f"/api/runs/{self.id}/events"):
            data = json.loads(event.data)
            if event.name == "frame":
                frame = Frame.from_json(data)
                self._remember(frame.step, frame.epoch, frame.metrics)
                yield frame
            else:
                self.end = End.from_json(data)
                self._remember(self.end.step, None, self.end.metrics)

    def _remember(self, step: int, epoch: float | None, metrics: Metrics) -> None:
        if self._history and self._history[-1]["step"] == step:
            return
        self._history.append({"step": step, "epoch": epoch, **metrics.__dict__})

    def history(self):
        """The metrics of every frame this client has seen (step, epoch, losses, accuracies): the loss curves.

        A list of dicts, or a pandas DataFrame when pandas is installed."""
        rows = list(self._history)
        try:
            import pandas
        except ImportError:
            return rows
        return pandas.DataFrame(rows)

    def params(self) -> dict:
        """Learned weights (numpy) per layer and, for linear models, the equation's coefficients."""
        data = self._call("GET", "/params").json()
        data["layers"] = [
            {"weights": np.asarray(layer["weights"]), "bias": np.asarray(layer["bias"])} for layer in data["layers"]
        ]
        return data

    def points(self) -> dict:
        """A 2D run's training and test points as (n, 3) arrays of x1, x2, label."""
        data = self._call("GET", "/points").json()
        return {
            **data,
            "train": np.asarray(data["train"]).reshape(-1, 3),
            "test": np.asarray(data["test"]).reshape(-1, 3),
        }

    def predict(self, points=None, images=None) -> Prediction:
        """Probabilities at 2D `points` (n, 2) or for digit `images` (n, 784 or n, 28, 28) from the current weights."""
        body = {}
        if points is not None:
            body["points"] = np.asarray(points, np.float64).reshape(-1, 2).tolist()
        if images is not None:
            body["images"] = np.asarray(images, np.float64).reshape(-1, 784).tolist()
        data = self._call("POST", "/predict", json=body).json()
        return Prediction(np.asarray(data["probabilities"]), np.asarray(data["predicted"]), data["step"])

    def set(self, **changes) -> RunInfo:
        """PATCH live settings: `learning_rate`, `paused`, `probe_index` (no restart, weights kept)."""
        self.last_info = RunInfo.from_json(self._call("PATCH", json=changes).json())
        return self.last_info

    def pause(self) -> RunInfo:
        return self.set(paused=True)

    def resume(self) -> RunInfo:
        return self.set(paused=False)

    def step(self, n: int = 1) -> int:
        """Train exactly `n` more updates on a paused run; returns how many ran (the server caps one call's time)."""
        data = self._call("POST", "/step", json={"steps": n}, timeout=self._client.timeout.connect + 40).json()
        self.last_info = RunInfo.from_json(data)
        return data["steps_done"]

    def delete(self) -> None:
        """End the run and free its slot; deleting one that is already gone is fine."""
        response = self._client.delete(f"/api/runs/{self.id}")
        if response.status_code != 404:
            raise_for_answer(response)

    def show(self, path: str | None = None, max_seconds: float | None = None):
        """Draw the run live (Jupyter: in the output cell, updated in place) until it ends; elsewhere save a PNG."""
        from boundary_lab.show import show_run

        return show_run(self, path=path, max_seconds=max_seconds)
