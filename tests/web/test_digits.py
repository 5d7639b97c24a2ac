"""The digits lab in a real Chromium against a real server: softmax templates, drawing, the CNN, convolution."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ARTIFACTS
from tests.web.helpers import page_with_token, poll, run_needs_the_token
from tests.web.screenshot_digits import SEVEN, draw_stroke

pytestmark = pytest.mark.browser

CNN_TIMEOUT_MS = 90_000  # the first CNN frame waits for XLA to compile two convolutions (slow on a busy CPU)

# A hash of every canvas's pixels matching a selector: changes when any pixel of any of them changes.
PIXELS_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).map((canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  let hash = 0;
  for (let i = 0; i < data.length; i++) hash = (Math.imul(hash, 31) + data[i]) >>> 0;
  return hash;
}).join(",")
"""

# Pixels of the canvases matching a selector that are not paper-white (the views draw white for 0).
INKED_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).reduce((n, canvas) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 3 * 245) n++;
  return n;
}, 0)
"""

# The 28×28 preview of the drawing: ink (darkness) per pixel, row-major.
PREVIEW_JS = """
() => {
  const canvas = document.getElementById("seen");
  const { data } = canvas.getContext("2d").getImageData(0, 0, 28, 28);
  return Array.from({ length: 784 }, (_, i) => 1 - data[i * 4] / 255);
}
"""


def open_digits(lab, hash_: str = "", frames: int = 2, timeout_ms: int = 30_000) -> str | None:
    """Open the digits page; for a training lesson, wait until `frames` frames and two curve points are in and
    return the id of the run the page started (None with `frames=0`: nothing was waited for)."""
    lab.page.goto(f"{lab.base_url}/digits.html{hash_}")
    if not frames:
        return None
    lab.page.wait_for_function(
        "n => window.__lab && window.__lab.frames >= n && window.__lab.lossPoints >= 2",
        arg=frames,
        timeout=timeout_ms,
    )
    return digits(lab, "runId")


def digits(lab, name: str):
    return lab.page.evaluate(f"window.__lab.{name}")


def bar_values(lab) -> tuple[list[float], list[float]]:
    """The ten bars as the page shows them, read at one instant (frames keep coming): the exact probabilities
    (data attributes) and the rounded percentages (text)."""
    return lab.page.evaluate(
        """() => {
            const rows = Array.from(document.querySelectorAll("#bars .bar-row"));
            return [rows.map((row) => Number(row.dataset.probability)),
                    rows.map((row) => Number.parseFloat(row.querySelector(".bar-value").textContent))];
        }"""
    )


def test_page_loads_trains_fits_the_screen_and_logs_no_errors(lab):
    open_digits(lab)
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    expect(lab.page.locator("#lessons .lesson[aria-current='true']")).to_contain_text("Softmax")
    expect(lab.page.locator(".pages a[href='./']")).to_have_text("2D lab")
    expect(lab.page.locator("#model-note .katex").first).to_be_visible()
    assert lab.page.evaluate("document.documentElement.scrollHeight") <= 800, "the main view must fit 1280×800"
    assert lab.page.evaluate("document.documentElement.scrollWidth") <= 1280
    settings = digits(lab, "settings")
    assert (settings["lesson"], settings["optimizer"], settings["learningRate"], settings["batchSize"]) == (
        "softmax",
        "sgd",
        0.5,
        100,
    )
    hash_ = lab.page.evaluate("location.hash")
    assert "lesson=softmax" in hash_ and "lr=0.5" in hash_
    assert lab.errors == []


def test_softmax_templates_fill_in_and_the_curves_confusion_and_mistakes_update(lab):
    open_digits(lab, "#lesson=softmax")
    lab.page.wait_for_function("() => window.__lab.step >= 50 && window.__lab.lossPoints >= 5")
    assert lab.page.locator("#templates canvas.template").count() == 10
    assert lab.page.evaluate(INKED_JS, "#templates canvas.template") > 10 * 100, "templates are red/blue, not blank"
    assert lab.page.evaluate(INKED_JS, "#loss") > 50, "the loss curve is drawn"
    lab.page.wait_for_function("() => Number(document.getElementById('confusion').dataset.updates) >= 2")
    counts = lab.page.locator("#confusion .confusion-cell").all_inner_texts()
    assert sum(int(text) for text in counts if text) == 2000, "the matrix counts the whole test split"
    expect(lab.page.locator("#mistakes .thumb").first).to_be_visible()
    assert 1 <= lab.page.locator("#mistakes .thumb").count() <= 16
    lab.page.wait_for_function("() => document.querySelector('#evidence').dataset.best !== undefined")
    assert lab.errors == []


def test_drawing_a_stroke_shows_ten_bars_that_sum_to_one(lab):
    open_digits(lab, "#lesson=softmax")
    draw_stroke(lab.page, SEVEN)
    lab.page.wait_for_function("() => window.__lab.predictions >= 1")
    expect(lab.page.locator("#bars .bars-caption")).to_contain_text("Your drawing")
    expect(lab.page.locator("#bars .bar-row")).to_have_count(10)
    exact, shown = bar_values(lab)
    assert all(0 <= p <= 1 for p in exact)
    assert sum(exact) == pytest.approx(1, abs=1e-4)
    assert sum(shown) == pytest.approx(100, abs=0.6), "the rounded percentages still add up"
    assert lab.page.locator("#bars .bar-row.best").count() == 1

    # MNIST-style preprocessing: the ink's box is scaled into 20×20 and its centre of mass sits at the centre.
    ink = lab.page.evaluate(PREVIEW_JS)
    inked = [(i // 28, i % 28) for i, v in enumerate(ink) if v > 0.05]
    rows, cols = [r for r, _ in inked], [c for _, c in inked]
    assert max(max(rows) - min(rows), max(cols) - min(cols)) + 1 in (19, 20, 21)
    mass = sum(ink)
    centre_row = sum((i // 28 + 0.5) * v for i, v in enumerate(ink)) / mass
    centre_col = sum((i % 28 + 0.5) * v for i, v in enumerate(ink)) / mass
    assert abs(centre_row - 14) <= 1 and abs(centre_col - 14) <= 1

    # The bars keep updating while the model trains.
    first = digits(lab, "predictions")
    lab.page.wait_for_function("n => window.__lab.predictions >= n + 2", arg=first)
    exact, _ = bar_values(lab)
    assert sum(exact) == pytest.approx(1, abs=1e-4)

    lab.page.click("#clear")
    expect(lab.page.locator("#bars .bars-caption")).to_contain_text("Test digit #0")
    assert lab.errors == []


def test_clicking_a_test_digit_probes_it(lab):
    run_id = open_digits(lab, "#lesson=softmax&speed=1")
    lab.page.click("#browser .thumb[data-index='7']")
    expect(lab.page.locator("#browser .thumb[data-index='7']")).to_have_attribute("aria-pressed", "true")
    # "Test digit #7 (a …)" appears once probabilities are shown (the idle caption has no "(a")
    expect(lab.page.locator("#bars .bars-caption")).to_contain_text("Test digit #7 (a ", timeout=15_000)
    exact, _ = bar_values(lab)
    assert sum(exact) == pytest.approx(1, abs=1e-3)
    assert digits(lab, "runId") == run_id, "probing a digit does not restart training"
    lab.page.wait_for_function("() => location.hash.includes('probe=7')")
    assert lab.errors == []


def test_learning_rate_slider_changes_the_running_run_without_restart(lab):
    run_id = open_digits(lab, "#lesson=softmax&lr=0.5")
    restarts = digits(lab, "restarts")
    slider = lab.page.locator("#control-learningRate")
    slider.focus()
    for _ in range(6):
        slider.press("ArrowLeft")  # −0.05 decades each, from 0.5 (snapped to 10^-0.3) to 10^-0.6
    expect(lab.page.locator('[data-key="learningRate"] output')).to_have_text("0.25")
    info = poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["learning_rate"] == 0.25)
    assert info["learning_rate"] == 0.25
    # nothing restarts: no restart waits out its debounce, none was made, and this run's frames keep coming
    lab.page.wait_for_function("s => window.__lab.step > s && !window.__lab.restartPending", arg=digits(lab, "step"))
    assert digits(lab, "restarts") == restarts
    assert digits(lab, "runId") == run_id
    assert lab.errors == []


def test_cnn_filters_change_between_frames_and_feature_maps_show_the_probe(lab):
    open_digits(lab, "#lesson=cnn&steps=100000", frames=1, timeout_ms=CNN_TIMEOUT_MS)
    lab.page.wait_for_function("() => Number(document.getElementById('conv1').dataset.frames) >= 1")
    assert lab.page.locator("#conv1 canvas").count() == 8
    assert lab.page.locator("#conv2 canvas").count() == 16 * 8
    before = lab.page.evaluate(PIXELS_JS, "#conv1 canvas, #conv2 canvas")
    step_before = digits(lab, "step")
    lab.page.wait_for_function(
        "s => window.__lab.step > s && Number(document.getElementById('conv1').dataset.frames) >= 2",
        arg=step_before,
        timeout=CNN_TIMEOUT_MS,
    )
    lab.page.wait_for_timeout(100)
    after = lab.page.evaluate(PIXELS_JS, "#conv1 canvas, #conv2 canvas")
    assert before != after, "the filters learn: their pixels change between frames"

    for layer, count in (("conv1", 8), ("pool1", 8), ("conv2", 16), ("pool2", 16)):
        assert lab.page.locator(f"#feature-maps .maps-{layer} canvas").count() == count
    assert lab.page.evaluate(INKED_JS, "#feature-maps .maps-conv1 canvas") > 100
    expect(lab.page.locator("#maps-title")).to_contain_text("test digit #0 (a ")
    expect(lab.page.locator("#progress")).to_contain_text("epoch")
    lab.page.wait_for_function("() => window.__lab.frames >= 3", timeout=CNN_TIMEOUT_MS)
    expect(lab.page.locator("#progress")).to_contain_text("images/s")
    assert lab.errors == []


def test_convolution_presets_change_the_output_and_match_the_api(lab):
    open_digits(lab, "#lesson=conv&digit=3", frames=0)
    view = lab.page.locator("#conv-view")
    lab.page.wait_for_function("() => Number(document.getElementById('conv-view').dataset.results) >= 1")
    assert lab.api("GET", "/api/runs").json()["runs"] == [], "nothing trains in this lesson"
    expect(view.locator(".preset-bar .chip[data-preset='vertical_edges']")).to_have_attribute("aria-pressed", "true")
    before = lab.page.evaluate(PIXELS_JS, "#conv-output")

    view.locator(".preset-bar .chip[data-preset='horizontal_edges']").click()
    lab.page.wait_for_function(
        "() => document.getElementById('conv-view').dataset.kernel === '[1,1,1,0,0,0,-1,-1,-1]' "
        "&& Number(document.getElementById('conv-view').dataset.results) >= 2"
    )
    lab.page.wait_for_function(f"before => ({PIXELS_JS})('#conv-output') !== before", arg=before)
    kernel = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]
    for canvas, options in (
        ("#conv-output", {}),
        ("#conv-relu", {"relu": True}),
        ("#conv-pool", {"relu": True, "pool": True}),
    ):
        answer = lab.api("POST", "/api/convolve", json={"index": 3, "kernel": kernel, **options}).json()
        shown = lab.page.locator(canvas)
        assert int(shown.get_attribute("data-size")) == answer["size"]
        assert float(shown.get_attribute("data-minimum")) == pytest.approx(answer["minimum"])
        assert float(shown.get_attribute("data-maximum")) == pytest.approx(answer["maximum"])
        total = sum(sum(row) for row in answer["output"])
        assert float(shown.get_attribute("data-sum")) == pytest.approx(total, abs=1e-3)
    lab.page.wait_for_function("() => location.hash.includes('kernel=1,1,1,0,0,0,-1,-1,-1')")

    # Hovering an output pixel frames the 3×3 input pixels it was computed from and reads its value.
    box = lab.page.locator("#conv-output").bounding_box()
    lab.page.mouse.move(box["x"] + box["width"] * (10.5 / 28), box["y"] + box["height"] * (12.5 / 28))
    expect(view.locator(".conv-readout")).to_contain_text("row 12, column 10")
    expect(view.locator(".receptive-field")).to_be_visible()
    assert lab.errors == []


def test_kernel_numbers_can_be_typed_and_the_kernel_grown_to_5x5(lab):
    open_digits(lab, "#lesson=conv", frames=0)
    lab.page.wait_for_function("() => Number(document.getElementById('conv-view').dataset.results) >= 1")
    cells = lab.page.locator("#conv-view .kernel-cell")
    expect(cells).to_have_count(9)
    cells.nth(4).fill("2.5")
    lab.page.wait_for_function("() => JSON.parse(document.getElementById('conv-view').dataset.kernel)[4] === 2.5")
    expect(lab.page.locator("#conv-view .chip[aria-pressed='true']")).to_have_count(0)

    lab.page.click("#conv-view .size-bar [data-size='5']")
    expect(cells).to_have_count(25)
    lab.page.wait_for_function("() => document.getElementById('conv-output').dataset.size === '28'")
    kernel = lab.page.evaluate("JSON.parse(document.getElementById('conv-view').dataset.kernel)")
    assert len(kernel) == 25 and kernel[12] == 2.5, "the 3×3 kernel sits in the middle of the 5×5 one"
    lab.page.wait_for_function("() => location.hash.includes('kernel=0,0,0,0,0,0,1,0,-1,0,0,1,2.5,-1,0,')")
    assert lab.errors == []


def test_drawing_feeds_the_convolution_lesson(lab):
    open_digits(lab, "#lesson=conv", frames=0)
    lab.page.wait_for_function("() => Number(document.getElementById('conv-view').dataset.results) >= 1")
    draw_stroke(lab.page, SEVEN)
    lab.page.wait_for_function("() => document.getElementById('conv-view').dataset.source === 'drawing'")
    lab.page.click("#browser .thumb[data-index='2']")
    lab.page.wait_for_function("() => document.getElementById('conv-view').dataset.source === 'digit:2'")
    assert lab.errors == []


def test_switching_lessons_replaces_the_run(lab):
    old_id = open_digits(lab, "#lesson=softmax")
    lab.page.click("#lessons .lesson:has-text('Convolution')")
    lab.page.wait_for_function("() => window.__lab.status === 'idle'")
    assert poll(lambda: lab.api("GET", f"/api/runs/{old_id}").status_code, lambda code: code == 404) == 404
    lab.page.wait_for_function("() => location.hash.startsWith('#lesson=conv')")  # one history entry per lesson
    lab.page.click("#lessons .lesson:has-text('Hidden layer')")
    lab.page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=old_id)
    info = lab.api("GET", f"/api/runs/{digits(lab, 'runId')}").json()
    assert info["config"]["model"]["kind"] == "mlp"
    assert info["config"]["optimizer"]["name"] == "adam"
    lab.page.wait_for_function("() => document.querySelectorAll('#templates canvas.template').length === 32")
    lab.page.wait_for_function("() => location.hash.startsWith('#lesson=mlp')")
    lab.page.go_back()
    lab.page.wait_for_function("() => window.__lab.settings.lesson === 'conv'")
    assert lab.errors == []


def test_pause_and_step_train_exactly_one_epoch(lab):
    run_id = open_digits(lab, "#lesson=softmax&speed=full&steps=1000000")
    lab.page.click("#play")
    info = poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json(), lambda info: info["status"] == "paused")
    assert info["status"] == "paused"
    step = settled_step(lab, run_id)  # a chunk in flight when the pause landed still counts its steps
    lab.page.click("#step")
    poll(lambda: lab.api("GET", f"/api/runs/{run_id}").json()["step"], lambda s: s > step)
    after = settled_step(lab, run_id)  # /step trains in short chunks: the count is read once it stops moving
    assert after - step == 80, "one epoch: 8,000 training digits in batches of 100"
    assert lab.errors == []


def settled_step(lab, run_id: str) -> int:
    """The run's step once it has not moved for half a second (within 30 s)."""
    deadline, last = time.monotonic() + 30, None
    while time.monotonic() < deadline:
        now = lab.api("GET", f"/api/runs/{run_id}").json()["step"]
        if now == last:
            return now
        last = now
        time.sleep(0.5)
    raise AssertionError(f"the step kept moving: {last}")


