"""POST /inspect, GET /surface and GET /history through the API: the inspected update is the one `/step` applies,
the surface passes through the run's loss, the history is bounded and ordered, and bad requests name their field."""

import numpy as np
import pytest

from server.history import MetricHistory

LINEAR = {
    "dataset": {"name": "linear", "n_points": 40},
    "model": {"kind": "logistic"},
    "optimizer": {"learning_rate": 0.3, "batch_size": 5},
    "max_steps": 10_000_000,
}
MLP = {**LINEAR, "dataset": {"name": "xor", "n_points": 40}, "model": {"kind": "mlp", "hidden": [3]}}


def paused_run(client, config) -> str:
    run_id = client.post("/api/runs", params={"paused": "true"}, json=config).json()["id"]
    assert client.app.state.runs.get(run_id).ready.wait(60)
    return run_id


def layers(client, run_id):
    return client.get(f"/api/runs/{run_id}/params").json()["layers"]


def field_of(response) -> list:
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    return error["loc"]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_the_inspected_update_is_what_step_applies(client, optimizer):
    config = {**MLP, "optimizer": {"name": optimizer, "learning_rate": 0.1, "batch_size": 5}}
    run_id = paused_run(client, config)
    assert client.post(f"/api/runs/{run_id}/step", json={"steps": 3}).json()["step"] == 3
    before = layers(client, run_id)
    inspected = client.post(f"/api/runs/{run_id}/inspect", json={"example": 4})
    assert inspected.status_code == 200, inspected.text
    body = inspected.json()
    assert body["step"] == 3 and body["example"]["position"] == 4 and body["parameters"] == before
    assert client.get(f"/api/runs/{run_id}").json()["step"] == 3  # inspecting made no update
    assert client.post(f"/api/runs/{run_id}/step", json={"steps": 1}).json()["step"] == 4
    after = layers(client, run_id)
    assert after == body["new_parameters"]  # exactly: the same float32 numbers
    for old, new, update in zip(before, after, body["update"]["layers"], strict=True):
        for key in ("weights", "bias"):
            old_values, new_values = np.asarray(old[key], np.float32), np.asarray(new[key], np.float32)
            ulp = 2 * np.spacing(np.maximum(np.abs(old_values), np.abs(new_values)))
            assert np.all(np.abs(old_values + np.asarray(update[key], np.float32) - new_values) <= ulp)
    assert body["update"]["optimizer"] == optimizer and "η" in body["update"]["formula"]


def test_inspect_shows_the_batch_the_example_and_the_closed_form(client):
    run_id = paused_run(client, LINEAR)
    body = client.post(f"/api/runs/{run_id}/inspect").json()  # no body: the batch's first example
    train = client.get(f"/api/runs/{run_id}/points").json()["train"]
    indices = body["batch"]["indices"]
    assert len(indices) == 5 and body["example"]["position"] == 0 and body["example"]["index"] == indices[0]
    assert body["batch"]["labels"] == [int(train[i][2]) for i in indices]
    assert np.allclose(body["example"]["point"], train[indices[0]][:2], atol=1e-4)
    assert body["kind"] == "logistic" and body["example"]["output"] == "sigmoid" and len(body["example"]["scores"]) == 1
    np.testing.assert_allclose(
        body["closed_form"]["layers"][0]["weights"], body["gradients"][0]["weights"], rtol=1e-5, atol=1e-6
    )
    assert body["regularization"] == {"kind": "none", "rate": 0.0, "in_gradient": False}
    assert len(body["probabilities_before"]) == len(body["probabilities_after"]) == 5


def test_inspect_refuses_a_running_run_a_digits_run_and_an_example_outside_the_batch(client):
    run_id = paused_run(client, MLP)
    assert field_of(client.post(f"/api/runs/{run_id}/inspect", json={"example": 5})) == ["body", "example"]
    assert field_of(client.post(f"/api/runs/{run_id}/inspect", json={"example": -1})) == ["body", "example"]
    assert field_of(client.post(f"/api/runs/{run_id}/inspect", json={"example": "two"})) == ["body", "example"]
    client.patch(f"/api/runs/{run_id}", json={"paused": False})
    running = client.post(f"/api/runs/{run_id}/inspect")
    assert running.status_code == 409 and "paused" in running.json()["detail"]
    client.delete(f"/api/runs/{run_id}")
    digits = paused_run(client, {"dataset": {"name": "mnist"}, "model": {"kind": "softmax"}, "max_steps": 10})
    refused = client.post(f"/api/runs/{digits}/inspect")
    assert refused.status_code == 409 and "2D runs" in refused.json()["detail"]
    assert client.post("/api/runs/nosuchrun/inspect").status_code == 404


