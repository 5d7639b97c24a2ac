"""The digits page's pure modules, imported in the browser: URL state, MNIST-style preprocessing, kernels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(lab):
    return lab.visit("/digits.html#lesson=conv")  # the convolution lesson: its modules load without a run


def test_hash_round_trips_every_setting_of_each_lesson(page):
    result = page.evaluate(
        """async () => {
            const { defaults, formatHash, parseHash } = await import("/digits/state-digits.js");
            const states = [
                { ...defaults("softmax"), optimizer: "momentum", learningRate: 0.03, batchSize: 20, maxSteps: 777,
                  seed: 42, speed: "100", probe: 17, logLoss: true },
                { ...defaults("mlp"), hidden: [16, 8, 4], activation: "tanh", speed: "1" },
                { ...defaults("cnn"), conv1: 4, conv2: 12, kernelSize: 3, dense: 64, speed: "full", probe: 1999 },
                { ...defaults("conv"), digit: 123, kernel: [0.5, -1.25, 0, 2, 1, -3, 0, 0, 100] },
            ];
            const hashes = states.map(formatHash);
            return states.map((state, i) => ({ state, back: parseHash("#" + hashes[i]), hash: hashes[i] }));
        }"""
    )
    for case in result:
        assert case["back"] == case["state"], case["hash"]
    assert "kernel=" not in result[0]["hash"] and "f1=" not in result[0]["hash"], "only the lesson's own settings"
    assert "lr=" not in result[3]["hash"], "the convolution lesson trains nothing"


def test_a_hash_is_read_over_its_lessons_presets_and_bad_values_fall_back(page):
    result = page.evaluate(
        """async () => {
            const { parseHash } = await import("/digits/state-digits.js");
            return {
                cnn: parseHash("#lesson=cnn"),
                bad: parseHash("#lesson=nope&lr=abc&batch=5000&kernel=1,2,3&hidden=0,99&opt=rmsprop&f1=99"),
                conv: parseHash("#lesson=conv&kernel=1,2,3,4"),
            };
        }"""
    )
    cnn, bad, conv = result["cnn"], result["bad"], result["conv"]
    assert (cnn["optimizer"], cnn["learningRate"], cnn["batchSize"], cnn["speed"]) == ("adam", 0.002, 50, "full")
    assert bad["lesson"] == "softmax" and bad["learningRate"] == 0.5 and bad["optimizer"] == "sgd"
    assert bad["batchSize"] == 1000, "clamped to the server's bound"
    assert bad["kernel"] == [1, 0, -1, 1, 0, -1, 1, 0, -1], "3 numbers are no square kernel"
    assert bad["hidden"] == [32] and bad["conv1"] == 32
    assert conv["kernel"] == [1, 2, 3, 4], "a 2×2 kernel is a square kernel"


def test_run_config_matches_the_api_contract(page, lab):
    configs = page.evaluate(
        """async () => {
            const { defaults, runConfigOf } = await import("/digits/state-digits.js");
            return ["softmax", "mlp", "cnn"].map((lesson) => runConfigOf({ ...defaults(lesson), probe: 5 }));
        }"""
    )
    softmax, mlp, cnn = configs
    assert softmax["model"] == {"kind": "softmax"} and softmax["dataset"] == {"name": "mnist"}
    assert mlp["model"] == {"kind": "mlp", "hidden": [32], "activation": "relu"}
    assert cnn["model"] == {
        "kind": "cnn",
        "conv1_filters": 8,
        "conv2_filters": 16,
        "kernel_size": 5,
        "dense_units": 128,
    }
    for config in configs:
        assert config["probe_index"] == 5
        response = lab.api("POST", "/api/runs?paused=true", json=config)
        assert response.status_code == 201, response.text
        lab.api("DELETE", f"/api/runs/{response.json()['id']}")


def test_mnist_style_preprocessing_fits_20x20_and_centres_the_mass(page):
    result = page.evaluate(
        """async () => {
            const { mnistStyle, centreOfMass, inkBounds, areaWeights } = await import("/digits/preprocess.js");
            // A thin, tall, off-centre bar on a 100×200 canvas, plus an L-shape that pulls the mass sideways.
            const [w, h] = [100, 200];
            const ink = new Float32Array(w * h);
            for (let y = 20; y < 180; y++) for (let x = 10; x < 22; x++) ink[y * w + x] = 1;
            for (let y = 160; y < 180; y++) for (let x = 10; x < 70; x++) ink[y * w + x] = 1;
            const field = mnistStyle(ink, w, h);
            const weights = areaWeights(7, 3).map((taps) => taps.reduce((s, [, wt]) => s + wt, 0));
            return {
                bounds: inkBounds(field, 28, 28, 0.01),
                mass: centreOfMass(field, 28, 28),
                max: Math.max(...field),
                min: Math.min(...field),
                empty: mnistStyle(new Float32Array(16), 4, 4),
                weights,
            };
        }"""
    )
    bounds, mass = result["bounds"], result["mass"]
    assert bounds["height"] == 20, "the longer side becomes 20 pixels"
    assert 7 <= bounds["width"] <= 9, "the aspect ratio is kept (60×160 → 7.5×20)"
    assert abs(mass["x"] - 14) <= 0.5 and abs(mass["y"] - 14) <= 0.5
    assert result["min"] >= 0 and result["max"] <= 1
    assert result["empty"] is None
    assert result["weights"] == pytest.approx([1, 1, 1])


def test_kernels_resize_around_their_centre(page):
    result = page.evaluate(
        """async () => {
            const { resizeKernel } = await import("/digits/views/convlesson.js");
            const three = [1, 2, 3, 4, 5, 6, 7, 8, 9];
            return { grown: resizeKernel(three, 5), back: resizeKernel(resizeKernel(three, 5), 3) };
        }"""
    )
    grown = result["grown"]
    assert grown[6:9] == [1, 2, 3] and grown[16:19] == [7, 8, 9] and sum(grown) == 45
    assert result["back"] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
