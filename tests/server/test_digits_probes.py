"""A digits run's model questioned through the API: confusion-cell examples, robustness, abstention, embedding; their
bounds and bad inputs answer 4xx naming the field. One softmax run, trained once for the module."""

import numpy as np
import pytest
from fastapi.testclient import TestClient

from models.digits import split_subset
from models.digits_probes import ABSTENTION_THRESHOLDS
from server.app import create_app
from server.settings import Settings

STEPS = 300
SOFTMAX_RUN = {
    "dataset": {"name": "mnist"},
    "model": {"kind": "softmax"},
    "optimizer": {"name": "sgd", "learning_rate": 0.5, "batch_size": 100},
    "max_steps": STEPS,
}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(max_live_runs=4))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def run(client):
    """A finished softmax run: its final frame's test report is of its final weights."""
    created = client.post("/api/runs", json=SOFTMAX_RUN).json()
    done = client.get(f"/api/runs/{created['id']}", params={"wait": "true"}).json()
    assert done["status"] == "done" and done["step"] == STEPS
    return done


@pytest.fixture(scope="module")
def predictions(client, run):
    """The run's answer for every test digit, asked the way any client would: POST /predict, 64 at a time."""
    images = split_subset().test_images
    rows = []
    for start in range(0, len(images), 64):
        body = {"images": images[start : start + 64].tolist()}
        rows += client.post(f"/api/runs/{run['id']}/predict", json=body).json()["probabilities"]
    return np.array(rows)


def url(run, what: str) -> str:
    return f"/api/runs/{run['id']}/{what}"


def error_loc(response) -> list:
    assert response.status_code == 422, response.text
    return response.json()["detail"][0]["loc"]


def whole_cell(client, run, true: int, predicted: int) -> tuple[int, list[dict]]:
    examples, offset = [], 0
    while True:
        page = client.get(
            url(run, "examples"), params={"true": true, "predicted": predicted, "offset": offset, "limit": 100}
        ).json()
        examples += page["examples"]
        offset += 100
        if offset >= page["total"]:
            return page["total"], examples


def test_a_cells_examples_are_exactly_the_digits_the_model_puts_there(client, run, predictions):
    split = split_subset()
    guessed = predictions.argmax(axis=1)
    confusion = np.zeros((10, 10), int)
    np.add.at(confusion, (split.test_labels, guessed), 1)
    mistakes = confusion - np.diag(np.diag(confusion))
    worst = np.unravel_index(mistakes.argmax(), mistakes.shape)
    for true, predicted in ((1, 1), (int(worst[0]), int(worst[1]))):
        total, examples = whole_cell(client, run, true, predicted)
        expected = np.flatnonzero((split.test_labels == true) & (guessed == predicted))
        assert total == len(examples) == len(expected) == confusion[true, predicted]
        assert sorted(e["index"] for e in examples) == expected.tolist()
        confidence = [e["probability"] for e in examples]
        assert confidence == sorted(confidence, reverse=true != predicted)  # diagonal: least sure first
        first = examples[0]
        assert first["label"] == true and first["predicted"] == predicted and len(first["probabilities"]) == 10
        np.testing.assert_allclose(first["probabilities"], predictions[first["index"]], atol=1e-4)
        np.testing.assert_allclose(first["pixels"], split.test_images[first["index"]], atol=5e-4)
    page = client.get(url(run, "examples"), params={"true": 1, "predicted": 1, "offset": 5, "limit": 3}).json()
    assert [e["index"] for e in page["examples"]] == [e["index"] for e in whole_cell(client, run, 1, 1)[1][5:8]]
    assert page["step"] == STEPS and page["offset"] == 5


def test_robustness_at_strength_zero_is_the_plain_test_accuracy(client, run):
    answer = client.post(url(run, "robustness"), json={"distortion": "shift", "strengths": [0, 2, 4], "index": 7})
    body = answer.json()
    assert answer.status_code == 200, body
    assert body["accuracy"][0] == body["test_accuracy"] == run["metrics"]["test_accuracy"]
    assert body["accuracy"][0] > body["accuracy"][1] > body["accuracy"][2]
    assert body["directions"] == 4 and body["step"] == STEPS and body["label"] == int(split_subset().test_labels[7])
    assert [len(p) for p in body["previews"]] == [784] * 3
    np.testing.assert_allclose(body["previews"][0], split_subset().test_images[7], atol=5e-4)
    rotated = client.post(url(run, "robustness"), json={"distortion": "rotation", "strengths": [0, 45]}).json()
    assert rotated["accuracy"][0] == run["metrics"]["test_accuracy"] > rotated["accuracy"][1]
    for distortion, strengths in (("noise", [0.0, 0.5]), ("thickness", [-1, 0, 2])):
        other = client.post(url(run, "robustness"), json={"distortion": distortion, "strengths": strengths}).json()
        assert other["accuracy"][strengths.index(0)] == run["metrics"]["test_accuracy"]


