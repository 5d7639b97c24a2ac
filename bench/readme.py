"""`python -m bench.readme [--check]`: README's course, lesson and benchmark tables, rendered from their sources.

The course table comes from the page's course (web/course/course.json: each guided step's checkpoint, worded by
web/i18n/en.json) and models/lessons.py's claims; the lesson table from models/lessons.py (presets and claims) and
bench/lessons.json (`python -m bench.lessons`); the benchmark table from bench/results.json (`python -m bench`, a
full run); the robustness table from bench/robustness.json (`python -m bench.robustness`). Each lives in README.md
between `<!-- name: generated … -->` and `<!-- /name -->` markers; tests/test_readme_tables.py fails when they differ.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from bench.report import HEADER, Row, _cells, render_machine
from models.lessons import BY_ID, Lesson

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
LESSONS_JSON = ROOT / "bench" / "lessons.json"
RESULTS_JSON = ROOT / "bench" / "results.json"
ROBUSTNESS_JSON = ROOT / "bench" / "robustness.json"
COURSE_JSON = ROOT / "web" / "course" / "course.json"
CATALOGUE_EN = ROOT / "web" / "i18n" / "en.json"
TRAIN_ROWS = {"digits": 8000}
# The idea of each lesson in a line (the page's panel has the full text, in Japanese and English).
IDEAS = {
    "plane.logistic": "a line f = w₀ + w₁x₁ + w₂x₂ = 0 splits the plane; the sigmoid makes f the probability of ✕; "
    "maximum likelihood, loss −(1/N)·log P",
    "plane.softmax": "one linear function per class, the largest wins: straight borders; softmax makes them "
    "probabilities that sum to 1",
    "digits.softmax": "a digit is a point in 784 dimensions; ten linear functions, each class's weights a template",
    "digits.mlp": "a hidden layer of 32 units makes new features of the pixels; the output is linear on them",
    "plane.circle": "no line splits a ring: hand-made features (x₁², x₂²) or a hidden layer that learns its own",
    "plane.xor": "the same on xor: the feature x₁x₂, or a hidden layer",
    "plane.spiral": "the spiral: more layers compose more bends",
    "digits.conv": "a fixed 3×3 filter finds edges; ReLU; 2×2 max-pooling shrinks and tolerates small shifts",
    "digits.conv1": "the filters are learned: one convolution layer, pooling and softmax, trained live",
    "digits.cnn": "two convolution stages and a dense layer: higher accuracy than every earlier lesson",
}
OPTIMIZER_NAMES = {"sgd": "SGD", "adam": "Adam", "momentum": "momentum"}


def _num(x: float) -> str:
    return f"{x:g}"


def _setup(lesson: Lesson) -> str:
    run = lesson.run
    opt, model = run["optimizer"], run["model"]
    optimizer = f"{OPTIMIZER_NAMES[opt['name']]} lr {_num(opt['learning_rate'])}"
    training = f"{optimizer}, batch {opt['batch_size']}, {run['max_steps']:,} steps"
    if lesson.lab == "plane":
        ds = run["dataset"]
        classes = f", {ds['classes']} classes" if ds["classes"] > 2 else ""
        net = f"`{model['kind']}`"
        if model["kind"] == "mlp":
            net = f"{model['hidden']} {model['activation']}"
        return f"`{ds['name']}` {ds['n_points']} points{classes}, noise {_num(ds['noise'])}, {net}, {training}"
    if model["kind"] == "cnn":
        k, filters = model["kernel_size"], (model["conv1_filters"], model["conv2_filters"])
        dense = [str(model["dense_units"])] if model["dense_units"] else []
        net = " → ".join([*(f"conv{k}×{k}×{f} → pool" for f in filters if f), *dense, "10"])
    elif model["kind"] == "mlp":
        net = " → ".join(["784", *(f"{units} {model['activation']}" for units in model["hidden"]), "10"])
    else:
        net = "784 → 10 softmax"
    return f"{net}, {training}"


def _seeds(seeds: list[str]) -> str:
    return f"seeds {seeds[0]}–{seeds[-1]}" if len(seeds) > 1 else f"seed {seeds[0]}"


def _reached(lesson: Lesson, measured: dict) -> str:
    seeds = sorted(measured["seeds"], key=int)
    metrics = ("train_accuracy", "test_accuracy") if lesson.lab == "plane" else ("test_accuracy",)
    parts = []
    for step in lesson.checkpoints:
        values = {m: [measured["seeds"][s][str(step)][m] for s in seeds] for m in metrics}
        where = f"step {step:,}"
        if lesson.lab == "digits":
            where += f" (epoch {step * lesson.run['optimizer']['batch_size'] / TRAIN_ROWS['digits']:g})"
        shown = ", ".join(f"{m.split('_')[0]} {values[m][0]:.3f}" for m in metrics)
        if len(seeds) > 1:
            spans = ", ".join(f"{m.split('_')[0]} {min(values[m]):.3f}–{max(values[m]):.3f}" for m in metrics)
            shown += f" ({_seeds(seeds)}: {spans})"
        parts.append(f"{where}: {shown}")
    return "; ".join(parts)


def _asserted(lesson: Lesson) -> str:
    claims = [
        f"{c.metric.split('_')[0]} ≥ {c.at_least:g} at step {c.step:,}, {_seeds([str(s) for s in c.seeds])}"
        for c in lesson.claims
    ]
    return "; ".join(claims + ([lesson.note] if lesson.note else [])) or "—"


def _measured_alone(entry: dict) -> str:
    """A lesson re-measured by `python -m bench.lessons --only` says when and under what load."""
    machine = entry.get("machine")
    if machine is None:
        return ""
    when, commit, load = machine["when"][:10], machine["git_commit"], machine["loadavg_start"]
    return f" (measured alone: {when}, commit {commit}, load avg {load:.1f})"


def lessons_table(lessons_json: dict) -> str:
    measured = {entry["id"]: entry for entry in lessons_json["lessons"]}
    lines = [
        f"Measured by `python -m bench.lessons` on {render_machine(lessons_json['machine'])}.",
        "",
        "| lesson | preset (the page's button; `GET /api/lessons`) | reaches (seed 0 = the preset) | tests assert |",
        "|---|---|---|---|",
    ]
    for lesson_id, lesson in BY_ID.items():
        page = "digits" if lesson.lab == "digits" else "2D"
        name = f"No.{lesson.number} {lesson.title} ({page}, `{lesson_id}`)"
        if lesson.run is None:
            lines.append(f"| {name} | {lesson.hint} | — | {lesson.note} |")
            continue
        reached = _reached(lesson, measured[lesson_id]) + _measured_alone(measured[lesson_id])
        lines.append(f"| {name} | {_setup(lesson)} | {reached} | {_asserted(lesson)} |")
    return "\n".join(lines)


def _wanted(row: dict) -> bool:
    """The README's share of the full table (bench/RESULTS.md has every row)."""
    metric = row["metric"]
    return (
        row["target"] is not None
        or (metric.startswith("in-process") and " vs " in metric)
        or ("first trained frame" in metric)
    )


