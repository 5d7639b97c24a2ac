"""Browser tests: a real uvicorn (one per session) and Debian's Chromium driven by playwright-python."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, sync_playwright

from tests.live_server import live_server
from tests.web.chromium import CHROMIUM, VIEWPORT, launch

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def base_url():
    with live_server() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM} (make chromium installs Debian's)"
        if os.environ.get("BOUNDARY_LAB_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@dataclass
class Lab:
    """One page of the lab plus what the test needs around it: the API, and every console error seen."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def open(self, hash_: str = "") -> None:
        self.page.goto(f"{self.base_url}/{hash_}")
        self.wait_for_training()

    def visit(self, path: str) -> Page:
        """Go to `path` without waiting for training (for importing the page's modules)."""
        self.page.goto(f"{self.base_url}{path}")
        return self.page

    def wait_for_training(self, frames: int = 3) -> None:
        self.page.wait_for_function(
            "n => window.__lab && window.__lab.gridFrames >= n && window.__lab.lossPoints >= 2", arg=frames
        )

    def debug(self, name: str):
        return self.page.evaluate(f"window.__lab.{name}")

    def api(self, method: str, path: str, **kwargs) -> httpx.Response:
        return httpx.request(method, f"{self.base_url}{path}", timeout=10, **kwargs)


@pytest.fixture
def lab(browser, base_url):
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    lab = Lab(page, base_url)
    page.on("console", lambda message: message.type == "error" and lab.errors.append(message.text))
    page.on("pageerror", lambda error: lab.errors.append(f"page error: {error}"))
    yield lab
    page.close()
    context.close()
    for run in lab.api("GET", "/api/runs").json()["runs"]:  # a clean slate for the next test (live-run cap)
        lab.api("DELETE", f"/api/runs/{run['id']}")


@pytest.fixture
def page(lab):
    """The 2D page, for tests that import its pure modules (`await import("/state.js")`) in a real browser."""
    return lab.visit("/")
