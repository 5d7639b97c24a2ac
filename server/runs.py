"""The run manager: each run trains in its own worker thread and publishes frames; HTTP handlers only poke it.

A worker alternates two things: a chunk of fused training steps, then a measurement (metrics, decision grid, unit maps)
turned into one frame. The chunk length adapts so a chunk plus its measurement takes about one frame interval, so frames
arrive at ~30/s whatever the model's speed, and training never waits for a client (see broadcast.py).

A `/step` request trains in the caller's thread, in chunks of about `STEP_CHUNK_S`, so a DELETE (or shutdown) stops it
within a chunk and no call holds a run longer than `MAX_STEP_SECONDS`. Every timing reads one injectable clock, so
the frame budget and the expiry rules are tested on a fake one (tests/server/test_run_timing.py).
"""

from __future__ import annotations

import collections
import math
import threading
import time
import uuid
from collections.abc import Callable

import numpy as np

from models.lab import Lab, NotOffered
from server.broadcast import Broadcaster
from server.framing import end_event, frame_event
from server.history import MetricHistory
from server.labs import build_lab
from server.schemas.config import RunConfig
from server.schemas.runs import MAX_STEP_SECONDS, TERMINAL_STATUSES, Metrics, RunInfo

FRAME_BUDGET_PER_S = 160  # frames/s for the whole process: many runs share it, so the event loop keeps up
MAX_CHUNK_STEPS = 1_000_000
STEP_CHUNK_S = 0.1  # a long /step checks for DELETE and its time limit this often
DELETED_HISTORIES = 64  # deleted runs whose metric history GET /api/runs/{id}/history still answers


class RunConflict(Exception):
    """The run is not in a state that allows the request (e.g. stepping a running run)."""


class RunLimitReached(Exception):
    """Too many live runs; the client should retry later."""


