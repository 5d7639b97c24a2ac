"""POST /api/datasets/points: the data a run would train on, without a run (the page draws it while it waits for a
free run slot), so it must be exactly the run's split; bad input is a 422 naming the field."""

from __future__ import annotations

import pytest


def test_the_points_are_the_runs_points(client):
    dataset = {"name": "spiral", "n_points": 120, "noise": 0.2, "train_fraction": 0.7, "classes": 3, "seed": 5}
    points = client.post("/api/datasets/points", json=dataset)
    assert points.status_code == 200
    assert (len(points.json()["train"]), len(points.json()["test"]), points.json()["classes"]) == (84, 36, 3)
    run = client.post("/api/runs", json={"dataset": dataset, "model": {"kind": "softmax"}, "max_steps": 10}).json()
    client.get(f"/api/runs/{run['id']}", params={"wait": "true", "timeout": 30})
    assert client.get(f"/api/runs/{run['id']}/points").json() == points.json()


@pytest.mark.parametrize(
    "dataset, loc",
    [
        ({"name": "mnist"}, ["body", "name"]),
        ({"name": "custom"}, ["body", "points"]),
        ({"name": "custom", "points": [[0, 0, 0], [1, 1, 3]]}, ["body", "points", 1, 2]),
        ({"name": "xor", "n_points": 10**6}, ["body", "n_points"]),
    ],
)
def test_bad_datasets_are_422_with_the_field(client, dataset, loc):
    response = client.post("/api/datasets/points", json=dataset)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
