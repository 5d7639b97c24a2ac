"""The teacher's class view page (web/class/): two learners' runs appear as tiles with drawn thumbnails, and a
challenge set from the form ranks them."""

from __future__ import annotations

import httpx
import pytest

from tests.live_server import live_server
from tests.web.helpers import page_at

pytestmark = pytest.mark.browser

TEACHER_TOKEN = "teacher-tok-83"
JOIN_CODE = "class-join-29"
GAUSS = {"dataset": {"name": "gauss", "n_points": 100}, "model": {"kind": "logistic"}, "grid_resolution": 40}
# Every tile's canvas holds its 24×24 thumbnail, in at least two colours (a gauss run's two regions)
DRAWN = """() => [...document.querySelectorAll('.tile canvas')].every((canvas) => {
  if (canvas.width !== 24) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, 24, 24).data;
  const colours = new Set();
  for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.slice(i, i + 3).join());
  return colours.size >= 2 && !colours.has('255,255,255');
})"""


def learner_run(base_url: str, name: str) -> None:
    """A script's learner with one paused gauss run, stepped so it has a frame to cut a thumbnail from."""
    code = {"authorization": f"Bearer {JOIN_CODE}"}
    token = httpx.post(f"{base_url}/api/learners", json={"name": name}, headers=code).json()["token"]
    with httpx.Client(base_url=base_url, headers={"authorization": f"Bearer {token}"}, timeout=60) as http:
        run = http.post("/api/runs?paused=true", json=GAUSS).json()
        for _ in range(600):
            if http.post(f"/api/runs/{run['id']}/step", json={"steps": 200}).status_code == 200:
                return
        raise AssertionError("the run never took a step")


def test_the_class_view_shows_every_learners_run_and_ranks_a_challenge(browser):
    args = ("--class", "--token", TEACHER_TOKEN, "--join-code", JOIN_CODE)
    with live_server(*args) as base_url:
        learner_run(base_url, "Aiko")
        learner_run(base_url, "Ben")
        with page_at(browser, f"{base_url}/class/?token={TEACHER_TOKEN}#lang=en") as (page, errors):
            tiles = page.locator(".tile")
            tiles.nth(1).wait_for(timeout=15_000)
            assert sorted(page.locator(".tile .who").all_inner_texts()) == ["Aiko", "Ben"]
            page.wait_for_function(DRAWN, timeout=10_000)
            page.fill("input[name=dataset]", "gauss")
            page.fill("input[name=threshold]", "0.5")
            page.click("#challenge-form button[type=submit]")
            page.locator("#ranking li").nth(1).wait_for(timeout=10_000)
            assert page.locator(".tile.ranked").count() == 2
        assert errors == [], errors


WATCHED = """() => {
  const canvas = document.getElementById('watch-canvas');
  if (canvas.width !== 40) return false;
  const pixels = canvas.getContext('2d').getImageData(0, 0, 40, 40).data;
  const colours = new Set();
  for (let i = 0; i < pixels.length; i += 4) colours.add(pixels.slice(i, i + 3).join());
  return colours.size >= 2;
}"""


def test_a_tile_opens_its_run_full_size_without_changing_it(browser):
    """Clicking a tile follows that run's own frames at their full resolution (40×40 here, the tile has 24×24),
    with its step; the paused run stays paused at the same step, and closing the dialog ends the stream."""
    args = ("--class", "--token", TEACHER_TOKEN, "--join-code", JOIN_CODE)
    teacher = {"authorization": f"Bearer {TEACHER_TOKEN}"}
    with live_server(*args) as base_url:
        learner_run(base_url, "Aiko")
        (before,) = httpx.get(f"{base_url}/api/runs", headers=teacher).json()["runs"]
        with page_at(browser, f"{base_url}/class/?token={TEACHER_TOKEN}#lang=en") as (page, errors):
            page.locator(".tile").first.wait_for(timeout=15_000)
            page.locator(".tile").first.click()
            page.locator("#watch-title", has_text="Aiko").wait_for(timeout=10_000)
            page.wait_for_function(WATCHED, timeout=10_000)
            page.locator("#watch-facts", has_text=f"step {before['step']}").wait_for(timeout=10_000)
            page.click("#watch-close")
            assert not page.locator("#watch").evaluate("(dialog) => dialog.open")
        (after,) = httpx.get(f"{base_url}/api/runs", headers=teacher).json()["runs"]
        assert (after["status"], after["step"]) == ("paused", before["step"])
        assert errors == [], errors


def test_a_learner_names_themselves_on_joining_and_can_leave(browser):
    """The class link's page asks for the name the teacher sees; saved, it shows it; leaving forgets the learner."""
    args = ("--class", "--token", TEACHER_TOKEN, "--join-code", JOIN_CODE)
    teacher = {"authorization": f"Bearer {TEACHER_TOKEN}"}
    with live_server(*args) as base_url, page_at(browser, f"{base_url}/?join={JOIN_CODE}#lang=en") as (page, errors):
        page.fill("#classroom input[name=learner-name]", "Dana")
        page.click("#classroom button[type=submit]")
        page.locator(".learner-badge", has_text="Dana").wait_for(timeout=10_000)
        roster = httpx.get(f"{base_url}/api/learners", headers=teacher).json()["learners"]
        assert [(learner["name"], learner["named"]) for learner in roster] == [("Dana", True)]
        page.locator("#classroom button", has_text="Leave").click()
        page.locator("#classroom", has_text="You left the class").wait_for(timeout=10_000)
        assert httpx.get(f"{base_url}/api/learners", headers=teacher).json()["learners"] == []
    assert [error for error in errors if "i18n" in error] == []
