"""The step inspector in Chromium (issue 12 part 1): on a paused run it shows the next update in numbers, a ringed
point of the minibatch (on the plane or in the list) picks the example, the plane draws the boundary now dashed and
after the update solid, and Apply makes exactly the update shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.test_lab import INK_JS, plane_point

pytestmark = pytest.mark.browser

GHOST_INK = "#5b6068"
AFTER_INK = "#1d2128"


def pause_and_inspect(lab) -> dict:
    lab.page.locator("#play").click()
    expect(lab.page.locator("#status .badge")).to_have_text("paused")
    expect(lab.page.locator("#inspect")).to_be_enabled()
    lab.page.locator("#inspect").click()
    lab.page.wait_for_function("() => window.__lab.inspector.step !== null", timeout=30_000)
    return lab.debug("inspector")


def test_inspect_pick_an_example_and_apply_exactly_the_update_shown(lab):
    lab.open("#model=logistic&lr=1&opt=momentum&batch=8&speed=100")
    page = lab.page
    inspected = pause_and_inspect(lab)
    expect(page.locator("#inspector")).to_be_visible()
    expect(page.locator("#math")).to_be_hidden()  # the panel takes the side column's place, not the plane's
    assert len(inspected["batch"]) == 8
    assert page.locator("#inspector .batch-point").count() == 8
    assert page.locator("#inspector .cell-grid").count() == 4  # gradient, closed form, Δθ, new values: one layer

    page.locator('#inspector .batch-point[data-position="3"]').click()
    page.wait_for_function("() => window.__lab.inspector.position === 3")
    expect(page.locator('#inspector .batch-point[data-position="3"]')).to_have_attribute("aria-pressed", "true")

    run_id = lab.debug("runId")
    extent = lab.api("GET", f"/api/runs/{run_id}/points").json()["extent"]
    x, y, _ = lab.debug("inspector")["batch"][5]
    fx, fy = (x - extent[0]) / (extent[1] - extent[0]), (extent[3] - y) / (extent[3] - extent[2])
    page.mouse.click(*plane_point(lab, fx, fy))
    page.wait_for_function("() => window.__lab.inspector.position !== 3")
    picked = lab.debug("inspector")
    px, py, _ = picked["batch"][picked["position"]]
    assert abs(px - x) + abs(py - y) < 0.5, "the click picked the ringed point under it"

    cell = page.locator("#inspector .cell-grid .cell").first
    cell.focus()
    expect(page.locator("#inspector .cell-readout").first).to_contain_text(":")
    assert picked["ghostSegments"] > 0 and picked["afterSegments"] > 0
    page.wait_for_timeout(200)
    assert page.evaluate(INK_JS, ["plane", GHOST_INK]) > 20, "the boundary now, dashed"
    assert page.evaluate(INK_JS, ["plane", AFTER_INK]) > 40, "the boundary after the update, solid"

    page.locator("#inspect-apply").click()
    page.wait_for_function(
        "step => window.__lab.inspector.applied && window.__lab.inspector.step === step + 1", arg=picked["step"]
    )
    params = lab.api("GET", f"/api/runs/{run_id}/params").json()
    assert params["step"] == picked["step"] + 1
    for layer, expected in zip(params["layers"], picked["newParameters"], strict=True):
        assert sum(layer["weights"], []) == pytest.approx(sum(expected["weights"], []), rel=1e-6, abs=1e-7)
        assert layer["bias"] == pytest.approx(expected["bias"], rel=1e-6, abs=1e-7)
    expect(page.locator("#inspector")).to_be_visible()  # refreshed for the next step

    page.locator("#play").click()  # training again: the inspection is stale and the panel goes
    expect(page.locator("#inspector")).to_be_hidden()
    expect(page.locator("#math")).to_be_visible()
    assert lab.errors == []


def test_a_network_shows_its_boundary_now_and_after_and_applies_one_step(lab):
    lab.open("#data=circle&model=mlp&hidden=4,3&act=relu&speed=100")
    inspected = pause_and_inspect(lab)
    assert inspected["ghostSegments"] > 0 and inspected["afterSegments"] > 0  # a net's borders after, too
    expect(lab.page.locator("#inspector .layer-name")).to_have_count(2)
    lab.page.locator("#inspect-apply").click()
    lab.page.wait_for_function("step => window.__lab.inspector.step === step + 1", arg=inspected["step"])
    params = lab.api("GET", f"/api/runs/{lab.debug('runId')}/params").json()
    assert params["layers"][0]["bias"] == pytest.approx(inspected["newParameters"][0]["bias"], rel=1e-6, abs=1e-7)
    assert lab.errors == []
