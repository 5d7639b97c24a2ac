import contextlib
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.live_server import free_port, live_server


@pytest.fixture()
def client():
    with TestClient(create_app(Settings(max_live_runs=4))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_url():
    with live_server() as base:
        yield base


@contextlib.contextmanager
def uvicorn_in_thread(settings: Settings):
    """A real uvicorn (true streaming) in this process, so a test can also look at the run manager's threads."""
    app = create_app(settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture()
def inprocess_server():
    """(base URL, app) of a real uvicorn in this process; `app.state.runs` is its RunManager."""
    with uvicorn_in_thread(Settings(max_live_runs=4)) as served:
        yield served
