"""`boundary-lab run CONFIG.json | --lesson ID|N`: train one run through the API with a progress bar.

It is an API client (boundary_lab), so it trains exactly what the page and notebooks train; without `--url` it serves
the lab in this process on a free loopback port first. Exit codes: 0 done, 1 diverged/failed/stopped, 2 the request
was refused (a bad field, named on stderr) or the config file could not be read.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import boundary_lab
from server.settings import Settings

EXIT_DONE, EXIT_RUN_FAILED, EXIT_REFUSED = 0, 1, 2


def add_parser(sub) -> None:
    run = sub.add_parser("run", help="train one run (a JSON config or a lesson) and print its final metrics")
    run.add_argument("config", nargs="?", help="a JSON file with the body of POST /api/runs")
    run.add_argument(
        "--lesson",
        help="a lesson's preset instead, by id (plane.logistic; GET /api/lessons) or by the course's number (1, No.8) "
        "where only one lesson has it",
    )
    run.add_argument("--max-steps", type=int, default=None, help="override max_steps (lesson presets are long)")
    run.add_argument("--url", default=None, help="a running lab (default: serve one in this process)")
    run.add_argument("--token", default=None, help="the lab's token, sent as a Bearer header")
    run.add_argument("--json", action="store_true", help="print the final run as JSON on stdout, no progress bar")


@contextlib.contextmanager
def in_process_lab() -> Iterator[str]:
    """The lab on a free loopback port in a background thread, until the block ends."""
    from server.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(port=port)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="lab-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the in-process lab did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def lesson_id(lessons: dict[str, dict], wanted: str) -> str:
    """An id as given, or the one lesson the course numbers so (No.2 is both the plane's and the digits' softmax)."""
    if wanted in lessons:
        return wanted
    numbered = [id_ for id_, lesson in lessons.items() if lesson["number"] == wanted.removeprefix("No.")]
    if len(numbered) == 1:
        return numbered[0]
    if numbered:
        raise KeyError(f"lesson number {wanted} is {' and '.join(numbered)}: give the id")
    raise KeyError(f"no lesson {wanted!r}; the lab has {', '.join(lessons)}")


def _body(lab: boundary_lab.Lab, args: argparse.Namespace) -> dict:
    if args.lesson:
        body = lab.lesson_config(lesson_id(lab.lessons(), args.lesson))
    else:
        body = json.loads(Path(args.config).read_text())
    if args.max_steps is not None:
        body["max_steps"] = args.max_steps
    return body


def _watch(run: boundary_lab.Run, max_steps: int, console: Console) -> None:
    columns = (TextColumn("step"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[numbers]}"))
    with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("train", total=max_steps, numbers="")
        for frame in run.frames():
            m = frame.metrics
            accuracy = "—" if m.train_accuracy is None else f"{m.train_accuracy:.3f}"
            numbers = f"loss {m.train_loss:.4f}  accuracy {accuracy}" if m.train_loss is not None else ""
            progress.update(task, completed=frame.step, numbers=numbers)


def _train(url: str, args: argparse.Namespace, console: Console) -> int:
    with boundary_lab.connect(url, token=args.token) as lab:
        run = lab.train(**_body(lab, args))
        with run:
            if args.json:
                info = run.wait()
            else:
                _watch(run, run.config["max_steps"], console)
                info = run.info()
    final = {"id": info.id, "status": info.status, "step": info.step, "message": info.message}
    final |= {"metrics": info.metrics.__dict__, "config": info.config}
    if args.json:
        print(json.dumps(final))
    else:
        metrics = ", ".join(f"{k} {v:.4f}" for k, v in info.metrics.__dict__.items() if v is not None)
        console.print(f"{info.status} at step {info.step}: {metrics}" + (f" ({info.message})" if info.message else ""))
    return EXIT_DONE if info.status == "done" else EXIT_RUN_FAILED


def main(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    if bool(args.config) == bool(args.lesson):
        console.print("give a CONFIG.json or --lesson ID|N (one of them)")
        return EXIT_REFUSED
    try:
        with contextlib.ExitStack() as stack:
            url = args.url or stack.enter_context(in_process_lab())
            return _train(url, args, console)
    except boundary_lab.FieldError as refused:
        console.print(f"refused: {refused}", markup=False)
    except (OSError, ValueError, KeyError, boundary_lab.LabError) as problem:
        console.print(f"error: {problem}", markup=False)
    return EXIT_REFUSED
