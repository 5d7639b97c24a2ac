"""The pages' own copies of names and bounds equal the API's vocabulary (GET /api/limits), read in the browser.

A safety net until the pages read the vocabulary at start-up: each numeric row of a page's settings table is
probed by parsing far-out values (every row clamps), and each list the page offers is compared with the API's.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# page setting -> API bound with the same range
SAME_2D = {
    "classes": "classes",
    "noise": "noise",
    "nPoints": "n_points",
    "dataSeed": "seed",
    "seed": "seed",
    "batchSize": "batch_size",
    "regRate": "regularization_rate",
    "maxSteps": "max_steps",
}
SAME_DIGITS = {
    "probe": "probe_index",
    "digit": "digit_index",
    "conv1": "conv1_filters",
    "kernelSize": "kernel_size",
    "batchSize": "batch_size",
    "maxSteps": "max_steps",
    "seed": "seed",
}
# page setting -> (API bound, scale): the page offers part of the range, up to the same top
WITHIN = {"learningRate": ("learning_rate", 1), "trainPercent": ("train_fraction", 100)}
WITHIN_DIGITS = {"learningRate": ("learning_rate", 1), "conv2": ("conv2_filters", 1), "dense": ("dense_units", 1)}
PAGE_ONLY = {"smoothing", "addClass"}  # view settings with no API counterpart

READ = """async ({ module, lesson }) => {
    const state = await import(module);
    const limits = await (await fetch("/api/limits")).json();
    const ranges = {};
    for (const row of state.SETTINGS) {
        const [low, high] = [row.parse("-1e12"), row.parse("1e12")];
        if (typeof low === "number" && typeof high === "number") ranges[row.key] = [low, high];
    }
    const enums = {};
    const offered = (row, names) => names.filter((name) => row.parse(name) !== undefined);
    for (const row of state.SETTINGS) {
        for (const list of ["model_kinds", "activations", "optimizers", "regularizations"]) {
            const names = offered(row, limits[list]);
            if (names.length && row.parse("no-such-name") === undefined) enums[row.key] = names;
        }
    }
    return { ranges, enums, limits, lists: { datasets: state.DATASETS, features: state.FEATURES } };
}"""


def _check_ranges(ranges: dict, bounds: dict, same: dict, within: dict) -> None:
    for key, name in same.items():
        bound = bounds[name]
        assert ranges.pop(key) == [bound["low"], bound["high"]], key
    for key, (name, scale) in within.items():
        low, high = ranges.pop(key)
        bound = bounds[name]
        assert high == bound["high"] * scale, key
        assert low > bound["low"] * scale if bound["low_exclusive"] else low >= bound["low"] * scale, key
    assert set(ranges) <= PAGE_ONLY, f"page bounds with no API counterpart: {set(ranges) - PAGE_ONLY}"


def test_2d_page_bounds_and_names_equal_the_apis(lab):
    page = lab.visit("/")
    got = page.evaluate(READ, {"module": "/state.js", "lesson": None})
    limits = got["limits"]
    _check_ranges(got["ranges"], limits["bounds"], SAME_2D, WITHIN)
    plane = [d["name"] for d in limits["datasets"] if d["lab"] == "plane"]
    assert got["lists"] == {"datasets": plane, "features": limits["features"]}
    assert got["enums"]["activation"] == limits["activations"]
    assert got["enums"]["optimizer"] == limits["optimizers"]
    assert got["enums"]["regularization"] == limits["regularizations"]
    assert set(got["enums"]["model"]) <= set(limits["model_kinds"])


def test_hidden_layer_bounds_equal_the_apis(lab):
    page = lab.visit("/")
    bounds = lab.api("GET", "/api/limits").json()["bounds"]
    layers, units = bounds["hidden_layers"]["high"], bounds["units_per_layer"]
    accepted = page.evaluate(
        """async (texts) => {
            const { hiddenLayers } = await import("/urlhash.js");
            return texts.map((text) => hiddenLayers.parse(text) !== undefined);
        }""",
        [",".join(["1"] * layers), ",".join(["1"] * (layers + 1)), str(units["high"]), str(units["high"] + 1)],
    )
    assert accepted == [True, False, True, False]


def test_digits_page_bounds_equal_the_apis(lab):
    page = lab.visit("/digits.html")
    got = page.evaluate(READ, {"module": "/digits/state-digits.js", "lesson": "cnn"})
    _check_ranges(got["ranges"], got["limits"]["bounds"], SAME_DIGITS, WITHIN_DIGITS)
