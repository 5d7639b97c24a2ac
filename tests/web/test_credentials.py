"""A server started with --token: the page keeps the token while a learner moves between the two labs, and puts
it in a URL only where it must (the event stream: EventSource cannot send headers)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.live_server import live_server
from tests.web.helpers import TOKEN, page_at, page_with_token, run_needs_the_token

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


TEACHER_TOKEN = "teacher-tok-51"
JOIN_CODE = "class-join-77"


def test_a_learner_opening_the_class_link_works_with_their_own_cookie(browser):
    """`serve --class`: the class link gives each browser its learner cookie (HttpOnly, SameSite=Strict) and drops
    the code from the address; the page trains as without a class, on both labs, and no URL carries a secret. A
    second learner's page cannot see the first one's run; the teacher's token can."""
    args = ("--class", "--token", TEACHER_TOKEN, "--join-code", JOIN_CODE)
    with (
        live_server(*args) as base_url,
        page_at(browser, f"{base_url}/?join={JOIN_CODE}#data=xor&model=mlp&hidden=4") as (page, errors),
        page_at(browser, f"{base_url}/digits.html?join={JOIN_CODE}") as (other, _),
    ):
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        page.wait_for_function(LAB_TRAINS, timeout=15_000)
        address = urlsplit(page.url)
        assert (address.path, address.query) == ("/", "") and address.fragment.startswith("data=xor&")
        (cookie,) = page.context.cookies()
        assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == ("boundary_lab_learner", True, "Strict")
        assert page.evaluate("document.cookie") == "", "no script reads the learner cookie"

        run_id = page.evaluate("window.__lab.runId")
        me = page.evaluate("fetch('/api/learners/me').then((answer) => answer.json())")
        assert httpx.get(f"{base_url}/api/runs/{run_id}").status_code == 401
        teacher = {"authorization": f"Bearer {TEACHER_TOKEN}"}
        assert httpx.get(f"{base_url}/api/runs/{run_id}", headers=teacher).json()["owner"] == me["id"]
        other.wait_for_function(DIGITS_TRAIN, timeout=30_000)
        seen_by_other = other.evaluate(f"fetch('/api/runs/{run_id}').then((answer) => answer.status)")
        assert seen_by_other == 404

        page.locator(".pages a", has_text="Digits").click()
        page.wait_for_url("**/digits.html**")
        page.wait_for_function(DIGITS_TRAIN, timeout=30_000)
        assert page.evaluate("fetch('/api/learners/me').then((answer) => answer.json())")["id"] == me["id"]
        assert not [url for url in urls if {"token", "join"} & set(parse_qs(urlsplit(url).query))]
    assert not any("401" in error for error in errors), errors
