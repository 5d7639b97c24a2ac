"""The 2D lab page in a real Chromium against a real server: what a learner sees and does."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ARTIFACTS
from tests.web.helpers import page_with_token, poll, run_needs_the_token

pytestmark = pytest.mark.browser

# Colour census of a canvas: each opaque pixel is matched to the class colour whose white→colour tint line it lies
# on (the page blends class colour over white by probability), so the test reads real pixels, not page state.
CLASS_PIXELS_JS = """
([canvasId, colors]) => {
  const canvas = document.getElementById(canvasId);
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  const rgb = colors.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const counts = colors.map(() => 0);
  let total = 0;
  for (let i = 0; i < data.length; i += 4 * 3) {
    if (data[i + 3] < 255) continue;
    total++;
    const pixel = [data[i], data[i + 1], data[i + 2]];
    rgb.forEach((color, k) => {
      const d = color.map((c) => 255 - c);
      const p = pixel.map((c) => 255 - c);
      const alpha = (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]) / (d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
      const residual = Math.hypot(...p.map((v, c) => v - alpha * d[c]));
      if (alpha > 0.2 && alpha <= 1.05 && residual < 12) counts[k]++;
    });
  }
  return { total, fractions: counts.map((n) => n / Math.max(total, 1)) };
}
"""

INK_JS = """
([canvasId, hex]) => {
  const canvas = document.getElementById(canvasId);
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) n++;
  }
  return n;
}
"""


def plane_point(lab, fx: float, fy: float) -> tuple[float, float]:
    """A position inside the square plot of the plane canvas, as fractions of the plot (0..1 from top-left)."""
    box = lab.page.locator("#plane").bounding_box()
    margin_left, margin_right, margin_top, margin_bottom = 34, 8, 8, 30
    side = min(box["width"] - margin_left - margin_right, box["height"] - margin_top - margin_bottom)
    left = box["x"] + margin_left + (box["width"] - margin_left - margin_right - side) // 2
    top = box["y"] + margin_top + (box["height"] - margin_top - margin_bottom - side) // 2
    return left + fx * side, top + fy * side


def wait_for_new_run(lab, old_id: str | None) -> str:
    lab.page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=old_id)
    lab.wait_for_training()
    return lab.debug("runId")


def test_page_loads_trains_and_logs_no_errors(lab):
    lab.open()
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    expect(lab.page.locator("#math .katex").first).to_be_visible()
    assert lab.page.evaluate("document.documentElement.scrollHeight") <= 800, "the main view must fit 1280×800"
    assert lab.page.evaluate("document.documentElement.scrollWidth") <= 1280
    ARTIFACTS.mkdir(exist_ok=True)
    lab.page.screenshot(path=str(ARTIFACTS / "lab.png"))
    assert lab.errors == []


def test_decision_canvas_shows_class_colours_and_the_loss_curve_has_points(lab):
    lab.open("#data=blobs3&classes=3&model=softmax&noise=0.2")
    colors = lab.debug("classColors")
    lab.page.wait_for_function(
        f"args => ({CLASS_PIXELS_JS})(args).fractions.filter(f => f > 0.05).length >= 3", arg=["plane", colors[:3]]
    )
    census = lab.page.evaluate(CLASS_PIXELS_JS, ["plane", colors[:3]])
    assert census["total"] > 20_000
    assert sum(f > 0.05 for f in census["fractions"]) >= 2
    lab.page.wait_for_function("() => window.__lab.lossPoints >= 5")
    # the curves are drawn; on blobs the test curve (drawn last) can cover the train curve, so count both inks
    lab.page.wait_for_function(f"() => ({INK_JS})(['loss', '#33475b']) + ({INK_JS})(['loss', '#c2587e']) > 50")
    assert lab.errors == []


def test_learning_rate_slider_changes_the_running_run_without_restart(lab):
    lab.open("#data=spiral&model=mlp&hidden=8,8&lr=0.03&steps=10000000")
    run_id = lab.debug("runId")
    restarts = lab.debug("restarts")
    slider = lab.page.locator("#control-learningRate")
    slider.focus()
    for _ in range(10):
        slider.press("ArrowRight")  # +0.05 decades each, from 0.03 (snapped to 10^-1.5) to 10^-1
    expect(lab.page.locator('[data-key="learningRate"] output')).to_have_text("0.1")
    expected = lab.debug("settings")["learningRate"]
    assert expected == 0.1

    info = poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["learning_rate"] == expected)
    assert info["status"] == "running"
    # nothing restarts: no restart waits out its debounce, none was made, and this run's frames keep coming
    lab.page.wait_for_function("s => window.__lab.step > s && !window.__lab.restartPending", arg=lab.debug("step"))
    assert lab.debug("restarts") == restarts
    assert lab.debug("runId") == run_id
    assert [run["id"] for run in lab.api("GET", "/api/runs").json()["runs"]] == [run_id]
    expect(lab.page).to_have_url(re.compile(r"[#&]lr=0\.1&"))  # the hash follows the slider (history is debounced)
    assert lab.errors == []


def test_changing_the_dataset_starts_a_new_run_and_deletes_the_old(lab):
    lab.open("#data=linear&model=logistic")
    old_id = lab.debug("runId")
    lab.page.select_option("#control-dataset", "circle")
    new_id = wait_for_new_run(lab, old_id)
    assert lab.api("GET", f"/api/runs/{old_id}").status_code == 404
    info = lab.api("GET", f"/api/runs/{new_id}").json()
    assert info["config"]["dataset"]["name"] == "circle"
    assert lab.debug("hasPreviousCurve"), "the previous run's loss curve stays for comparison"
    assert lab.errors == []


def test_clicking_the_plane_adds_a_point_and_shift_click_removes_it(lab):
    lab.open("#data=linear&model=logistic&n=200&train=50")
    old_id = lab.debug("runId")
    lab.page.locator(".class-picker button[data-label='1']").click()
    x, y = plane_point(lab, 0.2, 0.8)  # lower left: a ✕ among the ○
    lab.page.mouse.click(x, y)
    new_id = wait_for_new_run(lab, old_id)
    settings = lab.debug("settings")
    assert settings["dataset"] == "custom" and len(settings["points"]) == 201
    assert settings["points"][-1][2] == 1
    points = lab.api("GET", f"/api/runs/{new_id}/points").json()
    assert len(points["train"]) + len(points["test"]) == 201
    lab.page.wait_for_function("() => location.hash.includes('data=custom') && location.hash.includes('pts=')")

    lab.page.keyboard.down("Shift")
    lab.page.mouse.click(x, y)
    lab.page.keyboard.up("Shift")
    lab.page.wait_for_function("() => window.__lab.settings.points.length === 200")
    newer_id = wait_for_new_run(lab, new_id)

    lab.page.mouse.click(x, y)  # add it again, then remove it with a right-click
    lab.page.wait_for_function("() => window.__lab.settings.points.length === 201")
    lab.page.mouse.click(x, y, button="right")
    lab.page.wait_for_function("() => window.__lab.settings.points.length === 200")
    wait_for_new_run(lab, newer_id)
    assert lab.errors == []


def test_hovering_a_hidden_unit_shows_its_map_on_the_plane(lab):
    lab.open("#data=xor&model=mlp&hidden=4&act=tanh")
    lab.page.wait_for_function("() => window.__lab.unitMaps === 2 + 4")
    # the diverging palette of unit maps; a few blended class pixels may come close, a shown unit map fills the plane
    teal, rose = "#1f7f7a", "#b4476e"
    assert max(lab.page.evaluate(CLASS_PIXELS_JS, ["plane", [teal, rose]])["fractions"]) < 0.1
    lab.page.locator("canvas.unit").nth(2).hover()  # layer 1, unit 1 (after the two input maps)
    lab.page.wait_for_function(
        f"args => ({CLASS_PIXELS_JS})(args).fractions.some(f => f > 0.2)", arg=["plane", [teal, rose]]
    )
    lab.page.mouse.move(0, 0)
    lab.page.wait_for_function(
        f"args => ({CLASS_PIXELS_JS})(args).fractions.every(f => f < 0.1)", arg=["plane", [teal, rose]]
    )
    assert lab.errors == []


def test_hover_shows_coordinates_and_class_probabilities(lab):
    lab.open("#data=blobs3&classes=3&model=softmax&noise=0.1")
    x, y = plane_point(lab, 0.5, 0.5)
    lab.page.mouse.move(x, y)
    expect(lab.page.locator("#readout .bars-caption")).to_contain_text("x₁ =")
    values = lab.page.locator(".bar-value")
    expect(values).to_have_count(3)
    expect(values.first).to_contain_text("%")
    total = sum(float(text.rstrip("%")) for text in values.all_inner_texts())
    assert abs(total - 100) < 1
    assert lab.errors == []


def test_url_hash_round_trips_the_settings(lab):
    hash_ = (
        "#data=spiral&classes=3&noise=0.35&n=300&train=70&dseed=4&model=softmax&feat=x1,x2,x1sq,sinx2"
        "&lr=0.1&opt=adam&batch=20&reg=l2&rrate=0.003&seed=7&steps=100000&test=1&disc=1&logy=1"
    )
    lab.open(hash_)
    page = lab.page
    expect(page.locator("#control-dataset")).to_have_value("spiral")
    expect(page.locator('[data-key="classes"] output')).to_have_text("3")
    expect(page.locator('[data-key="noise"] output')).to_have_text("0.35")
    expect(page.locator('[data-key="trainPercent"] output')).to_have_text("70% · 210")
    expect(page.locator('#control-model [aria-checked="true"]')).to_have_text("Softmax")
    expect(page.locator('#control-optimizer [aria-checked="true"]')).to_have_text("Adam")
    expect(page.locator('#control-features [aria-pressed="true"]')).to_have_text(["x₁", "x₂", "x₁²", "sin x₂"])
    expect(page.locator("#show-test")).to_be_checked()
    expect(page.locator("#discretize")).to_be_checked()
    expect(page.locator("#log-loss")).to_be_checked()
    config = lab.api("GET", f"/api/runs/{lab.debug('runId')}").json()["config"]
    assert config["dataset"] | {"points": None} == {
        "name": "spiral",
        "n_points": 300,
        "noise": 0.35,
        "train_fraction": 0.7,
        "classes": 3,
        "seed": 4,
        "points": None,
    }
    assert config["model"]["kind"] == "softmax"
    assert config["model"]["features"] == ["x1", "x2", "x1^2", "sin_x2"]
    assert config["optimizer"] == {
        "name": "adam",
        "learning_rate": 0.1,
        "batch_size": 20,
        "regularization": "l2",
        "regularization_rate": 0.003,
    }
    assert config["seed"] == 7 and config["max_steps"] == 100_000

    settings = lab.debug("settings")
    url = page.url
    page.reload()
    lab.wait_for_training()
    assert lab.debug("settings") == settings
    assert unquote(page.url) == unquote(url)

    spiral_id = lab.debug("runId")
    page.select_option("#control-dataset", "moons")  # Back returns to the spiral and retrains it
    page.wait_for_function("() => location.hash.includes('data=moons')")
    moons_id = wait_for_new_run(lab, spiral_id)
    page.go_back()
    page.wait_for_function("() => window.__lab.settings.dataset === 'spiral'")
    expect(page.locator("#control-dataset")).to_have_value("spiral")
    spiral_id = wait_for_new_run(lab, moons_id)
    assert lab.api("GET", f"/api/runs/{spiral_id}").json()["config"]["dataset"]["name"] == "spiral"
    assert lab.errors == []


def test_lessons_set_the_controls(lab):
    lab.open()
    expect(lab.page.locator('.lesson[data-lesson="1"]')).to_have_attribute("aria-current", "true")
    expect(lab.page.locator("#math")).to_contain_text("σ")
    lab.page.locator('.lesson[data-lesson="2"]').click()
    expect(lab.page.locator('.lesson[data-lesson="2"]')).to_have_attribute("aria-current", "true")
    expect(lab.page.locator("#control-dataset")).to_have_value("blobs3")
    expect(lab.page.locator('#control-model [aria-checked="true"]')).to_have_text("Softmax")
    lab.page.wait_for_function("() => window.__lab.settings.classes === 3")
    lab.page.locator('.lesson[data-lesson="5"]').click()
    expect(lab.page.locator('#control-model [aria-checked="true"]')).to_have_text("Network")
    expect(lab.page.locator("#control-hidden .layer-units")).to_have_count(2)
    lab.page.wait_for_function("() => window.__lab.unitMaps === 2 + 16")
    expect(lab.page.locator("#math")).to_contain_text("parameters")
    assert lab.errors == []


def test_pause_and_step_train_exactly_one_epoch(lab):
    lab.open("#data=circle&model=mlp&hidden=4&n=200&train=50&batch=10&steps=10000000")
    page = lab.page
    page.locator("#play").click()
    expect(page.locator("#status .badge")).to_have_text("paused")
    run_id = lab.debug("runId")
    before = lab.api("GET", f"/api/runs/{run_id}").json()
    assert before["status"] == "paused"
    page.locator("#step").click()
    after = poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["step"] != before["step"])
    assert after["step"] - before["step"] == 10  # 100 training points / batch 10
    assert after["status"] == "paused"
    assert lab.errors == []


def test_divergence_is_reported_readably(lab):
    lab.page.goto(f"{lab.base_url}/#data=spiral&model=mlp&hidden=8,8&act=linear&lr=10")
    expect(lab.page.locator("#status .badge")).to_have_text("diverged")
    expect(lab.page.locator(".status-message")).to_contain_text("learning rate is probably too high")
    expect(lab.page.locator("#play")).to_be_disabled()
    assert lab.errors == []


def test_points_export_and_import_as_csv(lab, tmp_path):
    lab.open("#data=moons&model=mlp&hidden=4&n=100")
    with lab.page.expect_download() as download:
        lab.page.get_by_role("button", name="CSV ↓").click()
    lines = download.value.path().read_text().splitlines()
    assert lines[0] == "x1,x2,label" and len(lines) == 101

    csv = tmp_path / "points.csv"
    csv.write_text("x1,x2,label\n-2,-2,0\n2,2,1\n-2,2,2\n2,-2,0\n")
    old_id = lab.debug("runId")
    lab.page.locator("#point-tools input[type=file]").set_input_files(csv)
    new_id = wait_for_new_run(lab, old_id)
    settings = lab.debug("settings")
    assert settings["dataset"] == "custom" and settings["classes"] == 3
    assert settings["points"] == [[-2, -2, 0], [2, 2, 1], [-2, 2, 2], [2, -2, 0]]
    assert lab.api("GET", f"/api/runs/{new_id}").json()["config"]["dataset"]["classes"] == 3
    expect(lab.page.locator(".class-picker button")).to_have_count(3)

    csv.write_text("x1,x2,label\n1,2\n")
    lab.page.locator("#point-tools input[type=file]").set_input_files(csv)
    expect(lab.page.locator(".status-message")).to_contain_text("line 2")
    assert lab.errors == []


def test_exports_the_run_as_json_and_the_plane_as_png(lab):
    lab.open("#data=linear&model=logistic")
    lab.page.wait_for_function("() => window.__lab.lossPoints >= 5")
    with lab.page.expect_download() as download:
        lab.page.locator("#export-json").click()
    exported = json.loads(download.value.path().read_text())
    assert exported["run"]["config"]["model"]["kind"] == "logistic"
    assert exported["settings"]["dataset"] == "linear"
    assert len(exported["curves"]) >= 5 and {"step", "train_loss", "test_accuracy"} <= exported["curves"][0].keys()
    assert len(exported["params"]["coefficients"][0]) == 3
    assert "#data=linear" in exported["link"]
    with lab.page.expect_download() as download:
        lab.page.locator("#export-png").click()
    assert download.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert lab.errors == []


def test_slow_speed_steps_the_paused_run_from_the_page(lab):
    lab.open("#data=circle&model=mlp&hidden=4&speed=10&steps=10000000")
    run_id = lab.debug("runId")
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    first = lab.api("GET", f"/api/runs/{run_id}").json()
    assert first["status"] == "paused"  # the server waits; the page asks for 10 steps per frame
    later = poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["step"] >= first["step"] + 100)
    assert later["step"] >= first["step"] + 100
    lab.page.select_option("#control-speed", "full")
    poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["status"] == "running")
    assert lab.api("GET", f"/api/runs/{run_id}").json()["status"] == "running"
    assert lab.debug("runId") == run_id
    assert lab.errors == []


def test_the_page_passes_a_server_token_on(browser):
    with page_with_token(browser, "/", "#data=xor&model=mlp&hidden=4") as (base_url, page, errors):
        page.wait_for_function("() => window.__lab && window.__lab.gridFrames >= 3", timeout=15_000)
        run_id = page.evaluate("window.__lab.runId")
        assert run_needs_the_token(base_url, run_id).json()["status"] == "running"
    assert errors == []


@pytest.mark.parametrize(
    "hash_",
    [
        "#data=linear&model=logistic&feat=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2",
        "#data=spiral&classes=5&model=softmax&feat=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2",
        "#data=moons&model=mlp&hidden=8,8,8,8,8,8&act=relu&reg=l1&rrate=0.001",
    ],
)
def test_the_math_typesets_for_every_model_kind(lab, hash_):
    lab.open(hash_)
    lab.page.wait_for_function("() => window.__lab.lossPoints >= 3")
    math = lab.page.locator("#math")
    expect(math.locator(".katex").first).to_be_visible()
    expect(math).to_contain_text("loss")
    lab.page.wait_for_timeout(300)  # the panel re-typesets a few times a second
    assert math.locator(".katex-error").count() == 0
    box = math.bounding_box()
    assert lab.page.evaluate("el => el.scrollWidth <= el.clientWidth + 1", math.element_handle()), box
    assert lab.errors == []


def test_the_curves_start_at_step_zero_and_slow_speed_shows_every_tick(lab):
    lab.open("#data=linear&model=logistic&speed=10")
    assert lab.debug("curveStart") == 0
    lab.page.wait_for_function("() => window.__lab.step >= 100")
    info = lab.api("GET", f"/api/runs/{lab.debug('runId')}").json()
    assert info["step"] % 10 == 0, "paced runs advance exactly 10 steps per tick"
    assert lab.errors == []


def test_impossible_settings_explain_themselves_without_a_failing_request(lab):
    lab.page.goto(f"{lab.base_url}/#data=blobs3&classes=3&model=logistic")
    expect(lab.page.locator(".status-message")).to_contain_text("Logistic regression is binary")
    expect(lab.page.locator("#status .badge")).to_have_text("idle")
    assert lab.api("GET", "/api/runs").json()["runs"] == []
    lab.page.locator('#control-model [data-value="softmax"]').click()
    lab.wait_for_training()
    expect(lab.page.locator(".status-message")).to_have_text("")
    assert lab.errors == []


def test_choosing_a_lesson_after_a_pause_starts_it_playing(lab):
    lab.open("#data=circle&model=mlp&hidden=4&steps=10000000")
    old_id = lab.debug("runId")
    lab.page.keyboard.press("Space")
    expect(lab.page.locator("#status .badge")).to_have_text("paused")
    lab.page.locator('.lesson[data-lesson="2"]').click()
    new_id = wait_for_new_run(lab, old_id)
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    expect(lab.page.locator("#play")).to_have_attribute("aria-label", "Pause")
    # a lesson starts at its watchable pace: the page asks for steps tick by tick (the server run itself stays
    # paused between requests), so "playing" means the server's step count keeps growing
    first = poll(lambda: lab.api("GET", f"/api/runs/{new_id}").json()["step"], lambda step: step > 0)
    later = poll(lambda: lab.api("GET", f"/api/runs/{new_id}").json()["step"], lambda step: step > first)
    assert later > first > 0
    assert lab.errors == []


def test_choosing_the_lesson_whose_settings_are_on_screen_starts_it_from_step_zero(lab):
    """The first visit's settings are No.1's at full speed: choosing No.1 must not just slow down a run that is
    already far along (the line it asks the learner to watch turning has long formed)."""
    lab.open("#data=linear&model=logistic&noise=0.2&lr=0.03&steps=1000000")
    old_id = lab.debug("runId")
    poll(lambda: lab.api("GET", f"/api/runs/{old_id}").json()["step"], lambda step: step > 1000)
    lab.page.locator('.lesson[data-lesson="1"]').click()
    new_id = wait_for_new_run(lab, old_id)
    assert new_id != old_id
    assert lab.api("GET", f"/api/runs/{new_id}").json()["step"] < 1000, "the lesson's run starts at its own pace"
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    assert lab.errors == []


def test_every_clicked_point_is_visible_in_either_split(lab):
    """Six clicks on a cleared plane: some land in the (by default hidden) test split, yet all six stay drawn."""
    lab.open("#data=linear&model=logistic&train=50")
    lab.page.get_by_role("button", name="Clear").click()
    lab.page.wait_for_function("() => window.__lab.settings.dataset === 'custom'")
    for i, (fx, fy) in enumerate([(0.2, 0.2), (0.3, 0.25), (0.25, 0.35), (0.8, 0.8), (0.7, 0.75), (0.75, 0.65)]):
        lab.page.locator(f".class-picker button[data-label='{i // 3}']").click()
        lab.page.mouse.click(*plane_point(lab, fx, fy))
    lab.page.wait_for_function("() => window.__lab.settings.points.length === 6")
    # the server's split of all six is in, and it holds some out
    lab.page.wait_for_function("() => { const s = window.__lab.split; return s && s.train + s.test === 6; }")
    assert lab.debug("split")["test"] >= 1, "the test needs a held-out point to mean anything"
    lab.page.wait_for_function("() => window.__lab.drawnPoints === 6")
    expect(lab.page.locator("#show-test")).to_be_checked()
    expect(lab.page.locator("#split-note")).to_be_visible()
    assert lab.errors == []
