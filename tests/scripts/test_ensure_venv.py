"""The venv helper behind `make run`/`make test`: a venv from another interpreter, or a half-finished install,
must be noticed and repaired, not fail the same way on every run (issue: a wrong-Python .venv stayed broken)."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from scripts import ensure_venv

ROOT = Path(__file__).resolve().parents[2]


def fake_venv(tmp_path: Path, python_says: str | None) -> Path:
    """A venv whose bin/python prints `python_says` as its identity (None: an interpreter that cannot run)."""
    venv_dir = tmp_path / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    python = venv_dir / "bin" / "python"
    python.write_text("#!/bin/sh\n" + (f"echo '{python_says}'\n" if python_says else "exit 127\n"))
    python.chmod(0o755)
    return venv_dir


def test_a_venv_made_by_another_python_is_rebuilt(tmp_path):
    venv_dir = fake_venv(tmp_path, "3.12.1 (main) [GCC] x86_64 cpython-312")
    reason = ensure_venv.why_rebuild(venv_dir)
    assert reason is not None and "3.12.1" in reason


def test_a_venv_whose_interpreter_cannot_run_is_rebuilt(tmp_path):
    assert "no working interpreter" in ensure_venv.why_rebuild(fake_venv(tmp_path, None))


def test_a_venv_from_this_python_is_kept(tmp_path):
    assert ensure_venv.why_rebuild(fake_venv(tmp_path, ensure_venv.this_identity())) is None


def test_rebuild_then_install_and_record(tmp_path, monkeypatch, capsys):
    venv_dir = fake_venv(tmp_path, "3.12.1 (main) [GCC] x86_64 cpython-312")
    installs = []

    def fake_install(where, extras):
        fake_venv(where.parent, ensure_venv.this_identity())
        installs.append(list(extras))

    monkeypatch.setattr(ensure_venv, "install", fake_install)
    ensure_venv.ensure(venv_dir, ["test"])
    assert "rebuilding .venv" in capsys.readouterr().out
    assert installs == [["test"]]
    ensure_venv.ensure(venv_dir, ["test"])
    ensure_venv.ensure(venv_dir, [])
    assert installs == [["test"]], "a finished install with the same pyproject is not repeated"


def test_a_half_finished_install_is_redone(tmp_path, monkeypatch):
    venv_dir = fake_venv(tmp_path, ensure_venv.this_identity())
    calls = []

    def failing_install(where, extras):
        calls.append(extras)
        raise subprocess.CalledProcessError(1, "pip")

    monkeypatch.setattr(ensure_venv, "install", failing_install)
    with pytest.raises(subprocess.CalledProcessError):
        ensure_venv.ensure(venv_dir, [])
    monkeypatch.setattr(ensure_venv, "install", lambda where, extras: calls.append(extras))
    ensure_venv.ensure(venv_dir, [])
    assert len(calls) == 2, "the failed install left no record, so the next run installs again"


def test_python_3_11_to_3_13_are_admitted():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    spec = meta["requires-python"]
    from packaging.specifiers import SpecifierSet

    for version in ("3.11.7", "3.12.1", "3.13.0"):
        assert version in SpecifierSet(spec), f"{version} refused by requires-python {spec}"


def test_make_run_installs_no_test_tools():
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    ensure_line = next(line for line in dry.splitlines() if "ensure_venv.py" in line)
    assert "--extra" not in ensure_line
    runtime = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for tool in ("playwright", "scikit-learn", "schemathesis", "ruff", "pytest"):
        assert not any(dep.startswith(tool) for dep in runtime), tool


def test_make_test_installs_the_test_extra():
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "--extra test" in dry
