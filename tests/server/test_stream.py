"""The event stream against a real uvicorn: frames arrive while training, then `done`."""

import base64
import json
import time

import httpx
import numpy as np


def read_events(response):
    """Yield (event, data, arrival time) from an SSE response as bytes arrive."""
    name, data = None, []
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data.append(line.split(":", 1)[1].strip())
        elif line == "" and data:
            yield name, json.loads("\n".join(data)), time.monotonic()
            name, data = None, []


def test_stream_is_incremental_and_ends_with_done(live_url):
    with httpx.Client(base_url=live_url, timeout=60) as http:
        run = http.post("/api/runs", json={"max_steps": 60_000}).json()
        frames, end = [], None
        with http.stream("GET", f"/api/runs/{run['id']}/events") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            for name, data, arrived in read_events(response):
                if name == "frame":
                    frames.append((data, arrived))
                else:
                    end = (name, data, arrived)
                    break
    assert end is not None and end[0] == "done" and end[1]["status"] == "done" and end[1]["step"] == 60_000
    assert len(frames) >= 5
    first_frame_at = frames[0][1]
    assert end[2] - first_frame_at > 0.2, "frames should arrive while training, not all at the end"
    steps = [f["step"] for f, _ in frames]
    assert steps == sorted(steps) and steps[0] < 60_000
    frame = frames[-1][0]
    grid = frame["grid"]
    probs = np.frombuffer(base64.b64decode(grid["probs"]), np.uint8).reshape(grid["resolution"], grid["resolution"], 2)
    assert np.all(np.abs(probs.astype(int).sum(axis=2) - 255) <= 2)
    units = frame["units"]
    maps = np.frombuffer(base64.b64decode(units["maps"]), np.uint8)
    assert units["layers"] == [8, 8] and maps.size == 16 * units["resolution"] ** 2
    assert len(units["scales"]) == 16


def test_late_subscriber_gets_latest_frame_and_end(live_url):
    with httpx.Client(base_url=live_url, timeout=60) as http:
        run = http.post("/api/runs", json={"max_steps": 200, "dataset": {"name": "xor"}}).json()
        http.get(f"/api/runs/{run['id']}", params={"wait": "true"})
        with http.stream("GET", f"/api/runs/{run['id']}/events") as response:
            events = [(name, data["step"]) for name, data, _ in read_events(response)]
    assert events == [("frame", 200), ("done", 200)]


def test_diverged_run_sends_error_event(live_url):
    config = {
        "model": {"hidden": [32, 32, 32], "activation": "relu", "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"]},
        "optimizer": {"learning_rate": 10.0},
        "max_steps": 100_000,
    }
    with httpx.Client(base_url=live_url, timeout=60) as http:
        run = http.post("/api/runs", json=config).json()
        with http.stream("GET", f"/api/runs/{run['id']}/events") as response:
            last = list(read_events(response))[-1]
        assert last[0] == "error" and last[1]["status"] == "diverged" and last[1]["message"]
        assert http.get("/api/health").json()["status"] == "ok"