def test_the_surface_passes_through_the_runs_training_loss(client):
    run_id = paused_run(client, LINEAR)
    client.post(f"/api/runs/{run_id}/step", json={"steps": 20})
    surface = client.get(f"/api/runs/{run_id}/surface", params={"x": "w1", "y": "w0", "resolution": 9}).json()
    grid = np.asarray(surface["loss"])
    assert grid.shape == (9, 9) and surface["weights"] == ["w0", "w1", "w2"] and surface["step"] == 20
    ((w0, w1, _),) = client.get(f"/api/runs/{run_id}/params").json()["coefficients"]
    assert surface["current"] == [w1, w0] == [surface["x_values"][4], surface["y_values"][4]]
    train_loss = client.get(f"/api/runs/{run_id}").json()["metrics"]["train_loss"]
    assert grid[4, 4] == pytest.approx(surface["current_loss"], rel=1e-6)
    assert surface["current_loss"] == pytest.approx(train_loss, rel=1e-6)
    assert grid.min() <= surface["current_loss"] <= grid.max()


def test_the_surface_names_softmax_weights_and_works_while_training(client):
    config = {**LINEAR, "dataset": {"name": "blobs3", "classes": 3, "n_points": 60}, "model": {"kind": "softmax"}}
    run_id = client.post("/api/runs", json=config).json()["id"]
    assert client.app.state.runs.get(run_id).ready.wait(60)
    surface = client.get(f"/api/runs/{run_id}/surface", params={"resolution": 5})
    assert surface.status_code == 200, surface.text
    body = surface.json()
    assert (body["x"], body["y"]) == ("w1_0", "w2_0") and len(body["weights"]) == 9 and "w2_2" in body["weights"]
    assert client.get(f"/api/runs/{run_id}").json()["status"] == "running"


def test_bad_surface_requests_name_their_field(client):
    run_id = paused_run(client, LINEAR)
    url = f"/api/runs/{run_id}/surface"
    assert field_of(client.get(url, params={"x": "w7"})) == ["query", "x"]
    unknown = client.get(url, params={"x": "w1", "y": "w1_0"})
    assert field_of(unknown) == ["query", "y"] and "w0, w1, w2" in unknown.json()["detail"][0]["msg"]
    assert field_of(client.get(url, params={"resolution": 62})) == ["query", "resolution"]
    assert field_of(client.get(url, params={"resolution": 4})) == ["query", "resolution"]
    mlp = paused_run(client, MLP)
    refused = client.get(f"/api/runs/{mlp}/surface")
    assert refused.status_code == 409 and "linear models" in refused.json()["detail"]


def test_history_is_ordered_and_ends_at_the_runs_step(client):
    run_id = client.post("/api/runs", json={**MLP, "max_steps": 400}).json()["id"]
    done = client.get(f"/api/runs/{run_id}", params={"wait": "true", "timeout": 60}).json()
    assert done["status"] == "done"
    history = client.get(f"/api/runs/{run_id}/history").json()
    steps = history["step"]
    assert steps == sorted(set(steps)) and steps[0] == 0 and steps[-1] == 400 and len(steps) <= 1000
    assert history["train_loss"][-1] == done["metrics"]["train_loss"]
    series = ("epoch", "learning_rate", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
    assert all(len(history[name]) == len(steps) for name in series) and history["max_points"] == 1000
    assert client.get("/api/runs/nosuchrun/history").status_code == 404
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert client.get(f"/api/runs/{run_id}").status_code == 404
    assert client.get(f"/api/runs/{run_id}/history").json() == history, "a run deleted lately keeps its history"


def test_history_stays_bounded_evenly_spread_and_ordered():
    history = MetricHistory(max_points=1000)
    for step in range(0, 25_000, 3):
        history.record(step, step / 100, 0.1, {"train_loss": 1 / (1 + step), "test_loss": None})
    points = history.points()
    steps = [p.step for p in points]
    assert len(points) <= 1000 and steps == sorted(set(steps))
    assert steps[0] == 0 and steps[-1] == 24_999 and history.stride == 16
    gaps = np.diff(steps[:-1])
    assert gaps.min() == gaps.max() == 3 * history.stride  # evenly spread frames, then the newest
    assert points[-1].metrics == {
        "train_loss": 1 / 25_000,
        "test_loss": None,
        "train_accuracy": None,
        "test_accuracy": None,
    }
    history.record(24_999, 250.0, 0.2, {"train_loss": 0.5})  # a frame without training replaces the newest
    assert len(history.points()) == len(points) and history.points()[-1].learning_rate == 0.2
