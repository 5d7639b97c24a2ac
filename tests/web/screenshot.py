"""Regenerate the README screenshot: `python -m tests.web.screenshot docs/screenshot.png [#hash]`.

Starts a real server, opens the lab at 1280×800, waits until training shows (decision regions, loss curve, the
math typeset), then saves the page as a PNG.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page

from tests.live_server import live_server
from tests.web.chromium import screenshot

DEFAULT_HASH = "#data=spiral&classes=3&noise=0.1&n=600&model=mlp&hidden=8,8&act=tanh&opt=adam&lr=0.003&test=1"


def capture(base_url: str, path: Path, hash_: str = DEFAULT_HASH, wait_steps: int = 60_000) -> None:
    def prepare(page: Page) -> None:
        page.wait_for_function(
            "steps => window.__lab && window.__lab.step >= steps && window.__lab.lossPoints > 10 "
            "&& window.__lab.drawnPoints > 0 && document.querySelector('#math .katex')",
            arg=wait_steps,
            timeout=60_000,
        )
        box = page.locator("#plane").bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.4)
        page.wait_for_timeout(300)

    screenshot(f"{base_url}/{hash_}", path, prepare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write the PNG, e.g. docs/screenshot.png")
    parser.add_argument("hash", nargs="?", default=DEFAULT_HASH, help="the lab's URL hash (settings) to show")
    args = parser.parse_args()
    with live_server() as base_url:
        capture(base_url, args.output, args.hash)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
