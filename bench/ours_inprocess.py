"""Our engine without HTTP: the labs' own train/measure calls, timed, plus the anatomy of one frame.

`train` blocks on the result (JAX dispatches asynchronously), so a timed call is the real work.
"""

from __future__ import annotations

import time

import jax
import numpy as np

from bench.timing import median, time_calls
from models.digits_lab import DigitsLab
from models.plane_lab import PlaneLab
from models.probes import decision_grid, unit_maps
from models.training import evaluate
from server.framing import frame_json


class _Ours:
    """A lab as a race contender: steps so far, a blocking train call, and the race's evaluation."""

    def __init__(self, lab, name: str = "ours"):
        self.lab, self.name = lab, name

    @property
    def steps(self) -> int:
        return self.lab.step

    def train(self, n_steps: int) -> None:
        self.lab.train(n_steps)
        jax.block_until_ready(self.lab.state.params)


class OursPlane(_Ours):
    lab: PlaneLab

    def evaluate(self) -> dict[str, float]:
        m = self.lab.measure().metrics
        return {"train_loss": m["train_loss"], "test_loss": m["test_loss"], "test_accuracy": m["test_accuracy"]}


class OursDigits(_Ours):
    lab: DigitsLab

    def evaluate(self) -> dict[str, float]:
        digits = self.lab.digits
        probs = self.lab.predict(digits.train_images)
        train_loss = float(-np.log(np.maximum(probs[np.arange(len(probs)), digits.train_labels], 1e-30)).mean())
        report = self.lab.test_report()
        return {"train_loss": train_loss, "test_loss": report.loss, "test_accuracy": report.accuracy}


def _frame(lab, measurement) -> str:
    """One frame's JSON as the server would send it, without a run around the lab."""
    return frame_json(lab, measurement, run_id="bench", status="running", steps_per_second=0.0)


def plane_frame_anatomy(lab: PlaneLab, chunk: int, repeats: int) -> dict[str, float]:
    """Milliseconds for each part of one Work A frame, each timed alone (medians)."""
    params, setup = lab.state.params, lab.setup
    measurement = lab.measure()
    return {
        "train_chunk_ms": time_calls(lambda: OursPlane(lab).train(chunk), max(3, repeats // 10)),
        "train_chunk_steps": chunk,
        "evaluate_ms": time_calls(lambda: jax.block_until_ready(evaluate(lab.cfg, params, lab.data)), repeats),
        "decision_grid_ms": time_calls(
            lambda: jax.block_until_ready(decision_grid(lab.spec, params, setup.features, lab._grid_points)), repeats
        ),
        "unit_maps_ms": time_calls(
            lambda: jax.block_until_ready(unit_maps(lab.spec, params, setup.features, lab._unit_points)), repeats
        ),
        "probe_ms": time_calls(lab.measure, repeats),
        "frame_event_ms": time_calls(lambda: _frame(lab, measurement), repeats),
        "frame_bytes": len(_frame(lab, measurement).encode()),
    }


def digits_frame_anatomy(lab: DigitsLab, repeats: int) -> dict[str, float]:
    measurement = lab.measure(full=True)
    return {
        "probe_ms": time_calls(lab.measure, repeats),
        "test_report_ms": time_calls(lab.test_report, max(3, repeats // 5)),
        "frame_event_ms": time_calls(lambda: _frame(lab, measurement), repeats),
        "frame_bytes": len(_frame(lab, measurement).encode()),
    }


def frame_cycle(lab, seconds: float, interval_s: float) -> dict[str, float]:
    """The worker's loop without HTTP: train a chunk, measure, build the frame; the chunk adapts to `interval_s`."""
    chunk, steps, frames = 16, 0, 0
    started = time.perf_counter()
    elapsed_per_frame = []
    while time.perf_counter() - started < seconds:
        t = time.perf_counter()
        lab.train(chunk)
        _frame(lab, lab.measure())
        took = time.perf_counter() - t
        steps, frames = steps + chunk, frames + 1
        elapsed_per_frame.append(took)
        chunk = max(1, round(chunk * min(2.0, max(0.5, interval_s / max(took, 1e-6)))))
    wall = time.perf_counter() - started
    return {
        "updates_per_s": steps / wall,
        "frames_per_s": frames / wall,
        "last_chunk": chunk,
        "frame_ms_median": median(elapsed_per_frame) * 1e3,
    }
