"""Write notebooks/en/*.ipynb and notebooks/ja/*.ipynb, one per course lesson, from the course's own sources.

Text: the page's catalogues (web/i18n/<lang>.json), formulas: web/course/formulas.js, presets and claimed numbers:
models/lessons.py. So a notebook says what the page says and checks what the README claims. Outputs are empty.
Run: .venv/bin/python notebooks/build.py   (tests/notebooks/test_notebooks.py checks the files are up to date)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from models.lessons import BY_ID

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "ja")
# Steps each notebook trains and the check it makes: the lesson's claim where that trains in seconds here, else a
# shorter run with a lower bar (said in the notebook). Measured in tests/notebooks/test_notebooks.py's run.
CHECKS = {
    "plane.logistic": (4_000, "test_accuracy", 0.95),
    "plane.softmax": (4_000, "test_accuracy", 0.95),
    "plane.circle": (10_000, "test_accuracy", 0.93),
    "plane.xor": (10_000, "test_accuracy", 0.88),
    "plane.spiral": (50_000, "train_accuracy", 0.95),
    "digits.softmax": (1_000, "test_accuracy", 0.89),
    "digits.mlp": (2_000, "test_accuracy", 0.9),
    "digits.conv1": (960, "test_accuracy", 0.935),  # the lesson's claim at step 960 (models/lessons.py)
    "digits.cnn": (960, "test_accuracy", 0.965),  # the course's No.8 checkpoint (web/course/course.json)
}
TRY = {  # one "try this" change per lesson, as lesson_config overrides
    "plane.logistic": 'dataset={"noise": 0.5}',
    "plane.softmax": 'dataset={"classes": 4}',
    "plane.circle": 'model={"kind": "logistic"}',
    "plane.xor": 'model={"features": ["x1", "x2", "x1*x2"]}',
    "plane.spiral": 'model={"hidden": [16]}',
    "digits.softmax": 'optimizer={"learning_rate": 0.01}',
    "digits.mlp": 'model={"activation": "tanh"}',
    "digits.conv1": 'model={"kernel_size": 3}',
    "digits.cnn": 'model={"conv1_filters": 4}',
}
SETUP = """import os

import boundary_lab

url = os.environ.get("BOUNDARY_LAB_URL", "http://127.0.0.1:8000")  # start one: boundary-lab serve
lab = boundary_lab.connect(url, token=os.environ.get("BOUNDARY_LAB_TOKEN"))"""


def formulas() -> dict[str, str]:
    """id -> TeX from web/course/formulas.js (string literals, '+'-joined across lines)."""
    text = (ROOT / "web/course/formulas.js").read_text()
    found = {}
    for name, literals in re.findall(r"^\s*(\w+):\s*((?:\"(?:[^\"\\]|\\.)*\"\s*\+?\s*)+),", text, re.M):
        found[name] = "".join(json.loads(lit) for lit in re.findall(r"\"(?:[^\"\\]|\\.)*\"", literals))
    return found


def lesson_notebook(entry: dict, catalogue: dict, tex: dict) -> nbformat.NotebookNode:
    course, lesson_id = catalogue["course"], entry["id"]
    texts = course[entry["key"].split(".", 1)[1]]
    number = (
        f"No.{entry['number']} " if entry["key"] != "course.mnist" and entry["key"] != "course.mnist_hidden" else ""
    )
    ideas = "\n\n".join(texts["idea"].values())
    maths = "\n".join(f"$$ {tex[name]} $$" for name in entry["formulas"])
    cells = [
        new_markdown_cell(f"# {number}{texts['title']} ({texts['hint']})\n\n## {course['idea']}\n\n{ideas}"),
        new_markdown_cell(f"## {course['formula']}\n\n{maths}"),
        new_code_cell(SETUP),
    ]
    if lesson_id == "digits.conv":
        cells += [
            new_code_cell(
                "import matplotlib.pyplot as plt\n\n"
                "edges = lab.convolve([[1, 0, -1], [1, 0, -1], [1, 0, -1]], index=0, relu=True, pool=True)\n"
                "fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3))\n"
                'left.imshow(edges["image"], cmap="gray")\nright.imshow(edges["output"], cmap="magma")\nplt.show()'
            ),
            new_markdown_cell(f"## {course['checkpoint']}"),
            new_code_cell('assert edges["output"].shape == (14, 14) and edges["output"].min() >= 0'),
            new_markdown_cell(f"## {course['experiment']}"),
            new_code_cell('flat = lab.convolve([[1, 1, 1], [0, 0, 0], [-1, -1, -1]], index=0)\nflat["output"].shape'),
        ]
        return new_notebook(cells=cells, metadata=_metadata())
    steps, metric, bar = CHECKS[lesson_id]
    cells += [
        new_code_cell(
            f'run = lab.train(**lab.lesson_config("{lesson_id}", max_steps={steps}))\n'
            "last_frame = run.show()  # live: decision region or weights, and the loss curves"
        ),
        new_markdown_cell(f"## {course['checkpoint']}"),
        new_code_cell(f"print(run.metrics)\nassert run.metrics.{metric} >= {bar}\nrun.delete()"),
        new_markdown_cell(f"## {course['experiment']}\n\n" + texts.get("step2", {}).get("do", "")),
        new_code_cell(
            f'trial_config = lab.lesson_config("{lesson_id}", max_steps={max(steps // 10, 10)}, {TRY[lesson_id]})\n'
            "with lab.train(**trial_config) as trial:\n    print(trial.wait().metrics)"
        ),
    ]
    return new_notebook(cells=cells, metadata=_metadata())


def _with_stable_ids(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """nbformat draws random cell ids; fixed ones keep a rebuild byte-identical (the up-to-date test compares)."""
    for i, cell in enumerate(notebook.cells):
        cell.id = f"cell-{i}"
    return notebook


def _metadata() -> dict:
    return {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}


def notebook_paths() -> dict[Path, nbformat.NotebookNode]:
    """Every notebook this script writes, by path (lessons models/lessons.py does not define yet are skipped)."""
    course, tex = json.loads((ROOT / "web/course/course.json").read_text()), formulas()
    out = {}
    for lang in LANGS:
        catalogue = json.loads((ROOT / f"web/i18n/{lang}.json").read_text())
        for order, entry in enumerate(course, start=1):
            if entry["id"] in BY_ID:
                name = f"{order:02d}-{entry['id'].replace('.', '-')}.ipynb"
                out[ROOT / "notebooks" / lang / name] = _with_stable_ids(lesson_notebook(entry, catalogue, tex))
    return out


if __name__ == "__main__":
    for path, notebook in notebook_paths().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nbformat.writes(notebook) + "\n")
        print(path.relative_to(ROOT))
