"""POST /api/prepare compiles a config's programs ahead, so the run that follows compiles nothing at all."""

from __future__ import annotations

import threading
import time

import jax
import pytest

from server.warmup import Busy, Warmer

# The programs behind a frame: a new depth (5 layers) and a feature set no other test uses, so nothing is cached.
PREPARED = {
    "dataset": {"name": "circle", "n_points": 137, "noise": 0.1},
    "model": {"kind": "mlp", "hidden": [3, 3, 3, 3, 3], "activation": "sigmoid", "features": ["x1", "x2", "sin_x2"]},
    "optimizer": {"name": "momentum", "learning_rate": 0.05, "batch_size": 7},
    "max_steps": 60,
}
UNPREPARED = PREPARED | {"model": PREPARED["model"] | {"hidden": [3, 3, 3, 3, 3, 3]}}


class CompileEvents:
    """Every trace or compile JAX reports while active (a jit cache hit reports neither)."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.active = False

    def __call__(self, event: str, duration_s: float, **_) -> None:
        if self.active and "/jax/core/compile" in event:
            self.events.append(event)


@pytest.fixture(scope="module")
def compile_events():
    listener = CompileEvents()
    jax.monitoring.register_event_duration_secs_listener(listener)
    yield listener
    jax.monitoring.unregister_event_duration_listener(listener)


def _wait_prepared(client, deadline_s: float = 120) -> dict:
    deadline = time.monotonic() + deadline_s
    while (state := client.get("/api/prepare").json())["pending"]:
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    return state


def _train(client, body: dict) -> None:
    run_id = client.post("/api/runs", json=body).json()["id"]
    finished = client.get(f"/api/runs/{run_id}", params={"wait": "true", "timeout": 120}).json()
    assert finished["status"] == "done" and finished["step"] == body["max_steps"]


def test_a_prepared_config_trains_without_compiling_and_an_unprepared_one_compiles(client, compile_events):
    answer = client.post("/api/prepare", json={"runs": [PREPARED, PREPARED | {"seed": 3}]})
    assert answer.status_code == 202
    assert answer.json()["accepted"] == 1, "the same shape with another seed compiles the same programs"
    assert _wait_prepared(client)["failed"] == 0

    compile_events.active = True
    compiled = client.get("/api/prepare").json()["programs_compiled"]
    _train(client, PREPARED | {"seed": 5, "optimizer": PREPARED["optimizer"] | {"learning_rate": 0.2}})
    assert compile_events.events == []
    assert client.get("/api/prepare").json()["programs_compiled"] == compiled
    _train(client, UNPREPARED)
    assert compile_events.events, "the control: a new depth does compile, so the listener hears compiles"
    assert client.get("/api/prepare").json()["programs_compiled"] > compiled
    compile_events.active = False


def test_a_shape_asked_again_is_not_queued_again(client):
    body = {"runs": [PREPARED | {"max_steps": 5}]}
    client.post("/api/prepare", json=body)
    _wait_prepared(client)
    assert client.post("/api/prepare", json=body).json()["accepted"] == 0


@pytest.mark.parametrize(
    "runs, where",
    [
        ([], ["body", "runs"]),
        ([{}] * 9, ["body", "runs"]),
        ([{}, {"dataset": {"name": "blobs3", "classes": 3}, "model": {"kind": "logistic"}}], ["body", "runs", 1]),
        ([{"model": {"hidden": [33]}}], ["body", "runs", 0, "model", "hidden", 0]),
    ],
)
def test_bad_requests_are_422_naming_the_config_and_field(client, runs, where):
    answer = client.post("/api/prepare", json={"runs": runs})
    assert answer.status_code == 422
    locs = [error["loc"] for error in answer.json()["detail"]]
    assert any(loc[: len(where)] == where for loc in locs), locs


def test_a_full_queue_refuses_and_forgets_what_it_refused():
    release = threading.Event()

    class SlowLab:
        steps_per_call = 1

        def __init__(self, config) -> None:
            release.wait(10)

        def train(self, n) -> None: ...

        def measure(self, full: bool = False) -> None: ...

    from server.schemas.config import RunConfig

    warmer = Warmer(SlowLab, max_pending=1)
    first, second, third = (RunConfig.model_validate({"model": {"hidden": [n]}}) for n in (1, 2, 3))
    assert warmer.submit([first]) == 1
    deadline = time.monotonic() + 5
    while warmer.status()["pending"] and warmer._queue.qsize():  # the worker has taken the first one
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert warmer.submit([second]) == 1
    with pytest.raises(Busy):
        warmer.submit([third])
    release.set()
    deadline = time.monotonic() + 5
    while warmer.status()["pending"]:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert {k: v for k, v in warmer.status().items() if k != "programs_compiled"} == {
        "pending": 0,
        "prepared": 2,
        "failed": 0,
    }
    assert warmer.submit([third]) == 1, "a refused config was not remembered as warmed"
