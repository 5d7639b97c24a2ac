"""README's numbers come from commands: its tables equal what `python -m bench.readme` renders from bench/*.json,
and its curl walk-through, replayed in order, gets the predict answer it shows."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from bench.readme import LESSONS_JSON, README, RESULTS_JSON, render
from server.app import create_app


def test_readme_tables_are_the_rendered_ones():
    readme = README.read_text()
    rendered = render(readme, json.loads(LESSONS_JSON.read_text()), json.loads(RESULTS_JSON.read_text()))
    assert rendered == readme, "README tables differ from bench/*.json: run `python -m bench.readme`"


def test_a_changed_number_is_caught():
    """The comparison sees a single digit changed inside a generated table."""
    readme = README.read_text()
    tampered = readme.replace("| No.1 Logistic regression", "| No.1 Logistic regression (edited)", 1)
    assert tampered != readme
    assert render(tampered, json.loads(LESSONS_JSON.read_text()), json.loads(RESULTS_JSON.read_text())) != tampered


def _curl_section() -> str:
    readme = README.read_text()
    start = readme.index("## The API (curl)")
    return readme[start : readme.index("\n## ", start + 1)]


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as client:
        yield client


def test_the_curl_walkthrough_gets_the_predict_answer_it_shows(client):
    section = _curl_section()
    bodies = re.findall(r"-d '(\{.*?\})'", section, re.S)
    run_body, predict_body = json.loads(bodies[0]), json.loads(next(b for b in bodies if '"points"' in b))
    shown = json.loads(re.search(r"/predict.*?\n# → (\{.*?\})\n", section, re.S).group(1))

    created = client.post("/api/runs", json=run_body)
    assert created.status_code == 201 and created.json()["status"] in section  # "queued", as shown
    run_id = created.json()["id"]
    finished = client.get(f"/api/runs/{run_id}", params={"wait": "true", "timeout": 60}).json()
    assert finished["status"] == "done", "nobody watches this run: it must train to max_steps, not pause"
    answer = client.post(f"/api/runs/{run_id}/predict", json=predict_body).json()
    assert answer["predicted"] == shown["predicted"] and answer["step"] == shown["step"]
    for got, want in zip(answer["probabilities"], shown["probabilities"], strict=True):
        assert got == pytest.approx(want, abs=0.01)
