"""The event stream drops: the page says it is reconnecting; a server that comes back without the run (a restart)
ends it readably, and Reset trains again on the new server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.live_server import free_port, live_server_process
from tests.web.chromium import VIEWPORT

pytestmark = pytest.mark.browser

TRAINING = "() => window.__lab && window.__lab.gridFrames >= 3 && window.__lab.lossPoints >= 2"


def test_a_dropped_stream_says_so_and_a_restarted_server_is_recovered_with_reset(browser):
    port = free_port()
    page = browser.new_page(viewport=VIEWPORT)
    try:
        with live_server_process(port=port) as (base_url, process):
            page.goto(f"{base_url}/#data=xor&model=mlp&hidden=4&steps=10000000")
            page.wait_for_function(TRAINING)
            run_id = page.evaluate("window.__lab.runId")
            process.kill()  # gone without a goodbye: no `done` event, the connection just drops
            process.wait(10)
            expect(page.locator(".status-message")).to_contain_text("reconnecting")
            expect(page.locator("#status .badge")).to_have_text("running")  # nothing is known to have ended yet

        with live_server_process(port=port):  # back on the same address, without the old run
            expect(page.locator(".status-message")).to_contain_text("no longer has this run", timeout=20_000)
            expect(page.locator("#status .badge")).to_have_text("failed")
            page.locator("#reset").click()
            page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=run_id)
            page.wait_for_function(TRAINING)
            expect(page.locator(".status-message")).to_have_text("")
            expect(page.locator("#status .badge")).to_have_text("running")
    finally:
        page.close()
