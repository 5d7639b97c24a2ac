"""Digits endpoints: samples, the convolution lesson, digits runs, predictions and probes."""

import base64

import numpy as np
import pytest

from models.digits import split_subset

SOFTMAX_RUN = {
    "dataset": {"name": "mnist"},
    "model": {"kind": "softmax"},
    "optimizer": {"name": "sgd", "learning_rate": 0.5, "batch_size": 100},
    "max_steps": 300,
}


def numpy_cross_correlation(image, kernel):
    k = kernel.shape[0]
    top, left = (k - 1) // 2, (k - 1) // 2
    padded = np.zeros((28 + k - 1, 28 + k - 1))
    padded[top : top + 28, left : left + 28] = image
    out = np.zeros((28, 28))
    for i in range(28):
        for j in range(28):
            out[i, j] = (padded[i : i + k, j : j + k] * kernel).sum()
    return out


def test_samples_are_the_fixed_test_split(client):
    body = client.get("/api/digits/samples", params={"split": "test", "offset": 5, "limit": 3}).json()
    split = split_subset()
    assert body["total"] == 2000 and body["labels"] == split.test_labels[5:8].tolist()
    np.testing.assert_allclose(np.array(body["images"]), split.test_images[5:8], atol=6e-4)
    assert client.get("/api/digits/samples", params={"limit": 101}).status_code == 422
    assert client.get("/api/digits/samples", params={"split": "validation"}).status_code == 422


@pytest.mark.parametrize("relu,pool", [(False, False), (True, False), (True, True)])
def test_convolve_matches_numpy(client, relu, pool):
    kernel = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.5, -1.0]])
    body = client.post("/api/convolve", json={"index": 7, "kernel": kernel.tolist(), "relu": relu, "pool": pool}).json()
    image = split_subset().test_images[7].reshape(28, 28)
    expected = numpy_cross_correlation(image, kernel)
    if relu:
        expected = np.maximum(expected, 0)
    if pool:
        expected = expected.reshape(14, 2, 14, 2).max(axis=(1, 3))
    assert body["size"] == (14 if pool else 28) and body["label"] == int(split_subset().test_labels[7])
    np.testing.assert_allclose(np.array(body["output"]), expected, atol=1e-3)


def test_convolve_rejects_bad_kernels_and_images(client):
    assert client.post("/api/convolve", json={"index": 0, "kernel": [[1, 2], [3]]}).status_code == 422
    assert client.post("/api/convolve", json={"index": 0, "kernel": [[1] * 8] * 8}).status_code == 422
    assert client.post("/api/convolve", json={"image": [0.5] * 783, "kernel": [[1]]}).status_code == 422
    assert client.post("/api/convolve", json={"image": [2.0] * 784, "kernel": [[1]]}).status_code == 422
    assert client.post("/api/convolve", json={"index": 5000, "kernel": [[1]]}).status_code == 422
    assert client.post("/api/convolve", json={"kernel": [[1]]}).status_code == 422
    presets = client.get("/api/convolve/presets").json()["presets"]
    assert {"vertical_edges", "horizontal_edges", "blur", "sharpen"} <= set(presets)


def test_softmax_run_streams_weight_templates_and_predicts_images(client):
    run = client.post("/api/runs", json=SOFTMAX_RUN).json()
    done = client.get(f"/api/runs/{run['id']}", params={"wait": "true"}).json()
    assert done["status"] == "done" and done["metrics"]["test_accuracy"] > 0.85
    with client.stream("GET", f"/api/runs/{run['id']}/events") as response:
        lines = [line for line in response.iter_lines() if line.startswith("data:")]
    frame = __import__("json").loads(lines[0][5:])
    digits = frame["digits"]
    weights = digits["weights"]
    assert weights["shape"] == [10, 28, 28] and weights["encoding"] == "signed"
    assert len(base64.b64decode(weights["data"])) == 7840 and len(weights["scales"]) == 10
    assert len(digits["probe"]["probabilities"]) == 10 and digits["confusion"] is not None
    assert np.array(digits["confusion"]).sum() == 2000
    assert len(lines[0]) < 100_000

    images = split_subset().test_images[:5]
    out = client.post(f"/api/runs/{run['id']}/predict", json={"images": images.tolist()}).json()
    probs = np.array(out["probabilities"])
    assert probs.shape == (5, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-5)
    assert (probs.argmax(axis=1) == split_subset().test_labels[:5]).mean() >= 0.6
    bad = client.post(f"/api/runs/{run['id']}/predict", json={"points": [[0, 0]]})
    assert bad.status_code == 422
    assert client.post(f"/api/runs/{run['id']}/predict", json={"images": [[0.1] * 784 + [0.1]]}).status_code == 422


