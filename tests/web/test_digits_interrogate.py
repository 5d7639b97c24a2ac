"""The digits lab questioned (issue 13, the page's half): a confusion cell's digits, robustness, confidence, the
layers mapped, and the learner's own picture through the live model."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.test_digits import bar_values, digits, open_digits

pytestmark = pytest.mark.browser

CONFUSION_READY = "() => Number(document.getElementById('confusion').dataset.updates || 0) >= 1"


def busiest_mistake(lab) -> tuple[int, int, int]:
    """The off-diagonal cell with the most digits in the shown matrix: (true, predicted, count)."""
    return lab.page.evaluate(
        """() => Array.from(document.querySelectorAll(".confusion-cell:not(.diagonal)"))
            .map((cell) => [Number(cell.dataset.true), Number(cell.dataset.predicted), Number(cell.textContent || 0)])
            .sort((a, b) => b[2] - a[2])[0]"""
    )


def pause(lab) -> None:
    lab.page.locator("#play").click()
    lab.page.wait_for_function("() => window.__lab.status === 'paused'")


def test_a_confusion_cell_shows_its_digits_and_a_click_probes_one(lab):
    run_id = open_digits(lab, "#lesson=softmax")
    lab.page.wait_for_function(CONFUSION_READY)
    pause(lab)  # the cell's digits come from the latest test report: hold it still to compare with the API
    true, predicted, _ = busiest_mistake(lab)
    cell = lab.page.locator(f".confusion-cell[data-true='{true}'][data-predicted='{predicted}']")
    cell.focus()
    lab.page.keyboard.press("Enter")  # a cell is keyboard-operable
    examples = lab.page.locator("#cell-examples")
    expect(examples).to_be_visible()
    expect(lab.page.locator("#browser")).to_be_hidden()
    expect(cell).to_have_attribute("aria-pressed", "true")
    thumbs = examples.locator(".thumb")
    expect(thumbs.first).to_be_visible()
    assert thumbs.first.locator(".mini-bar").count() == 10
    # the page shows exactly the server's digits of that cell, in its order
    answer = lab.api("GET", f"/api/runs/{run_id}/examples?true={true}&predicted={predicted}&limit=20").json()
    shown = [int(i) for i in thumbs.evaluate_all("(buttons) => buttons.map((b) => b.dataset.index)")]
    assert shown == [example["index"] for example in answer["examples"]][: len(shown)]
    assert int(examples.get_attribute("data-total")) >= len(shown) > 0

    picked = shown[-1]
    thumbs.last.click()
    lab.page.wait_for_function("index => window.__lab.settings.probe === index", arg=picked)
    expect(examples.locator(f".thumb[data-index='{picked}']")).to_have_attribute("aria-pressed", "true")
    lab.page.wait_for_function(
        "index => document.querySelector('#bars .bars-caption').textContent.includes('#' + index)", arg=picked
    )
    assert sum(bar_values(lab)[0]) == pytest.approx(1, abs=1e-3)

    examples.locator(".examples-back").click()
    expect(lab.page.locator("#browser")).to_be_visible()
    expect(examples).to_be_hidden()
    assert digits(lab, "settings")["probe"] == picked
    assert lab.errors == []
