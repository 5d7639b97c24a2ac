"""/openapi.json is valid OpenAPI 3.1 (checked by openapi-spec-validator), so client generators accept it."""

import copy

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import OpenAPIV31SpecValidator

from server.app import create_app
from server.settings import Settings


@pytest.fixture(scope="module")
def document():
    with TestClient(create_app(Settings(compilation_cache_dir=""))) as client:
        response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def _errors(document: dict) -> list[str]:
    errors = OpenAPIV31SpecValidator(document).iter_errors()
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in errors]


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    assert _errors(document) == []


def test_validator_rejects_a_draft4_tuple(document):
    """The check can fail: `items: [...]` (the Draft-4 tuple form the review saw for `extent`) is not 3.1."""
    broken = copy.deepcopy(document)
    broken["components"]["schemas"]["PointsResponse"]["properties"]["extent"] = {
        "type": "array",
        "items": [{"type": "number"}] * 4,
    }
    assert _errors(broken)


def test_validator_rejects_openapi_3_2_item_schema(document):
    """FastAPI's stream description (`itemSchema`) is OpenAPI 3.2; left in a 3.1 document it is an error."""
    broken = copy.deepcopy(document)
    media = broken["paths"]["/api/runs/{run_id}/events"]["get"]["responses"]["200"]["content"]["text/event-stream"]
    media["itemSchema"] = {"type": "object"}
    assert _errors(broken)


def _keys(node) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for value in node.values() for key in _keys(value)}
    if isinstance(node, list):
        return {key for value in node for key in _keys(value)}
    return set()


def test_fixed_length_arrays_read_the_same_in_every_draft(document):
    """Tuples would be `prefixItems` (2020-12 only; schemathesis rewrote them to Draft-4 `items: [...]` and then
    rejected the response schema): every fixed-length array here holds one type, so it is `items` plus a length."""
    assert "prefixItems" not in _keys(document)
    extent = document["components"]["schemas"]["PointsResponse"]["properties"]["extent"]
    assert extent["type"] == "array" and extent["items"] == {"type": "number"}
    assert extent["minItems"] == extent["maxItems"] == 4


def test_event_stream_is_still_documented(document):
    responses = document["paths"]["/api/runs/{run_id}/events"]["get"]["responses"]
    assert responses["200"]["content"]["text/event-stream"]["schema"]["type"] == "string"
    assert "404" in responses


def test_rules_beyond_json_schema_are_in_descriptions(document):
    """Issue 9 item 7: a generated client learns the square-kernel and one-of rules from the descriptions."""
    schemas = document["components"]["schemas"]
    convolve = schemas["ConvolveRequest"]["properties"]
    assert "square" in convolve["kernel"]["description"]
    assert "`index`" in convolve["image"]["description"] and "`image`" in convolve["index"]["description"]
    predict = schemas["PredictRequest"]["properties"]
    assert "`images`" in predict["points"]["description"] and "`points`" in predict["images"]["description"]
    assert schemas["ModelConfig"]["properties"]["features"]["uniqueItems"] is True
