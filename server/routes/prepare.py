"""Compile ahead: the page names the runs a learner is likely to start next, the server compiles them meanwhile."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError

from server.schemas.config import cross_field_errors
from server.schemas.prepare import PrepareRequest, PrepareStatus
from server.schemas.runs import ErrorBody
from server.warmup import Busy, Warmer

router = APIRouter(prefix="/api", tags=["prepare"])


def _warmer(request: Request) -> Warmer:
    return request.app.state.warmer


@router.post(
    "/prepare",
    status_code=status.HTTP_202_ACCEPTED,
    responses={429: {"model": ErrorBody, "description": "The compile queue is full; retry after `Retry-After` s."}},
)
def prepare(body: PrepareRequest, request: Request) -> PrepareStatus:
    """Queue each config's programs for compiling in the background (one at a time, beside live runs)."""
    errors = [
        {**error, "loc": ("body", "runs", i, *error["loc"][1:])}
        for i, config in enumerate(body.runs)
        for error in cross_field_errors(config)
    ]
    if errors:
        raise RequestValidationError(errors)
    warmer = _warmer(request)
    try:
        accepted = warmer.submit(body.runs)
    except Busy as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS, "the compile queue is full", {"Retry-After": "2"}
        ) from exc
    return PrepareStatus(accepted=accepted, **warmer.status())


@router.get("/prepare")
def prepare_status(request: Request) -> PrepareStatus:
    """How many configs are still compiling, and how many are ready."""
    return PrepareStatus(**_warmer(request).status())
