"""Our engine end to end: one fresh `boundary-lab serve` process (empty compile cache), driven like a page would.

Scenarios run one after another on the same server, so "seen shape" really means seen by this process, and the
first run pays everything a cold start pays (imports are done; XLA compiles and the dataset build are not).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from bench import peers_torch
from bench.interleaved import paired_rounds, spread
from bench.sse_client import Client, HealthProbe, Seen, Watched
from bench.timing import median
from bench.workloads import (
    CNN,
    CNN_TARGET_LR,
    SOFTMAX,
    SPIRAL,
    digits_body,
    digits_problem,
    spiral_body,
    spiral_problem,
)
from tests.live_server import live_server

# Changes that need a program this server has not compiled yet (hidden widths compile in buckets of 8/16/32, so
# only a new depth, a new width bucket, a new input or class count does), each new to the process and to its
# fresh, empty compile cache; then a change that only looks new: other widths inside the buckets already compiled.
NEW_PROGRAMS = {
    "new depth [6, 6, 6]": {"model": {"hidden": [6, 6, 6]}},
    "new width bucket [12, 12]": {"model": {"hidden": [12, 12]}},
    "new feature count (x1, x2, x1²)": {"model": {"features": ["x1", "x2", "x1^2"]}},
    "new class count (3 arms)": {"dataset": {"classes": 3}},
}
CACHE_HIT = ("widths [7, 5] (compiled as [8, 8])", {"model": {"hidden": [7, 5]}})
LONG = 10_000_000  # max_steps for runs we stop ourselves


@dataclass(frozen=True)
class Plan:
    """What each scenario repeats and for how long; the defaults are the full run's (FULL), QUICK is --quick's."""

    seen_repeats: int = 5
    rounds: int = 5  # interleaved (server window, PyTorch round) pairs per work
    peer_s: float = 2.0  # seconds of each PyTorch thread count per round
    stream_s: float = 3.0
    idle_s: float = 2.0
    concurrent_s: float = 5.0
    softmax_repeats: int = 3
    softmax_watch_s: float = 5.0
    cnn_stream_s: float = 4.0
    cnn_to_target: bool = True


FULL = Plan()
QUICK = Plan(
    seen_repeats=3,
    rounds=2,
    peer_s=1.0,
    stream_s=2.0,
    idle_s=1.0,
    concurrent_s=3.0,
    softmax_repeats=1,
    softmax_watch_s=3.0,
    cnn_stream_s=3.0,
    cnn_to_target=False,
)


def _summary(watched: Watched) -> dict:
    end = watched.end()
    return {
        "first_frame_s": watched.first_frame_s,
        "first_trained_frame_s": watched.first_trained_frame_s(),
        "end_s": end.t if end else None,
        "end_step": end.step if end else None,
        "end_test_accuracy": end.test_accuracy if end else None,
        "frames": len(watched.frames),
        "max_gap_ms": watched.steady(0.0)["max_gap_ms"],
    }


async def work_a(client: Client, plan: Plan) -> dict:
    """Spiral: cold start, seen shapes, new programs, 2,000-epoch runs, stream windows paired with PyTorch rounds."""
    cold = _summary(await client.run(spiral_body(seed=0)))
    with HealthProbe(client.base) as idle:
        await asyncio.sleep(plan.idle_s)
    seen = [_summary(await client.run(spiral_body(seed=seed))) for seed in range(1, plan.seen_repeats + 1)]
    first_trained = lambda e: e.step > 0  # noqa: E731
    new = {
        name: _summary(await client.run(spiral_body(**change), stop=first_trained, timeout_s=60))
        for name, change in NEW_PROGRAMS.items()
    }
    hit_name, hit_change = CACHE_HIT
    hit = _summary(await client.run(spiral_body(**hit_change), stop=first_trained))
    windows, health = [], []

    async def window(i: int) -> float:
        with HealthProbe(client.base) as probe:
            watched = await client.run(spiral_body(max_steps=LONG, seed=i), timeout_s=plan.stream_s)
        windows.append(watched.steady(after_s=0.5))
        health.append(probe.summary())
        return windows[-1]["updates_per_s"]

    _, problem = spiral_problem(2_500)
    paired = await paired_rounds(
        window, lambda t: peers_torch.DenseTorch(problem, SPIRAL.learning_rate, t), plan.rounds, plan.peer_s, 250
    )
    return {
        "cold": cold,
        "seen": seen,
        "new_programs": new,
        "cache_hit": {"name": hit_name} | hit,
        "seen_first_frame_p50_s": median([s["first_frame_s"] for s in seen]),
        "to_2000_epochs_p50_s": median([s["end_s"] for s in seen]),
        "test_accuracy_2000_epochs": [s["end_test_accuracy"] for s in seen],
        "windows": windows,
        "paired": paired,
        "frames_per_s": spread([w["frames_per_s"] for w in windows]),
        "bytes_per_frame": median([w["bytes_per_frame"] for w in windows]),
        "stream_health": {"p99_ms": max(h["p99_ms"] for h in health)},
        "idle_health": idle.summary(),
    }


async def concurrent(client: Client, plan: Plan, runs: int = 4) -> dict:
    """`runs` spiral runs at once, each with its own event stream, while /api/health is polled."""
    with HealthProbe(client.base) as health:
        posted = [await client.post_run(spiral_body(max_steps=LONG, seed=i)) for i in range(runs)]
        watched = await asyncio.gather(*(client.watch(rid, at, timeout_s=plan.concurrent_s) for rid, at in posted))
        for rid, _ in posted:
            await client.delete_run(rid)
    return {"runs": [w.steady(after_s=1.0) for w in watched], "health": health.summary()}


async def work_b(client: Client, plan: Plan) -> dict:
    """MNIST softmax: POST → a frame reporting test accuracy ≥ 0.90, first on a fresh process, then warm.

    A run is watched until it reports 0.90 or has trained for `softmax_watch_s` (the first one also loads the
    digits and compiles, so its clock only starts with training).
    """
    stop = _first_of(_reached(0.90), _trained_for(plan.softmax_watch_s))
    cold = await client.run(digits_body(SOFTMAX), stop=stop, timeout_s=60)
    warm = []
    for _ in range(plan.softmax_repeats):
        stop = _first_of(_reached(0.90), _trained_for(plan.softmax_watch_s))
        warm.append(await client.run(digits_body(SOFTMAX), stop=stop, timeout_s=60))
    fixed = await client.run(digits_body(SOFTMAX, max_steps=1000), timeout_s=60)
    return {
        "cold": _summary(cold) | {"to_090_s": _time_to(cold, 0.90), "best_test_accuracy": _best(cold)},
        "to_090_p50_s": median([t for t in (_time_to(w, 0.90) for w in warm) if t == t]),  # t == t: not nan
        "to_090_reached": sum(_time_to(w, 0.90) == _time_to(w, 0.90) for w in warm),
        "runs": len(warm),
        "warm": [_summary(w) | {"to_090_s": _time_to(w, 0.90), "best_test_accuracy": _best(w)} for w in warm],
        "fixed_1000_steps": _summary(fixed),
        "paired": await _digits_pairs(client, SOFTMAX, plan, plan.softmax_watch_s, chunk=100),
    }


async def work_c(client: Client, plan: Plan) -> dict:
    """CNN: steps/s while streaming (paired with PyTorch rounds); in the full plan, time to 0.975 with Adam 0.002."""
    out = {"paired": await _digits_pairs(client, CNN, plan, plan.cnn_stream_s, chunk=8)}
    if plan.cnn_to_target:
        body = digits_body(CNN, optimizer={"learning_rate": CNN_TARGET_LR})
        target = await client.run(body, stop=_reached(0.975), timeout_s=90)
        out["to_0975_s"] = _time_to(target, 0.975)
        out["to_0975_step"] = next((e.step for e in target.events if (e.test_accuracy or 0) >= 0.975), None)
    return out


async def _digits_pairs(client: Client, setup, plan: Plan, seconds: float, chunk: int) -> dict:
    """Stream windows of fresh digits runs (steps/s after the first trained frame) paired with PyTorch rounds."""

    async def window(i: int) -> float:
        watched = await client.run(digits_body(setup, seed=i), stop=_trained_for(seconds), timeout_s=60)
        return watched.steady(after_s=watched.first_trained_frame_s())["updates_per_s"]

    _, problem = digits_problem(setup, 400)
    make = peers_torch.CnnTorch if setup.kind == "cnn" else peers_torch.DenseTorch
    return await paired_rounds(window, lambda t: make(problem, setup.learning_rate, t), plan.rounds, plan.peer_s, chunk)


def _trained_for(seconds: float) -> Callable[[Seen], bool]:
    """A stop rule: `seconds` after the first frame with training in it (compiling first may take a while)."""
    first: list[float] = []

    def stop(event: Seen) -> bool:
        if event.step > 0 and not first:
            first.append(event.t)
        return bool(first) and event.t - first[0] >= seconds

    return stop


def _reached(accuracy: float) -> Callable[[Seen], bool]:
    return lambda event: (event.test_accuracy or 0.0) >= accuracy


def _first_of(*rules: Callable[[Seen], bool]) -> Callable[[Seen], bool]:
    """Stop as soon as any rule says so (every rule still sees every event)."""
    return lambda event: [rule(event) for rule in rules].count(True) > 0


def _best(watched: Watched) -> float | None:
    return max((e.test_accuracy for e in watched.events if e.test_accuracy is not None), default=None)


def _time_to(watched: Watched, accuracy: float) -> float:
    return next((e.t for e in watched.events if (e.test_accuracy or 0.0) >= accuracy), float("nan"))


SCENARIOS = {"a": ("work_a", work_a), "d": ("concurrent", concurrent), "b": ("work_b", work_b), "c": ("work_c", work_c)}


async def _suite(base: str, plan: Plan, works: str, log) -> dict:
    client = Client(base)
    try:
        results = {}
        for key, (name, scenario) in SCENARIOS.items():
            if key in works:
                log(f"server: {name}")
                results[name] = await scenario(client, plan)
        return results
    finally:
        await client.aclose()


def run_server_suite(plan: Plan, works: str = "abcd", log=print) -> dict:
    with (
        tempfile.TemporaryDirectory(prefix="bench-jax-cache-") as cache,
        live_server(env={"BOUNDARY_LAB_COMPILATION_CACHE_DIR": cache}) as base,
    ):
        return asyncio.run(_suite(base, plan, works, log))
