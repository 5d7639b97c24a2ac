"""Your own image through the live CNN (issue 13, part 5): on the convolution lessons a drawing on the pad is probed
by the run in the test digit's place, so the feature maps shown are of the drawing, from the frames, while it
trains; clearing the pad gives them back to the test digit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.test_digits import CNN_TIMEOUT_MS, digits, open_digits
from tests.web.test_digits_interrogate import png_of_a_one, upload

pytestmark = pytest.mark.browser

MAPS_PIXELS = """() => {
  const canvas = document.querySelector("#feature-maps canvas");
  return canvas ? Array.from(canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data).join() : "";
}"""


def draw_a_stroke(lab) -> None:
    pad = lab.page.locator("#pad").bounding_box()
    lab.page.mouse.move(pad["x"] + pad["width"] * 0.5, pad["y"] + pad["height"] * 0.2)
    lab.page.mouse.down()
    lab.page.mouse.move(pad["x"] + pad["width"] * 0.55, pad["y"] + pad["height"] * 0.8, steps=8)
    lab.page.mouse.up()


def test_a_drawing_gets_its_own_feature_maps_while_training_and_clearing_gives_them_back(lab):
    open_digits(lab, "#lesson=conv1&lang=en", frames=2, timeout_ms=CNN_TIMEOUT_MS)
    page = lab.page
    lab.page.wait_for_function("() => window.__lab.probeOwn === false")
    expect(page.locator("#maps-title")).to_contain_text("test digit")
    before = page.evaluate(MAPS_PIXELS)
    draw_a_stroke(lab)
    page.wait_for_function("() => window.__lab.probeOwn === true", timeout=30_000)
    expect(page.locator("#maps-title")).to_contain_text("your drawing")
    step = digits(lab, "step")
    page.wait_for_function("s => window.__lab.step > s && window.__lab.probeOwn === true", arg=step)  # still training
    assert page.evaluate(MAPS_PIXELS) != before, "the maps are the drawing's, not the test digit's"
    page.locator("#clear").click()
    page.wait_for_function("() => window.__lab.probeOwn === false", timeout=30_000)
    expect(page.locator("#maps-title")).to_contain_text("test digit")
    assert lab.errors == []


def test_an_uploaded_picture_gets_its_own_feature_maps(lab):
    open_digits(lab, "#lesson=conv1&lang=en", frames=2, timeout_ms=CNN_TIMEOUT_MS)
    page = lab.page
    page.wait_for_function("() => window.__lab.probeOwn === false")
    upload(lab, png_of_a_one())
    page.wait_for_function("() => window.__lab.probeOwn === true", timeout=30_000)
    expect(page.locator("#maps-title")).to_contain_text("your picture")
    page.locator("#browser .thumb[data-index='3']").click()  # a test digit picked: the maps are its own again
    page.wait_for_function("() => window.__lab.probeOwn === false", timeout=30_000)
    expect(page.locator("#maps-title")).to_contain_text("test digit #3")
    assert lab.errors == []
