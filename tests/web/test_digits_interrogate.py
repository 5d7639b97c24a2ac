"""The digits lab questioned (issue 13, the page's half): a confusion cell's digits, robustness, confidence, the
layers mapped, and the learner's own picture through the live model."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.web.screenshot_digits import SEVEN, draw_stroke
from tests.web.test_digits import INKED_JS, PIXELS_JS, PREVIEW_JS, bar_values, digits, open_digits

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
    true, predicted, count = busiest_mistake(lab)
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
    assert int(examples.get_attribute("data-total")) == count >= len(shown) > 0  # the matrix's count

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


def png_of_a_one(size=(90, 140), background="white", ink="black") -> bytes:
    """A '1' drawn off-centre on a tall picture, as a learner's photo or scan might be."""
    picture = Image.new("RGB", size, background)
    pen = ImageDraw.Draw(picture)
    pen.line([(58, 20), (62, 120)], fill=ink, width=9)
    pen.line([(44, 34), (58, 20)], fill=ink, width=7)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def upload(lab, data: bytes, name: str = "digit.png", mime: str = "image/png") -> None:
    lab.page.locator("#upload-file").set_input_files({"name": name, "mimeType": mime, "buffer": data})


def preview(lab) -> np.ndarray:
    return np.asarray(lab.page.evaluate(PREVIEW_JS)).reshape(28, 28)


def test_an_uploaded_png_is_shown_stage_by_stage_and_the_bars_answer_for_it(lab):
    open_digits(lab, "#lesson=softmax")
    upload(lab, png_of_a_one())
    stages = lab.page.locator("#upload-stages")
    expect(stages).to_be_visible()
    names = stages.locator(".upload-stage").evaluate_all("(figures) => figures.map((f) => f.dataset.stage)")
    assert names == ["grayscale", "ink", "cropped", "fitted", "centred"]
    caption = lab.page.locator("#bars .bars-caption")
    expect(caption).to_contain_text("Your picture")
    probabilities, _ = bar_values(lab)
    assert sum(probabilities) == pytest.approx(1, abs=1e-3)
    seen = preview(lab)
    assert seen.sum() > 10  # the preview shows the picture as the model sees it, centred
    rows, columns = np.nonzero(seen > 0.1)
    assert rows.max() - rows.min() + 1 in (19, 20, 21) and 14 - 3 < columns.mean() < 14 + 3

    lab.page.locator("#clear").click()
    expect(stages).to_be_hidden()
    expect(caption).not_to_contain_text("Your picture")
    assert lab.errors == []


def test_a_damaged_or_huge_picture_says_why_in_the_status_line_and_the_page_goes_on(lab):
    open_digits(lab, "#lesson=softmax")
    upload(lab, b"\x89PNG\r\n\x1a\n not really a picture", name="broken.png")
    message = lab.page.locator("#status")
    expect(message).to_contain_text("broken.png")
    expect(message).to_contain_text("PNG or JPEG")
    upload(lab, b"\x89PNG\r\n\x1a\n" + bytes(1_100_000), name="huge.png")
    expect(message).to_contain_text("huge.png")
    expect(message).to_contain_text("1,000,000 bytes")
    expect(lab.page.locator("#upload-stages")).to_be_hidden()
    steps = digits(lab, "step")
    lab.page.wait_for_function("step => window.__lab.step > step", arg=steps)  # still training
    lab.errors[:] = [e for e in lab.errors if "status of 413" not in e and "status of 422" not in e]
    assert lab.errors == []


def test_drawing_and_uploading_the_same_strokes_give_the_same_28x28_digit(lab):
    """The pad's preprocessing (web/digits/preprocess.js) and the server's (models/preprocess.py) share their
    semantics: the pad's strokes, saved as a PNG on white paper and uploaded, land in the same 20×20 box, centred
    the same way."""
    open_digits(lab, "#lesson=softmax")
    draw_stroke(lab.page, SEVEN)
    drawn = preview(lab)
    png = lab.page.evaluate(
        """() => {
            const pad = document.getElementById("pad");
            const paper = document.createElement("canvas");
            paper.width = pad.width;
            paper.height = pad.height;
            const ctx = paper.getContext("2d");
            ctx.fillStyle = "#fff";
            ctx.fillRect(0, 0, paper.width, paper.height);
            ctx.drawImage(pad, 0, 0);
            return paper.toDataURL("image/png").split(",")[1];
        }"""
    )
    upload(lab, base64.b64decode(png), name="pad.png")
    expect(lab.page.locator("#bars .bars-caption")).to_contain_text("Your picture")
    uploaded = preview(lab)

    def box(image):
        rows, columns = np.nonzero(image > 0.15)
        return rows.min(), rows.max(), columns.min(), columns.max()

    def centre(image):
        ys, xs = np.mgrid[0:28, 0:28]
        return (ys * image).sum() / image.sum(), (xs * image).sum() / image.sum()

    assert np.abs(np.subtract(box(drawn), box(uploaded))).max() <= 1
    assert np.abs(np.subtract(centre(drawn), centre(uploaded))).max() < 0.6
    assert np.corrcoef(drawn.ravel(), uploaded.ravel())[0, 1] > 0.9


def canvas_hash(lab, selector: str) -> str:
    return lab.page.evaluate(PIXELS_JS, selector)


def answers(lab, panel: str) -> int:
    return int(lab.page.locator(f"#question-{panel}").get_attribute("data-answers") or 0)


