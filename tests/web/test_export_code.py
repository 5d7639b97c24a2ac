"""Export as code from both pages in real Chromium: the buttons download the current run as a standalone script or
notebook (GET /api/runs/{id}/export, in the page's language) that imports nothing of this project and names the
run's own settings; on a server with a token the page sends it, as with every call."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.helpers import page_with_token

pytestmark = pytest.mark.browser

PROJECT_IMPORT = re.compile(r"^\s*(from|import)\s+(boundary_lab|models|server)\b", re.MULTILINE)


def downloaded(page: Page, button: str) -> tuple[str, str]:
    page.locator(".code-export > summary").click()  # the toolbar's "Code ↓" menu
    with page.expect_download() as info:
        page.locator(button).click()
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8").read()


def assert_standalone(text: str, *settings: str) -> None:
    assert "import jax" in text and "optax" in text
    assert not PROJECT_IMPORT.search(text), "the export imports this project"
    for setting in settings:
        assert setting in text, setting


def test_the_plane_run_downloads_as_a_python_script_and_a_notebook(lab):
    lab.open("#data=xor&model=mlp&hidden=6&act=tanh&lr=0.07&lang=en")
    run_id = lab.debug("runId")
    expect(lab.page.locator(".code-export > summary")).to_have_text("Code ↓")
    expect(lab.page.locator("#export-py")).to_have_text("Export as Python")
    expect(lab.page.locator("#export-ipynb")).to_have_text("Export as notebook")
    name, script = downloaded(lab.page, "#export-py")
    assert name == f"boundary-lab-{run_id}.py"
    assert_standalone(script, "xor", "0.07", "tanh")
    name, notebook = downloaded(lab.page, "#export-ipynb")
    assert name == f"boundary-lab-{run_id}.ipynb"
    source = "".join("".join(cell["source"]) for cell in json.loads(notebook)["cells"])
    assert_standalone(source, "xor", "0.07", "tanh")
    assert lab.errors == []


def test_the_digits_run_downloads_in_the_pages_language(lab):
    lab.page.goto(f"{lab.base_url}/digits.html#lesson=softmax&lr=0.3&lang=ja")
    lab.page.wait_for_function("() => window.__lab && window.__lab.frames >= 1")
    expect(lab.page.locator(".code-export > summary")).to_have_text("コード ↓")
    expect(lab.page.locator("#export-py")).to_have_text("スクリプトとして書き出す")
    name, script = downloaded(lab.page, "#export-py")
    assert name == f"boundary-lab-{lab.debug('runId')}.py"
    assert_standalone(script, "0.3")
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", script), "comments in the page's language"
    assert lab.errors == []


def test_the_export_carries_the_token(browser):
    with page_with_token(browser, "/", "#data=circle&lang=en") as (_, page, errors):
        page.wait_for_function("() => window.__lab && window.__lab.frames >= 1")
        name, script = downloaded(page, "#export-py")
        assert name.endswith(".py")
        assert_standalone(script, "circle")
        assert errors == []
