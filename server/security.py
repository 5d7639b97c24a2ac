"""Exposure controls as plain ASGI middleware (safe around streaming responses).

* BodySizeLimit: refuse bodies over a limit with 413 before anything parses them.
* TokenGate: every /api request gets its caller (server/callers.py) from what it presents. When a token is
  configured (any non-loopback bind), /api/* needs it — in an ``Authorization: Bearer`` header or an
  ``X-Boundary-Token`` header; in a class, a learner's token or cookie does too. A ``token`` query parameter counts
  only on a run's event stream (``/api/runs/{id}/events``), because EventSource cannot send headers; anywhere else a
  token in the URL would end up in logs and history for no reason. Secrets are compared in constant time.
* JoinLink: in a class, the class link ``/?join=<code>`` gives the browser its learner cookie.
* SecurityHeaders: a Content-Security-Policy that allows same-origin scripts only, plus the usual hardening headers.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlencode

from starlette.requests import cookie_parser
from starlette.responses import RedirectResponse, Response

from server.callers import Classroom, Keyring
from server.learners import ClassFull

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# The only paths where a token may travel in the query string: EventSource cannot set headers.
QUERY_TOKEN_PATHS = re.compile(r"^/api/runs/[^/]+/events$")
CALLER_KEY = "boundary_lab.caller"  # where TokenGate leaves the request's caller in the ASGI scope
LEARNER_COOKIE = "boundary_lab_learner"
LEARNER_COOKIE_MAX_AGE_S = 12 * 3600


async def _send_json(send, status: int, payload: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            + (headers or []),
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """Bodies are small here (≤ 2 MB), so read them whole first: an oversized one never reaches a parser."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        too_large = {"detail": f"request body over {self.max_bytes} bytes"}
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await _send_json(send, 413, too_large)
        parts, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            parts.append(message.get("body", b""))
            size += len(parts[-1])
            if size > self.max_bytes:
                return await _send_json(send, 413, too_large)
            more = message.get("more_body", False)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(parts), "more_body": False}

        return await self.app(scope, replay, send)


class TokenGate:
    """Finds each /api request's caller with the keyring (server/callers.py) and leaves it in the scope for the
    routes (deps.py's `CallerDep`): no caller is a 401, a caller the request is not for is a 403."""

    def __init__(self, app, keyring: Keyring):
        self.app = app
        self.keyring = keyring

    @staticmethod
    def _presented(scope) -> str | None:
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"")
        if auth.lower().startswith(b"bearer "):
            return auth[7:].strip().decode("latin-1")
        if b"x-boundary-token" in headers:
            return headers[b"x-boundary-token"].strip().decode("latin-1")
        if not QUERY_TOKEN_PATHS.match(scope["path"]):
            return None
        return _query(scope).get("token", [None])[0]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        caller = self.keyring.caller_for(self._presented(scope), _learner_cookie(scope))
        if caller is None:
            return await _send_json(
                send, 401, {"detail": self.keyring.unauthorized}, [(b"www-authenticate", b"Bearer")]
            )
        refusal = caller.refusal(scope["method"], scope["path"])
        if refusal is not None:
            return await _send_json(send, 403, {"detail": refusal})
        scope[CALLER_KEY] = caller
        return await self.app(scope, receive, send)


class JoinLink:
    """The class link: a page opened at `/?join=<code>` (any page of the lab) is redirected to itself without the
    code, with the learner cookie set, so the browser is one learner from then on and the code leaves the address
    bar. A browser that already has a learner keeps them; a wrong code changes nothing (the page's API calls then
    answer 401, saying to open the class link)."""

    def __init__(self, app, classroom: Classroom):
        self.app = app
        self.classroom = classroom

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        query = _query(scope)
        if not self.classroom.admits(query.pop("join", [None])[0]):
            return await self.app(scope, receive, send)
        path = "/" + scope["path"].lstrip("/")  # never "//host": a redirect off this server
        target = path + (f"?{urlencode(query, doseq=True)}" if query else "")
        response = RedirectResponse(target, status_code=303)
        if self.classroom.learner_for(_learner_cookie(scope)) is None:
            try:
                _, token = self.classroom.learners.join()
            except ClassFull as exc:
                return await _send_json(send, 409, {"detail": str(exc)})
            set_learner_cookie(response, token, secure=scope.get("scheme") == "https")
        return await response(scope, receive, send)


def set_learner_cookie(response: Response, token: str, secure: bool) -> None:
    """HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it: no cross-site requests
    forged), for the whole lab; a class day long."""
    response.set_cookie(
        LEARNER_COOKIE,
        token,
        max_age=LEARNER_COOKIE_MAX_AGE_S,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )


def _query(scope) -> dict[str, list[str]]:
    return parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def _learner_cookie(scope) -> str | None:
    header = dict(scope.get("headers") or []).get(b"cookie")
    return cookie_parser(header.decode("latin-1")).get(LEARNER_COOKIE) if header else None


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
