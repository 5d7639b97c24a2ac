"""A server started with --token: the page keeps the token while a learner moves between the two labs, and puts
it in a URL only where it must (the event stream: EventSource cannot send headers)."""

from __future__ import annotations

import pytest

from tests.web.helpers import TOKEN, page_with_token, run_needs_the_token

pytestmark = pytest.mark.browser

LAB_TRAINS = "() => window.__lab && window.__lab.gridFrames >= 3"
DIGITS_TRAIN = "() => window.__lab && window.__lab.frames >= 2"


def test_the_token_survives_moving_between_the_labs(browser):
    with page_with_token(browser, "/", "#data=xor&model=mlp&hidden=4") as (base_url, page, errors):
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.wait_for_function(LAB_TRAINS, timeout=15_000)

        page.locator(".pages a", has_text="Digits").click()
        page.wait_for_url("**/digits.html**")
        page.wait_for_function(DIGITS_TRAIN, timeout=30_000)
        run_needs_the_token(base_url, page.evaluate("window.__lab.runId"))

        page.locator("a.brand").click()  # the logo goes back to the 2D lab
        page.wait_for_function(LAB_TRAINS, timeout=15_000)
        run_needs_the_token(base_url, page.evaluate("window.__lab.runId"))

        page.goto(f"{base_url}/digits.html")  # same tab, an address typed without the token
        page.wait_for_function(DIGITS_TRAIN, timeout=30_000)

        api_urls = [url for url in urls if "/api/" in url]
        assert any(url.endswith(f"/events?token={TOKEN}") for url in api_urls)
        in_query = [url for url in api_urls if "token=" in url and not url.split("?")[0].endswith("/events")]
        assert in_query == [], "fetches send the token in a header, never in the URL"
    assert not any("401" in error for error in errors), errors
