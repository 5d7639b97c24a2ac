"""`python -m bench.robustness`: the digits lessons' models on shifted and rotated test digits (bench/robustness.json).

Each of the three trained digits lessons (softmax regression, the hidden layer, the CNN: models/lessons.py's
presets, built by the server's own `build_lab`) is trained in this process to its preset's step count, then its test
accuracy is read on the test split shifted (pixels, the mean over four directions) and rotated (degrees, both ways),
exactly as `POST /api/runs/{id}/robustness` answers it. About 40 s on 2 cores, most of it the CNN.
`python -m bench.readme` then rewrites README's robustness table.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench import report
from models.lessons import BY_ID
from server.labs import build_lab
from server.schemas.config import RunConfig

HERE = Path(__file__).resolve().parent
LESSON_IDS = ("digits.softmax", "digits.mlp", "digits.cnn")
DISTORTIONS = {"shift": (0, 1, 2, 3, 4), "rotation": (0, 10, 20, 30, 45)}


def measure(lesson_id: str) -> dict:
    body = BY_ID[lesson_id].run
    lab = build_lab(RunConfig.model_validate(body))
    lab.train(body["max_steps"])
    curves = {name: lab.robustness(name, list(strengths), 0) for name, strengths in DISTORTIONS.items()}
    return {
        "steps": lab.step,
        "test_accuracy": curves["shift"]["test_accuracy"],
        **{
            name: dict(zip(map(str, strengths), curves[name]["accuracy"], strict=True))
            for name, strengths in DISTORTIONS.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.robustness", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "robustness.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    lessons = {}
    for lesson_id in LESSON_IDS:
        lessons[lesson_id] = measure(lesson_id)
        print(lesson_id, json.dumps(lessons[lesson_id]), flush=True)
    machine = report.machine_info() | {"duration_s": round(time.perf_counter() - started, 1)}
    args.out.write_text(json.dumps({"machine": machine, "lessons": lessons}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
