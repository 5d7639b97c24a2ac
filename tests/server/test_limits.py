"""GET /api/limits serves the vocabulary, and every request schema's bound is the vocabulary's."""

from models import vocabulary as v
from server.labs import LAB_BUILDERS
from server.schemas.config import RunConfig
from server.schemas.digits import ConvolveRequest
from server.schemas.digits_runs import NoiseRobustness, RotationRobustness, ShiftRobustness, ThicknessRobustness
from server.schemas.lessons import LessonInfo
from server.schemas.prepare import PrepareRequest
from server.schemas.runs import PredictRequest, RunPatch, StepRequest

# (schema, path to the property, bound name); lists bound by their length say "items", a list's elements "each".
SCHEMA_BOUNDS = [
    (RunConfig, ("dataset", "n_points"), "n_points"),
    (RunConfig, ("dataset", "noise"), "noise"),
    (RunConfig, ("dataset", "train_fraction"), "train_fraction"),
    (RunConfig, ("dataset", "classes"), "classes"),
    (RunConfig, ("dataset", "seed"), "seed"),
    (RunConfig, ("dataset", "points", "items"), "custom_points"),
    (RunConfig, ("model", "hidden", "items"), "hidden_layers"),
    (RunConfig, ("model", "hidden", "each"), "units_per_layer"),
    (RunConfig, ("model", "features", "items"), "features"),
    (RunConfig, ("model", "conv1_filters"), "conv1_filters"),
    (RunConfig, ("model", "conv2_filters"), "conv2_filters"),
    (RunConfig, ("model", "kernel_size"), "kernel_size"),
    (RunConfig, ("model", "dense_units"), "dense_units"),
    (RunConfig, ("optimizer", "learning_rate"), "learning_rate"),
    (RunConfig, ("optimizer", "batch_size"), "batch_size"),
    (RunConfig, ("optimizer", "regularization_rate"), "regularization_rate"),
    (RunConfig, ("max_steps",), "max_steps"),
    (RunConfig, ("grid_resolution",), "grid_resolution"),
    (RunConfig, ("seed",), "seed"),
    (RunConfig, ("probe_index",), "probe_index"),
    (RunPatch, ("learning_rate",), "learning_rate"),
    (RunPatch, ("probe_index",), "probe_index"),
    (StepRequest, ("steps",), "step_request"),
    (PredictRequest, ("points", "items"), "predict_points"),
    (PredictRequest, ("images", "items"), "predict_images"),
    (PredictRequest, ("images", "each", "items"), "image_pixels"),
    (PredictRequest, ("images", "each", "each"), "pixel_value"),
    (ConvolveRequest, ("index",), "digit_index"),
    (ConvolveRequest, ("kernel", "items"), "convolve_kernel_size"),
    (ConvolveRequest, ("kernel", "each", "items"), "convolve_kernel_size"),
    (ConvolveRequest, ("kernel", "each", "each"), "kernel_value"),
    (PrepareRequest, ("runs", "items"), "prepare_configs"),
    (ShiftRobustness, ("strengths", "items"), "robustness_strengths"),
    (ShiftRobustness, ("strengths", "each"), "shift_pixels"),
    (ShiftRobustness, ("index",), "probe_index"),
    (RotationRobustness, ("strengths", "items"), "robustness_strengths"),
    (RotationRobustness, ("strengths", "each"), "rotation_degrees"),
    (NoiseRobustness, ("strengths", "items"), "robustness_strengths"),
    (NoiseRobustness, ("strengths", "each"), "noise_sigma"),
    (ThicknessRobustness, ("strengths", "items"), "robustness_strengths"),
    (ThicknessRobustness, ("strengths", "each"), "thickness_steps"),
]
# (operation path, query parameter, bound name), read from /openapi.json
QUERY_BOUNDS = [
    ("/api/digits/samples", "offset", "sample_offset"),
    ("/api/digits/samples", "limit", "sample_limit"),
    ("/api/runs/{run_id}", "timeout", "wait_seconds"),
    ("/api/runs/{run_id}/surface", "resolution", "surface_resolution"),
    ("/api/runs/{run_id}/examples", "true", "digit_class"),
    ("/api/runs/{run_id}/examples", "predicted", "digit_class"),
    ("/api/runs/{run_id}/examples", "offset", "sample_offset"),
    ("/api/runs/{run_id}/examples", "limit", "sample_limit"),
    ("/api/runs/{run_id}/embedding", "limit", "embedding_limit"),
]


