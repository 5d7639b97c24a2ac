"""The teacher's class view (server/routes/class_view.py) on a live class of two learners with real runs.

Aiko trains a logistic run (3 parameters), Ben a softmax run (6) on the same gauss data, each for a few steps;
the teacher sees both as tiles with thumbnails, a challenge ranks them, pause all pauses both, and every class
route is refused to a learner (403), to the join code (403) and to no credentials (401).
"""

from __future__ import annotations

import base64

import httpx
import pytest

from server.schemas.class_view import THUMBNAIL_SIZE
from server.settings import Settings
from tests.server.conftest import uvicorn_in_thread
from tests.server.test_learners import JOIN_CODE, TEACHER, TEACHER_TOKEN, built, join

GAUSS = {"dataset": {"name": "gauss", "n_points": 100}, "max_steps": 1_000_000, "grid_resolution": 40}
CLASS_ROUTES = [
    ("GET", "/api/class/runs", {}),
    ("POST", "/api/class/pause", {}),
    ("GET", "/api/class/challenge", {}),
    ("POST", "/api/class/challenge", {"json": {"dataset": "gauss", "threshold": 0.5}}),
    ("DELETE", "/api/class/challenge", {}),
]


def trained_run(http: httpx.Client, model: str, steps: int) -> dict:
    created = http.post("/api/runs?paused=true", json={**GAUSS, "model": {"kind": model}})
    assert created.status_code == 201, created.text
    run = built(http, created.json()["id"])
    stepped = http.post(f"/api/runs/{run['id']}/step", json={"steps": steps})
    assert stepped.status_code == 200, stepped.text
    return run


@pytest.fixture(scope="module")
def classroom():
    settings = Settings(classroom=True, token=TEACHER_TOKEN, join_code=JOIN_CODE, max_live_runs=8)
    with uvicorn_in_thread(settings) as (base, _app):
        aiko, ben = join(base, "Aiko"), join(base, "Ben")
        teacher = httpx.Client(base_url=base, headers=TEACHER, timeout=60)
        runs = {"Aiko": trained_run(aiko, "logistic", 300), "Ben": trained_run(ben, "softmax", 40)}
        yield base, aiko, ben, teacher, runs
        for client in (aiko, ben, teacher):
            client.close()


def test_the_teacher_sees_every_learners_run_with_a_thumbnail(classroom):
    _, _, _, teacher, runs = classroom
    answer = teacher.get("/api/class/runs")
    assert answer.status_code == 200, answer.text
    tiles = {tile["learner_name"]: tile for tile in answer.json()["runs"]}
    assert set(tiles) == {"Aiko", "Ben"}
    for name, run in runs.items():
        tile = tiles[name]
        assert (tile["id"], tile["dataset"], tile["paused"]) == (run["id"], "gauss", True)
        assert tile["step"] >= 40 and tile["test_accuracy"] > 0.5
        thumb = tile["thumbnail"]
        assert (thumb["kind"], thumb["width"], thumb["height"], thumb["classes"]) == (
            "regions",
            THUMBNAIL_SIZE,
            THUMBNAIL_SIZE,
            2,
        )
        cells = base64.b64decode(thumb["data"])
        assert len(cells) == THUMBNAIL_SIZE**2
        assert {cell // 32 for cell in cells} == {0, 1}, "a trained gauss run's regions hold both classes"
    assert len(answer.content) < 2 * 1500, "two tiles are a few hundred bytes each"


@pytest.mark.parametrize(("method", "path", "extra"), CLASS_ROUTES, ids=lambda v: str(v))
def test_every_class_route_is_refused_to_learners_and_strangers(classroom, method, path, extra):
    base, aiko, _, _, _ = classroom
    assert aiko.request(method, path, **extra).status_code == 403
    code = {"authorization": f"Bearer {JOIN_CODE}"}
    assert httpx.request(method, base + path, headers=code, **extra).status_code == 403
    assert httpx.request(method, base + path, **extra).status_code == 401


def test_a_challenge_ranks_the_runs_that_reach_it(classroom):
    _, _, _, teacher, runs = classroom
    smallest = teacher.post("/api/class/challenge", json={"dataset": "gauss", "threshold": 0.5})
    assert smallest.status_code == 201, smallest.text
    ranking = smallest.json()["ranking"]
    assert [(r["learner_name"], r["parameters"]) for r in ranking] == [("Aiko", 3), ("Ben", 6)]
    assert teacher.get("/api/class/runs").json()["challenge"]["ranking"] == ranking
    fastest = teacher.post(
        "/api/class/challenge", json={"dataset": "gauss", "threshold": 0.5, "tie_break": "earliest_step"}
    )
    assert [r["run_id"] for r in fastest.json()["ranking"]] == [runs["Ben"]["id"], runs["Aiko"]["id"]]
    unreachable = teacher.post("/api/class/challenge", json={"dataset": "spiral", "threshold": 0.5})
    assert unreachable.json()["ranking"] == []
    assert teacher.delete("/api/class/challenge").status_code == 204
    assert teacher.get("/api/class/challenge").json() is None


def test_a_challenge_out_of_bounds_is_a_422_with_its_field(classroom):
    teacher = classroom[3]
    answer = teacher.post("/api/class/challenge", json={"dataset": "gauss", "threshold": 1.5})
    assert answer.status_code == 422
    assert "threshold" in answer.text


def test_pause_all_pauses_every_learners_run(classroom):
    _, aiko, ben, teacher, runs = classroom
    for client, name in ((aiko, "Aiko"), (ben, "Ben")):
        resumed = client.patch(f"/api/runs/{runs[name]['id']}", json={"paused": False})
        assert resumed.status_code == 200, resumed.text
    paused = teacher.post("/api/class/pause")
    assert paused.status_code == 200 and paused.json()["paused"] == 2
    assert aiko.get(f"/api/runs/{runs['Aiko']['id']}").json()["status"] == "paused"
    assert ben.get(f"/api/runs/{runs['Ben']['id']}").json()["status"] == "paused"


def test_health_counts_only_the_callers_own_runs(classroom):
    _, aiko, _, teacher, _ = classroom
    assert teacher.get("/api/health").json()["total_runs"] == 2
    assert aiko.get("/api/health").json()["total_runs"] == 1
    outsider = httpx.get(classroom[0] + "/api/health")
    assert outsider.status_code == 401


def test_a_learner_who_leaves_is_forgotten_with_their_runs(classroom):
    base, _, _, teacher, _ = classroom
    carla = join(base, "Carla")
    run = trained_run(carla, "logistic", 5)
    left = carla.delete("/api/learners/me")
    assert left.status_code == 204
    assert 'boundary_lab_learner=""' in left.headers["set-cookie"]
    assert carla.get("/api/learners/me").status_code == 401, "the token no longer opens anything"
    assert "Carla" not in [learner["name"] for learner in teacher.get("/api/learners").json()["learners"]]
    assert teacher.get(f"/api/runs/{run['id']}").status_code == 404
    carla.close()
