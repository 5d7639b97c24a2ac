"""The message catalogues (web/i18n/*.json) against each other and against the course data that names their keys.

No browser: the catalogues and web/course/course.json are plain JSON; the few names that live in JS modules
(formula ids, coach keys, setting keys) are read from the source text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from models.lessons import BY_ID as MODEL_LESSONS

WEB = Path(__file__).resolve().parents[2] / "web"
LANGUAGES = ("en", "ja")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")
NEW_LESSONS = {"digits.conv1"}  # the learned single convolution layer: its model lands with the wiring

# Words a Japanese text may contain: names, the talk's title, math (log, max) and the English terms a learner
# meets in code, given in parentheses after the Japanese word (損失 (loss)). A value equal in both languages is
# allowed only when all its words are on this list (or it has none: "784 → 32 → 10").
ALLOWED_WORDS = {
    "Boundary",
    "Lab",
    "TensorFlow",
    "Tutorial",
    "MNIST",
    "ReLU",
    "tanh",
    "NaN",
    "L1",
    "L2",
    "SGD",
    "Adam",
    "No",
    "English",
    "log",
    "max",
    "loss",
    "learning",
    "rate",
    "features",
    "softmax",
    "xor",
    "pooling",
    "CNN",
    "PNG",
    "JSON",
    "CSV",
    "npm",
    "MIT",
    "IDX",
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _leaves(tree: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_leaves(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@pytest.fixture(scope="module")
def catalogues() -> dict[str, dict[str, object]]:
    return {lang: _leaves(json.loads((WEB / "i18n" / f"{lang}.json").read_text("utf-8"))) for lang in LANGUAGES}


@pytest.fixture(scope="module")
def course() -> list[dict]:
    return json.loads((WEB / "course" / "course.json").read_text("utf-8"))


def _words(text: str) -> set[str]:
    return set(LATIN_WORD.findall(PLACEHOLDER.sub("", text)))


def course_keys(lesson: dict) -> list[str]:
    """Every key a lesson's data implies (web/course/lessons.js documents the layout)."""
    keys = ["title", "hint", *(f"idea.p{p}" for p in range(1, lesson["paragraphs"] + 1))]
    for i, step in enumerate(lesson["steps"], start=1):
        keys += [f"step{i}.do", f"step{i}.check"] + ([f"step{i}.button"] if "action" in step else [])
    predict = lesson.get("predict")
    if predict:
        keys += ["predict.question", "predict.explain"]
        keys += [f"predict.options.{o}" for o in predict["options"] if o not in predict.get("labels", {})]
    return [f"{lesson['key']}.{key}" for key in keys]


def test_both_catalogues_have_exactly_the_same_keys_all_non_empty_strings(catalogues):
    en, ja = catalogues["en"], catalogues["ja"]
    assert sorted(set(en) - set(ja)) == [], "keys only in en.json"
    assert sorted(set(ja) - set(en)) == [], "keys only in ja.json"
    bad = [(lang, k) for lang, tree in catalogues.items() for k, v in tree.items() if not (isinstance(v, str) and v)]
    assert bad == []


def test_placeholders_match_per_key(catalogues):
    mismatched = {
        key: (sorted(set(PLACEHOLDER.findall(en))), sorted(set(PLACEHOLDER.findall(catalogues["ja"][key]))))
        for key, en in catalogues["en"].items()
        if set(PLACEHOLDER.findall(en)) != set(PLACEHOLDER.findall(catalogues["ja"][key]))
    }
    assert mismatched == {}


def test_japanese_is_written_not_copied(catalogues):
    en, ja = catalogues["en"], catalogues["ja"]
    copied = [key for key in en if en[key] == ja[key] and not _words(ja[key]) <= ALLOWED_WORDS]
    assert copied == [], "Japanese values equal to the English ones"
    not_japanese = [key for key in ja if ja[key] != en[key] and not JAPANESE.search(ja[key])]
    assert not_japanese == [], "Japanese values without any Japanese"
    stray = {key: sorted(_words(ja[key]) - ALLOWED_WORDS) for key in ja if _words(ja[key]) - ALLOWED_WORDS}
    assert stray == {}, "English words in Japanese text (add to ALLOWED_WORDS only a term a learner meets in code)"


