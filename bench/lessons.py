"""`python -m bench.lessons`: train every lesson's preset and write bench/lessons.json (the README's lesson table).

Each preset (models/lessons.py) is validated as the server validates a POST and built by the server's own
`build_lab`, then trained in this process to its checkpoints, for every seed its claims name (seed 0 alone when it
has none). About a minute on 2 cores, most of it the CNN. `python -m bench.readme` then rewrites the README tables.
`--only ID` re-measures just that lesson (a new or changed preset) and keeps every other entry of the file as it was;
the entry then carries the `machine` it was measured on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import report
from models.lessons import BY_ID, LESSONS, Lesson, seeded_run
from server.labs import build_lab
from server.schemas.config import RunConfig

HERE = Path(__file__).resolve().parent


def metrics_at(body: dict, steps: tuple[int, ...]) -> dict[int, dict[str, float]]:
    """Train the run `body` describes and read its metrics after each of `steps` (ascending) updates.

    2D labs report both splits exactly; digits labs report the full test split and the frame's training sample.
    """
    lab = build_lab(RunConfig.model_validate(body))
    out: dict[int, dict[str, float]] = {}
    for step in steps:
        lab.train(step - lab.step)
        metrics = lab.measure(full=True).metrics
        out[step] = {"train_accuracy": metrics["train_accuracy"], "test_accuracy": metrics["test_accuracy"]}
    return out


def steps_of(lesson: Lesson) -> tuple[int, ...]:
    return tuple(sorted({*lesson.checkpoints, *(claim.step for claim in lesson.claims)}))


def seeds_of(lesson: Lesson) -> tuple[int, ...]:
    return tuple(sorted({0, *(seed for claim in lesson.claims for seed in claim.seeds)}))


def measure(lesson: Lesson, log=print) -> dict:
    started = time.perf_counter()
    by_seed = {seed: metrics_at(seeded_run(lesson, seed), steps_of(lesson)) for seed in seeds_of(lesson)}
    took = time.perf_counter() - started
    log(f"  {lesson.id}: {len(by_seed)} seed(s) to step {max(steps_of(lesson)):,} in {took:.1f} s")
    return {
        "id": lesson.id,
        "run": lesson.run,
        "steps": list(steps_of(lesson)),
        "seeds": {str(seed): {str(step): m for step, m in per_step.items()} for seed, per_step in by_seed.items()},
    }


def remeasured(written: list[dict], ids: list[str], machine: dict, log=print) -> list[dict]:
    """The file's entries in course order, those named in `ids` measured afresh (each tagged with `machine`)."""
    started = time.perf_counter()
    kept = {entry["id"]: entry for entry in written}
    fresh = {lesson_id: measure(BY_ID[lesson_id], log) for lesson_id in ids}
    machine = machine | {"duration_s": round(time.perf_counter() - started, 1)}
    return [
        fresh[lesson.id] | {"machine": machine} if lesson.id in fresh else kept[lesson.id]
        for lesson in LESSONS
        if lesson.run is not None
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lessons", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "lessons.json")
    parser.add_argument("--only", action="append", choices=[lesson.id for lesson in LESSONS if lesson.run is not None])
    args = parser.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    machine = report.machine_info()
    if args.only:
        written = json.loads(args.out.read_text())
        results = remeasured(written["lessons"], args.only, machine, log)
        machine = written["machine"]
    else:
        results = [measure(lesson, log) for lesson in LESSONS if lesson.run is not None]
        machine["duration_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine, "lessons": results}, indent=1) + "\n")
    log(f"wrote {args.out} in {round(time.perf_counter() - started, 1)} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
