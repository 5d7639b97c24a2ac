"""The course's data (web/course/course.json) against the lessons the models define and the numbers the bench
measured: lessons numbered as the course numbers them, every checkpoint's basis filled in, and every checkpoint a
lesson's own preset must tick set at or below what that preset reached on every measured seed."""

from __future__ import annotations

import json
from pathlib import Path

from models.lessons import BY_ID as MODEL_LESSONS

ROOT = Path(__file__).resolve().parents[2]
COURSE = json.loads((ROOT / "web/course/course.json").read_text())
MEASURED = {entry["id"]: entry for entry in json.loads((ROOT / "bench/lessons.json").read_text())["lessons"]}


def test_lessons_carry_the_course_numbers_one_each():
    numbers = {lesson["id"]: lesson["number"] for lesson in COURSE}
    assert (numbers["digits.conv"], numbers["digits.conv1"], numbers["digits.cnn"]) == ("6", "7", "8")
    for lesson_id, number in numbers.items():
        assert number.isdigit(), f"{lesson_id}: one number per lesson, not a range ({number!r})"
        if lesson_id in MODEL_LESSONS:
            assert number == MODEL_LESSONS[lesson_id].number, lesson_id


def test_every_checkpoint_says_where_its_threshold_comes_from():
    for lesson in COURSE:
        for i, step in enumerate(lesson["steps"], start=1):
            basis = step["check"]["basis"]
            assert basis and "to be measured" not in basis, f"{lesson['id']} step{i}: {basis!r}"


def preset_steps():
    """Steps the lesson's own preset must tick: no button, a run with the preset's lesson, rate and activation."""
    for lesson in COURSE:
        for i, step in enumerate(lesson["steps"], start=1):
            check = step["check"]
            if "action" in step or check.get("op") != ">=" or "metric" not in check:
                continue
            if set(step.get("requires", {})) <= {"lesson", "learningRate", "activation"} and lesson["id"] in MEASURED:
                yield lesson["id"], i, check


def test_preset_checkpoints_are_reached_on_every_measured_seed():
    checked = set()
    for lesson_id, i, check in preset_steps():
        seeds = MEASURED[lesson_id]["seeds"].values()
        reached = [max(at[check["metric"]] for at in by_step.values()) for by_step in seeds]
        final = [by_step[max(by_step, key=int)][check["metric"]] for by_step in seeds]
        assert min(final) >= check["value"], f"{lesson_id} step{i}: {check['value']} vs final {final}"
        assert min(reached) >= check["value"]
        checked.add(lesson_id)
    assert {"digits.softmax", "digits.mlp", "digits.conv1", "digits.cnn"} <= checked


def test_the_cnn_lesson_asks_for_more_than_the_earlier_lessons_reached():
    cnn_target = max(step["check"]["value"] for step in next(x for x in COURSE if x["id"] == "digits.cnn")["steps"])
    for earlier in ("digits.softmax", "digits.mlp", "digits.conv1"):
        best = max(at["test_accuracy"] for seed in MEASURED[earlier]["seeds"].values() for at in seed.values())
        assert cnn_target > best, f"the CNN's last checkpoint must beat {earlier} ({best})"
