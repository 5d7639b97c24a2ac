"""Exposure controls as plain ASGI middleware (safe around streaming responses).

* BodySizeLimit: refuse bodies over a limit with 413 before anything parses them.
* TokenGate: when a token is configured (any non-loopback bind), /api/* needs it — in an
  ``Authorization: Bearer`` header or an ``X-Boundary-Token`` header. A ``token`` query parameter counts only on a
  run's event stream (``/api/runs/{id}/events``), because EventSource cannot send headers; anywhere else a token in
  the URL would end up in logs and history for no reason. Compared in constant time.
* SecurityHeaders: a Content-Security-Policy that allows same-origin scripts only, plus the usual hardening headers.
"""

from __future__ import annotations

import hmac
import json
import re
from urllib.parse import parse_qs

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# The only paths where a token may travel in the query string: EventSource cannot set headers.
QUERY_TOKEN_PATHS = re.compile(r"^/api/runs/[^/]+/events$")


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
    def __init__(self, app, token: str):
        self.app = app
        self.token = token.encode()

    def _presented(self, scope) -> bytes:
        headers = dict(scope.get("headers") or [])
        auth = headers.get(b"authorization", b"")
        if auth.lower().startswith(b"bearer "):
            return auth[7:].strip()
        if b"x-boundary-token" in headers:
            return headers[b"x-boundary-token"].strip()
        if not QUERY_TOKEN_PATHS.match(scope["path"]):
            return b""
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        return query.get("token", [""])[0].encode()

    async def __call__(self, scope, receive, send):
        guarded = scope["type"] == "http" and scope["path"].startswith("/api/")
        if guarded and not hmac.compare_digest(self._presented(scope), self.token):
            return await _send_json(
                send,
                401,
                {
                    "detail": "missing or wrong token: send 'Authorization: Bearer <token>' "
                    "(?token=<token> only on /api/runs/{id}/events)"
                },
                [(b"www-authenticate", b"Bearer")],
            )
        return await self.app(scope, receive, send)


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
