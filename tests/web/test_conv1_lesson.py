"""The course's No.7 on the digits page: one learned convolution layer, chosen as a learner would, trains live and
shows its conv1 filters and maps only (no second stage), numbered between the fixed filter (No.6) and the CNN (No.8).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.test_digits import PIXELS_JS, open_digits

pytestmark = pytest.mark.browser

TRAIN_TIMEOUT_MS = 120_000  # compiling the convolution and 10-step frames on a busy 2-core machine

TEST_ACCURACY_JS = """() => {
    const text = document.getElementById("test-accuracy").textContent;
    return text.endsWith("%") ? Number.parseFloat(text) / 100 : 0;
}"""


def test_no7_trains_one_learned_layer_and_shows_only_its_stage(lab):
    open_digits(lab, "#lesson=softmax&speed=full", frames=1)
    numbers = lab.page.locator("#lessons .lesson").evaluate_all("(buttons) => buttons.map((b) => b.dataset.lesson)")
    assert numbers == ["2", "3", "6", "7", "8"], "numbered as the course: No.6–7 filters, No.8 the stacked CNN"
    lab.page.locator('#lessons .lesson[data-lesson="7"]').click()
    lab.page.wait_for_function(
        "() => window.__lab.settings.lesson === 'conv1' "
        "&& Number(document.getElementById('conv1').dataset.frames) >= 1",
        timeout=TRAIN_TIMEOUT_MS,
    )
    assert lab.page.locator("#conv1 canvas").count() == 8
    expect(lab.page.locator(".layer-row", has=lab.page.locator("#conv2"))).to_be_hidden()
    for layer in ("conv1", "pool1"):
        expect(lab.page.locator(f"#feature-maps .maps-{layer}")).to_be_visible()
        assert lab.page.locator(f"#feature-maps .maps-{layer} canvas").count() == 8
    for layer in ("conv2", "pool2"):
        expect(lab.page.locator(f"#feature-maps .maps-{layer}")).to_be_hidden()
        assert lab.page.locator(f"#feature-maps .maps-{layer} canvas").count() == 0

    before = lab.page.evaluate(PIXELS_JS, "#conv1 canvas")
    lab.page.wait_for_function(f"() => ({TEST_ACCURACY_JS})() >= 0.9", timeout=TRAIN_TIMEOUT_MS)
    assert lab.page.evaluate(PIXELS_JS, "#conv1 canvas") != before, "the filters are learned while it trains"
    assert lab.errors == []