def test_the_page_passes_a_server_token_on(browser):
    with page_with_token(browser, "/digits.html", "#lesson=conv") as (base_url, page, errors):
        page.wait_for_function("() => Number(document.getElementById('conv-view').dataset.results) >= 1")
        expect(page.locator("#browser .thumb")).to_have_count(48)
        page.click("#lessons .lesson:has-text('Softmax')")
        page.wait_for_function("() => window.__lab.frames >= 2", timeout=30_000)
        draw_stroke(page, SEVEN)
        page.wait_for_function("() => window.__lab.predictions >= 1")
        run_needs_the_token(base_url, page.evaluate("window.__lab.runId"))
    assert errors == []


@pytest.mark.parametrize("lesson", ["softmax", "mlp", "conv", "cnn"])
def test_screenshot_of_each_lesson(lab, lesson):
    training = lesson != "conv"
    open_digits(lab, f"#lesson={lesson}", frames=2 if training else 0, timeout_ms=CNN_TIMEOUT_MS)
    if training:
        lab.page.wait_for_function(
            "() => Number(document.getElementById('confusion').dataset.updates) >= 1", timeout=CNN_TIMEOUT_MS
        )
    else:
        lab.page.wait_for_function("() => Number(document.getElementById('conv-view').dataset.results) >= 1")
    draw_stroke(lab.page, SEVEN)
    lab.page.wait_for_timeout(500)
    assert lab.page.evaluate("document.documentElement.scrollHeight") <= 800
    ARTIFACTS.mkdir(exist_ok=True)
    lab.page.screenshot(path=str(ARTIFACTS / f"digits-{lesson}.png"))
    assert lab.errors == []


