"""The settings panels and the views beside them speak the page's language: in Japanese no English word outside
the catalogue test's allowlist (names a learner meets in code) shows in their text, options or tooltips, and in
English the same controls read their English labels."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.test_i18n_catalogues import ALLOWED_WORDS, LATIN_WORD

pytestmark = pytest.mark.browser

# Formulas and code-like notation are language-neutral (the convolution's map[i, j] = Σ image[…] · kernel[u, v]).
NEUTRAL = {"map", "image", "kernel", "sin"}

TEXTS = """sel => [...document.querySelectorAll(sel)].flatMap(root => [
    ...[...root.querySelectorAll("*")].filter(e => e.offsetParent !== null)
        .flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim())),
    ...[...root.querySelectorAll("option")].map(o => o.textContent.trim()),
    ...[...root.querySelectorAll("[title], [aria-label]")].flatMap(e => [e.title, e.getAttribute("aria-label")]),
].filter(Boolean))"""


def stray_english(page, selector: str) -> list[str]:
    texts = page.evaluate(TEXTS, selector)
    assert texts, f"nothing visible in {selector}"
    return [text for text in texts if set(LATIN_WORD.findall(text)) - ALLOWED_WORDS - NEUTRAL]


def test_the_2d_panel_and_units_in_japanese(lab):
    lab.open("#data=xor&model=mlp&hidden=4,3&lang=ja")
    expect(lab.page.locator('#controls [data-key="learningRate"] label')).to_have_text("学習率")
    assert stray_english(lab.page, "#controls, #units, #point-tools") == []
    lab.page.locator('#control-model [data-value="logistic"]').click()
    expect(lab.page.locator("#units .net-row")).to_have_count(2)  # inputs, scores
    assert stray_english(lab.page, "#units") == []
    assert lab.errors == []


def test_the_2d_panel_in_english(lab):
    lab.open("#data=xor&model=mlp&hidden=4,3&lang=en")
    labels = lab.page.locator("#controls .control label")
    for text in ["Learning rate", "Batch size", "Weight seed", "Stop after", "Hidden", "Features"]:
        expect(labels.filter(has_text=text).first).to_be_visible()
    expect(lab.page.locator("#controls .layer-count span")).to_have_text("2 layers")
    expect(lab.page.locator("#units .net-label strong").first).to_have_text("Inputs")
    assert lab.errors == []


@pytest.mark.parametrize("lesson, selector", [("cnn", "#settings"), ("mlp", "#settings"), ("conv", "#conv-view")])
def test_the_digits_settings_and_convolution_in_japanese(lab, lesson, selector):
    lab.page.goto(f"{lab.base_url}/digits.html#lesson={lesson}&lang=ja")
    expect(lab.page.locator(selector)).to_be_visible()
    if lesson == "conv":
        expect(lab.page.locator("#conv-view .preset-bar button").first).to_be_visible()
    else:
        expect(lab.page.locator('#settings [data-key="learningRate"] label')).to_have_text("学習率")
    assert stray_english(lab.page, selector) == []
    assert lab.errors == []
