"""README's numbers come from commands: its tables equal what `python -m bench.readme` renders from bench/*.json,
and its curl walk-through, run line by line with curl in the order printed, does what it says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.readme import LESSONS_JSON, README, RESULTS_JSON, render
from tests.live_server import live_server


def test_readme_tables_are_the_rendered_ones():
    readme = README.read_text()
    rendered = render(readme, json.loads(LESSONS_JSON.read_text()), json.loads(RESULTS_JSON.read_text()))
    assert rendered == readme, "README tables differ from bench/*.json: run `python -m bench.readme`"


@pytest.mark.parametrize(
    "marker", ["<!-- course-table", "<!-- lessons-table", "<!-- bench-table", "<!-- robustness-table"]
)
def test_a_changed_number_is_caught(marker):
    """The comparison sees a single digit changed inside each generated table."""
    readme = README.read_text()
    table_start = readme.index(marker)
    row = readme.index("\n| ", readme.index("\n|---", table_start))  # the first body row
    digit = next(i for i in range(row, len(readme)) if readme[i].isdigit())
    changed = "1" if readme[digit] != "1" else "2"
    tampered = readme[:digit] + changed + readme[digit + 1 :]
    assert render(tampered, json.loads(LESSONS_JSON.read_text()), json.loads(RESULTS_JSON.read_text())) != tampered


def _curl_section() -> str:
    readme = README.read_text()
    start = readme.index("## The API (curl)")
    return readme[start : readme.index("\n## ", start + 1)]


def _shell_block(section: str) -> str:
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def _replayable(block: str, base: str, outputs: Path) -> str:
    """The README's shell lines as a script: the host is the test's server, every curl's output is kept in order,
    and each `RUN=…` placeholder line takes the id from the answer just before it, as a reader would paste it."""
    wrapper = (
        "n=0\n"
        'curl() { n=$((n+1)); printf \'%s\\n\' "$*" > "$OUT/$n.cmd";'
        ' command curl "$@" > "$OUT/$n.out"; echo $? > "$OUT/$n.rc"; }\n'
    )
    read_id = f'{sys.executable} -c \'import json,sys; print(json.load(open(sys.argv[1]))["id"])\' "$OUT/$n.out"'
    lines = [f"RUN=$({read_id})" if line.startswith("RUN=") else line for line in block.splitlines()]
    return f"OUT={outputs}\n" + wrapper + "\n".join(lines).replace("localhost:8000", base.removeprefix("http://"))


def test_the_curl_walkthrough_works_pasted_in_order(tmp_path):
    """Every line of the walk-through, run by bash with the real curl in the order printed, does what its comment
    says: the unwatched run trains to the end, the stream shows frames, and the run it paused resumes and steers."""
    section = _curl_section()
    with live_server() as base:
        script = _replayable(_shell_block(section), base, tmp_path)
        done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    calls = sorted(tmp_path.glob("*.cmd"), key=lambda path: int(path.stem))
    said = [(path.read_text(), (tmp_path / f"{path.stem}.out").read_text()) for path in calls]
    rcs = [int((tmp_path / f"{path.stem}.rc").read_text()) for path in calls]
    assert len(said) == 18, [command for command, _ in said]

    def answer(i: int) -> dict:
        assert rcs[i] == 0, said[i]
        return json.loads(said[i][1])

    assert answer(0)["status"] == "queued"
    assert answer(1)["status"] == "done", "nobody watches this run: it must train to max_steps, not pause"
    assert len(answer(2)["coefficients"][0]) == 3
    shown = json.loads(re.search(r"/predict.*?\n# → (\{.*?\})\n", section, re.S).group(1))
    predicted = answer(3)
    assert predicted["predicted"] == shown["predicted"] and predicted["step"] == shown["step"]
    for got, want in zip(predicted["probabilities"], shown["probabilities"], strict=True):
        assert got == pytest.approx(want, abs=0.01)
    surface = answer(4)
    assert len(surface["loss"]) == 21 and all(len(row) == 21 for row in surface["loss"])
    assert surface["current"] == pytest.approx(answer(2)["coefficients"][0][1:], abs=1e-5)
    assert answer(5)["status"] == "queued"
    assert rcs[6] == 28 and "event: frame" in said[6][1], "--max-time ends a stream that showed frames"
    assert answer(7)["status"] == "running", "the stream's end paused it; PATCH resumes"
    assert answer(8)["learning_rate"] == 0.1
    assert answer(9)["status"] == "paused"
    inspected, applied = answer(10), answer(11)
    assert len(inspected["gradients"]) == len(inspected["layer_sizes"]) - 1 and inspected["new_parameters"]
    assert applied["steps_done"] == 1 and applied["step"] == inspected["step"] + 1
    assert answer(12)["steps_done"] == 10
    history = answer(13)
    assert history["step"] == sorted(history["step"]) and history["step"][-1] == applied["step"] + 10
    assert rcs[14] == 0 and said[14][1] == ""
    assert answer(15)["status"] == "queued"
    assert answer(16)["size"] == 14, "a 3x3 filter then 2x2 pooling leaves 14x14"
    assert len(answer(17)["images"]) == 5
