"""The page's lesson buttons train exactly models/lessons.py's presets (the runs the README's lesson table measures).

Each lesson is chosen through the page's own modules (applyLesson / defaults, then runConfigOf) and the body the page
would POST is compared, after the server's RunConfig validation, with the preset GET /api/lessons serves.
"""

from __future__ import annotations

import pytest

from server.schemas.config import RunConfig

pytestmark = pytest.mark.browser

PAGE_BODIES = """async () => {
    const plane = await import("/lessons.js");
    const { defaults } = await import("/state.js");
    const { runConfigOf } = await import("/runconfig.js");
    const digits = await import("/digits/lessons-digits.js");
    const digitsState = await import("/digits/state-digits.js");
    return [
        ...plane.LESSONS.map((lesson) => ({
            id: lesson.id, number: String(lesson.number), title: lesson.title, hint: lesson.hint,
            run: runConfigOf(plane.applyLesson(defaults(), lesson)),
        })),
        ...digits.LESSONS.map((lesson) => ({
            id: lesson.id, number: lesson.number, title: lesson.title, hint: lesson.hint,
            run: digitsState.TRAINING_LESSONS.has(lesson.name)
                ? digitsState.runConfigOf(lesson.choose(digitsState.defaults())) : null,
        })),
    ];
}"""


def test_every_lesson_button_posts_the_served_preset(lab):
    page = lab.visit("/")
    on_page = {lesson["id"]: lesson for lesson in page.evaluate(PAGE_BODIES)}
    served = {lesson["id"]: lesson for lesson in lab.api("GET", "/api/lessons").json()["lessons"]}
    assert list(on_page) == list(served), "the same lessons, in the same order"
    for lesson_id, lesson in served.items():
        mine = on_page[lesson_id]
        assert (mine["number"], mine["title"], mine["hint"]) == (lesson["number"], lesson["title"], lesson["hint"])
        if lesson["run"] is None:
            assert mine["run"] is None, lesson_id
            continue
        assert RunConfig.model_validate(mine["run"]) == RunConfig.model_validate(lesson["run"]), lesson_id
