"""Exposure, limits, faults and unwatched runs."""

import signal
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.cli import build_parser, settings_from_args
from server.runs import RunManager, _next_chunk
from server.schemas.config import RunConfig
from server.settings import Settings
from tests.live_server import live_server, live_server_process
from tests.server.test_stream import read_events

SMALL = {"dataset": {"name": "gauss", "n_points": 100}, "model": {"hidden": [4]}, "max_steps": 10_000_000}


def test_static_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "default-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_cors_is_off_by_default_and_opt_in(client):
    headers = {"origin": "http://evil.example", "access-control-request-method": "POST"}
    assert "access-control-allow-origin" not in client.options("/api/runs", headers=headers).headers
    assert "access-control-allow-origin" not in client.get("/api/health", headers=headers).headers
    with TestClient(create_app(Settings(cors_origins=["http://class.example"]))) as allowed:
        ok = allowed.get("/api/health", headers={"origin": "http://class.example"})
        assert ok.headers["access-control-allow-origin"] == "http://class.example"


def test_token_is_required_when_configured():
    with TestClient(create_app(Settings(token="s3cret"))) as client:
        assert client.get("/api/health").status_code == 401
        assert client.get("/api/health", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/health", headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/api/health", headers={"x-boundary-token": "s3cret"}).status_code == 200
        assert client.get("/api/health?token=s3cret").status_code == 401  # query tokens: event streams only
        assert client.get("/").status_code == 200  # the page itself loads and passes the token on


def test_binding_beyond_loopback_generates_a_token():
    loopback = settings_from_args(build_parser().parse_args(["serve"]))
    assert loopback.host == "127.0.0.1" and loopback.token is None
    exposed = settings_from_args(build_parser().parse_args(["serve", "--host", "0.0.0.0"]))
    assert exposed.token and len(exposed.token) >= 24
    chosen = settings_from_args(build_parser().parse_args(["serve", "--host", "0.0.0.0", "--token", "mine"]))
    assert chosen.token == "mine"


def test_oversized_bodies_get_413_before_parsing(client):
    big = b'{"dataset": {"name": "custom", "points": [' + b"[0.0, 0.0, 0]," * 200_000 + b"[1, 1, 1]]}}"
    assert client.post("/api/runs", content=big, headers={"content-type": "application/json"}).status_code == 413

    def chunks():
        for _ in range(300):
            yield b" " * 10_000

    streamed = client.post("/api/runs", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_a_crashing_run_fails_readably_and_others_continue():
    def exploding_lab(config):
        raise RuntimeError("boom while building")

    manager = RunManager(max_live_runs=4, lab_factory=exploding_lab)
    run = manager.create(RunConfig())
    assert run.finished.wait(10)
    assert run.status == "failed" and "boom while building" in run.message
    assert run.broadcast.final.name == "error"
    healthy = RunManager(max_live_runs=4).create(RunConfig(max_steps=20))
    assert healthy.finished.wait(30) and healthy.status == "done"


def test_run_pauses_when_its_last_viewer_leaves_and_resumes_on_return(inprocess_server):
    base, app = inprocess_server
    with httpx.Client(base_url=base, timeout=30) as http:
        run_id = http.post("/api/runs", json=SMALL).json()["id"]
        run = app.state.runs.get(run_id)
        with http.stream("GET", f"/api/runs/{run_id}/events") as response:
            next(read_events(response))
        # parked: the worker finished its chunk in flight (the first one compiles: seconds on a loaded machine) and
        # waits for a resume, so no step can follow; a run that kept training would never park
        assert run.parked.wait(30), "run kept training after its viewer left"
        info = http.get(f"/api/runs/{run_id}").json()
        assert info["status"] == "paused" and "viewer left" in info["message"]
        assert info["step"] == run.step
        with http.stream("GET", f"/api/runs/{run_id}/events") as response:
            events = read_events(response)
            resumed = [next(events)[1]["step"] for _ in range(5)]
        assert resumed[0] == info["step"] and resumed[-1] > info["step"], resumed
        assert http.delete(f"/api/runs/{run_id}").status_code == 204


def test_unsubscribed_script_run_keeps_going(client):
    run_id = client.post("/api/runs", json={**SMALL, "max_steps": 3000}).json()["id"]
    assert client.get(f"/api/runs/{run_id}", params={"wait": "true"}).json()["status"] == "done"


SHUTDOWN_PROMISE_S = 3.0  # README: "Ctrl-C/SIGTERM stop runs and close streams within ~3 s"; measured 0.5–0.8 s


def test_sigterm_ends_streams_with_their_end_event_and_exits_within_the_promise():
    with live_server_process() as (base, proc):
        run_id = httpx.post(f"{base}/api/runs", json=SMALL).json()["id"]
        streaming, seen, failures = threading.Event(), {}, []

        def watch():
            try:
                with httpx.stream("GET", f"{base}/api/runs/{run_id}/events", timeout=30) as response:
                    for name, data, _ in read_events(response):
                        if name == "frame":
                            streaming.set()
                        else:
                            seen["end"] = (name, data["status"], data["message"])
                seen["closed_at"] = time.monotonic()  # a clean end of the body, not a cut connection
            except httpx.HTTPError as exc:
                failures.append(exc)

        watcher = threading.Thread(target=watch)
        watcher.start()
        assert streaming.wait(60), f"no frame arrived before the signal: {failures}"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        watcher.join(SHUTDOWN_PROMISE_S)
        assert not watcher.is_alive(), "the stream stayed open after SIGTERM"
        assert not failures, f"the stream was cut instead of ended: {failures}"
        assert seen.get("end") == ("done", "stopped", "the server is shutting down"), seen
        assert seen["closed_at"] - signalled <= SHUTDOWN_PROMISE_S
        proc.wait(SHUTDOWN_PROMISE_S)
        assert time.monotonic() - signalled <= SHUTDOWN_PROMISE_S


@pytest.mark.parametrize("path", ["/api/health", "/api/runs"])
def test_token_server_end_to_end(path):
    with live_server("--token", "tok") as base:
        assert httpx.get(f"{base}{path}").status_code == 401
        assert httpx.get(f"{base}{path}", headers={"authorization": "Bearer tok"}).status_code == 200


@pytest.mark.parametrize("elapsed", [1e-4, 0.01, 0.03, 0.2, 5.0])
def test_chunks_stay_a_whole_number_of_calls(elapsed):
    for multiple in (1, 4):
        chunk = _next_chunk(16, elapsed, 1 / 30, multiple)
        assert chunk >= multiple and chunk % multiple == 0
    assert _next_chunk(16, 5.0, 1 / 30, 1) == 8  # far too slow: halve, no lower than one call
    assert _next_chunk(4, 5.0, 1 / 30, 4) == 4