def test_the_course_covers_every_lesson_of_models_lessons_py(course):
    ids = [lesson["id"] for lesson in course]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(MODEL_LESSONS) | NEW_LESSONS
    for lesson in course:
        assert lesson["lab"] == ("digits" if lesson["id"].startswith("digits.") else "plane"), lesson["id"]
        assert 2 <= len(lesson["steps"]) <= 4, lesson["id"]
        assert 2 <= lesson["paragraphs"] <= 4, lesson["id"]


def test_every_key_the_course_refers_to_exists_in_both_catalogues(catalogues, course):
    wanted = [key for lesson in course for key in course_keys(lesson)]
    for lang, tree in catalogues.items():
        assert [key for key in wanted if key not in tree] == [], lang
    lesson_prefixes = {lesson["key"] for lesson in course}
    orphans = [
        key
        for key in catalogues["en"]
        if key.split(".")[0] == "course" and ".".join(key.split(".")[:2]) in lesson_prefixes and key not in wanted
    ]
    assert orphans == [], "lesson text no course data refers to"


def _check_params(check: dict) -> set[str]:
    """What checkpoints.js checkParams fills: {target} for a number, {epochs}/{steps} for after_* bounds."""
    params = {"target"} if isinstance(check["value"], (int, float)) and "setting" not in check else set()
    return params | {name for bound, name in (("after_epochs", "epochs"), ("after_steps", "steps")) if bound in check}


def test_checkpoint_sentences_state_the_numbers_their_checks_use(catalogues, course):
    for lang, tree in catalogues.items():
        for lesson in course:
            for i, step in enumerate(lesson["steps"], start=1):
                sentence = tree[f"{lesson['key']}.step{i}.check"]
                assert set(PLACEHOLDER.findall(sentence)) == _check_params(step["check"]), (lang, lesson["id"], i)
            for p in range(1, lesson["paragraphs"] + 1):
                assert set(PLACEHOLDER.findall(tree[f"{lesson['key']}.idea.p{p}"])) <= {"accuracy"}


def test_every_check_names_a_known_metric_or_setting_and_a_basis(course):
    metrics = {"train_accuracy", "test_accuracy", "train_loss", "test_loss", "step", "epoch"}
    for lesson in course:
        for step in lesson["steps"]:
            check = step["check"]
            assert ("metric" in check) != ("setting" in check), lesson["id"]
            assert check.get("metric", "train_loss") in metrics
            assert check["op"] in {">=", ">", "<=", "<", "==", "!="}
            assert check["basis"], lesson["id"]


def _setting_keys(path: Path) -> set[str]:
    text = path.read_text("utf-8")
    table = text[text.index("export const SETTINGS") :]
    return set(re.findall(r'\{\s*key: "(\w+)"', table))


def test_actions_and_requirements_use_the_pages_own_setting_keys(course):
    keys = {"plane": _setting_keys(WEB / "state.js"), "digits": _setting_keys(WEB / "digits" / "state-digits.js")}
    assert {"dataset", "model", "features", "learningRate"} <= keys["plane"]
    assert {"lesson", "kernel", "digit", "activation"} <= keys["digits"]
    for lesson in course:
        for step in lesson["steps"]:
            named = set(step.get("action", {})) | set(step.get("requires", {})) | {step["check"].get("setting")}
            assert named - {None} <= keys[lesson["lab"]], (lesson["id"], named - keys[lesson["lab"]])


def test_formulas_the_lessons_name_exist(course):
    text = (WEB / "course" / "formulas.js").read_text("utf-8")
    defined = set(re.findall(r"^  (\w+):", text, flags=re.M))
    assert {"line", "sigmoid", "softmax"} <= defined
    for lesson in course:
        assert lesson["formulas"] and set(lesson["formulas"]) <= defined, lesson["id"]


def test_every_coach_key_the_rules_and_fixes_use_exists(catalogues):
    sources = "".join((WEB / "course" / name).read_text("utf-8") for name in ("coach.js", "runfacts.js"))
    rules = re.findall(r'\["(\w+)", \w+\]', sources)
    assert set(rules) == {"diverged", "flat_loss", "linear_stuck", "overfitting", "dead_units"}
    keys = {f"coach.{rule}.say" for rule in rules} | set(re.findall(r'"(coach\.[\w.]+)"', sources))
    for lang, tree in catalogues.items():
        assert sorted(keys - set(tree)) == [], lang
