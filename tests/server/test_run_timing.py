"""Run timing on a fake clock: frame pace and the shared frame budget, the /step time limit, and run expiry."""

import asyncio
import threading
import time

import pytest

from models.plane_lab import FRAME_INTERVAL_S
from server import runs
from server.runs import FRAME_BUDGET_PER_S, STEP_CHUNK_S, Run, RunManager
from server.schemas.config import RunConfig
from server.schemas.runs import MAX_STEP_SECONDS
from tests.server.fakes import FakeClock, TimedLab, plain_frame_event

FOREVER = 10_000_000


@pytest.fixture(autouse=True)
def plain_frames(monkeypatch):
    monkeypatch.setattr(runs, "frame_event", plain_frame_event)


def steady_frames_per_second(lab: TimedLab, warmup: int = 10) -> float:
    """Frames per fake second once the chunk length has adapted (the first chunks start small on purpose)."""
    times = lab.measure_times[warmup:]
    return (len(times) - 1) / (times[-1] - times[0])


def train_to_the_end(live_runs: int, max_steps: int = 75_000) -> TimedLab:
    clock = FakeClock()
    lab = TimedLab(clock)
    run = Run(RunConfig(max_steps=max_steps), lambda config: lab, live_runs=lambda: live_runs, clock=clock)
    run.start()
    assert run.finished.wait(60) and run.status == "done", run.message
    return lab


def test_a_lone_run_paces_its_frames_at_the_frame_interval():
    fps = steady_frames_per_second(train_to_the_end(live_runs=1))
    assert fps == pytest.approx(1 / FRAME_INTERVAL_S, rel=0.05)


@pytest.mark.parametrize("live_runs", [10, 20])
def test_many_live_runs_share_the_frame_budget(live_runs):
    """Each of n runs slows to budget/n frames/s, so together they publish no more than the budget."""
    fps = steady_frames_per_second(train_to_the_end(live_runs))
    assert fps == pytest.approx(FRAME_BUDGET_PER_S / live_runs, rel=0.05)


def paused_run(clock: FakeClock, lab: TimedLab) -> Run:
    run = Run(RunConfig(max_steps=FOREVER), lambda config: lab, clock=clock)
    run.set_paused(True)
    run.start()
    assert run.parked.wait(30)
    return run


def test_a_long_step_stops_at_the_time_limit_and_says_how_many_ran():
    clock = FakeClock()
    lab = TimedLab(clock, step_cost_s=1e-3)  # 100,000 steps would take 100 fake seconds
    run = paused_run(clock, lab)
    started = clock()
    done = run.train_exact(100_000)
    trained_for = clock() - started
    assert 0 < done < 100_000 and lab.step == done
    # stops at the first chunk boundary past the limit; a chunk lasts about STEP_CHUNK_S (+ one measurement)
    assert MAX_STEP_SECONDS <= trained_for <= MAX_STEP_SECONDS + 2 * STEP_CHUNK_S
    assert run.status == "paused" and run.broadcast.latest is not None
    run.stop()


@pytest.mark.parametrize("steps_per_call", [1, 4])
def test_a_short_step_trains_exactly_what_was_asked_in_chunks(steps_per_call):
    clock = FakeClock()
    lab = TimedLab(clock, step_cost_s=1e-3, steps_per_call=steps_per_call)
    run = paused_run(clock, lab)
    assert run.train_exact(5_001) == 5_001 and lab.step == 5_001
    assert len(lab.chunks) > 1 and all(n % steps_per_call == 0 for n in lab.chunks[:-1]), lab.chunks
    run.stop()


def manager_on(clock: FakeClock, **ttls) -> RunManager:
    return RunManager(lab_factory=lambda config: TimedLab(clock), clock=clock, **ttls)


def worker_alive(run: Run) -> bool:
    return any(thread.name == f"run-{run.id}" for thread in threading.enumerate())


