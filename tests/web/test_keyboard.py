"""Keyboard use of both pages in real Chromium: pressing Tab alone reaches every visible control (buttons, inputs,
selects, links, summaries, anything made focusable), and each one shows a focus ring while it has keyboard focus.

A radio group is one Tab stop (the arrow keys move inside it), so a group counts as reached when one of its radios
is. Training is paused first so that no frame re-renders a control while the walk is under way.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MAX_TABS = 400

# Every visible control gets a probe id; the walk then reads the focused element's id and its ring.
MARK_CONTROLS_JS = """() => {
    const selector = "button, input, select, textarea, a[href], summary, [tabindex]";
    const shown = (el) => {
        if (el.closest("[hidden], [inert]") || el.disabled) return false;
        if (el.getAttribute("tabindex") === "-1") return false;
        const style = getComputedStyle(el);
        if (style.visibility === "hidden" || style.display === "none") return false;
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && el.getClientRects().length > 0;
    };
    const controls = [...document.querySelectorAll(selector)].filter(shown);
    controls.forEach((el, i) => (el.dataset.tabProbe = String(i)));
    return controls.map((el) => ({
        probe: el.dataset.tabProbe,
        group: el.type === "radio" && el.name ? `radio:${el.name}` : null,
        what: el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`
              + ` "${(el.textContent || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30)}"`,
    }));
}"""

FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    return { probe: el.dataset.tabProbe ?? null, ring: Boolean(outline || shadow),
             what: el.id ? `#${el.id}` : el.tagName.toLowerCase() + "." + [...el.classList].join(".") };
}"""


def walk(page: Page) -> tuple[list[dict], dict[str, dict]]:
    controls = page.evaluate(MARK_CONTROLS_JS)
    page.evaluate("() => document.activeElement?.blur()")
    page.locator("body").focus()
    reached: dict[str, dict] = {}
    first = None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            continue
        key = focused["probe"] or focused["what"]
        if key == first:
            break  # round the page once
        first = first or key
        reached.setdefault(key, focused)
    return controls, reached


def unreached(controls: list[dict], reached: dict[str, dict]) -> list[str]:
    groups_reached = {c["group"] for c in controls if c["probe"] in reached and c["group"]}
    return [c["what"] for c in controls if c["probe"] not in reached and c["group"] not in groups_reached]


def settle(page: Page, wait_for: str) -> None:
    """Wait for the state the walk needs, then pause a run still playing."""
    page.wait_for_function(wait_for, timeout=60_000)
    if page.locator("#play.playing:not([disabled])").count():
        page.locator("#play").click()
        page.wait_for_function("() => !document.querySelector('#play').classList.contains('playing')")
    # a frame still in flight (a paused run's last one, a test report) re-renders lists such as the mistakes: wait
    # until a whole second passes without one, so the walk marks the controls it will then reach
    page.wait_for_function(QUIET_FOR_A_SECOND, timeout=30_000)


QUIET_FOR_A_SECOND = """() => new Promise((resolve) => {
    const frames = () => (window.__lab ? window.__lab.frames : 0);
    const seen = frames();
    setTimeout(() => resolve(frames() === seen), 1000);
})"""


TRAINING = "() => window.__lab && window.__lab.step > 0"
PAGES = {
    "plane-lesson": ("/#lang=en", TRAINING),
    # a network whose run diverged: the coach's card with its buttons, the network's own controls
    "plane-coach": ("/#data=circle&model=mlp&hidden=8&act=relu&lr=10&noise=0.1&lang=en", "() => !coach.hidden"),
    "digits-softmax": ("/digits.html#lesson=softmax&lang=en", TRAINING),
    # the lesson trains nothing: ready once its first maps are drawn (play is disabled by then, not mid-walk)
    "digits-filters": (
        "/digits.html#lesson=conv&lang=en",
        "() => Number(document.getElementById('conv-view')?.dataset.results) >= 1",
    ),
    "digits-cnn": ("/digits.html#lesson=cnn&lang=en", TRAINING),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_tab_reaches_every_control_and_shows_a_focus_ring(lab, name):
    path, ready = PAGES[name]
    lab.page.goto(f"{lab.base_url}{path}")
    settle(lab.page, ready)
    controls, reached = walk(lab.page)
    assert len(controls) > 20
    missing = unreached(controls, reached)
    assert missing == [], f"not reachable with Tab: {missing}"
    ringless = [f["what"] for f in reached.values() if not f["ring"]]
    assert ringless == [], f"no visible focus ring: {ringless}"


def test_the_walk_notices_a_control_without_a_ring(lab):
    lab.page.goto(f"{lab.base_url}/#lang=en")
    settle(lab.page, TRAINING)
    lab.page.add_style_tag(content="#course-reset:focus { outline: none !important; box-shadow: none !important; }")
    _, reached = walk(lab.page)
    assert [f["what"] for f in reached.values() if not f["ring"]] == ["#course-reset"]
