"""A server at its live-run limit: the page draws the data, says it is waiting, retries politely and starts as soon
as a slot frees; and a paused page gives its slot back after the server's idle TTL."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.live_server import live_server
from tests.web.helpers import page_at, poll

pytestmark = pytest.mark.browser

HASH = "#data=xor&model=mlp&hidden=4&steps=10000000"


def test_a_page_refused_for_capacity_waits_then_starts_when_a_slot_frees(browser):
    with live_server(env={"BOUNDARY_LAB_MAX_LIVE_RUNS": "1"}) as base_url:
        occupier = httpx.post(f"{base_url}/api/runs?paused=true", json={"max_steps": 1000}, timeout=10)
        assert occupier.status_code == 201
        with page_at(browser, f"{base_url}/{HASH}") as (page, errors):
            expect(page.locator("#status .badge")).to_have_text("waiting for a slot")
            expect(page.locator(".status-message")).to_contain_text("Waiting for a free run slot")
            expect(page.locator(".status-message")).to_contain_text("every 5 s")  # the server's Retry-After
            expect(page.locator(".status-message")).to_contain_text("15 min")  # the server's idle TTL
            page.wait_for_function("() => window.__lab.drawnPoints > 100")  # the data, drawn without a run
            assert page.evaluate("window.__lab.runId") is None

            httpx.delete(f"{base_url}/api/runs/{occupier.json()['id']}", timeout=10)
            page.wait_for_function("() => window.__lab.gridFrames >= 3 && window.__lab.lossPoints >= 2", timeout=20_000)
            expect(page.locator("#status .badge")).to_have_text("running")
            expect(page.locator(".status-message")).to_have_text("")
        assert not [error for error in errors if "429" not in error], errors


def test_a_paused_page_gives_its_slot_back_after_the_idle_ttl(browser):
    with live_server(env={"BOUNDARY_LAB_IDLE_TTL_S": "2"}) as base_url:
        with page_at(browser, f"{base_url}/{HASH}") as (page, errors):
            page.wait_for_function("() => window.__lab && window.__lab.gridFrames >= 3")
            run_id = page.evaluate("window.__lab.runId")
            page.keyboard.press("Space")
            expect(page.locator("#status .badge")).to_have_text("paused")
            # the page stays subscribed, so only the page itself can end it: the server sweeps unwatched runs only
            expect(page.locator(".status-message")).to_contain_text("ended to free its slot", timeout=10_000)
            expect(page.locator("#status .badge")).to_have_text("stopped")
            gone = poll(lambda: httpx.get(f"{base_url}/api/runs/{run_id}").status_code, lambda code: code == 404)
            assert gone == 404
            page.locator("#reset").click()  # reset trains again
            page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=run_id)
        assert errors == []
