"""Every bad field is a 422 that names the field; unknown runs are 404."""

import pytest


def _loc(response):
    assert response.status_code == 422, response.text
    return [tuple(err["loc"]) for err in response.json()["detail"]]


@pytest.mark.parametrize(
    "body,expected_loc",
    [
        ({"dataset": {"name": "moon"}}, ("body", "dataset", "name")),
        ({"model": {"hidden": [8, 0]}}, ("body", "model", "hidden", 1)),
        ({"model": {"hidden": [4] * 100}}, ("body", "model", "hidden")),
        ({"optimizer": {"learning_rate": 0}}, ("body", "optimizer", "learning_rate")),
        ({"optimizer": {"learning_rate": -1}}, ("body", "optimizer", "learning_rate")),
        ({"optimizer": {"batch_size": 0}}, ("body", "optimizer", "batch_size")),
        ({"optimizer": {"batch_size": 300}}, ("body", "optimizer", "batch_size")),
        ({"grid_resolution": 5000}, ("body", "grid_resolution")),
        ({"max_steps": 10_000_001}, ("body", "max_steps")),
        ({"dataset": {"train_fraction": 0}}, ("body", "dataset", "train_fraction")),
        ({"dataset": {"n_points": 5001}}, ("body", "dataset", "n_points")),
        ({"dataset": {"classes": 6}}, ("body", "dataset", "classes")),
        ({"dataset": {"name": "custom", "points": [[0, 0]]}}, ("body", "dataset", "points", 0)),
        ({"dataset": {"name": "custom", "points": [[0, 0, 0], [1, 1, 1.5]]}}, ("body", "dataset", "points")),
        ({"dataset": {"name": "custom", "points": [[0, 0, 0], [1, 1, 7]]}}, ("body", "dataset", "points", 1, 2)),
        ({"dataset": {"name": "custom"}}, ("body", "dataset", "points")),
        ({"dataset": {"name": "spiral", "classes": 3}, "model": {"kind": "logistic"}}, ("body", "model", "kind")),
        ({"model": {"kind": "cnn"}}, ("body", "model", "kind")),
        ({"model": {"features": ["x1", "x1"]}}, ("body", "model", "features")),
        ({"model": {"activation": "gelu"}}, ("body", "model", "activation")),
        ({"bogus": 1}, ("body", "bogus")),
    ],
)
def test_bad_run_config_names_the_field(client, body, expected_loc):
    response = client.post("/api/runs", json=body)
    assert expected_loc in _loc(response)
    assert client.get("/api/runs").json()["runs"] == []


def test_non_finite_numbers_are_rejected(client):
    raw = '{"optimizer": {"learning_rate": NaN}}'
    response = client.post("/api/runs", content=raw, headers={"content-type": "application/json"})
    assert ("body", "optimizer", "learning_rate") in _loc(response)


def test_malformed_json_is_422_not_500(client):
    response = client.post("/api/runs", content="{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_unknown_run_is_404(client):
    for method, path in [("get", ""), ("delete", ""), ("get", "/events"), ("get", "/params")]:
        assert getattr(client, method)(f"/api/runs/nope{path}").status_code == 404
    assert client.patch("/api/runs/nope", json={"paused": True}).status_code == 404
    assert client.post("/api/runs/nope/predict", json={"points": [[0, 0]]}).status_code == 404


def test_bad_control_requests(client):
    run_id = client.post("/api/runs", json={"max_steps": 10_000_000}).json()["id"]
    assert ("body", "learning_rate") in _loc(client.patch(f"/api/runs/{run_id}", json={"learning_rate": 0}))
    assert ("body", "steps") in _loc(client.post(f"/api/runs/{run_id}/step", json={"steps": 0}))
    assert ("body", "points", 0) in _loc(client.post(f"/api/runs/{run_id}/predict", json={"points": [[1, 2, 3]]}))
    assert _loc(client.post(f"/api/runs/{run_id}/predict", json={}))
    too_many = {"points": [[0, 0]] * 10_001}
    assert ("body", "points") in _loc(client.post(f"/api/runs/{run_id}/predict", json=too_many))
    client.delete(f"/api/runs/{run_id}")


def test_openapi_documents_bounds_and_defaults(client):
    schema = client.get("/openapi.json").json()
    optimizer = schema["components"]["schemas"]["OptimizerConfig"]["properties"]
    assert optimizer["learning_rate"]["exclusiveMinimum"] == 0 and optimizer["learning_rate"]["maximum"] == 10
    assert optimizer["learning_rate"]["default"] == 0.03
    assert schema["components"]["schemas"]["ModelConfig"]["properties"]["hidden"]["maxItems"] == 6
    assert "/api/runs/{run_id}/events" in schema["paths"]


def test_a_model_kind_of_the_other_lab_says_which_lab_it_is_for(client):
    for body, words in [
        ({"model": {"kind": "cnn"}}, "cnn is for the digits lab"),
        ({"dataset": {"name": "mnist"}, "model": {"kind": "logistic"}}, "logistic regression is binary"),
    ]:
        detail = client.post("/api/runs", json=body).json()["detail"]
        assert any(words in error["msg"] and error["loc"] == ["body", "model", "kind"] for error in detail), detail
