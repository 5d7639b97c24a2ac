import pytest

import boundary_lab
from tests.live_server import live_server

TOKEN = "client-test-token"


@pytest.fixture(scope="module")
def lab_url():
    """A real `boundary-lab serve` with a token and a cap of 2 live runs (the sweep test needs the cap)."""
    with live_server("--max-live-runs", "2", "--token", TOKEN) as base:
        yield base


@pytest.fixture()
def lab(lab_url):
    with boundary_lab.connect(lab_url, token=TOKEN) as client:
        yield client
