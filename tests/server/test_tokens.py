"""A server started with a token: headers everywhere, the query token only on a run's event stream.

EventSource cannot send headers, so `?token=` must open `/api/runs/{id}/events`; anywhere else a token in the URL
would land in logs and history, so it is refused there. Also: a viewer that (re)connects gets the latest frame at
once, even from a paused run that sends nothing new.
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.live_server import live_server
from tests.server.test_stream import read_events

TOKEN = "tok-3f9a"
HEADER = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server():
    with live_server("--token", TOKEN) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


@pytest.fixture
def paused_run(server):
    run = server.post("/api/runs?paused=true", json={"dataset": {"name": "xor"}, "max_steps": 1000}, headers=HEADER)
    assert run.status_code == 201, run.text
    deadline = time.monotonic() + 60  # built: a run still starting answers its data routes 409 ("retry")
    while server.get(f"/api/runs/{run.json()['id']}/params", headers=HEADER).status_code == 409:
        assert time.monotonic() < deadline, "the run never finished starting"
        time.sleep(0.05)
    yield run.json()["id"]
    server.delete(f"/api/runs/{run.json()['id']}", headers=HEADER)


def first_event(server, path: str, **kwargs) -> tuple[int, str | None, dict | None]:
    """(status, event name, data) of the first event on `path`, or (status, None, None) when it is refused."""
    with server.stream("GET", path, **kwargs) as response:
        if response.status_code != 200:
            response.read()
            return response.status_code, None, None
        assert response.headers["content-type"].startswith("text/event-stream")
        name, data, _ = next(read_events(response))
        return 200, name, data


@pytest.mark.parametrize("query", ["", "?token=wrong", "?token="])
def test_events_without_the_right_token_are_refused(server, paused_run, query):
    response = server.get(f"/api/runs/{paused_run}/events{query}")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "missing or wrong token" in response.json()["detail"]


def test_events_accept_the_token_in_the_query(server, paused_run):
    status, name, data = first_event(server, f"/api/runs/{paused_run}/events?token={TOKEN}")
    assert (status, name, data["step"]) == (200, "frame", 0)


def test_events_accept_the_header(server, paused_run):
    status, name, _ = first_event(server, f"/api/runs/{paused_run}/events", headers=HEADER)
    assert (status, name) == (200, "frame")


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/api/health"),
        ("GET", "/api/runs"),
        ("GET", "/api/runs/{id}"),
        ("GET", "/api/runs/{id}/points"),
        ("GET", "/api/runs/{id}/events/extra"),
        ("DELETE", "/api/runs/{id}"),
    ],
)
def test_a_query_token_opens_nothing_but_the_event_stream(server, paused_run, method, path):
    url = path.format(id=paused_run)
    assert server.request(method, f"{url}?token={TOKEN}").status_code == 401
    assert server.get(f"/api/runs/{paused_run}", headers=HEADER).status_code == 200, "the run was not touched"


def test_the_header_opens_every_api_path(server, paused_run):
    for path in ("/api/health", "/api/runs", f"/api/runs/{paused_run}", f"/api/runs/{paused_run}/points"):
        assert server.get(path, headers=HEADER).status_code == 200, path


def test_a_reconnecting_viewer_gets_the_latest_frame_at_once(server, paused_run):
    """Paused after 40 exact steps, the run publishes nothing new: each new connection must still show step 40."""
    stepped = server.post(f"/api/runs/{paused_run}/step", json={"steps": 40}, headers=HEADER)
    assert stepped.status_code == 200, stepped.text
    for _ in range(2):  # connect, drop, connect again
        status, name, data = first_event(server, f"/api/runs/{paused_run}/events?token={TOKEN}", timeout=5)
        assert (status, name, data["step"]) == (200, "frame", 40)
