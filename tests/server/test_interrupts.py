"""DELETE stops a run at once: mid-stream the subscriber gets the end event, mid-/step the call returns; no thread
keeps training a run nobody can see (it would sit outside the live-run cap)."""

import threading
import time

import httpx

from tests.server.test_stream import read_events

SMALL = {"dataset": {"name": "gauss", "n_points": 100}, "model": {"hidden": [4]}, "max_steps": 10_000_000}
TINY_CNN = {
    "dataset": {"name": "mnist"},
    "model": {"kind": "cnn", "conv1_filters": 4, "conv2_filters": 6, "kernel_size": 3, "dense_units": 16},
    "optimizer": {"name": "adam", "learning_rate": 0.001, "batch_size": 20},
    "max_steps": 10_000_000,
}


def wait_until(predicate, seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, message
        time.sleep(0.02)


def worker_alive(run_id: str) -> bool:
    return any(thread.name == f"run-{run_id}" for thread in threading.enumerate())


def test_delete_during_a_stream_sends_the_end_event_and_the_worker_exits(inprocess_server):
    base, _ = inprocess_server
    with httpx.Client(base_url=base, timeout=30) as http:
        run_id = http.post("/api/runs", json=SMALL).json()["id"]
        with http.stream("GET", f"/api/runs/{run_id}/events") as response:
            events = read_events(response)
            assert next(event for event in events if event[1]["step"] > 0)[0] == "frame"  # training, not compiling
            assert worker_alive(run_id)
            assert http.delete(f"/api/runs/{run_id}").status_code == 204
            name, data, _ = next(event for event in events if event[0] != "frame")
    assert name == "done" and data["status"] == "stopped"
    wait_until(lambda: not worker_alive(run_id), 10, "the run's worker thread outlived DELETE")


def test_delete_during_a_long_step_returns_the_call_and_stops_training(inprocess_server):
    base, app = inprocess_server
    with httpx.Client(base_url=base, timeout=120) as http:
        run_id = http.post("/api/runs", params={"paused": "true"}, json=TINY_CNN).json()["id"]
        run = app.state.runs.get(run_id)
        assert run.parked.wait(60)
        answer = {}

        def step():  # 100,000 CNN steps: minutes if nothing interrupts them, MAX_STEP_SECONDS with only the cap
            answer["response"] = http.post(f"/api/runs/{run_id}/step", json={"steps": 100_000})

        stepping = threading.Thread(target=step)
        stepping.start()
        wait_until(lambda: run.step > 0, 120, "the step never started training")
        assert http.delete(f"/api/runs/{run_id}").status_code == 204
        stepping.join(10)
        assert not stepping.is_alive(), "the /step call kept training after DELETE"
    response = answer["response"]
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "stopped" and 0 < body["steps_done"] < 100_000
    assert body["step"] == run.step, "no update after the answer"
    wait_until(lambda: not worker_alive(run_id), 10, "the run's worker thread outlived DELETE")
