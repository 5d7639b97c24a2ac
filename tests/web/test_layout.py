"""Both pages at 800×900 (a classroom projector, a tablet): nothing may stick out past the right edge, so nothing
needs sideways scrolling; the page scrolls down instead. Screenshots land in test-artifacts/ for a human to look at."""

from __future__ import annotations

import pytest

from tests.web.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

NARROW = {"width": 800, "height": 900}

# Every rendered element whose box reaches past the viewport's right edge (zero-size and invisible ones ignored).
# Content inside a box that scrolls or clips sideways (a long formula in the math card) does not move the page: the
# box itself must fit, and it is checked like any other element.
OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const sticking = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    if (box.right > width + 0.5 && !clipped(el)) {
      sticking.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} → ${box.right}`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, sticking: sticking.slice(0, 10) };
}
"""


def assert_fits_the_width(page) -> None:
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["sticking"] == [], layout


def assert_fits_and_keep_a_shot(lab, name: str) -> None:
    """The width check, a full-page PNG in test-artifacts/ for a human to look at, and no console error."""
    assert_fits_the_width(lab.page)
    ARTIFACTS.mkdir(exist_ok=True)
    lab.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert lab.errors == []


PLANE_TRAINING = "() => window.__lab && window.__lab.gridFrames >= 3 && window.__lab.lossPoints >= 2"
DIGITS_TRAINING = "() => window.__lab && window.__lab.frames >= 2"
PLANE_DRAWN = f"{PLANE_TRAINING} && window.__lab.unitMaps >= 2"


@pytest.mark.parametrize(
    "name, path, drawn",
    [
        ("lab-800-default", "/", PLANE_DRAWN),
        ("lab-800-units-3x32", "/#data=spiral&model=mlp&hidden=32,32,32&act=relu", PLANE_DRAWN),
        ("lab-800-custom", "/#data=custom&pts=-2,-2,0;2,2,1;-3,1,0;1,3,1&batch=1", PLANE_DRAWN),
        ("digits-800-softmax", "/digits.html#lesson=softmax", DIGITS_TRAINING),
        (
            "digits-800-conv",
            "/digits.html#lesson=conv",
            "() => Number(document.getElementById('conv-view').dataset.results) >= 1",
        ),
        ("digits-800-cnn", "/digits.html#lesson=cnn", DIGITS_TRAINING),
    ],
)
def test_the_page_fits_800_pixels(lab, name, path, drawn):
    """Each page state once it has drawn; `name` is its screenshot in test-artifacts/."""
    lab.page.set_viewport_size(NARROW)
    lab.page.goto(f"{lab.base_url}{path}")
    lab.page.wait_for_function(drawn, timeout=90_000)  # a CNN's first frame waits for XLA to compile it
    assert_fits_and_keep_a_shot(lab, name)


LESSON_PAGES = {  # lesson → (page, what shows it is training)
    "plane.circle": ("/", PLANE_TRAINING),
    "plane.spiral": ("/", PLANE_TRAINING),
    "digits.softmax": ("/digits.html", DIGITS_TRAINING),
    "digits.conv1": ("/digits.html", DIGITS_TRAINING),
}


@pytest.mark.parametrize("width", [800, 760])
@pytest.mark.parametrize("lesson_id", list(LESSON_PAGES))
def test_a_lesson_with_its_course_panel_fits_the_width(lab, lesson_id, width):
    """The course panel, its steps and the coach card are part of the page a narrow screen must hold."""
    path, training = LESSON_PAGES[lesson_id]
    lab.page.set_viewport_size({"width": width, "height": 900})
    lab.page.goto(f"{lab.base_url}{path}")
    lab.page.locator(f'#lessons button[data-id="{lesson_id}"]').click()
    lab.page.wait_for_selector("#course .course-step")
    lab.page.wait_for_function(training, timeout=90_000)  # a new CNN shape compiles first
    assert_fits_and_keep_a_shot(lab, f"course-{width}-{lesson_id}")
