"""The OpenAPI document as valid OpenAPI 3.1, so client generators and validators accept it.

FastAPI describes a streaming response with OpenAPI 3.2's `itemSchema` while declaring `openapi: 3.1.0`; a 3.1
Media Type Object may not have that key, so validators reject the whole document. OpenAPI 3.1 can only say the body
is text; what each event carries is written in the operation's description instead.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

STREAM_SCHEMAS = {
    "text/event-stream": {
        "type": "string",
        "description": "Server-Sent Events: `event:` and `data:` lines, each event ended by a blank line.",
    },
}


def as_openapi_31(document: dict) -> dict:
    """Replace each streaming media type's `itemSchema` with a 3.1 `schema` (in place; idempotent)."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                for media_type, media in response.get("content", {}).items():
                    if media.pop("itemSchema", None) is not None:
                        media["schema"] = dict(STREAM_SCHEMAS.get(media_type, {"type": "string"}))
    return document


def serve_openapi_31(app: FastAPI) -> None:
    """Make `app.openapi()` (and so /openapi.json and /docs) return the 3.1-valid document."""
    generate: Callable[[], dict] = app.openapi
    app.openapi = lambda: as_openapi_31(generate())
