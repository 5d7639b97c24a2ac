"""Timing on a shared, noisy machine: interleave the contenders round by round and keep medians.

Interleaving matters more than repeats: when another process grabs a core for a second, every contender of that
round pays, so the ratio of medians survives noise that would wreck a sequential A-then-B comparison.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from typing import Protocol


class Trainer(Protocol):
    """Anything that can take `n` optimizer steps (blocking until they are done) and report metrics."""

    name: str
    steps: int  # updates taken so far

    def train(self, n_steps: int) -> None: ...

    def evaluate(self) -> dict[str, float]: ...


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); nan for no data."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def race(
    trainers: Sequence[Trainer], steps_per_round: int, rounds: int, track_loss: bool = False
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Train every contender `rounds` × `steps_per_round` steps, interleaved.

    Returns the steps/s of every round and, with `track_loss`, the train loss after every round (evaluated
    outside the timed part), so the fairness check can compare whole loss curves rather than one noisy endpoint.
    """
    rates: dict[str, list[float]] = {t.name: [] for t in trainers}
    losses: dict[str, list[float]] = {t.name: [] for t in trainers}
    for _ in range(rounds):
        for trainer in trainers:
            started = time.perf_counter()
            trainer.train(steps_per_round)
            rates[trainer.name].append(steps_per_round / (time.perf_counter() - started))
            if track_loss:
                losses[trainer.name].append(trainer.evaluate()["train_loss"])
    return rates, losses


def time_calls(fn, repeats: int) -> float:
    """Median wall time of `fn()` in milliseconds (the first call, which may compile, is not counted)."""
    fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1e3)
    return median(samples)
