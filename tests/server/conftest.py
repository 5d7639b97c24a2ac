import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.live_server import live_server


@pytest.fixture()
def client():
    with TestClient(create_app(Settings(max_live_runs=4))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_url():
    with live_server() as base:
        yield base
