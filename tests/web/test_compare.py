"""Runs compared in Chromium (issue 12 part 3): a replaced run's curves stay faintly on the charts with a legend that
says how it differs from the current run; clicking the entry restores its settings; a pinned run survives a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def wait_for_new_run(lab, old_id: str) -> str:
    lab.page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=old_id)
    lab.wait_for_training()
    return lab.debug("runId")


def test_an_earlier_run_is_overlaid_and_restores_its_settings(lab):
    lab.open("#data=circle&model=mlp&hidden=4&act=tanh&speed=100")
    page = lab.page
    page.wait_for_function("() => window.__lab.lossPoints >= 4")
    first = lab.debug("runId")
    page.locator("#control-activation").select_option("relu")
    second = wait_for_new_run(lab, first)
    entry = page.locator("#compare-legend .compare-entry").first
    expect(entry).to_have_text("tanh → ReLU")
    assert lab.debug("compared")["recent"] == 1

    entry.click()
    wait_for_new_run(lab, second)
    assert lab.debug("settings")["activation"] == "tanh"
    expect(page.locator("#compare-legend .compare-entry")).to_have_count(2)
    expect(page.locator("#compare-legend .compare-entry").first).to_have_text("ReLU → tanh")

    page.locator("#compare-legend .compare-pin").first.click()
    expect(page.locator("#compare-legend .compare-pin").first).to_have_attribute("aria-pressed", "true")
    page.evaluate("() => sessionStorage.clear()")  # only the pin should bring it back
    page.reload()
    lab.wait_for_training()
    expect(page.locator("#compare-legend .compare-entry")).to_have_count(1)
    expect(page.locator("#compare-legend .compare-entry")).to_have_text("ReLU → tanh")
    assert lab.errors == []