def _row(fields: dict) -> Row:
    return Row(**{name: fields.get(name) for name in Row.__dataclass_fields__ if name in fields})


def bench_table(results_json: dict) -> str:
    machine = results_json["machine"]
    lines = [
        f"Latest full run: {render_machine(machine)}, {machine['duration_s']} s.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    rows = [_row(fields) for fields in results_json["rows"] if _wanted(fields)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def _lookup(catalogue: dict, key: str):
    node = catalogue
    for part in key.split("."):
        node = node[part]
    return node


def _check_text(template: str, check: dict) -> str:
    """A checkpoint sentence with its numbers, as web/course/checkpoints.js fills it on the page."""
    value = check.get("value")
    params = {}
    if isinstance(value, int | float):
        params["target"] = f"{value * 100:g}%" if "accuracy" in check.get("metric", "") else f"{value:,g}"
    for name, field in (("epochs", "after_epochs"), ("steps", "after_steps")):
        if field in check:
            params[name] = f"{check[field]:,}"
    return re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], template)


def course_table(course: list[dict], catalogue: dict) -> str:
    lines = [
        "| lesson | the idea | the guided experiment checks (live, from the run's frames) | tests assert |",
        "|---|---|---|---|",
    ]
    for entry in course:
        texts = _lookup(catalogue, entry["key"])
        page = "digits" if entry["lab"] == "digits" else "2D"
        checks = [
            f"{i}. {_check_text(texts[f'step{i}']['check'], step['check'])}"
            for i, step in enumerate(entry["steps"], start=1)
        ]
        lesson = BY_ID[entry["id"]]
        claims = _asserted(lesson)
        name = f"No.{entry['number']} {texts['title']} ({page})"
        lines.append(f"| {name} | {IDEAS[entry['id']]} | {' '.join(checks)} | {claims} |")
    return "\n".join(lines)