def test_a_robustness_slider_updates_the_curve_and_the_preview(lab):
    open_digits(lab, "#lesson=softmax")
    lab.page.locator("#questions button[data-question='robustness']").click()
    expect(lab.page.locator("#templates")).to_be_hidden()  # the question takes the lesson views' place
    lab.page.wait_for_function("() => Number(document.getElementById('question-robustness').dataset.answers) >= 1")
    before = (canvas_hash(lab, ".robustness-preview"), canvas_hash(lab, ".robustness-chart"))
    count = answers(lab, "robustness")
    slider = lab.page.locator(".robustness-strength")
    slider.focus()
    lab.page.keyboard.press("End")  # the largest shift
    expect(lab.page.locator(".robustness-value")).to_have_text("8 px")
    lab.page.wait_for_function(
        "n => Number(document.getElementById('question-robustness').dataset.answers) > n", arg=count
    )
    lab.page.wait_for_function(
        "([preview, chart]) => { const hash = (s) => ("
        + PIXELS_JS.strip()
        + ")(s); return hash('.robustness-preview') !== preview && hash('.robustness-chart') !== chart; }",
        arg=list(before),
    )
    accuracy = lab.page.evaluate("JSON.parse(document.getElementById('question-robustness').dataset.accuracy)")
    assert accuracy[-1] < accuracy[0]  # a digit shifted by 8 px is much harder than the plain one

    lab.page.locator(".robustness-kinds button[data-distortion='rotation']").click()
    expect(lab.page.locator(".robustness-value")).to_contain_text("°")
    lab.page.locator("#questions button[data-question='model']").click()
    expect(lab.page.locator("#templates")).to_be_visible()
    assert lab.errors == []


def test_the_confidence_slider_trades_coverage_for_accuracy(lab):
    run_id = open_digits(lab, "#lesson=softmax")
    pause(lab)
    lab.page.locator("#questions button[data-question='confidence']").click()
    panel = lab.page.locator("#question-confidence")
    lab.page.wait_for_function("() => document.getElementById('question-confidence').dataset.step !== undefined")
    slider = lab.page.locator(".confidence-threshold")
    slider.focus()
    lab.page.keyboard.press("Home")  # threshold 0: every digit answered, at the plain test accuracy
    curve = lab.api("GET", f"/api/runs/{run_id}/confidence").json()
    assert float(panel.get_attribute("data-coverage")) == 1
    assert float(panel.get_attribute("data-accuracy")) == pytest.approx(curve["test_accuracy"])
    lab.page.keyboard.press("End")  # the strictest threshold
    expect(panel).not_to_have_attribute("data-coverage", "1")
    last = curve["points"][-1]
    assert float(panel.get_attribute("data-coverage")) == pytest.approx(last["coverage"])
    assert last["accuracy"] is None or float(panel.get_attribute("data-accuracy")) >= curve["test_accuracy"]
    expect(lab.page.locator(".confidence-readout")).to_contain_text("test digits")
    assert lab.errors == []


def test_the_layers_map_draws_the_digits_switches_layers_and_a_click_probes(lab):
    open_digits(lab, "#lesson=mlp", timeout_ms=60_000)
    lab.page.locator("#questions button[data-question='embedding']").click()
    lab.page.wait_for_function("() => Number(document.getElementById('question-embedding').dataset.answers) >= 1")
    layers = lab.page.locator(".embedding-layer option").evaluate_all("(options) => options.map((o) => o.value)")
    assert layers[0] == "input" and "hidden1" in layers and layers[-1] == "output"
    assert lab.page.evaluate(INKED_JS, ".embedding-map") > 500
    lab.page.locator(".embedding-layer").select_option("hidden1")
    expect(lab.page.locator("#question-embedding")).to_have_attribute("data-layer", "hidden1")
    pause(lab)
    run_id = digits(lab, "runId")
    answer = lab.api("GET", f"/api/runs/{run_id}/embedding?layer=hidden1&limit=1000").json()
    count = answers(lab, "embedding")
    lab.page.wait_for_function(  # the paused run's map, as the API answers it
        "n => Number(document.getElementById('question-embedding').dataset.answers) >= n", arg=count
    )
    lab.page.locator(".embedding-layer").select_option("hidden1")
    box = lab.page.locator(".embedding-map").bounding_box()
    target = lab.page.evaluate(
        """([points, width, height]) => {
            const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
            const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
            const scale = Math.min((width - 20) / (x1 - x0), (height - 20) / (y1 - y0));
            const cx = (width - scale * (x1 + x0)) / 2, cy = (height + scale * (y1 + y0)) / 2;
            return [cx + scale * points[7][0], cy - scale * points[7][1]];
        }""",
        [answer["points"], round(box["width"]), round(box["height"])],
    )
    lab.page.mouse.move(box["x"] + target[0], box["y"] + target[1])
    expect(lab.page.locator(".embedding-readout")).to_contain_text("test digit #")
    lab.page.mouse.click(box["x"] + target[0], box["y"] + target[1])
    lab.page.wait_for_function("() => window.__lab.settings.probe !== 0")
    probe = digits(lab, "settings")["probe"]
    px, py = answer["points"][probe]
    assert abs(px - answer["points"][7][0]) < 1 and abs(py - answer["points"][7][1]) < 1  # it or a digit on top of it
    assert lab.errors == []
