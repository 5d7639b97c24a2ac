"""The exported script as a Jupyter notebook: its docstring becomes the first markdown cell, each top-level block
(separated by two blank lines, as ruff formats them) one code cell, so the learner can run it a step at a time."""

from __future__ import annotations

import json

NBFORMAT = {"nbformat": 4, "nbformat_minor": 5}


def _cell(kind: str, source: str, index: int) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{index}", "metadata": {}, "source": source.strip("\n")}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def script_to_notebook(script: str) -> str:
    """Outputs empty, kernel python3: what `jupyter lab` opens and nbclient executes."""
    _, docstring, body = script.split('"""', 2)
    blocks = [block for block in body.split("\n\n\n") if block.strip()]
    cells = [_cell("markdown", docstring, 0)] + [_cell("code", block, i + 1) for i, block in enumerate(blocks)]
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return json.dumps({"cells": cells, "metadata": metadata, **NBFORMAT}, ensure_ascii=False, indent=1)