def robustness_table(robustness_json: dict) -> str:
    """Test accuracy of each trained digits lesson on the test digits shifted and rotated (bench/robustness.py)."""
    lessons = robustness_json["lessons"]
    first = next(iter(lessons.values()))
    shifts = [s for s in first["shift"] if s != "0"]
    angles = [a for a in first["rotation"] if a != "0"]
    head = ["lesson (preset, steps)", "test", *(f"shift {s} px" for s in shifts), *(f"rotation {a}°" for a in angles)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for lesson_id, entry in lessons.items():
        lesson = BY_ID[lesson_id]
        name = f"No.{lesson.number} {lesson.title} ({entry['steps']:,})"
        cells = [entry["shift"][s] for s in shifts] + [entry["rotation"][a] for a in angles]
        lines.append("| " + " | ".join([name, f"{entry['test_accuracy']:.3f}", *(f"{c:.3f}" for c in cells)]) + " |")
    machine = robustness_json["machine"]
    return "\n".join(lines) + f"\n\nMeasured by `python -m bench.robustness` on {render_machine(machine)}."


def _block(name: str, body: str, source: str) -> str:
    return f"<!-- {name}: generated by `python -m bench.readme` from {source} -->\n{body}\n<!-- /{name} -->"


def render(readme: str, lessons_json: dict, results_json: dict) -> str:
    course = json.loads(COURSE_JSON.read_text())
    catalogue = json.loads(CATALOGUE_EN.read_text())
    blocks = {
        "course-table": _block("course-table", course_table(course, catalogue), "web/course/course.json"),
        "lessons-table": _block("lessons-table", lessons_table(lessons_json), "bench/lessons.json"),
        "bench-table": _block("bench-table", bench_table(results_json), "bench/results.json"),
        "robustness-table": _block(
            "robustness-table", robustness_table(json.loads(ROBUSTNESS_JSON.read_text())), "bench/robustness.json"
        ),
    }
    for name, block in blocks.items():
        pattern = re.compile(rf"<!-- {name}: .*?<!-- /{name} -->", re.S)
        if not pattern.search(readme):
            raise ValueError(f"README.md has no <!-- {name}: … --> block")
        readme = pattern.sub(lambda _, block=block: block, readme)
    return readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.readme", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md differs instead of writing it")
    args = parser.parse_args(argv)
    current = README.read_text()
    rendered = render(current, json.loads(LESSONS_JSON.read_text()), json.loads(RESULTS_JSON.read_text()))
    if args.check:
        if rendered != current:
            print("README.md tables differ from bench/*.json: run python -m bench.readme", file=sys.stderr)
            return 1
        return 0
    README.write_text(rendered)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
