"""Readable errors: every validation failure is a 422 listing field paths and reasons, and always valid JSON."""

from __future__ import annotations

import math
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


def _json_safe(value):
    """Echoed inputs may hold NaN/Infinity or huge structures: keep them short and valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value if not isinstance(value, str) else value[:200]
    return None


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    detail = [
        {
            "type": err.get("type"),
            "loc": list(err.get("loc", ())),
            "msg": err.get("msg"),
            "input": _json_safe(err.get("input")),
        }
        for err in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def _documented_methods(request: Request) -> set[str]:
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", template), request.url.path):
            methods |= {method.upper() for method in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return methods


def _not_allowed(methods: set[str]) -> JSONResponse:
    return JSONResponse(
        {"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": ", ".join(sorted(methods))}
    )


async def method_not_allowed(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's 405 lists one route's methods (or the static mount's); list what the API documents."""
    methods = _documented_methods(request)
    if not methods:
        return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers=exc.headers)
    return _not_allowed(methods)


async def not_found(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """An API path asked with a method it lacks falls through to the static files; answer 405, not 404."""
    methods = _documented_methods(request)
    if methods and request.method not in methods:
        return _not_allowed(methods)
    return JSONResponse({"detail": exc.detail}, status_code=404, headers=exc.headers)


async def unparseable_body(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """FastAPI answers 400 to a body it cannot even decode (bad UTF-8): treat it like malformed JSON, a 422."""
    detail = [
        {"type": "json_invalid", "loc": ["body"], "msg": f"the body could not be parsed: {exc.detail}", "input": None}
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(400, unparseable_body)
    app.add_exception_handler(404, not_found)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(405, method_not_allowed)
