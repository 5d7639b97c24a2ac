"""The plane's points answers carry each input feature over a coarse grid, computed by models/features.py, so the
page draws its input thumbnails (and a linear model's score maps) without a second implementation of the features."""

from __future__ import annotations

import numpy as np

from models.features import FEATURE_NAMES, FEATURES
from server.schemas.points import FEATURE_MAP_RESOLUTION


def _grid(extent: list[float], r: int) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres written out here on their own: row 0 at the top (largest x2), x1 varying fastest."""
    xmin, xmax, ymin, ymax = extent
    x1 = xmin + (np.arange(r) + 0.5) * (xmax - xmin) / r
    x2 = ymax - (np.arange(r) + 0.5) * (ymax - ymin) / r
    g1, g2 = np.meshgrid(x1, x2)
    return g1.ravel(), g2.ravel()


def _check(answer: dict) -> None:
    maps = answer["feature_maps"]
    r = maps["resolution"]
    assert r == FEATURE_MAP_RESOLUTION
    assert list(maps["maps"]) == list(FEATURE_NAMES)
    x1, x2 = _grid(answer["extent"], r)
    points = np.stack([x1, x2], axis=1).astype(np.float32)
    for name, values in maps["maps"].items():
        assert len(values) == r * r, name
        np.testing.assert_allclose(values, np.asarray(FEATURES[name](points)), atol=1e-4, err_msg=name)
    by_hand = {"x1": x1, "x2": x2, "x1^2": x1**2, "x1*x2": x1 * x2, "sin_x2": np.sin(x2)}
    for name, expected in by_hand.items():
        np.testing.assert_allclose(maps["maps"][name], expected, atol=2e-4, err_msg=name)


def test_dataset_points_carry_every_features_map_over_the_extent(client):
    answer = client.post("/api/datasets/points", json={"name": "spiral", "n_points": 200, "seed": 3}).json()
    _check(answer)


def test_a_wide_custom_extent_has_its_own_maps(client):
    custom = {"name": "custom", "points": [[-30, 2, 0], [25, -1, 1]], "classes": 2}
    answer = client.post("/api/datasets/points", json=custom).json()
    assert answer["extent"][1] > 30
    _check(answer)


def test_a_runs_points_carry_the_same_maps(client):
    dataset = {"name": "xor", "n_points": 100, "seed": 1}
    run = client.post("/api/runs", json={"dataset": dataset, "model": {"kind": "logistic"}, "max_steps": 5}).json()
    client.get(f"/api/runs/{run['id']}", params={"wait": "true", "timeout": 30})
    answer = client.get(f"/api/runs/{run['id']}/points").json()
    _check(answer)
    assert answer == client.post("/api/datasets/points", json=dataset).json()
