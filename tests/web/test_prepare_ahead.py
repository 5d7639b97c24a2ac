"""Compile ahead in real Chromium: opening a lesson posts its guided steps' run configs to POST /api/prepare, so the
step that changes the model (new features, a hidden layer, a second layer) starts from compiled code: the server's
count of compiled XLA programs does not grow while the step's run shows its frames. A change no lesson step names
still compiles (the negative control). The time from the step's click to its run's first frame is printed, with
compiling ahead and without it (the POST blocked), not asserted: it depends on the machine and its load.
"""

from __future__ import annotations

import pytest

from tests.live_server import live_server
from tests.web.conftest import Lab
from tests.web.helpers import poll

pytestmark = pytest.mark.browser

# Click a control and resolve with the ms from the click to the new run's first frame (runId changes, then the
# frame counter moves past where it stood at that moment).
CLICK_TO_FIRST_FRAME_JS = """async (selector) => {
    const old = window.__lab.runId;
    const t0 = performance.now();
    document.querySelector(selector).click();
    let framesAtNewRun = null;
    return await new Promise((resolve) => {
        setTimeout(() => resolve(null), 30000);
        const timer = setInterval(() => {
            const lab = window.__lab;
            if (framesAtNewRun === null && lab.runId && lab.runId !== old) {
                framesAtNewRun = lab.frames;
                window.__createdAfterMs = performance.now() - t0;
            }
            if (framesAtNewRun !== null && lab.frames > framesAtNewRun) {
                clearInterval(timer);
                resolve(performance.now() - t0);
            }
        }, 2);
    });
}"""


# what a server that took nothing new would answer (the page ignores it)
UNPREPARED = {"accepted": 0, "pending": 0, "prepared": 0, "failed": 0, "programs_compiled": 0}


def prepared(lab) -> dict:
    """The warm-up queue once it is empty and the live run has stopped compiling (the count holds for 1 s)."""
    state = poll(lambda: lab.api("GET", "/api/prepare").json(), lambda s: s["pending"] == 0, timeout_s=120)
    assert state["pending"] == 0, state
    while True:
        lab.page.wait_for_timeout(1000)
        later = lab.api("GET", "/api/prepare").json()
        if later["programs_compiled"] == state["programs_compiled"] and later["pending"] == 0:
            return later
        state = later


def step_button(number: int) -> str:
    return f'#course .course-step[data-step="step{number}"] .step-button'


def open_lesson(lab, lesson_id: str) -> None:
    lab.page.locator(f'#lessons button[data-id="{lesson_id}"]').click()
    lab.page.locator("#course-full-speed").click()
    lab.wait_for_training()


def click_and_time(lab, selector: str) -> float:
    ms = lab.page.evaluate(CLICK_TO_FIRST_FRAME_JS, selector)
    assert ms is not None, f"no frame of a new run 30 s after clicking {selector}: {lab.debug('status')}"
    print(
        f"  {selector[-30:]}: run created after {lab.page.evaluate('window.__createdAfterMs'):.0f} ms, frame {ms:.0f}"
    )
    lab.wait_for_training()
    return ms


def test_a_lessons_model_changing_steps_are_compiled_when_it_opens(lab):
    lab.open("#lang=en")
    posted = []
    lab.page.on("request", lambda r: r.method == "POST" and r.url.endswith("/api/prepare") and posted.append(r))
    open_lesson(lab, "plane.circle")
    poll(lambda: posted, bool)
    runs = posted[-1].post_data_json["runs"]
    # steps 1 and 2 (logistic regression without and with the squares); step 3 is the preset's own net, running
    assert sorted((run["model"]["kind"], len(run["model"]["features"])) for run in runs) == [
        ("logistic", 2),
        ("logistic", 4),
    ]
    before = prepared(lab)
    assert before["failed"] == 0
    times = {}
    times["circle: add x1², x2²"] = click_and_time(lab, step_button(2))
    times["circle: one hidden layer of 4 tanh"] = click_and_time(lab, step_button(3))
    open_lesson(lab, "plane.spiral")
    compiled = prepared(lab)["programs_compiled"]
    times["spiral: logistic regression"] = click_and_time(lab, step_button(1))
    times["spiral: back to [8, 8] tanh"] = click_and_time(lab, step_button(2))  # the preset's net
    lab.page.wait_for_timeout(500)
    after = lab.api("GET", "/api/prepare").json()
    print("\nstep click → first frame, compiled ahead:", {k: f"{v:.0f} ms" for k, v in times.items()})
    assert after["programs_compiled"] == compiled, "a prepared step compiled programs"
    assert lab.errors == []


def test_a_change_no_step_names_compiles_and_is_timed_without_compiling_ahead(lab):
    # a server of its own: no other test has compiled xor's x1·x2 there; the page's POST /api/prepare is blocked
    with live_server() as base_url:
        fresh = Lab(lab.page, base_url, lab.errors)
        fresh.page.route(
            "**/api/prepare",
            lambda route: (
                route.fulfill(status=202, json=UNPREPARED) if route.request.method == "POST" else route.fallback()
            ),
        )
        fresh.open("#lang=en")
        open_lesson(fresh, "plane.xor")
        compiled = prepared(fresh)["programs_compiled"]
        ms = click_and_time(fresh, step_button(2))
        grew = poll(lambda: fresh.api("GET", "/api/prepare").json()["programs_compiled"], lambda n: n > compiled)
        print(f"\nstep click → first frame, not compiled ahead (xor: add x1·x2): {ms:.0f} ms")
        assert grew > compiled, "a shape nobody prepared compiled nothing: the count does not measure compiles"
        fresh.page.goto("about:blank")  # the page deletes its run before its server goes
    assert lab.errors == []


def test_the_digits_page_prepares_its_lessons_steps_too(lab):
    posted = []
    lab.page.on("request", lambda r: r.method == "POST" and r.url.endswith("/api/prepare") and posted.append(r))
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&lang=en")
    lab.page.wait_for_function("() => window.__lab && window.__lab.frames >= 1")
    lab.page.locator('#lessons button[data-id="digits.mlp"]').click()
    poll(lambda: [r for r in posted if "tanh" in (r.post_data or "")], bool)
    runs = [run for r in posted for run in r.post_data_json["runs"]]
    assert {"kind": "mlp", "hidden": [32], "activation": "tanh"} in [run["model"] for run in runs]
    assert lab.errors == []