def test_a_finished_run_still_answers_for_a_clicked_digit(lab):
    open_digits(lab, "#lesson=softmax&steps=200&speed=100")
    lab.page.wait_for_function("() => window.__lab.status === 'done'")
    lab.page.click("#browser .thumb[data-index='11']")
    expect(lab.page.locator("#bars .bars-caption")).to_contain_text("Test digit #11 (a ")
    exact, _ = bar_values(lab)
    assert sum(exact) == pytest.approx(1, abs=1e-4)
    assert lab.errors == []


def test_choosing_a_lesson_after_a_pause_starts_it_playing(lab):
    old_id = open_digits(lab, "#lesson=softmax&speed=full&steps=1000000")
    lab.page.keyboard.press("Space")
    expect(lab.page.locator("#status .badge")).to_have_text("paused")
    lab.page.click("#lessons .lesson:has-text('Hidden layer')")
    lab.page.wait_for_function("old => window.__lab.runId && window.__lab.runId !== old", arg=old_id)
    expect(lab.page.locator("#status .badge")).to_have_text("running")
    new_id = digits(lab, "runId")
    info = poll(lambda: lab.api("GET", f"/api/runs/{new_id}").json(), lambda info: info["step"] > 0, timeout_s=30)
    assert info["step"] > 0
    assert lab.errors == []