def test_finished_runs_expire_after_their_ttl():
    clock = FakeClock()
    manager = manager_on(clock, finished_ttl_s=600)
    run = manager.create(RunConfig(max_steps=100))
    assert run.finished.wait(30)
    clock.advance(599)
    assert manager.sweep() == 0 and manager.get(run.id) is run
    clock.advance(2)
    assert manager.sweep() == 1 and manager.get(run.id) is None


def test_an_unwatched_paused_run_expires_after_the_idle_ttl():
    clock = FakeClock()
    manager = manager_on(clock, idle_ttl_s=900)
    run = manager.create(RunConfig(max_steps=FOREVER), paused=True)
    assert run.parked.wait(30)
    clock.advance(899)
    assert manager.sweep() == 0 and run.is_live
    clock.advance(2)
    assert manager.sweep() == 1 and manager.get(run.id) is None
    assert run.status == "stopped" and not worker_alive(run)


def test_a_watched_paused_run_never_idles_out_and_its_idle_time_starts_when_the_viewer_leaves():
    clock = FakeClock()
    manager = manager_on(clock, idle_ttl_s=900)
    run = manager.create(RunConfig(max_steps=FOREVER), paused=True)
    assert run.parked.wait(30)
    loop = asyncio.new_event_loop()
    try:
        viewer = run.broadcast.subscribe(loop)
        run.viewer_joined()
        clock.advance(10_000)
        assert manager.sweep() == 0, "someone is watching"
        run.broadcast.unsubscribe(viewer)
        run.viewer_left()
        clock.advance(899)
        assert manager.sweep() == 0, "the idle time counts from when the viewer left"
        clock.advance(2)
        assert manager.sweep() == 1
    finally:
        manager.shutdown()
        loop.close()


class HeldLab(TimedLab):
    """A lab whose training blocks until `release` is set: a worker caught in a long chunk."""

    def __init__(self, clock: FakeClock):
        super().__init__(clock)
        self.training = threading.Event()
        self.release = threading.Event()

    def train(self, n_steps: int) -> None:
        self.training.set()
        assert self.release.wait(30)
        super().train(n_steps)


def test_a_deleted_run_holds_its_slot_until_its_worker_ends():
    clock, labs = FakeClock(), []
    manager = RunManager(
        max_live_runs=1, lab_factory=lambda config: labs.append(HeldLab(clock)) or labs[-1], clock=clock
    )
    run = manager.create(RunConfig(max_steps=FOREVER))
    deadline = time.monotonic() + 30
    while not (labs and labs[0].training.is_set()):
        assert time.monotonic() < deadline, "the worker never started training"
        time.sleep(0.01)
    assert manager.delete(run.id, wait=False) and manager.get(run.id) is None  # answered at once, mid-chunk
    with pytest.raises(runs.RunLimitReached, match="live or ending"):
        manager.create(RunConfig(max_steps=FOREVER))
    labs[0].release.set()
    run.join(10)
    assert not worker_alive(run)
    manager.create(RunConfig(max_steps=FOREVER))  # the slot is free once the worker has ended
    labs[1].release.set()
    manager.shutdown()


def test_delete_waits_for_the_worker_only_when_every_slot_is_taken():
    clock, labs = FakeClock(), []
    manager = RunManager(
        max_live_runs=2, lab_factory=lambda config: labs.append(HeldLab(clock)) or labs[-1], clock=clock
    )
    first, second = manager.create(RunConfig(max_steps=FOREVER)), manager.create(RunConfig(max_steps=FOREVER))
    deadline = time.monotonic() + 30
    while not (len(labs) == 2 and all(lab.training.is_set() for lab in labs)):
        assert time.monotonic() < deadline, "the workers never started training"
        time.sleep(0.01)
    deleting = threading.Thread(target=manager.delete, args=(first.id, None))
    deleting.start()
    deleting.join(0.5)
    assert deleting.is_alive(), "at the cap, DELETE waits for the worker whose slot the next run needs"
    labs[0].release.set()
    deleting.join(10)
    assert not worker_alive(first)
    # now one slot of two is taken: DELETE answers while the worker is still held mid-chunk
    assert manager.delete(second.id, None)
    assert worker_alive(second), "it did not wait"
    labs[1].release.set()
    manager.shutdown()
