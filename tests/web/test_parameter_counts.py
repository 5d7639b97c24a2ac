"""The parameter count a page shows before a run starts (runconfig.js for the plane, lessons-digits.js for the
digits) equals the server's own count for the same run (GET /api/runs/{id}/params, models/nets.py and cnn.py).

The page's run bodies are built by the page itself (runConfigOf), so the test compares the two counts for exactly
the net the page would train.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

PLANE_STATES = [
    {},  # logistic regression on x1, x2
    {"model": "mlp", "hidden": [8, 3], "activation": "relu"},
    {"model": "logistic", "features": ["x1", "x2", "x1^2", "sin_x1"]},
    {"dataset": "spiral", "classes": 4, "model": "softmax", "features": ["x1", "x2", "x1*x2", "x2^2"]},
    {"dataset": "blobs3", "classes": 3, "model": "mlp", "hidden": [5], "features": ["x1^2", "x2^2"]},
]
DIGITS_STATES = [
    {"lesson": "softmax"},
    {"lesson": "mlp", "hidden": [16, 16]},
    {"lesson": "conv1", "conv1": 4, "kernelSize": 3},
    {"lesson": "cnn", "conv1": 4, "conv2": 6, "kernelSize": 5, "dense": 16},
]

PLANE = """async (patches) => {
    const state = await import("/state.js");
    const run = await import("/runconfig.js");
    return patches.map((patch) => {
        const settings = { ...state.defaults(), ...patch };
        return { body: run.runConfigOf(settings), count: run.parameterCountOf(run.layerSizesOf(settings)) };
    });
}"""
DIGITS = """async (patches) => {
    const state = await import("/digits/state-digits.js");
    const { modelSummary } = await import("/digits/lessons-digits.js");
    return patches.map((patch) => {
        const settings = { ...state.defaults(patch.lesson), ...patch };
        return { body: state.runConfigOf(settings), count: modelSummary(settings).parameters };
    });
}"""


def _server_count(lab, body: dict) -> int:
    run = lab.api("POST", "/api/runs?paused=true", json={**body, "max_steps": 1})
    assert run.status_code == 201, run.text
    run_id = run.json()["id"]
    try:
        deadline = time.monotonic() + 60
        while (params := lab.api("GET", f"/api/runs/{run_id}/params")).status_code == 409:
            assert time.monotonic() < deadline, "the run never became ready"
            time.sleep(0.1)
        assert params.status_code == 200, params.text
        return params.json()["parameter_count"]
    finally:
        lab.api("DELETE", f"/api/runs/{run_id}")


@pytest.mark.parametrize("path, script, states", [("/", PLANE, PLANE_STATES), ("/digits.html", DIGITS, DIGITS_STATES)])
def test_the_pages_parameter_count_is_the_servers(lab, path, script, states):
    page = lab.visit(path)
    for state, shown in zip(states, page.evaluate(script, states), strict=True):
        assert shown["count"] == _server_count(lab, shown["body"]), state