def test_cnn_run_frames_carry_filters_and_feature_maps(client):
    config = {
        "dataset": {"name": "mnist"},
        "model": {"kind": "cnn", "conv1_filters": 4, "conv2_filters": 6, "kernel_size": 3, "dense_units": 16},
        "optimizer": {"name": "adam", "learning_rate": 0.001, "batch_size": 20},
        "max_steps": 20,
        "probe_index": 3,
    }
    run = client.post("/api/runs", json=config).json()
    client.get(f"/api/runs/{run['id']}", params={"wait": "true"})
    with client.stream("GET", f"/api/runs/{run['id']}/events") as response:
        data = [line for line in response.iter_lines() if line.startswith("data:")][0]
    digits = __import__("json").loads(data[5:])["digits"]
    assert digits["filters"]["conv1"]["shape"] == [4, 3, 3]
    assert digits["filters"]["conv2"]["shape"] == [6, 4, 3, 3]
    shapes = {name: stack["shape"] for name, stack in digits["feature_maps"].items()}
    assert shapes == {"conv1": [4, 28, 28], "pool1": [4, 14, 14], "conv2": [6, 14, 14], "pool2": [6, 7, 7]}
    assert digits["probe"]["index"] == 3 and digits["weights"] is None
    params = client.get(f"/api/runs/{run['id']}/params").json()
    assert params["parameter_count"] == (9 + 1) * 4 + (9 * 4 + 1) * 6 + (49 * 6 + 1) * 16 + 17 * 10


def test_probe_index_patch(client):
    run = client.post("/api/runs", json={**SOFTMAX_RUN, "max_steps": 10_000_000}).json()
    client.patch(f"/api/runs/{run['id']}", json={"paused": True})
    assert client.patch(f"/api/runs/{run['id']}", json={"probe_index": 42}).status_code == 200
    bad = client.patch(f"/api/runs/{run['id']}", json={"probe_index": 2000})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "probe_index"]
    client.delete(f"/api/runs/{run['id']}")
    plane = client.post("/api/runs", json={"max_steps": 10}).json()
    assert client.patch(f"/api/runs/{plane['id']}", json={"probe_index": 1}).status_code == 409


def test_probe_change_on_a_paused_run_publishes_a_frame(live_url):
    import httpx

    from tests.server.test_stream import read_events

    with httpx.Client(base_url=live_url, timeout=60) as http:
        run = http.post("/api/runs", params={"paused": "true"}, json={**SOFTMAX_RUN, "max_steps": 1000}).json()
        with http.stream("GET", f"/api/runs/{run['id']}/events") as response:
            events = read_events(response)
            first = next(events)[1]
            assert first["digits"]["probe"]["index"] == 0
            assert http.patch(f"/api/runs/{run['id']}", json={"probe_index": 9}).status_code == 200
            second = next(events)[1]
        assert second["digits"]["probe"]["index"] == 9 and second["step"] == first["step"]
        assert second["digits"]["probe"]["label"] == int(split_subset().test_labels[9])
        http.delete(f"/api/runs/{run['id']}")


def test_an_image_of_your_own_is_probed_until_a_test_digit_is_chosen_again(live_url):
    """PATCH probe_image: the next frame's probabilities and feature maps are of that image (`own`), as /predict
    answers for it; PATCH probe_index goes back to the test digit; a wrong-sized image is a 422 naming the field."""
    import httpx

    from tests.server.test_stream import read_events

    cnn = {
        "dataset": {"name": "mnist"},
        "model": {"kind": "cnn", "conv1_filters": 4, "conv2_filters": 6, "kernel_size": 3, "dense_units": 16},
        "optimizer": {"name": "adam", "learning_rate": 0.001, "batch_size": 20},
        "max_steps": 1000,
    }
    image = [0.0] * 784
    for row in range(6, 22):
        image[row * 28 + 14] = 1.0  # a vertical stroke: a 1
    with httpx.Client(base_url=live_url, timeout=60) as http:
        run_id = http.post("/api/runs", params={"paused": "true"}, json=cnn).json()["id"]
        with http.stream("GET", f"/api/runs/{run_id}/events") as response:
            events = read_events(response)
            first = next(events)[1]
            assert first["digits"]["probe"]["own"] is False
            assert http.patch(f"/api/runs/{run_id}", json={"probe_image": image}).status_code == 200
            own = next(events)[1]["digits"]
            assert http.patch(f"/api/runs/{run_id}", json={"probe_index": 5}).status_code == 200
            back = next(events)[1]["digits"]
        expected = http.post(f"/api/runs/{run_id}/predict", json={"images": [image]}).json()["probabilities"][0]
        bad = http.patch(f"/api/runs/{run_id}", json={"probe_image": [0.5] * 783})
        http.delete(f"/api/runs/{run_id}")
    assert own["probe"]["own"] is True
    assert own["probe"]["probabilities"] == pytest.approx(expected, abs=1e-4)
    assert own["feature_maps"]["conv1"] != first["digits"]["feature_maps"]["conv1"], "the maps are the image's"
    assert back["probe"]["own"] is False and back["probe"]["index"] == 5
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["body", "probe_image"]
