"""A class (`serve --class`): each learner's runs are their own, the teacher's token sees and controls all.

Every route with a `run_id` is tried, found from the app's own routes, so a route added later is covered without
touching this file: another learner's run answers the same 404 as an id that never existed, no credentials a 401,
the owner and the teacher are let through. A server without a class behaves as it always has.
"""

from __future__ import annotations

import time

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from server import runs
from server.app import create_app
from server.cli import banner, build_parser, settings_from_args
from server.runs import RunLimitReached, RunManager
from server.schemas.config import RunConfig
from server.security import LEARNER_COOKIE
from server.settings import Settings
from tests.server.conftest import uvicorn_in_thread
from tests.server.fakes import FakeClock, TimedLab, plain_frame_event

TEACHER_TOKEN = "teacher-7c1f9e"
JOIN_CODE = "join-4d2e8a"
TEACHER = {"authorization": f"Bearer {TEACHER_TOKEN}"}
LOGISTIC = {"dataset": {"name": "gauss", "n_points": 100}, "model": {"kind": "logistic"}, "max_steps": 1_000_000}
DENIED = (401, 403, 404)
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def run_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every operation of the app with a `run_id` in its path, from the app's own document of its
    routes (FastAPI nests included routers inside `app.routes`; `app.openapi()` lists them all)."""
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if "{run_id}" in path
        for method in operations
        if method in HTTP_METHODS
    )


RUN_ROUTES = run_routes(create_app(Settings(compilation_cache_dir="")))
# A request each route answers 2xx for a paused logistic run; a route missing here is still tried without a body
# (its owner must get past the run lookup: anything but 401/403/404).
OK_REQUESTS = {
    ("GET", "/api/runs/{run_id}"): {},
    ("PATCH", "/api/runs/{run_id}"): {"json": {"learning_rate": 0.05}},
    ("POST", "/api/runs/{run_id}/step"): {"json": {"steps": 1}},
    ("POST", "/api/runs/{run_id}/predict"): {"json": {"points": [[0.0, 0.0]]}},
    ("GET", "/api/runs/{run_id}/params"): {},
    ("GET", "/api/runs/{run_id}/points"): {},
    ("GET", "/api/runs/{run_id}/events"): {},
    ("GET", "/api/runs/{run_id}/history"): {},
    ("GET", "/api/runs/{run_id}/export"): {},
    ("POST", "/api/runs/{run_id}/inspect"): {"json": {"example": 0}},
    ("GET", "/api/runs/{run_id}/surface"): {"params": {"resolution": 5}},
    ("DELETE", "/api/runs/{run_id}"): {},
}
NOT_DELETING = [route for route in RUN_ROUTES if route[0] != "DELETE"]


def call(http: httpx.Client, route: tuple[str, str], run_id: str, **extra) -> httpx.Response:
    """The route's request on `run_id`; an event stream is opened, its status read, and closed."""
    method, path = route
    url = path.replace("{run_id}", run_id)
    kwargs = {**OK_REQUESTS.get(route, {}), **extra}
    with http.stream(method, url, **kwargs) as response:
        if not response.headers.get("content-type", "").startswith("text/event-stream"):
            response.read()
        return response


def join(base: str, name: str) -> httpx.Client:
    """A script's learner: joined with the join code, then its own token in every request."""
    joined = httpx.post(f"{base}/api/learners", json={"name": name}, headers={"authorization": f"Bearer {JOIN_CODE}"})
    assert joined.status_code == 201, joined.text
    token = joined.json()["token"]
    return httpx.Client(base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=60)


def create(http: httpx.Client, expect: int = 201) -> dict:
    created = http.post("/api/runs?paused=true", json=LOGISTIC)
    assert created.status_code == expect, created.text
    return created.json()