def test_the_abstention_curve_answers_all_at_zero_and_fewer_as_the_threshold_rises(client, run):
    body = client.get(url(run, "confidence")).json()
    points = body["points"]
    assert [p["threshold"] for p in points] == list(ABSTENTION_THRESHOLDS) and body["total"] == 2000
    assert points[0]["coverage"] == 1.0 and points[0]["accuracy"] == body["test_accuracy"]
    assert body["test_accuracy"] == run["metrics"]["test_accuracy"] and body["step"] == STEPS
    coverage = [p["coverage"] for p in points]
    assert coverage == sorted(coverage, reverse=True) and coverage[-1] < 1
    answered = [p["accuracy"] for p in points if p["accuracy"] is not None]
    assert answered[-1] > answered[0]  # the surest answers are right more often


def test_the_embedding_of_the_inputs_is_their_pca_and_the_layers_are_listed(client, run, predictions):
    body = client.get(url(run, "embedding"), params={"layer": "input", "limit": 300}).json()
    images = split_subset().test_images[:300].astype(np.float64)
    centred = images - images.mean(axis=0)
    expected = centred @ np.linalg.svd(centred, full_matrices=False)[2][:2].T
    points = np.array(body["points"])
    signs = np.sign((points * expected).sum(axis=0))
    np.testing.assert_allclose(points, expected * signs, atol=1e-3 * np.abs(expected).max())
    assert body["layers"] == ["input", "output"] and body["dimensions"] == 784 and body["count"] == 300
    assert body["labels"] == split_subset().test_labels[:300].tolist()
    assert body["predicted"] == predictions[:300].argmax(axis=1).tolist()
    assert sum(body["explained_variance"]) < 1
    scores = client.get(url(run, "embedding"), params={"layer": "output", "limit": 50}).json()
    assert scores["dimensions"] == 10 and len(scores["points"]) == 50
    unknown = client.get(url(run, "embedding"), params={"layer": "hidden1"})
    assert error_loc(unknown) == ["query", "layer"] and "input, output" in unknown.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    "what,params,field",
    [
        ("examples", {"true": 10, "predicted": 0}, "true"),
        ("examples", {"true": 0, "predicted": -1}, "predicted"),
        ("examples", {"true": 0}, "predicted"),
        ("examples", {"true": 0, "predicted": 0, "limit": 101}, "limit"),
        ("examples", {"true": 0, "predicted": 0, "offset": -1}, "offset"),
        ("embedding", {"limit": 2001}, "limit"),
        ("embedding", {"limit": 1}, "limit"),
    ],
)
def test_query_bounds_answer_422_naming_the_parameter(client, run, what, params, field):
    assert error_loc(client.get(url(run, what), params=params)) == ["query", field]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"distortion": "shift", "strengths": [9]}, "strengths"),
        ({"distortion": "shift", "strengths": [0, 1, 2, 3, 4, 5, 6, 7, 8]}, "strengths"),
        ({"distortion": "shift", "strengths": []}, "strengths"),
        ({"distortion": "rotation", "strengths": [61]}, "strengths"),
        ({"distortion": "noise", "strengths": [1.5]}, "strengths"),
        ({"distortion": "thickness", "strengths": [3]}, "strengths"),
        ({"distortion": "thickness", "strengths": [0.5]}, "strengths"),
        ({"distortion": "shift", "strengths": [1], "index": 2000}, "index"),
        ({"distortion": "shift", "strengths": [1], "index": -1}, "index"),
        ({"distortion": "shift", "strengths": [1], "scale": 2}, "scale"),
        ({"distortion": "blur", "strengths": [1]}, "distortion"),
    ],
)
def test_robustness_bounds_answer_422_naming_the_field(client, run, body, field):
    response = client.post(url(run, "robustness"), json=body)
    loc = error_loc(response)
    assert loc[0] == "body" and (field in loc or field in response.json()["detail"][0]["msg"]), response.json()


def test_a_2d_run_has_none_of_them_and_an_unknown_run_is_404(client):
    plane = client.post("/api/runs", json={"max_steps": 5}).json()
    client.get(f"/api/runs/{plane['id']}", params={"wait": "true"})
    asks = [
        lambda base: client.get(f"{base}/examples", params={"true": 0, "predicted": 0}),
        lambda base: client.get(f"{base}/confidence"),
        lambda base: client.get(f"{base}/embedding"),
        lambda base: client.post(f"{base}/robustness", json={"distortion": "shift", "strengths": [1]}),
    ]
    for ask in asks:
        refused = ask(f"/api/runs/{plane['id']}")
        assert refused.status_code == 409 and "digits runs" in refused.json()["detail"]
        assert ask("/api/runs/nosuchrun").status_code == 404
