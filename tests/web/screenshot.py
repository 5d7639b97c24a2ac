"""Regenerate the README screenshots: `python -m tests.web.screenshot docs/screenshot.png [#hash]`.

Starts a real server, opens the lab at 1280×800, waits until training shows (decision regions, loss curve, the
math typeset), then saves the page as a PNG. Beside it, course-ja.png and course-en.png show lesson No.3 with its
course panel in each language (Japanese needs a CJK font, e.g. Debian's fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page

from tests.live_server import live_server
from tests.web.chromium import screenshot

DEFAULT_HASH = "#data=spiral&classes=3&noise=0.1&n=600&model=mlp&hidden=8,8&act=tanh&opt=adam&lr=0.01&test=1"


def capture(base_url: str, path: Path, hash_: str = DEFAULT_HASH, wait_steps: int = 60_000) -> None:
    def prepare(page: Page) -> None:
        page.locator("#course-free-lab").click()  # the instrument alone: these settings are no lesson's
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


COURSE_HASH = "#data=circle&model=mlp&hidden=4&act=tanh&noise=0.1&speed=full&lang={lang}"


def capture_course(base_url: str, path: Path, lang: str) -> None:
    """Lesson No.3 (its preset opens it in the course panel) once its checkpoints have had a run to tick from."""

    def prepare(page: Page) -> None:
        page.wait_for_function(
            "() => window.__lab && window.__lab.step >= 10000 && document.querySelector('#course .katex')"
            " && document.querySelector('#math .katex')",
            timeout=60_000,
        )
        page.wait_for_timeout(300)

    screenshot(f"{base_url}/{COURSE_HASH.format(lang=lang)}", path, prepare)


def command_line(doc: str, example: str, default_hash: str) -> argparse.ArgumentParser:
    """Both screenshot scripts' arguments: where the PNG goes, and the page's URL hash (its settings) to show."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("output", type=Path, help=f"where to write the PNG, e.g. {example}")
    parser.add_argument("hash", nargs="?", default=default_hash, help="the page's URL hash (settings) to show")
    return parser


def main() -> None:
    args = command_line(__doc__, "docs/screenshot.png", DEFAULT_HASH).parse_args()
    with live_server() as base_url:
        capture(base_url, args.output, args.hash)
        for lang in ("ja", "en"):
            capture_course(base_url, args.output.parent / f"course-{lang}.png", lang)
    print(f"wrote {args.output} and course-ja.png, course-en.png beside it")


if __name__ == "__main__":
    main()
