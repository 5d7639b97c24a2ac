"""Japanese everywhere: in Japanese mode no visible text node of either page, and no title, aria-label or placeholder
of a visible element, holds a Latin word outside a short list of names and code terms. Not a selector subset: the
scan walks every text node of document.body, on the 2D page (default state, each lesson No.1–No.5 chosen from the
lesson bar with the course panel open, the plane hovered, a regularised network, the coach's card with its "why")
and on the digits page (each lesson chosen from the lesson bar, a drawn digit). In English no ⟦key⟧ shows anywhere.

Formulas are language-neutral: KaTeX's output is skipped except the words inside \\text{…}, which are prose and come
from the catalogues (math.*).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.test_i18n_catalogues import ALLOWED_WORDS, LATIN_WORD

pytestmark = pytest.mark.browser

# Beyond the catalogue test's list: "sin", a function name on the feature buttons (sin x₁), like log and max.
ALLOWED = ALLOWED_WORDS | {"sin"}

PLANE_LESSONS = ["plane.logistic", "plane.softmax", "plane.circle", "plane.xor", "plane.spiral"]
DIGITS_LESSONS = ["digits.softmax", "digits.mlp", "digits.conv", "digits.conv1", "digits.cnn"]

# Every visible text node (KaTeX: only inside \text{}; its MathML copy is for screen readers and holds the TeX
# source), the words of visible elements' title/aria-label/placeholder, and the tab's <title>; a closed <select>'s
# options count.
SCAN = """() => {
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true }) && el.getClientRects().length > 0;
  const name = (el) => el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || el.closest("script, style, template, .katex-mathml")) continue;
    if (el.closest(".katex") && !el.closest(".text")) continue;
    const select = el.closest("option") && el.closest("select");
    if (shown(select || el)) found.push({ where: name(el), text });
  }
  for (const el of document.body.querySelectorAll("[title], [aria-label], [placeholder]")) {
    if (!shown(el)) continue;
    for (const attr of ["title", "aria-label", "placeholder"]) {
      const text = (el.getAttribute(attr) || "").trim();
      if (text) found.push({ where: `${name(el)}@${attr}`, text });
    }
  }
  found.push({ where: "<title>", text: document.title });
  return found;
}"""


def scan(page: Page) -> list[dict]:
    found = page.evaluate(SCAN)
    assert found, "the scan saw no text at all"
    return found


def stray_english(page: Page) -> list[str]:
    """'where: text' for every visible text or attribute with a Latin word outside the allowlist."""
    return [
        f"{item['where']}: {item['text'][:120]}"
        for item in scan(page)
        if set(LATIN_WORD.findall(item["text"])) - ALLOWED
    ]


def missing_keys(page: Page) -> list[str]:
    return [f"{item['where']}: {item['text'][:120]}" for item in scan(page) if "⟦" in item["text"]]


def test_the_scan_sees_text_outside_any_selector_and_katex_text_words(lab):
    lab.open("#data=xor&model=mlp&hidden=4&lang=ja")
    lab.page.evaluate("""() => {
        const note = document.createElement("span");
        note.textContent = "stray words";
        document.querySelector("#status").append(note);
        document.querySelector("#play").setAttribute("title", "Play it");
    }""")
    stray = stray_english(lab.page)
    assert "span.: stray words" in stray and "#play@title: Play it" in stray
    texts = [item["text"] for item in scan(lab.page)]
    assert "パラメーター数" in texts, "a \\text{} word of the math panel is scanned"
    assert not any("\\text" in text or "\\begin" in text for text in texts), "KaTeX's TeX source is skipped"


def _settle(lab, frames: int = 2) -> None:
    start = lab.debug("frames")
    lab.page.wait_for_function("n => window.__lab.frames >= n", arg=start + frames, timeout=30_000)


def test_the_2d_page_in_japanese_has_no_stray_english(lab):
    page = lab.page
    lab.open("#lang=ja")
    stray = {"default": stray_english(page)}
    for lesson_id in PLANE_LESSONS:
        page.locator(f'#lessons button[data-id="{lesson_id}"]').click()
        expect(page.locator("#course")).to_be_visible()
        _settle(lab)
        box = page.locator("#plane").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.6)
        stray[lesson_id] = stray_english(page)
    lab.open("#data=circle&model=mlp&hidden=4,3&reg=l2&test=1&disc=1&lang=ja")
    stray["regularised network"] = stray_english(page)
    lab.open("#data=circle&model=mlp&hidden=8&act=relu&lr=10&noise=0.1&speed=full&lang=ja")
    coach = page.locator("#coach")
    expect(coach).to_be_visible(timeout=60_000)
    coach.locator(".coach-why").click()
    expect(coach.locator(".coach-why-text p").first).to_be_visible()
    stray["coach"] = stray_english(page)
    assert {state: texts for state, texts in stray.items() if texts} == {}
    assert lab.errors == []


def test_the_digits_page_in_japanese_has_no_stray_english(lab):
    page = lab.page
    page.goto(f"{lab.base_url}/digits.html#lang=ja")
    expect(page.locator("#course")).to_be_visible()
    stray = {}
    for lesson_id in DIGITS_LESSONS:
        page.locator(f'#lessons button[data-id="{lesson_id}"]').click()
        if lesson_id == "digits.conv":
            expect(page.locator("#conv-view .preset-bar button").first).to_be_visible()
            cell = page.locator("#conv-view canvas").last.bounding_box()
            page.mouse.move(cell["x"] + cell["width"] / 2, cell["y"] + cell["height"] / 2)
        else:
            page.wait_for_function("() => window.__lab.frames >= 2", timeout=60_000)
            expect(page.locator("#confusion-summary")).not_to_be_empty(timeout=60_000)
            _settle(lab)
        stray[lesson_id] = stray_english(page)
    pad = page.locator("#pad").bounding_box()
    page.mouse.move(pad["x"] + pad["width"] * 0.5, pad["y"] + pad["height"] * 0.2)
    page.mouse.down()
    page.mouse.move(pad["x"] + pad["width"] * 0.5, pad["y"] + pad["height"] * 0.8, steps=8)
    page.mouse.up()
    expect(page.locator("#bars")).not_to_be_empty()
    stray["drawn digit"] = stray_english(page)
    assert {state: texts for state, texts in stray.items() if texts} == {}
    assert lab.errors == []


@pytest.mark.parametrize("path", ["/#data=xor&model=mlp&hidden=4,3&reg=l2&lang=en", "/digits.html#lesson=cnn&lang=en"])
def test_english_pages_show_no_missing_key(lab, path):
    lab.page.goto(f"{lab.base_url}{path}")
    lab.page.wait_for_function("() => window.__lab && window.__lab.frames >= 2", timeout=60_000)
    assert missing_keys(lab.page) == []
    assert [e for e in lab.errors if "i18n" in e] == []


def test_the_optimizer_panels_in_japanese_have_no_stray_english(lab):
    """The step inspector (every model kind), the loss surface and runs compared's legend, open, in Japanese."""
    page = lab.page
    stray = {}
    for state in ("#model=logistic&opt=adam&speed=100", "#data=circle&model=mlp&hidden=4,3&act=relu&speed=100"):
        page.goto("about:blank")  # a load of its own: a hash change alone would keep the last state's pause
        lab.open(f"{state}&lang=ja")
        page.locator("#play").click()
        expect(page.locator("#inspect")).to_be_enabled(timeout=15_000)
        page.locator("#inspect").click()
        page.wait_for_function("() => window.__lab.inspector.step !== null", timeout=30_000)
        cell = page.locator("#inspector [tabindex]").first
        cell.focus()
        stray[f"inspector {state}"] = stray_english(page)
    page.goto("about:blank")
    lab.open("#model=softmax&data=blobs3&classes=3&speed=10&lang=ja")
    page.locator("#show-surface").check()
    page.wait_for_function("() => window.__lab.surface.surfaces >= 1", timeout=30_000)
    page.locator('#control-model [data-value="logistic"]').click()  # another run: the last one joins the legend
    expect(page.locator("#compare-legend .compare-entry")).to_have_count(1, timeout=30_000)
    stray["surface and runs compared"] = stray_english(page)
    assert {state: texts for state, texts in stray.items() if texts} == {}
    assert lab.errors == []


def test_the_class_view_in_japanese_has_no_stray_english(lab):
    """The teacher's page (web/class/), its words from the catalogues; a server without a class is its teacher."""
    lab.page.goto(f"{lab.base_url}/class/#lang=ja")
    expect(lab.page.locator("#class-status")).not_to_be_empty()
    assert stray_english(lab.page) == []
    assert missing_keys(lab.page) == []
    assert lab.errors == []