class Run:
    def __init__(
        self,
        config: RunConfig,
        lab_factory: Callable[[RunConfig], Lab] = build_lab,
        live_runs: Callable[[], int] = lambda: 1,
        clock: Callable[[], float] = time.monotonic,
        owner: str | None = None,
    ):
        self.id = uuid.uuid4().hex[:12]
        self.config = config
        self.owner = owner  # the learner who created it (server/callers.py); None: the teacher's, or a single user's
        self._clock = clock
        self.created_at = clock()
        self.finished_at: float | None = None
        self.status = "queued"
        self.message: str | None = None
        self.learning_rate = config.optimizer.learning_rate
        self.steps_per_second = 0.0
        self.metrics = Metrics()
        self.broadcast = Broadcaster()
        self.history = MetricHistory()
        self.lab: Lab | None = None
        self._lab_factory = lab_factory
        self._live_runs = live_runs
        self._train_lock = threading.Lock()
        self._wake = threading.Condition()
        self._paused = False  # paused by a client
        self._orphaned = False  # paused because the last viewer left
        self._stop_requested = False
        self._stop_reason = "stopped by request"
        self.idle_since = clock()
        self.finished = threading.Event()
        self.ready = threading.Event()  # set once the lab is built (or the run ended trying)
        self.parked = threading.Event()  # the worker waits for a resume and starts no chunk while this is set
        self._thread = threading.Thread(target=self._work, name=f"run-{self.id}", daemon=True)

    # lifecycle
    def start(self) -> None:
        self._thread.start()

    def request_stop(self, reason: str = "stopped by request") -> None:
        """Ask the worker to end after its current chunk (it publishes `stopped` with this reason)."""
        with self._wake:
            self._stop_requested = True
            self._stop_reason = reason
            self._wake.notify_all()

    @property
    def worker_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float = 5.0) -> None:
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self.request_stop()
        self.join(timeout)

    @property
    def is_live(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    @property
    def step(self) -> int:
        return self.lab.step if self.lab else 0

    @property
    def epoch(self) -> float:
        return self.lab.epoch if self.lab else 0.0

    # controls
    def set_paused(self, paused: bool) -> None:
        """Pause or resume; on a run that already ended this changes nothing (a race with its end is harmless)."""
        if not self.is_live:
            return
        with self._wake:
            self._paused = paused
            self._orphaned = False
            self._refresh_status()
            self._wake.notify_all()

    def _refresh_status(self) -> None:
        if self.status in ("running", "paused") or (self.status == "queued" and self._paused):
            self.status = "paused" if self._paused or self._orphaned else "running"
        if self.status == "paused":
            self.idle_since = self._clock()

    def viewer_joined(self) -> None:
        """A subscriber arrived: an orphaned run resumes where it stopped."""
        with self._wake:
            if self._orphaned:
                self._orphaned = False
                self._refresh_status()
                self._wake.notify_all()

    def viewer_left(self) -> None:
        """The last subscriber left (a closed tab): stop spending CPU until someone watches again."""
        with self._wake:
            if self.broadcast.count == 0 and self.is_live:
                self._orphaned = True
                self._refresh_status()
                self._wake.notify_all()

    def _pause_reason(self) -> str | None:
        if self.status == "paused" and self._orphaned:
            return "paused because its last viewer left; subscribe to /events or PATCH paused=false to resume"
        return None

    @property
    def is_idle(self) -> bool:
        return self.status == "paused" and self.broadcast.count == 0

    def set_learning_rate(self, learning_rate: float) -> None:
        """Applied by the worker before its next chunk: no restart, no recompile."""
        self.learning_rate = learning_rate

    def set_probe_index(self, index: int) -> None:
        """Digits runs: choose the test image whose activations the frames show (waits for the run to build)."""
        self._set_probe(lambda lab: lab.set_probe_index(index))

    def set_probe_image(self, image: list[float]) -> None:
        """Digits runs: frames show the activations of the learner's own image instead of a test image."""
        self._set_probe(lambda lab: lab.set_probe_image(np.asarray(image, np.float32)))

    def _set_probe(self, choose: Callable[[Lab], None]) -> None:
        self.ready.wait(60)
        if self.lab is None:
            raise RunConflict(f"run is {self.status}")
        try:
            choose(self.lab)
        except NotOffered as exc:
            raise RunConflict(str(exc)) from exc
        if self.status == "paused":  # nothing else will send a frame: show the new digit now
            with self._train_lock:
                self._publish(self.lab)

    def train_exact(self, n_steps: int) -> int:
        """Blocking: `n_steps` more updates on a paused run, then one frame; returns how many were made.

        Trains in chunks of about `STEP_CHUNK_S` and stops early when the run is stopped (DELETE, shutdown) or the
        call has trained for `MAX_STEP_SECONDS`: a CNN's 100,000 steps would otherwise hold the run for minutes."""
        self.ready.wait(60)
        lab = self.lab
        if self.status != "paused" or lab is None:
            raise RunConflict(f"step needs a paused run (this one is {self.status})")
        multiple = lab.steps_per_call
        with self._train_lock:
            started, done, chunk = self._clock(), 0, 16 * multiple
            while done < n_steps and self._may_keep_stepping(started):
                n = min(chunk, n_steps - done)
                elapsed = self._train(lab, n)
                done += n
                chunk = _next_chunk(chunk, elapsed, STEP_CHUNK_S, multiple)
            if self.is_live and not self._stop_requested:
                self._publish(lab, final=True)
                if lab.step >= self.config.max_steps:
                    self._finish("done", None)
        return done

    def inspect_next_step(self, example: int) -> dict:
        """The next update taken apart without making it (the lab's `inspect_step`), on a paused run only: a running
        run's next batch is gone before the answer arrives. The run's latest learning rate is applied first, as the
        next `/step` would."""
        self.ready.wait(60)
        lab = self.lab
        with self._train_lock:
            if self.status != "paused" or lab is None:
                raise RunConflict(
                    f"inspect needs a paused run (this one is {self.status}): PATCH paused=true, then inspect"
                )
            self._apply_learning_rate(lab)
            return lab.inspect_step(example)

    def _may_keep_stepping(self, started: float) -> bool:
        return self.is_live and not self._stop_requested and self._clock() - started < MAX_STEP_SECONDS

    # worker
    def _work(self) -> None:
        try:
            lab = self._lab_factory(self.config)
            with self._wake:
                self.lab = lab
                if self._stop_requested:
                    return self._finish("stopped", "deleted before it started")
                self.status = "paused" if self._paused or self._orphaned else "running"
            self.ready.set()
            with self._train_lock:
                self._publish(lab)
            chunk = 16
            while True:
                with self._wake:
                    while (self._paused or self._orphaned) and not self._stop_requested and self.is_live:
                        self.parked.set()
                        self._wake.wait(0.5)
                    self.parked.clear()
                    if self._stop_requested:
                        return self._finish("stopped", self._stop_reason)
                    if not self.is_live:
                        return None
                with self._train_lock:
                    n = min(chunk, self.config.max_steps - lab.step)
                    started = self._clock()
                    last = lab.step + n >= self.config.max_steps
                    self._train(lab, n)
                    self._publish(lab, final=last)
                    elapsed = self._clock() - started
                    if not self.is_live:
                        return None
                    if last:
                        return self._finish("done", None)
                chunk = _next_chunk(chunk, elapsed, self._frame_interval(lab), lab.steps_per_call)
        except Exception as exc:  # a run must end readable, never take the server with it
            self._finish("failed", f"{type(exc).__name__}: {exc}")

    def _frame_interval(self, lab: Lab) -> float:
        """The lab's own pace (~30/s for 2D), slowed when many runs share the process's frame budget."""
        return max(lab.frame_interval_s, self._live_runs() / FRAME_BUDGET_PER_S)

    def _train(self, lab: Lab, n_steps: int) -> float:
        """`n_steps` updates at the latest learning rate; returns their time (reading `lab.step` waits for them)."""
        self._apply_learning_rate(lab)
        started = self._clock()
        lab.train(n_steps)
        _ = lab.step  # training is dispatched asynchronously: wait, or the time measures nothing
        elapsed = self._clock() - started
        rate = n_steps / max(elapsed, 1e-9)
        self.steps_per_second = rate if self.steps_per_second == 0 else 0.7 * self.steps_per_second + 0.3 * rate
        return elapsed

    def _apply_learning_rate(self, lab: Lab) -> None:
        if lab.learning_rate != self.learning_rate:
            lab.set_learning_rate(self.learning_rate)

    def _publish(self, lab: Lab, final: bool = False) -> None:
        measurement = lab.measure(full=final)
        self.metrics = Metrics(**measurement.metrics)
        self.history.record(lab.step, lab.epoch, lab.learning_rate, measurement.metrics)
        self.broadcast.publish(frame_event(self, lab, measurement))
        if not math.isfinite(measurement.metrics["train_loss"]):
            self._finish(
                "diverged",
                f"the loss became {measurement.metrics['train_loss']} at step {lab.step}: "
                "the learning rate is probably too high — lower it and reset",
            )

    def _finish(self, status: str, message: str | None) -> None:
        if not self.is_live:
            return
        self.status, self.message = status, message
        self.finished_at = self._clock()
        self.broadcast.publish(end_event(self))
        self.ready.set()
        self.finished.set()
        with self._wake:
            self._wake.notify_all()

    # views
    def info(self) -> RunInfo:
        config = self.config.model_copy(deep=True)
        config.optimizer.learning_rate = self.learning_rate
        return RunInfo(
            id=self.id,
            status=self.status,
            step=self.step,
            epoch=self.epoch,
            learning_rate=self.learning_rate,
            config=config,
            metrics=self.metrics,
            message=self.message or self._pause_reason(),
            steps_per_second=self.steps_per_second,
            age_seconds=self._clock() - self.created_at,
            subscribers=self.broadcast.count,
            owner=self.owner,
        )


def _next_chunk(chunk: int, elapsed: float, interval: float, multiple: int = 1) -> int:
    """Scale the chunk toward one frame interval: grow fast from the cautious first chunk, shrink gently.

    Kept a whole number of the lab's steps per call, so no call computes steps it then discards."""
    factor = min(8.0, max(0.5, interval / max(elapsed, 1e-6)))
    calls = max(1, round(chunk * factor / multiple))
    return int(min(MAX_CHUNK_STEPS, calls * multiple))


class RunManager:
    """All runs of this process, with a cap on live ones and a time-to-live for finished ones.

    A run created for an owner (a learner of a class) also counts against that owner's cap,
    `max_live_runs_per_owner`, so one learner cannot take every slot of the class; runs without an owner (the
    teacher's, a single user's) have only the global cap."""

    def __init__(
        self,
        max_live_runs: int = 8,
        finished_ttl_s: float = 600.0,
        lab_factory: Callable[[RunConfig], Lab] = build_lab,
        idle_ttl_s: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
        max_live_runs_per_owner: int | None = None,
    ):
        self.max_live_runs = max_live_runs
        self.max_live_runs_per_owner = max_live_runs_per_owner
        self.idle_ttl_s = idle_ttl_s
        self._lab_factory = lab_factory
        self._clock = clock
        self.finished_ttl_s = finished_ttl_s
        self._runs: dict[str, Run] = {}
        self._retiring: list[Run] = []  # deleted without waiting, their workers still ending their chunk
        # the histories of the last runs deleted, by id, with their owners: a page that replaces its run asks for
        # the old one's history while it deletes it, and the two requests may arrive in either order
        self._deleted_histories: collections.OrderedDict[str, tuple[str | None, MetricHistory]] = (
            collections.OrderedDict()
        )
        self._lock = threading.Lock()

    def _slots_taken(self) -> int:
        """Live runs plus deleted ones whose worker still computes (called under the lock): a deleted run holds its
        slot until its worker ends, so create/delete churn cannot run more workers at once than the cap."""
        self._retiring = [run for run in self._retiring if run.worker_alive]
        return sum(1 for run in self._runs.values() if run.is_live) + len(self._retiring)

    def create(self, config: RunConfig, paused: bool = False, owner: str | None = None) -> Run:
        with self._lock:
            live = self._slots_taken()
            if live >= self.max_live_runs:
                raise RunLimitReached(
                    f"{live} runs are live or ending (limit {self.max_live_runs}); delete one or retry later"
                )
            self._check_owner_cap(owner)
            run = Run(config, self._lab_factory, self.live_count, self._clock, owner)
            if paused:
                run.set_paused(True)
            self._runs[run.id] = run
        run.start()
        return run

    def _check_owner_cap(self, owner: str | None) -> None:
        """The owner's live runs (not those deleted and still ending their chunk: the global cap bounds those, and
        a page replacing its run should not wait for the old one's chunk)."""
        cap = self.max_live_runs_per_owner
        if owner is None or cap is None:
            return
        own = sum(1 for run in self._runs.values() if run.is_live and run.owner == owner)
        if own >= cap:
            raise RunLimitReached(
                f"you have {own} live runs (limit {cap} per learner, so the whole class gets its share); "
                "delete or finish one of yours first"
            )

    def live_count(self) -> int:
        with self._lock:
            return sum(1 for run in self._runs.values() if run.status in ("queued", "running"))

    def get(self, run_id: str) -> Run | None:
        with self._lock:
            return self._runs.get(run_id)

    def deleted_history(self, run_id: str) -> tuple[str | None, MetricHistory] | None:
        """(owner, history) of a run deleted lately (the last DELETED_HISTORIES of them), else None."""
        with self._lock:
            return self._deleted_histories.get(run_id)

    def all(self) -> list[Run]:
        with self._lock:
            return list(self._runs.values())

    def delete(self, run_id: str, wait: bool | None = True) -> bool:
        """Forget the run and stop it; `wait` also waits for its worker to end its chunk, None: only when every slot
        is taken. DELETE passes None: a page replacing its run need not wait out the old run's chunk, unless the
        slot is what its next run waits for. The slot stays taken until the worker has ended, so create/delete
        churn never runs more workers than the cap."""
        with self._lock:
            if wait is None:
                wait = self._slots_taken() >= self.max_live_runs
            run = self._runs.pop(run_id, None)
            if run is not None:
                self._deleted_histories[run_id] = (run.owner, run.history)
                while len(self._deleted_histories) > DELETED_HISTORIES:
                    self._deleted_histories.popitem(last=False)
            if run is not None and not wait:
                self._retiring.append(run)
        if run is None:
            return False
        if wait:
            run.stop()
        else:
            run.request_stop()
        return True

    def sweep(self) -> int:
        """Delete finished runs older than their TTL, and paused runs nobody watched for the idle TTL."""
        now = self._clock()
        expired = [
            run.id
            for run in self.all()
            if (not run.is_live and run.finished_at is not None and now - run.finished_at > self.finished_ttl_s)
            or (run.is_idle and now - run.idle_since > self.idle_ttl_s)
        ]
        for run_id in expired:
            self.delete(run_id)
        return len(expired)

    def stop_all(self, reason: str = "the server is shutting down") -> None:
        """Ask every run to end after its current chunk, without waiting: each stream gets its end event at once."""
        for run in self.all():
            run.request_stop(reason)

    def shutdown(self) -> None:
        self.stop_all()
        for run in self.all():
            run.join(timeout=3.0)
