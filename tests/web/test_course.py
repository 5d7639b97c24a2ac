"""The course in real Chromium: every lesson's guided experiment walked as a learner would (choose the lesson,
press each step's button, watch each checkpoint tick from the live run), the coach firing on real runs that
trigger it and quiet on the lesson presets, and the Japanese page free of stray English in every visible text and
tooltip (the scan of tests/web/test_japanese_everywhere.py).

Runs are kept short: one page load per page and language, full speed (the panel's own button) for every lesson.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.web.test_japanese_everywhere import stray_english

pytestmark = pytest.mark.browser

PLANE_LESSONS = ["plane.logistic", "plane.softmax", "plane.circle", "plane.xor", "plane.spiral"]
# Every digits lesson on one page load: softmax and the hidden layer train (one step restarts with a new rate), the
# filters lesson ticks from its settings, No.7 reaches 0.95 in about 960 steps and the CNN 0.965 in ~10 s here.
DIGITS_LESSONS = ["digits.softmax", "digits.mlp", "digits.conv", "digits.conv1", "digits.cnn"]
STEP_TIMEOUT_MS = 90_000


def walk_lesson(page: Page, lesson_selector: str, lang: str) -> None:
    page.locator(lesson_selector).click()
    if 'data-id="digits.conv"' in lesson_selector:  # the fixed filters train nothing: no full speed to offer
        expect(page.locator("#course .course-footer")).to_be_visible()
        expect(page.locator("#course-full-speed")).to_have_count(0)
    else:
        page.locator("#course-full-speed").click()
    steps = page.locator("#course .course-step")
    for i in range(steps.count()):
        step = page.locator(f'#course .course-step[data-step="step{i + 1}"]')
        button = step.locator(".step-button")
        if button.count():
            button.click()
        if step.get_attribute("class").endswith("done"):
            continue
        # the page's settings, not location.hash: the address bar is written once the changes settle (400 ms)
        if step.locator(".step-button").count() == 0 and page.evaluate("window.__lab.settings.lesson") == "conv":
            page.locator("#browser .browser-grid button").nth(3).press("Enter")  # another digit, by keyboard
        expect(step).to_have_class(re.compile(r"\bdone\b"), timeout=STEP_TIMEOUT_MS)
    if lang == "ja":
        assert stray_english(page) == []  # every visible text and tooltip


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_plane_lesson_walks_to_all_ticks(lab, lang):
    lab.open(f"#lang={lang}")
    for lesson_id in PLANE_LESSONS:
        walk_lesson(lab.page, f'#lessons button[data-id="{lesson_id}"]', lang)
        expect(lab.page.locator(f'#lessons button[data-id="{lesson_id}"] .lesson-progress')).to_have_text("✓")
    # Switching a paced run to full speed mid-step can meet a 409 from the server (reported, not yet fixed).
    assert [e for e in lab.errors if "409" not in e] == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_digits_lessons_walk_to_all_ticks(lab, lang):
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&lang={lang}")
    for lesson in DIGITS_LESSONS:
        walk_lesson(lab.page, f'#lessons button[data-id="{lesson}"]', lang)
        expect(lab.page.locator(f'#lessons button[data-id="{lesson}"] .lesson-progress')).to_have_text("✓")
    assert lab.errors == []


def test_reset_progress_clears_the_ticks_and_the_lesson_bar(lab):
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&lang=en")
    walk_lesson(lab.page, '#lessons button[data-id="digits.conv"]', "en")  # ticks from settings: no training
    marks = lab.page.locator('#lessons button[data-id="digits.conv"] .lesson-progress')
    expect(marks).to_have_text("✓")
    lab.page.once("dialog", lambda dialog: dialog.accept())
    lab.page.locator("#course-reset").click()
    expect(lab.page.locator("#course .course-step.done")).to_have_count(0)
    expect(marks).to_have_text("")
    expect(lab.page.locator("#course .course-progress")).to_contain_text("0")
    assert lab.page.evaluate("localStorage.getItem('boundary-lab.course.v1')") is None
    # a fresh visit on another lesson: the bar's mark for No.6 can only come from stored progress (reloading No.6
    # itself would tick its setting checks again from the kernel and digit still in the address)
    lab.page.goto("about:blank")
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&lang=en")
    expect(lab.page.locator('#lessons button[data-id="digits.softmax"]')).to_be_visible()
    expect(lab.page.locator('#lessons button[data-id="digits.conv"] .lesson-progress')).to_have_text("")


def test_language_switch_persists_and_writes_the_hash(lab):
    lab.open("#lang=en")
    lab.page.locator('.langswitch button[data-lang="ja"]').click()
    lab.page.wait_for_function("() => document.documentElement.lang === 'ja' && location.hash.endsWith('lang=ja')")
    expect(lab.page.locator("#course h2").first).to_have_text(re.compile("ロジスティック回帰"))
    lab.page.goto(f"{lab.base_url}/digits.html")  # no lang= in the address: the stored choice wins
    lab.page.wait_for_function("() => document.documentElement.lang === 'ja' && location.hash.includes('lang=ja')")


def test_predict_first_is_answered_by_the_run(lab):
    lab.open("#lang=en")
    lab.page.locator('#lessons button[data-id="plane.circle"]').click()
    lab.page.locator('#course .predict-options button[data-option="no"]').click()
    expect(lab.page.locator("#course .predict-verdict")).to_have_class(re.compile("right"))
    lab.page.locator("#course-full-speed").click()
    lab.page.locator('#course .course-step[data-step="step1"] .step-button').click()
    expect(lab.page.locator("#course .predict-explain")).to_be_visible(timeout=STEP_TIMEOUT_MS)


# The measured triggers (web/course/coach.js). The flat loss is paced: at full speed a run at 1e-4 gets through
# its flat stretch and then learns, so the advice comes and goes before a learner could read it.
COACH_RUNS = {
    "diverged": "#data=circle&model=mlp&hidden=8&act=relu&lr=10&noise=0.1&speed=full",
    "linear_stuck": "#data=circle&model=logistic&noise=0.1&speed=full",
    "flat_loss": "#data=linear&model=logistic&lr=0.0001&speed=100",
    "dead_units": "#data=spiral&model=mlp&hidden=8,8&act=relu&lr=3&noise=0&n=500&speed=full",
    # memorising: 40 noisy training points, a big ReLU net, Adam (test loss 1.4 -> 2.6 by epoch 250, accuracy gap
    # 24-29 points; measured in Python on models/ with the same settings)
    "overfitting": "#data=circle&noise=0.5&n=200&train=20&model=mlp&hidden=32,32,32&act=relu&opt=adam&lr=0.01"
    "&speed=full",
}


@pytest.mark.parametrize("rule", sorted(COACH_RUNS))
def test_the_coach_fires_on_a_run_that_triggers_it_and_its_fix_is_one_click(lab, rule):
    lab.open(COACH_RUNS[rule] + "&lang=en")
    coach = lab.page.locator(f'#coach[data-rule="{rule}"]')
    expect(coach).to_be_visible(timeout=60_000)
    expect(coach.locator(".coach-say")).not_to_have_text(re.compile("⟦"))
    coach.locator(".coach-why").click()
    expect(coach.locator(".coach-why-text p").first).to_be_visible()
    before = lab.debug("settings")
    coach.locator(".coach-fix").click()
    lab.page.wait_for_function("b => JSON.stringify(window.__lab.settings) !== b", arg=__import__("json").dumps(before))
    expect(lab.page.locator(f'#coach[data-rule="{rule}"]')).to_be_hidden()


def test_the_coach_fires_on_a_real_digits_run_and_its_fix_restores_the_usual_rate(lab):
    # MNIST softmax with plain gradient descent at 0.001 (the preset: 0.5): train loss still 2.17 after 2 epochs
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&opt=sgd&lr=0.001&lang=en")
    coach = lab.page.locator('#coach[data-rule="flat_loss"]')
    expect(coach).to_be_visible(timeout=60_000)
    expect(coach.locator(".coach-say")).not_to_have_text(re.compile("⟦"))
    coach.locator(".coach-why").click()
    expect(coach.locator(".coach-why-text h3")).to_have_text(re.compile("Softmax on digits"))
    coach.locator(".coach-fix").click()
    lab.page.wait_for_function("() => window.__lab.settings.learningRate === 0.5")
    expect(lab.page.locator("#coach")).to_be_hidden()
    assert lab.errors == []


# Every 2D preset left running at full speed to its end (1,000,000 steps; models/lessons.py's runs followed to
# there in Python drift by little: test loss up to 0.32-0.40 late, train/test accuracy gap at most 9 points).
# The page gets through a preset in about 25-60 s here; whatever it reaches in the budget is asserted and printed.
LONG_RUN_S = 90
LONG_RUN_MIN_STEPS = 300_000
WATCH_COACH_JS = """() => {
    window.__coachSaid = [];
    const coach = document.getElementById("coach");
    new MutationObserver(() => {
        if (!coach.hidden) window.__coachSaid.push([coach.dataset.rule, window.__lab.step,
                                                     coach.querySelector(".coach-say")?.textContent]);
    }).observe(coach, { attributes: true, childList: true, subtree: true, characterData: true });
}"""


@pytest.mark.parametrize("lesson_id", PLANE_LESSONS)
def test_the_coach_stays_quiet_on_the_lesson_presets_run_to_their_end(lab, lesson_id):
    lab.open("#lang=en")
    lab.page.locator(f'#lessons button[data-id="{lesson_id}"]').click()
    lab.page.evaluate(WATCH_COACH_JS)
    lab.page.locator("#course-full-speed").click()
    with contextlib.suppress(PlaywrightTimeout):  # a slow machine: judge the steps it reached
        lab.page.wait_for_function(
            "() => window.__lab.step >= 1000000 || window.__coachSaid.length", timeout=LONG_RUN_S * 1000
        )
    step, said = lab.debug("step"), lab.page.evaluate("window.__coachSaid")
    print(f"{lesson_id}: step {step:,} after at most {LONG_RUN_S} s at full speed")
    assert said == [], f"{lesson_id}: the coach spoke on the lesson's own preset: {said[:1]}"
    assert step >= LONG_RUN_MIN_STEPS, f"{lesson_id}: only {step:,} steps in {LONG_RUN_S} s"
    expect(lab.page.locator("#coach")).to_be_hidden()


def test_keyboard_reaches_the_course_and_its_steps(lab):
    lab.open("#lang=en")
    lab.page.locator('#lessons button[data-id="plane.circle"]').focus()
    lab.page.keyboard.press("Enter")
    button = lab.page.locator('#course .course-step[data-step="step2"] .step-button')
    button.focus()
    outline = button.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"
    lab.page.keyboard.press("Enter")
    lab.page.wait_for_function("() => window.__lab.settings.features.includes('x1^2')")


def test_pointing_at_a_lesson_formula_lights_its_lines_in_the_math_panel(lab):
    lab.open("#lang=en")
    lab.page.locator('#lessons button[data-id="plane.logistic"]').click()
    lab.page.wait_for_function("() => document.querySelector('#math .formula-sigmoid')")
    lit = lab.page.locator("#math .formula-lit")
    expect(lit).to_have_count(0)
    lab.page.locator('#course .course-formulas [data-formula="sigmoid"]').focus()  # by keyboard
    expect(lab.page.locator("#math .formula-sigmoid.formula-lit").first).to_be_visible()
    assert lab.page.locator("#math .formula-loss.formula-lit").count() == 0, "only the formula pointed at"
    lab.page.wait_for_timeout(600)  # the panel retypesets with each frame's numbers: the light stays
    expect(lab.page.locator("#math .formula-sigmoid.formula-lit").first).to_be_visible()
    lab.page.locator('#course .course-formulas [data-formula="loss"]').hover()  # by pointer
    expect(lab.page.locator("#math .formula-loss.formula-lit").first).to_be_visible()
    expect(lab.page.locator("#math .formula-sigmoid.formula-lit")).to_have_count(0)
    lab.page.mouse.move(5, 795)
    lab.page.locator("#course-full-speed").focus()
    expect(lit).to_have_count(0)
    background = lab.page.evaluate(
        "() => getComputedStyle(document.querySelector('#math .formula-loss')).backgroundColor"
    )
    assert background in ("rgba(0, 0, 0, 0)", "transparent")
