"""Empty lists, wrong nesting and out-of-range values on every request body and query: each is a 422 naming the field.

The runs are ready (their lab built) before any request, so a body that slipped past validation would reach the model
code, as `{"points": []}` once did (a 500: JAX got a 1-D array).
"""

import time

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings

IMAGE = [0.5] * 784
RUNS = {
    "{run2d}": {"dataset": {"name": "xor", "n_points": 40}, "max_steps": 1_000_000},
    "{digits}": {"dataset": {"name": "mnist"}, "model": {"kind": "softmax"}, "max_steps": 1_000_000},
}
READY_PROBES = {"{run2d}": {"points": [[0.0, 0.0]]}, "{digits}": {"images": [IMAGE]}}


@pytest.fixture(scope="module")
def api():
    """One client with a paused 2D run and a paused digits run, both ready to predict."""
    with TestClient(create_app(Settings(max_live_runs=4, compilation_cache_dir=""))) as client:
        ids = {}
        for name, config in RUNS.items():
            response = client.post("/api/runs?paused=true", json=config)
            assert response.status_code == 201, response.text
            ids[name] = response.json()["id"]
        deadline = time.monotonic() + 120
        for name, run_id in ids.items():
            while client.post(f"/api/runs/{run_id}/predict", json=READY_PROBES[name]).status_code == 409:
                assert time.monotonic() < deadline, f"{name} never became ready"
                time.sleep(0.05)
        yield client, ids
        for run_id in ids.values():
            client.delete(f"/api/runs/{run_id}")


def _pixels(index: int, value: float) -> list[float]:
    return IMAGE[:index] + [value] + IMAGE[index + 1 :]


CASES = [
    # POST /api/runs/{id}/predict on a 2D run
    ("POST", "/api/runs/{run2d}/predict", {"images": None, "points": []}, ("body", "points")),
    ("POST", "/api/runs/{run2d}/predict", {"points": []}, ("body", "points")),
    ("POST", "/api/runs/{run2d}/predict", {"points": [1, 2]}, ("body", "points", 0)),
    ("POST", "/api/runs/{run2d}/predict", {"points": [[]]}, ("body", "points", 0)),
    ("POST", "/api/runs/{run2d}/predict", {"points": [[1, 2, 3]]}, ("body", "points", 0)),
    ("POST", "/api/runs/{run2d}/predict", {"points": [[[1, 2]]]}, ("body", "points", 0, 0)),
    ("POST", "/api/runs/{run2d}/predict", {"points": [[0, 1e6]]}, ("body", "points", 0, 1)),
    ("POST", "/api/runs/{run2d}/predict", {"images": [IMAGE]}, ("body", "images")),
    ("POST", "/api/runs/{run2d}/predict", {"points": {"x1": 0, "x2": 0}}, ("body", "points")),
    # ... on a digits run (issue 17 item 13: 65 images, pixels outside [0, 1])
    ("POST", "/api/runs/{digits}/predict", {"images": []}, ("body", "images")),
    ("POST", "/api/runs/{digits}/predict", {"points": [], "images": None}, ("body", "points")),
    ("POST", "/api/runs/{digits}/predict", {"images": [[]]}, ("body", "images", 0)),
    ("POST", "/api/runs/{digits}/predict", {"images": [IMAGE[:783]]}, ("body", "images", 0)),
    ("POST", "/api/runs/{digits}/predict", {"images": [[0.5] * 10]}, ("body", "images", 0)),
    ("POST", "/api/runs/{digits}/predict", {"images": [[[0.5] * 28] * 28]}, ("body", "images", 0, 0)),
    ("POST", "/api/runs/{digits}/predict", {"images": [IMAGE] * 65}, ("body", "images")),
    ("POST", "/api/runs/{digits}/predict", {"images": [_pixels(0, -0.01)]}, ("body", "images", 0, 0)),
    ("POST", "/api/runs/{digits}/predict", {"images": [IMAGE, _pixels(400, 1.01)]}, ("body", "images", 1, 400)),
    ("POST", "/api/runs/{digits}/predict", {"points": [[0, 0]]}, ("body", "points")),
    # POST /api/convolve
    ("POST", "/api/convolve", {"index": 0, "kernel": []}, ("body", "kernel")),
    ("POST", "/api/convolve", {"index": 0, "kernel": [[]]}, ("body", "kernel", 0)),
    ("POST", "/api/convolve", {"index": 0, "kernel": [1, 2]}, ("body", "kernel", 0)),
    ("POST", "/api/convolve", {"index": 0, "kernel": [[1, 2], [3]]}, ("body", "kernel")),
    ("POST", "/api/convolve", {"index": 0, "kernel": [[1, 2]]}, ("body", "kernel")),
    ("POST", "/api/convolve", {"index": 0, "kernel": [[1]] * 8}, ("body", "kernel")),
    ("POST", "/api/convolve", {"image": [], "kernel": [[1]]}, ("body", "image")),
    ("POST", "/api/convolve", {"image": [[0.5] * 28] * 28, "kernel": [[1]]}, ("body", "image", 0)),
    ("POST", "/api/convolve", {"image": _pixels(3, 2.0), "kernel": [[1]]}, ("body", "image", 3)),
    ("POST", "/api/convolve", {"index": 69_999, "kernel": [[1]]}, ("body", "index")),
    # POST /api/runs
    ("POST", "/api/runs", [], ("body",)),
    ("POST", "/api/runs", {"dataset": []}, ("body", "dataset")),
    ("POST", "/api/runs", {"dataset": {"name": "custom", "points": []}}, ("body", "dataset", "points")),
    ("POST", "/api/runs", {"dataset": {"name": "custom", "points": [0, 0, 1]}}, ("body", "dataset", "points", 0)),
    ("POST", "/api/runs", {"dataset": {"name": "custom", "points": [[0, 0, 1]]}}, ("body", "dataset", "points")),
    (
        "POST",
        "/api/runs",
        {"dataset": {"name": "custom", "points": [[0, 0, [1]], [1, 1, 0]]}},
        ("body", "dataset", "points", 0, 2),
    ),
    ("POST", "/api/runs", {"model": {"features": []}}, ("body", "model", "features")),
    ("POST", "/api/runs", {"model": {"features": "x1"}}, ("body", "model", "features")),
    ("POST", "/api/runs", {"model": {"hidden": [[8]]}}, ("body", "model", "hidden", 0)),
    ("POST", "/api/runs", {"model": {"hidden": 8}}, ("body", "model", "hidden")),
    # POST /api/datasets/points (a DatasetConfig on its own)
    ("POST", "/api/datasets/points", [], ("body",)),
    ("POST", "/api/datasets/points", {"name": "custom", "points": []}, ("body", "points")),
    ("POST", "/api/datasets/points", {"name": "custom", "points": [[0, 0], [1, 1]]}, ("body", "points", 0)),
    ("POST", "/api/datasets/points", {"name": "custom", "points": [[0, 0, 0], [1, 1, 0.5]]}, ("body", "points")),
    # PATCH /api/runs/{id}, POST /api/runs/{id}/step
    ("PATCH", "/api/runs/{run2d}", [], ("body",)),
    ("PATCH", "/api/runs/{run2d}", {"learning_rate": []}, ("body", "learning_rate")),
    ("PATCH", "/api/runs/{digits}", {"probe_index": [1]}, ("body", "probe_index")),
    ("POST", "/api/runs/{run2d}/step", {"steps": [1]}, ("body", "steps")),
    ("POST", "/api/runs/{run2d}/step", [1], ("body",)),
    # queries
    ("GET", "/api/digits/samples?limit=0", None, ("query", "limit")),
    ("GET", "/api/digits/samples?offset=-1", None, ("query", "offset")),
    ("GET", "/api/runs/{run2d}?wait=true&timeout=nan", None, ("query", "timeout")),
    ("POST", "/api/runs?paused=[]", {}, ("query", "paused")),
]


