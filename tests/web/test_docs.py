"""/docs in real Chromium: the operations are listed, every request stays on this server, and nothing is blocked.

Before server/docs.py, /docs loaded Swagger UI from a CDN with an inline script: the page's own CSP blocked both and
it stayed blank (and the machine may have no internet at all).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect

from server.cli import banner
from server.settings import Settings
from tests.live_server import live_server
from tests.web.chromium import VIEWPORT

TOKEN = "docs-test-token"


def _docs_url(base_url: str, token: str | None = None) -> str:
    """The address the start-up banner prints for the API docs of the server at `base_url`."""
    parts = urlsplit(base_url)
    line = banner(Settings(host=parts.hostname, port=parts.port, token=token))
    return line.split("API docs: ")[1].rstrip(")")


class DocsPage:
    """A fresh page that records every request it makes and every console error (CSP refusals are errors)."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def open(self, url: str) -> Page:
        self.page.goto(url)
        expect(self.page.locator(".opblock").first).to_be_visible(timeout=30_000)
        return self.page

    def foreign_requests(self, base_url: str) -> list[str]:
        return [url for url in self.requests if not url.startswith(f"{base_url}/") and not url.startswith("data:")]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def docs(browser):
    page = DocsPage(browser)
    yield page
    page.close()


@pytest.mark.browser
def test_docs_lists_the_operations_offline(docs, base_url):
    page = docs.open(_docs_url(base_url))
    create_run = page.locator('.opblock-post:has(.opblock-summary-path[data-path="/api/runs"])')
    expect(create_run.locator(".opblock-summary-method")).to_have_text("POST")
    expect(page.locator('.opblock-summary-path[data-path="/api/runs/{run_id}/predict"]')).to_be_visible()
    expect(page.locator('.opblock-summary-path[data-path="/api/convolve"]')).to_be_visible()
    assert f"{base_url}/openapi.json" in docs.requests
    assert docs.foreign_requests(base_url) == []
    assert docs.errors == []


@pytest.mark.browser
def test_banner_docs_link_carries_the_token_into_try_it_out(docs):
    """With a token the banner's /docs?token=… link works end to end: Swagger UI's own calls carry the token."""
    with live_server("--token", TOKEN) as base_url:
        page = docs.open(_docs_url(base_url, TOKEN))
        health = page.locator(".opblock-get:has(.opblock-summary-path[data-path='/api/health'])")
        health.locator(".opblock-summary").click()
        health.locator(".try-out__btn").click()
        health.locator(".execute").click()
        expect(health.locator(".live-responses-table tbody .response-col_status")).to_have_text("200", timeout=30_000)
        assert docs.foreign_requests(base_url) == []
        assert docs.errors == []


def test_docs_page_has_no_inline_script_and_redoc_is_off(base_url):
    """The CSP allows same-origin script files only; /redoc (also CDN-based) is off rather than blank."""
    page = httpx.get(_docs_url(base_url), timeout=10)
    assert page.status_code == 200 and "content-security-policy" in page.headers
    assert "<script>" not in page.text and "http" not in page.text
    for path in ("/docs/start.js", "/vendor/swagger-ui/swagger-ui-bundle.js", "/vendor/swagger-ui/swagger-ui.css"):
        assert path in page.text
        assert httpx.get(f"{base_url}{path}", timeout=10).status_code == 200, path
    assert httpx.get(f"{base_url}/redoc", timeout=10).status_code == 404
