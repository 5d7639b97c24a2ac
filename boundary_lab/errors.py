"""The API's error answers as Python exceptions a learner can read: the field path and the reason, not a status."""

from __future__ import annotations

import httpx


class LabError(Exception):
    """Any answer from the lab that is not a success; `status` is the HTTP status code."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class FieldError(LabError, ValueError):
    """422: the request broke a rule of the API's schema; `fields` lists the paths, e.g. `dataset.n_points`."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        self.fields = [field_path(error.get("loc", [])) for error in errors]
        lines = [f"{path}: {error.get('msg', 'invalid')}" for path, error in zip(self.fields, errors, strict=True)]
        super().__init__("invalid request — " + "; ".join(lines), 422)


class RunLimitError(LabError):
    """429: the lab trains as many runs as it allows; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: float):
        super().__init__(message, 429)
        self.retry_after = retry_after


class NotFoundError(LabError, LookupError):
    """404: no such run (it was deleted, or expired after it ended)."""


class ConflictError(LabError):
    """409: the run's state does not allow this now (e.g. stepping a run that is not paused)."""


class AuthError(LabError, PermissionError):
    """401: the lab wants a token (`boundary_lab.connect(url, token=...)`)."""


def field_path(loc: list) -> str:
    """`["body", "dataset", "n_points"]` -> `dataset.n_points`; list indices stay as `[i]`."""
    parts = [str(part) for part in loc if part not in ("body", "query", "path")]
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or "body"


def _detail(response: httpx.Response):
    try:
        return response.json().get("detail")
    except (ValueError, AttributeError):
        return response.text[:500]


def raise_for_answer(response: httpx.Response) -> httpx.Response:
    """Return a successful response; turn any other into the matching LabError."""
    if response.is_success:
        return response
    status, detail = response.status_code, _detail(response)
    if status == 422 and isinstance(detail, list):
        raise FieldError(detail)
    message = detail if isinstance(detail, str) else f"HTTP {status}"
    if status == 429:
        raise RunLimitError(message, float(response.headers.get("retry-after", "5")))
    kinds = {401: AuthError, 404: NotFoundError, 409: ConflictError}
    raise kinds.get(status, LabError)(message, status)
