"""The pages build their names and bounds from the API's vocabulary (GET /api/limits), read in the browser.

Each numeric row of a page's built settings table is probed by parsing far-out values (every row clamps), and each
list the page offers is compared with the API's. A page that kept its own copy would pass these only by luck, so
the last tests serve the page a changed vocabulary and check that its tables follow it.
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
        assert low == bound["page_low"] * scale, key  # the slider's floor is the API's, not a page copy
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
    assert got["enums"]["model"] == limits["model_kinds_by_lab"]["plane"]


LAYERS = """async ({ module, texts }) => {
    const { SETTINGS } = await import(module);
    const hidden = SETTINGS.find((row) => row.key === "hidden");
    return texts.map((text) => hidden.parse(text) !== undefined);
}"""


def _layer_texts(bounds: dict) -> list[str]:
    layers, units = bounds["hidden_layers"]["high"], bounds["units_per_layer"]
    return [",".join(["1"] * layers), ",".join(["1"] * (layers + 1)), str(units["high"]), str(units["high"] + 1)]


@pytest.mark.parametrize("path, module", [("/", "/state.js"), ("/digits.html", "/digits/state-digits.js")])
def test_hidden_layer_bounds_equal_the_apis(lab, path, module):
    page = lab.visit(path)
    bounds = lab.api("GET", "/api/limits").json()["bounds"]
    accepted = page.evaluate(LAYERS, {"module": module, "texts": _layer_texts(bounds)})
    assert accepted == [True, False, True, False]


def test_digits_page_bounds_equal_the_apis(lab):
    page = lab.visit("/digits.html")
    got = page.evaluate(READ, {"module": "/digits/state-digits.js", "lesson": "cnn"})
    _check_ranges(got["ranges"], got["limits"]["bounds"], SAME_DIGITS, WITHIN_DIGITS)


KERNEL = """async ({ sizes, far }) => {
    const { SETTINGS } = await import("/digits/state-digits.js");
    const kernel = SETTINGS.find((row) => row.key === "kernel");
    const accepted = sizes.map((k) => kernel.parse(Array(k * k).fill(1).join(",")) !== undefined);
    return { accepted, clamped: [kernel.parse(String(-far))[0], kernel.parse(String(far))[0]] };
}"""


def _check_kernel(page, bounds: dict) -> None:
    size, value = bounds["convolve_kernel_size"], bounds["kernel_value"]
    got = page.evaluate(KERNEL, {"sizes": [size["low"], size["high"], size["high"] + 1], "far": 1e9})
    assert got == {"accepted": [True, True, False], "clamped": [value["low"], value["high"]]}


def test_digits_kernel_bounds_equal_the_apis(lab):
    page = lab.visit("/digits.html")
    _check_kernel(page, lab.api("GET", "/api/limits").json()["bounds"])


def _drifted(limits: dict) -> dict:
    """The vocabulary with every bound the tests compare moved (tops lowered), a dataset and a feature fewer."""
    changed = {**limits, "bounds": {name: dict(bound) for name, bound in limits["bounds"].items()}}
    for bound in changed["bounds"].values():
        if isinstance(bound["high"], int) and bound["high"] - bound["low"] >= 2:
            bound["high"] -= 1
        elif isinstance(bound["high"], float):
            bound["high"] = bound["high"] / 2
    changed["datasets"] = [d for d in limits["datasets"] if d["name"] != "moons"]
    changed["features"] = [f for f in limits["features"] if f != "sin_x2"]
    return changed


@pytest.mark.parametrize(
    "path, module, same, within",
    [
        ("/", "/state.js", SAME_2D, WITHIN),
        ("/digits.html", "/digits/state-digits.js", SAME_DIGITS, WITHIN_DIGITS),
    ],
)
def test_a_changed_vocabulary_changes_the_pages_tables(lab, path, module, same, within):
    limits = _drifted(lab.api("GET", "/api/limits").json())
    lab.page.route("**/api/limits", lambda route: route.fulfill(json=limits))
    page = lab.visit(path)
    got = page.evaluate(READ, {"module": module, "lesson": None})
    assert got["limits"] == limits  # the page fetched the changed one
    _check_ranges(got["ranges"], limits["bounds"], same, within)
    assert page.evaluate(LAYERS, {"module": module, "texts": _layer_texts(limits["bounds"])}) == [
        True,
        False,
        True,
        False,
    ]
    if module == "/digits/state-digits.js":
        _check_kernel(page, limits["bounds"])
    if module == "/state.js":
        assert got["lists"] == {
            "datasets": [d["name"] for d in limits["datasets"] if d["lab"] == "plane"],
            "features": limits["features"],
        }
