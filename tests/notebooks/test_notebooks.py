"""The lesson notebooks: generated from the course's sources, committed without outputs, and each executed once
(nbclient, a kernel from this venv) against a lab the test starts, passing its own checkpoint assertion."""

import importlib.util
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))


def _builder():
    spec = importlib.util.spec_from_file_location("notebooks_build", ROOT / "notebooks" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_notebooks_are_what_the_builder_writes():
    expected = _builder().notebook_paths()
    assert sorted(expected) == NOTEBOOKS, "run .venv/bin/python notebooks/build.py"
    for path, notebook in expected.items():
        assert path.read_text() == nbformat.writes(notebook) + "\n", f"{path} is stale: rebuild it"


def test_both_languages_and_no_outputs():
    names = {lang: sorted(p.name for p in NOTEBOOKS if p.parent.name == lang) for lang in ("en", "ja")}
    assert names["en"] == names["ja"] and len(names["en"]) >= 9
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(cell.outputs == [] and cell.execution_count is None for cell in code), path


@pytest.fixture(scope="module")
def lab_url():
    with live_server("--max-live-runs", "4") as base:
        yield base


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_executes_and_passes_its_checks(path, lab_url, monkeypatch, tmp_path):
    monkeypatch.setenv("BOUNDARY_LAB_URL", lab_url)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert any("image/png" in output.get("data", {}) for output in outputs), "the live view drew nothing"
