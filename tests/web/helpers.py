"""What the browser tests of both pages share: polling the server, and a page on a server that wants a token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from playwright.sync_api import Browser, Page

from tests.live_server import live_server
from tests.web.chromium import VIEWPORT

TOKEN = "s3cret-token"


def poll(read, done, timeout_s: float = 10.0):
    """Read until `done(value)` (the server side has no auto-retrying expect); returns the last value."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = read()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


@contextmanager
def page_at(browser: Browser, url: str) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page opened at `url` (a server of the test's own): (page, console errors)."""
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url)
    try:
        yield page, errors
    finally:
        page.close()


@contextmanager
def page_with_token(browser: Browser, path: str, hash_: str) -> Iterator[tuple[str, Page, list[str]]]:
    """A server started with --token, and a page opened at `path`?token=…`hash_`: (base URL, page, console errors)."""
    with (
        live_server("--token", TOKEN) as base_url,
        page_at(browser, f"{base_url}{path}?token={TOKEN}{hash_}") as (
            page,
            errors,
        ),
    ):
        yield base_url, page, errors


def run_needs_the_token(base_url: str, run_id: str) -> httpx.Response:
    """The run as the token's bearer sees it, after checking that a request without the token is refused."""
    assert httpx.get(f"{base_url}/api/runs/{run_id}").status_code == 401
    response = httpx.get(f"{base_url}/api/runs/{run_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return response
