"""The loss surface in Chromium (issue 12 part 2): for logistic and softmax regression a toggle under the plane opens
the loss over two weights with the optimizer's path drawn over it, growing while the run trains."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAINTED_JS = """() => {
  const canvas = document.getElementById("surface-canvas");
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let red = 0, painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 200) continue;
    painted++;
    if (data[i] > 160 && data[i + 1] < 60 && data[i + 2] < 90) red++;
  }
  return { painted, red };
}"""


def test_the_path_grows_over_the_surface_while_training(lab):
    lab.open("#model=logistic&lr=1&opt=momentum&speed=10")
    page = lab.page
    page.locator("#show-surface").check()
    expect(page.locator("#surface")).to_be_visible()
    expect(page.locator("#units")).to_be_hidden()  # the panel takes the units' place, not the plane's
    page.wait_for_function("() => window.__lab.surface.surfaces >= 1 && window.__lab.surface.pathPoints >= 3")
    first = lab.debug("surface")
    assert first["axes"] == {"x": "w1", "y": "w2"}
    page.wait_for_function("n => window.__lab.surface.pathPoints >= n + 20", arg=first["pathPoints"])
    drawn = page.evaluate(PAINTED_JS)
    assert drawn["painted"] > 10_000 and drawn["red"] > 20, drawn

    page.locator("#surface-x").select_option("w0")
    page.wait_for_function("() => window.__lab.surface.axes.x === 'w0'")
    page.wait_for_function("() => window.__lab.surface.pathPoints >= 5")
    expect(page.locator("#surface-x")).to_have_value("w0")
    assert lab.errors == []


def test_only_the_linear_models_offer_the_surface(lab):
    lab.open("#model=softmax&data=blobs3&classes=3&speed=10")
    expect(lab.page.locator("#show-surface")).to_be_visible()
    lab.page.locator("#show-surface").check()
    lab.page.wait_for_function("() => window.__lab.surface.surfaces >= 1")
    assert lab.debug("surface")["axes"] == {"x": "w1_0", "y": "w2_0"}
    lab.open("#data=circle&model=mlp&hidden=4")
    expect(lab.page.locator("#show-surface")).to_be_hidden()
    assert lab.errors == []
