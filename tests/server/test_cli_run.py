"""`boundary-lab run`: exit codes and --json output, against its own in-process lab or a given --url."""

import json
import subprocess
import sys

import pytest

from tests.live_server import live_server

DIVERGES = {
    "dataset": {"name": "spiral"},
    "model": {"hidden": [32, 32, 32], "activation": "relu", "features": ["x1", "x2", "x1^2", "x2^2", "x1*x2"]},
    "optimizer": {"name": "sgd", "learning_rate": 10.0},
    "max_steps": 100_000,
}


def _cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "server.cli", "run", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=cwd)


@pytest.fixture(scope="module")
def url():
    with live_server() as base:
        yield base


def test_a_lesson_in_process_prints_json_and_exits_0():
    done = _cli("--lesson", "plane.logistic", "--max-steps", "500", "--json")
    assert done.returncode == 0, done.stderr
    final = json.loads(done.stdout)
    assert final["status"] == "done" and final["step"] == 500
    assert final["config"]["model"]["kind"] == "logistic" and 0 < final["metrics"]["train_loss"] < 1


def test_a_lesson_by_the_courses_number(url):
    done = _cli("--lesson", "No.1", "--max-steps", "50", "--url", url, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["config"]["dataset"]["name"] == "linear"
    shared = _cli("--lesson", "2", "--url", url)
    assert shared.returncode == 2
    assert "plane.softmax and digits.softmax" in shared.stderr


def test_progress_bar_run_against_a_url_exits_0(url, tmp_path):
    config = tmp_path / "run.json"
    config.write_text(json.dumps({"dataset": {"name": "linear", "n_points": 100}, "model": {"kind": "logistic"}}))
    done = _cli(str(config), "--url", url, "--max-steps", "300")
    assert done.returncode == 0, done.stderr
    assert "done at step 300" in done.stderr and "train_accuracy" in done.stderr


def test_a_diverged_run_exits_1(url, tmp_path):
    config = tmp_path / "run.json"
    config.write_text(json.dumps(DIVERGES))
    done = _cli(str(config), "--url", url, "--json")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["status"] == "diverged"


def test_a_bad_field_exits_2_naming_it(url, tmp_path):
    config = tmp_path / "run.json"
    config.write_text(json.dumps({"dataset": {"name": "linear", "n_points": 10**6}}))
    done = _cli(str(config), "--url", url)
    assert done.returncode == 2
    assert "dataset.n_points" in done.stderr


def test_unreadable_config_and_unknown_lesson_exit_2(url, tmp_path):
    config = tmp_path / "run.json"
    config.write_text("{not json")
    assert _cli(str(config), "--url", url).returncode == 2
    unknown = _cli("--lesson", "plane.nope", "--url", url)
    assert unknown.returncode == 2 and "plane.logistic" in unknown.stderr