def _resolve(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        return _resolve(schema, schema["$defs"][node["$ref"].split("/")[-1]])
    options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
    return _resolve(schema, options[0]) if options else node


def _property(model, path: tuple[str, ...]) -> tuple[dict, str]:
    schema = model.model_json_schema()
    node = schema
    for key in path:
        if key == "items":
            return node, "items"
        node = _resolve(schema, node["items"] if key == "each" else node["properties"][key])
    return node, "value"


def _schema_range(node: dict, kind: str) -> tuple[float, float, bool]:
    if kind == "items":
        return node.get("minItems", 0), node["maxItems"], False
    if "exclusiveMinimum" in node:
        return node["exclusiveMinimum"], node["maximum"], True
    return node["minimum"], node["maximum"], False


def test_every_schema_bound_is_the_vocabularys():
    for model, path, name in SCHEMA_BOUNDS:
        node, kind = _property(model, path)
        bound = v.BOUNDS[name]
        assert _schema_range(node, kind) == (bound.low, bound.high, bound.low_exclusive), (model.__name__, path)


def test_every_query_bound_is_the_vocabularys(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, parameter, name in QUERY_BOUNDS:
        (node,) = [p["schema"] for p in paths[path]["get"]["parameters"] if p["name"] == parameter]
        bound = v.BOUNDS[name]
        assert _schema_range(node, "value") == (bound.low, bound.high, bound.low_exclusive), (path, parameter)


def test_every_bound_is_used_by_a_schema_or_said_why_not():
    used = {name for *_, name in SCHEMA_BOUNDS + QUERY_BOUNDS}
    # config points: a validator; predict rows: Point2 (runs.py); an upload's size and pixels: the route checks them
    # before decoding (tests/server/test_uploads.py) and its request body's description states them
    assert set(v.BOUNDS) - used == {"coordinate", "upload_bytes", "upload_pixels"}


def test_schema_names_are_the_vocabularys():
    schema = RunConfig.model_json_schema()
    enum = lambda *path: _property(RunConfig, path)[0]["enum"]  # noqa: E731
    assert tuple(enum("dataset", "name")) == v.DATASET_NAMES
    assert tuple(enum("model", "kind")) == v.MODEL_KINDS
    assert tuple(enum("model", "activation")) == v.ACTIVATION_NAMES
    assert tuple(enum("optimizer", "name")) == v.OPTIMIZER_NAMES
    assert tuple(enum("optimizer", "regularization")) == v.REGULARIZATION_NAMES
    features = _resolve(schema, _property(RunConfig, ("model", "features"))[0]["items"])
    assert tuple(features["enum"]) == v.FEATURE_NAMES
    assert tuple(_property(LessonInfo, ("lab",))[0]["enum"]) == v.LAB_NAMES


def test_limits_endpoint_serves_the_vocabulary(client):
    body = client.get("/api/limits").json()
    assert body["labs"] == list(v.LAB_NAMES)
    assert {d["lab"] for d in body["datasets"]} == set(v.LAB_NAMES)
    assert [d["name"] for d in body["datasets"]] == list(v.DATASET_NAMES)
    assert {d["name"]: d["lab"] for d in body["datasets"]}["mnist"] == "digits"
    assert "seed" not in body["datasets"][0]  # an implementation detail, not a choice
    assert body["features"] == list(v.FEATURE_NAMES) and body["model_kinds"] == list(v.MODEL_KINDS)
    assert body["activations"] == list(v.ACTIVATION_NAMES) and body["optimizers"] == list(v.OPTIMIZER_NAMES)
    assert body["regularizations"] == list(v.REGULARIZATION_NAMES)
    assert body["bounds"]["units_per_layer"] == {"low": 1, "high": 32, "low_exclusive": False, "page_low": None}
    assert body["bounds"]["learning_rate"]["page_low"] == v.BOUNDS["learning_rate"].page_low
    assert body["model_kinds_by_lab"] == {lab: list(kinds) for lab, kinds in v.MODEL_KINDS_BY_LAB.items()}
    assert set(body["bounds"]) == set(v.BOUNDS)
    assert body["bounds"]["learning_rate"]["low_exclusive"] is True


def test_datasets_catalog_bounds_come_from_the_vocabulary(client):
    bounds = client.get("/api/datasets").json()["bounds"]
    assert bounds["n_points"] == [v.BOUNDS["n_points"].low, v.BOUNDS["n_points"].high]
    assert bounds["hidden_layers"] == v.BOUNDS["hidden_layers"].high
    assert bounds["units_per_layer"] == [1, 32] and bounds["max_steps"] == 10_000_000


def test_every_lab_name_has_a_builder():
    assert tuple(LAB_BUILDERS) == v.LAB_NAMES