def built(http: httpx.Client, run_id: str) -> dict:
    """The run once its lab is built (paused, not queued)."""
    deadline = time.monotonic() + 60
    while (info := http.get(f"/api/runs/{run_id}").json())["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return info


@pytest.fixture(scope="module")
def served():
    settings = Settings(
        classroom=True, token=TEACHER_TOKEN, join_code=JOIN_CODE, max_live_runs=8, max_live_runs_per_learner=2
    )
    with uvicorn_in_thread(settings) as (base, _app):
        yield base


@pytest.fixture(scope="module")
def class_of_two(served):
    """(Aiko, Ben, teacher) clients and Aiko's paused run."""
    aiko, ben = join(served, "Aiko"), join(served, "Ben")
    teacher = httpx.Client(base_url=served, headers=TEACHER, timeout=60)
    run = built(aiko, create(aiko)["id"])
    yield aiko, ben, teacher, run
    for client in (aiko, ben, teacher):
        client.close()


def test_every_run_route_is_enumerated():
    """The table of good requests names real routes, and the enumeration finds at least those."""
    assert set(OK_REQUESTS) <= set(RUN_ROUTES)
    assert len(RUN_ROUTES) >= len(OK_REQUESTS)


@pytest.mark.parametrize("route", RUN_ROUTES, ids=" ".join)
def test_another_learners_run_answers_404_like_an_unknown_id(class_of_two, route):
    aiko, ben, _, run = class_of_two
    before = aiko.get(f"/api/runs/{run['id']}").json()
    answer = call(ben, route, run["id"])
    unknown = call(ben, route, "0123456789ab")
    assert answer.status_code == unknown.status_code == 404, answer.text
    assert answer.json() == {"detail": f"no run with id {run['id']!r}"}
    after = aiko.get(f"/api/runs/{run['id']}")
    assert after.status_code == 200, "the run is still there"
    assert (after.json()["step"], after.json()["learning_rate"]) == (before["step"], before["learning_rate"])


@pytest.mark.parametrize("route", RUN_ROUTES, ids=" ".join)
@pytest.mark.parametrize("credential", [{}, {"authorization": "Bearer wrong"}, {"cookie": f"{LEARNER_COOKIE}=wrong"}])
def test_without_credentials_every_run_route_answers_401(class_of_two, served, route, credential):
    _, _, _, run = class_of_two
    with httpx.Client(base_url=served, headers=credential) as stranger:
        answer = call(stranger, route, run["id"])
    assert answer.status_code == 401, answer.text
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "class link" in answer.json()["detail"]


@pytest.mark.parametrize("route", NOT_DELETING, ids=" ".join)
def test_the_owner_and_the_teacher_may_use_every_run_route(class_of_two, route):
    aiko, _, teacher, run = class_of_two
    for who in (aiko, teacher):
        answer = call(who, route, run["id"])
        assert answer.status_code not in DENIED and answer.status_code < 500, answer.text
        if route in OK_REQUESTS:
            assert answer.is_success, answer.text


def test_lists_show_a_learner_their_own_runs_and_the_teacher_all(class_of_two, served):
    aiko, ben, teacher, run = class_of_two
    bens = create(ben)
    aiko_id, ben_id = (who.get("/api/learners/me").json()["id"] for who in (aiko, ben))
    assert run["owner"] == aiko_id and bens["owner"] == ben_id
    assert [r["id"] for r in aiko.get("/api/runs").json()["runs"]] == [run["id"]]
    assert [r["id"] for r in ben.get("/api/runs").json()["runs"]] == [bens["id"]]
    assert {run["id"], bens["id"]} <= {r["id"] for r in teacher.get("/api/runs").json()["runs"]}
    assert ben.delete(f"/api/runs/{bens['id']}").status_code == 204


def test_a_learner_deletes_only_their_own_and_the_teacher_any(class_of_two):
    aiko, ben, teacher, _ = class_of_two
    mine, theirs = create(ben), create(aiko)
    assert ben.delete(f"/api/runs/{theirs['id']}").status_code == 404
    assert aiko.get(f"/api/runs/{theirs['id']}").status_code == 200
    assert ben.delete(f"/api/runs/{mine['id']}").status_code == 204
    assert teacher.delete(f"/api/runs/{theirs['id']}").status_code == 204
    assert aiko.get(f"/api/runs/{theirs['id']}").status_code == 404


def test_a_deleted_runs_history_stays_its_owners(class_of_two):
    aiko, ben, teacher, _ = class_of_two
    run_id = create(aiko)["id"]
    assert aiko.delete(f"/api/runs/{run_id}").status_code == 204
    assert aiko.get(f"/api/runs/{run_id}/history").status_code == 200, "deleted lately: its history still answers"
    assert teacher.get(f"/api/runs/{run_id}/history").status_code == 200
    assert ben.get(f"/api/runs/{run_id}/history").status_code == 404


def test_a_learner_token_opens_their_event_stream_in_the_query(class_of_two, served):
    """EventSource cannot send headers: `?token=` works on a run's stream for a learner as for the teacher, and
    nowhere else."""
    aiko, ben, _, run = class_of_two
    events = ("GET", "/api/runs/{run_id}/events")
    aiko_token = aiko.headers["authorization"].removeprefix("Bearer ")
    ben_token = ben.headers["authorization"].removeprefix("Bearer ")
    with httpx.Client(base_url=served, timeout=60) as bare:
        assert call(bare, events, run["id"], params={"token": aiko_token}).status_code == 200
        assert call(bare, events, run["id"], params={"token": ben_token}).status_code == 404
        assert bare.get(f"/api/runs/{run['id']}", params={"token": aiko_token}).status_code == 401


def test_one_learner_holds_at_most_their_cap_of_live_runs(served):
    """Two live runs per learner here: the third is a 429 saying why; finishing one frees the slot."""
    chie = join(served, "Chie")
    first, _ = create(chie), create(chie)
    refused = chie.post("/api/runs?paused=true", json=LOGISTIC)
    assert refused.status_code == 429 and refused.headers["retry-after"]
    assert "limit 2 per learner" in refused.json()["detail"]
    teacher = httpx.Client(base_url=served, headers=TEACHER)
    teachers = create(teacher)  # the teacher's runs have no per-learner cap
    assert chie.delete(f"/api/runs/{first['id']}").status_code == 204
    create(chie)
    for run in chie.get("/api/runs").json()["runs"]:
        chie.delete(f"/api/runs/{run['id']}")
    teacher.delete(f"/api/runs/{teachers['id']}")


def test_the_per_learner_cap_and_the_global_cap_both_hold(monkeypatch):
    monkeypatch.setattr(runs, "frame_event", plain_frame_event)
    clock = FakeClock()
    manager = RunManager(
        max_live_runs=3, max_live_runs_per_owner=2, lab_factory=lambda config: TimedLab(clock), clock=clock
    )
    try:
        for _ in range(2):
            manager.create(RunConfig(), paused=True, owner="aiko")
        with pytest.raises(RunLimitReached, match="per learner"):
            manager.create(RunConfig(), paused=True, owner="aiko")
        manager.create(RunConfig(), paused=True, owner="ben")
        with pytest.raises(RunLimitReached, match=r"3 runs are live or ending \(limit 3\)"):
            manager.create(RunConfig(), paused=True, owner="ben")
        with pytest.raises(RunLimitReached, match="limit 3"):
            manager.create(RunConfig(), paused=True)
    finally:
        manager.shutdown()


def test_the_class_link_gives_a_browser_its_learner_cookie(served):
    with httpx.Client(base_url=served, timeout=60) as browser:
        opened = browser.get(f"/digits.html?join={JOIN_CODE}&lang=ja")
        assert opened.status_code == 303 and opened.headers["location"] == "/digits.html?lang=ja"
        cookie = opened.headers["set-cookie"]
        assert cookie.startswith(f"{LEARNER_COOKIE}=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
        me = browser.get("/api/learners/me").json()
        assert me["named"] is False and me["name"].startswith("learner "), "a default name until one is chosen"
        run = create(browser)
        assert run["owner"] == me["id"]
        again = browser.get(f"/?join={JOIN_CODE}")
        assert again.status_code == 303 and "set-cookie" not in again.headers, "the browser stays the same learner"
        assert browser.get("/api/learners/me").json()["id"] == me["id"]
        renamed = browser.patch("/api/learners/me", json={"name": "  Daichi  "})
        assert renamed.json() == {"id": me["id"], "name": "Daichi", "named": True}
        assert browser.delete(f"/api/runs/{run['id']}").status_code == 204
    with httpx.Client(base_url=served) as stranger:
        wrong = stranger.get("/?join=not-the-code")
        assert wrong.status_code == 200 and LEARNER_COOKIE not in stranger.cookies
        raw = httpx.URL(served).copy_with(raw_path=f"//elsewhere.example/?join={JOIN_CODE}&lang=".encode())
        elsewhere = stranger.get(raw)
        assert elsewhere.headers["location"] == "/elsewhere.example/?lang=", "the link never leads off this server"


@pytest.mark.parametrize("name", [None, "", "   ", "x" * 41, "two\nlines", 7])
def test_a_name_is_validated_and_the_422_names_the_field(served, name):
    body = {} if name is None else {"name": name}
    answer = httpx.post(f"{served}/api/learners", json=body, headers={"authorization": f"Bearer {JOIN_CODE}"})
    assert answer.status_code == 422
    assert [error["loc"] for error in answer.json()["detail"]] == [["body", "name"]]


def test_a_japanese_name_is_fine(served):
    with join(served, "さくら") as sakura:
        assert sakura.get("/api/learners/me").json()["name"] == "さくら"


def test_the_join_code_only_lets_you_join(served):
    joiner = {"authorization": f"Bearer {JOIN_CODE}"}
    for method, path in [("GET", "/api/health"), ("GET", "/api/runs"), ("POST", "/api/runs"), ("GET", "/api/learners")]:
        answer = httpx.request(method, f"{served}{path}", headers=joiner, json=LOGISTIC)
        assert answer.status_code == 403 and "only lets you join" in answer.json()["detail"], (method, path)
    assert httpx.post(f"{served}/api/learners", json={"name": "Eri"}).status_code == 401


def test_the_roster_is_the_teachers(class_of_two):
    aiko, _, teacher, _ = class_of_two
    names = {learner["name"] for learner in teacher.get("/api/learners").json()["learners"]}
    assert {"Aiko", "Ben"} <= names
    refused = aiko.get("/api/learners")
    assert refused.status_code == 403 and "teacher" in refused.json()["detail"]
    assert teacher.get("/api/learners/me").status_code == 404, "the teacher is not a learner"


def test_without_a_class_nothing_changes():
    """The default server: no credentials, no cookies, every run listed, no owners; the learner routes say there is
    no class, and a join link is just the page."""
    with TestClient(create_app(Settings(max_live_runs=4))) as client:
        first = client.post("/api/runs?paused=true", json=LOGISTIC)
        second = client.post("/api/runs?paused=true", json=LOGISTIC)
        third = client.post("/api/runs?paused=true", json=LOGISTIC)
        assert [r.status_code for r in (first, second, third)] == [201] * 3, "no per-learner cap"
        assert all("set-cookie" not in r.headers for r in (first, second, third))
        listed = client.get("/api/runs").json()["runs"]
        assert {r["id"] for r in listed} == {r.json()["id"] for r in (first, second, third)}
        assert {r["owner"] for r in listed} == {None}
        assert client.post("/api/learners", json={"name": "Aiko"}).status_code == 404
        assert client.get("/api/learners/me").status_code == 404
        assert client.get("/?join=anything", follow_redirects=False).status_code == 200
        for run in listed:
            assert client.delete(f"/api/runs/{run['id']}").status_code == 204


def test_a_shared_token_still_controls_every_run():
    with TestClient(create_app(Settings(token="shared-1"))) as client:
        headers = {"authorization": "Bearer shared-1"}
        run = client.post("/api/runs?paused=true", json=LOGISTIC, headers=headers).json()
        assert run["owner"] is None
        assert client.get(f"/api/runs/{run['id']}", headers=headers).status_code == 200
        assert client.post("/api/learners", json={"name": "Aiko"}, headers=headers).status_code == 404
        assert client.delete(f"/api/runs/{run['id']}", headers=headers).status_code == 204


def test_a_class_has_two_different_secrets():
    made = Settings(classroom=True)
    assert made.token and made.join_code and made.token != made.join_code
    with pytest.raises(ValidationError, match="must differ"):
        Settings(classroom=True, token="same-secret", join_code="same-secret")


def test_serve_class_prints_the_teachers_link_and_the_class_link():
    args = ["serve", "--class", "--token", "T-teacher", "--join-code", "J-class-code", "--max-runs-per-learner", "3"]
    settings = settings_from_args(build_parser().parse_args(args))
    assert (settings.classroom, settings.max_live_runs_per_learner) == (True, 3)
    lines = banner(settings).splitlines()
    assert lines[0].startswith("Boundary Lab on http://127.0.0.1:8000/?token=T-teacher")
    assert lines[-1].endswith("http://127.0.0.1:8000/?join=J-class-code")
    assert banner(settings_from_args(build_parser().parse_args(["serve"]))).count("\n") == 0
