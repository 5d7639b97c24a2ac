"""Every lesson's preset reaches what models/lessons.py claims for it (the README's lesson table states the same).

Each preset trains exactly as `python -m bench.lessons` measures it (bench.lessons.metrics_at: the server's own
RunConfig validation and build_lab), for every seed a claim names. The CNN's claim lives in
tests/models/test_digits_targets.py (a 10+ s training not repeated here).
"""

from __future__ import annotations

import pytest

from bench.lessons import metrics_at
from models.lessons import BY_ID, LESSONS, Claim, Lesson, seeded_run

CLAIMED = [lesson for lesson in LESSONS if lesson.claims]


def _reached(lesson: Lesson) -> list[tuple[Claim, int, float]]:
    """(claim, seed, value) for every claim and seed; each seed is trained once to the last claimed step."""
    steps = tuple(sorted({claim.step for claim in lesson.claims}))
    seeds = sorted({seed for claim in lesson.claims for seed in claim.seeds})
    by_seed = {seed: metrics_at(seeded_run(lesson, seed), steps) for seed in seeds}
    return [(c, seed, by_seed[seed][c.step][c.metric]) for c in lesson.claims for seed in c.seeds]


def _check(lesson: Lesson) -> None:
    misses = [(c.step, c.metric, seed, round(v, 3)) for c, seed, v in _reached(lesson) if not v >= c.at_least]
    assert not misses, f"{lesson.id} below its claims (step, metric, seed, value): {misses}"


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in CLAIMED if lesson.lab == "plane"])
def test_plane_lesson_reaches_its_claims(lesson_id):
    _check(BY_ID[lesson_id])


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in CLAIMED if lesson.lab == "digits"])
def test_digits_lesson_reaches_its_claims(lesson_id):
    _check(BY_ID[lesson_id])


def test_lesson_ids_are_unique_and_every_training_lesson_reports_something():
    assert len(BY_ID) == len(LESSONS)
    for lesson in LESSONS:
        assert (lesson.run is None) == (not lesson.checkpoints), lesson.id
        assert all(claim.step <= lesson.run["max_steps"] for claim in lesson.claims), lesson.id
