"""Screenshots of the digits lab: `python -m tests.web.screenshot_digits docs/digits.png [#hash] [--lessons DIR]`.

Starts a real server, opens /digits.html at 1280×800, waits until the lesson shows live training (or the
convolution lesson its maps), draws a digit on the pad for the training lessons, then saves the page as a PNG.
With --lessons DIR it also writes one screenshot per lesson into DIR (for test artifacts).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.live_server import live_server
from tests.web.chromium import screenshot
from tests.web.screenshot import command_line

DEFAULT_HASH = "#lesson=cnn"
LESSON_HASHES = {  # conv1 before conv: a hash is matched by its prefix
    "softmax": "#lesson=softmax",
    "mlp": "#lesson=mlp",
    "conv1": "#lesson=conv1",
    "conv": "#lesson=conv",
    "cnn": "#lesson=cnn",
}

# A "7"-ish stroke and a "2"-ish stroke, as fractions of the pad (x, y).
SEVEN = [(0.2, 0.18), (0.78, 0.18), (0.62, 0.45), (0.45, 0.85)]
TWO = [(0.25, 0.3), (0.4, 0.15), (0.65, 0.18), (0.7, 0.38), (0.25, 0.82), (0.78, 0.82)]


def draw_stroke(page: Page, points: list[tuple[float, float]], steps: int = 8) -> None:
    """Draw with the real mouse on the pad: press at the first point, move through the others, release."""
    box = page.locator("#pad").bounding_box()
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for x, y in xy[1:]:
        page.mouse.move(x, y, steps=steps)
    page.mouse.up()


def wait_for_lesson(page: Page, lesson: str, min_step: int, timeout_ms: int = 90_000) -> None:
    if lesson == "conv":
        page.wait_for_function(
            "() => Number(document.getElementById('conv-view').dataset.results || 0) >= 1", timeout=timeout_ms
        )
        return
    page.wait_for_function(
        "steps => window.__lab && window.__lab.step >= steps && window.__lab.lossPoints > 5 "
        "&& Number(document.getElementById('confusion').dataset.updates || 0) > 1",
        arg=min_step,
        timeout=timeout_ms,
    )


def capture(base_url: str, path: Path, hash_: str = DEFAULT_HASH, min_step: int | None = None) -> None:
    lesson = next((name for name, h in LESSON_HASHES.items() if hash_.startswith(h)), "softmax")
    min_step = (
        min_step if min_step is not None else {"softmax": 600, "mlp": 600, "conv1": 640, "cnn": 480}.get(lesson, 0)
    )

    def prepare(page: Page) -> None:
        wait_for_lesson(page, lesson, min_step)
        draw_stroke(page, TWO if lesson == "conv" else SEVEN)
        if lesson == "conv":
            page.wait_for_function("() => document.getElementById('conv-view').dataset.source === 'drawing'")
            box = page.locator("#conv-output").bounding_box()
            page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.5)
        else:
            page.wait_for_function("() => window.__lab.predictions > 0")
        page.wait_for_timeout(400)

    screenshot(f"{base_url}/digits.html{hash_}", path, prepare)


def main() -> None:
    parser = command_line(__doc__, "docs/digits.png", DEFAULT_HASH)
    parser.add_argument("--lessons", type=Path, help="also write one screenshot per lesson into this folder")
    args = parser.parse_args()
    with live_server() as base_url:
        capture(base_url, args.output, args.hash)
        print(f"wrote {args.output}")
        if args.lessons:
            for name, hash_ in LESSON_HASHES.items():
                target = args.lessons / f"digits-{name}.png"
                capture(base_url, target, hash_)
                print(f"wrote {target}")


if __name__ == "__main__":
    main()
