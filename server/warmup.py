"""Compile ahead: a lesson's next shapes are trained once, off to the side, before the learner asks for them.

A new depth, width bucket, feature or class count compiles new XLA programs on the first run that uses it (seconds
for a fresh shape: bench/RESULTS.md's "new depth" and "new width bucket" rows). The compiled programs live in the
process-wide jit caches of models/, keyed by shapes and static settings, so a throw-away lab of the same config that
trains one call and measures one frame leaves them compiled for the real run that follows. One daemon thread works
through a bounded queue, one config at a time, so warming never takes more than one core from live runs.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

import jax

from models.lab import Lab
from server.schemas.config import RunConfig

log = logging.getLogger(__name__)


class CompileCounter:
    """Counts the XLA programs this process compiles (JAX reports each backend compile; a jit cache hit reports
    none), so a client can see that a prepared run started from compiled code."""

    EVENT = "/jax/core/compile/backend_compile_duration"

    def __init__(self) -> None:
        self.count = 0
        jax.monitoring.register_event_duration_secs_listener(self._heard)

    def _heard(self, event: str, duration_s: float, **_) -> None:
        if event == self.EVENT:
            self.count += 1


COMPILES = CompileCounter()


class Busy(Exception):
    """The queue is full: the caller may try again later."""


class Warmer:
    """Queue configs; a worker thread compiles each one's programs once (duplicates and repeats are skipped)."""

    def __init__(self, lab_factory: Callable[[RunConfig], Lab], max_pending: int = 32) -> None:
        self._build = lab_factory
        self._queue: queue.Queue[RunConfig] = queue.Queue(max_pending)
        self._lock = threading.Lock()
        self._seen: set[str] = set()
        self._done = 0
        self._failed = 0
        self._busy = False
        self._thread = threading.Thread(target=self._work, name="warmup", daemon=True)
        self._thread.start()

    def submit(self, configs: list[RunConfig]) -> int:
        """Queue the configs not warmed or queued before; returns how many were new. Raises Busy when full."""
        fresh = []
        with self._lock:
            for config in configs:
                key = _shape_key(config)
                if key not in self._seen:
                    self._seen.add(key)
                    fresh.append((key, config))
            if self._queue.maxsize - self._queue.qsize() < len(fresh):
                self._seen.difference_update(key for key, _ in fresh)
                raise Busy
            for _, config in fresh:
                self._queue.put_nowait(config)
        return len(fresh)

    def status(self) -> dict[str, int]:
        with self._lock:
            pending = self._queue.qsize() + int(self._busy)
            return {
                "pending": pending,
                "prepared": self._done,
                "failed": self._failed,
                "programs_compiled": COMPILES.count,
            }

    def _work(self) -> None:
        while True:
            config = self._queue.get()
            with self._lock:
                self._busy = True
            ok = self._compile(config)
            with self._lock:
                self._busy = False
                self._done += ok
                self._failed += not ok

    def _compile(self, config: RunConfig) -> bool:
        try:
            lab = self._build(config)
            lab.train(lab.steps_per_call)
            lab.measure()
            lab.measure(full=True)
        except Exception:  # a config the lab cannot build is the real run's error to report, not ours
            log.exception("warm-up of a run config failed")
            return False
        return True


def _shape_key(config: RunConfig) -> str:
    """What decides the compiled programs: everything but the seeds, rate, run length and which digit is shown."""
    return config.model_copy(update={"seed": 0, "max_steps": 1, "probe_index": 0}).model_dump_json(
        exclude={"optimizer": {"learning_rate"}, "dataset": {"seed"}}
    )