@pytest.mark.parametrize("method,path,body,expected_loc", CASES, ids=[f"{c[0]} {c[1]} {c[2]!s:.40}" for c in CASES])
def test_bad_shape_is_422_naming_the_field(api, method, path, body, expected_loc):
    client, ids = api
    for name, run_id in ids.items():
        path = path.replace(name, run_id)
    response = client.request(method, path, json=body)
    assert response.status_code == 422, response.text
    locs = [tuple(err["loc"]) for err in response.json()["detail"]]
    assert expected_loc in locs, locs


@pytest.mark.parametrize(
    "path,raw,expected_loc",
    [
        ("/api/runs/{digits}/predict", '{"images": [[0.5, NaN' + ", 0.5" * 782 + "]]}", ("body", "images", 0, 1)),
        ("/api/runs/{digits}/predict", '{"images": [[Infinity' + ", 0.5" * 783 + "]]}", ("body", "images", 0, 0)),
        ("/api/runs/{run2d}/predict", '{"points": [[0, NaN]]}', ("body", "points", 0, 1)),
        ("/api/convolve", '{"index": 0, "kernel": [[NaN]]}', ("body", "kernel", 0, 0)),
    ],
)
def test_non_finite_numbers_are_422_naming_the_field(api, path, raw, expected_loc):
    client, ids = api
    for name, run_id in ids.items():
        path = path.replace(name, run_id)
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert expected_loc in [tuple(err["loc"]) for err in response.json()["detail"]]


@pytest.mark.parametrize(
    "path,body,fields",
    [
        ("/api/runs/{run2d}/predict", {}, ("points", "images")),
        ("/api/runs/{run2d}/predict", {"points": [[0, 0]], "images": [IMAGE]}, ("points", "images")),
        ("/api/convolve", {"kernel": [[1]]}, ("image", "index")),
        ("/api/convolve", {"index": 0, "image": IMAGE, "kernel": [[1]]}, ("image", "index")),
    ],
)
def test_one_of_two_fields_rule_names_both(api, path, body, fields):
    """ "Exactly one of" spans two fields, so its error sits at the body and its message names both."""
    client, ids = api
    for name, run_id in ids.items():
        path = path.replace(name, run_id)
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    messages = [err["msg"] for err in response.json()["detail"] if err["loc"] == ["body"]]
    assert any(all(f"`{field}`" in message for field in fields) for message in messages), messages


def test_well_formed_predictions_still_answer(api):
    """The bounds are tight but not too tight: a full batch at the limits is accepted."""
    client, ids = api
    edge_points = [[-1000.0, 1000.0], [0.0, 0.0]]
    response = client.post(f"/api/runs/{ids['{run2d}']}/predict", json={"points": edge_points})
    assert response.status_code == 200, response.text
    assert len(response.json()["predicted"]) == 2
    images = [[0.0] * 784, [1.0] * 784] * 32
    response = client.post(f"/api/runs/{ids['{digits}']}/predict", json={"images": images})
    assert response.status_code == 200, response.text
    assert len(response.json()["probabilities"]) == 64
