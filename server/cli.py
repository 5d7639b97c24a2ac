"""`boundary-lab serve`: run the lab with uvicorn, safely exposed."""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import sys
import threading

import uvicorn

from server import cli_run
from server.app import create_app
from server.settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boundary-lab", description="Watch a model learn.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the lab and its API")
    serve.add_argument("--host", default=None, help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--max-live-runs", type=int, default=None, help="runs training or paused at once")
    serve.add_argument("--mnist-dir", default=None, help="folder with the four MNIST IDX files (full MNIST)")
    serve.add_argument(
        "--token",
        default=None,
        help="require this token on /api/* (env BOUNDARY_LAB_TOKEN); with --class it is the teacher's",
    )
    serve.add_argument(
        "--class",
        dest="classroom",
        action="store_true",
        default=None,
        help="teach a class: each learner who opens the class link (/?join=CODE, printed at start) gets their own "
        "identity (an HttpOnly cookie; scripts: POST /api/learners) and sees, changes and deletes only their own "
        "runs; the --token link is the teacher's, which sees and controls all. Both secrets are generated unless "
        "given (env BOUNDARY_LAB_CLASSROOM=1). Without --class the token is one key, shared, that controls every run",
    )
    serve.add_argument(
        "--join-code", default=None, help="with --class: the class link's code (env BOUNDARY_LAB_JOIN_CODE)"
    )
    serve.add_argument(
        "--max-runs-per-learner", type=int, default=None, help="with --class: one learner's live runs (default 2)"
    )
    serve.add_argument("--cors-origin", action="append", default=None, help="allow this origin (repeatable)")
    cli_run.add_parser(sub)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        "host": args.host,
        "port": args.port,
        "max_live_runs": args.max_live_runs,
        "mnist_dir": args.mnist_dir,
        "token": args.token,
        "cors_origins": args.cors_origin,
        "classroom": args.classroom,
        "join_code": args.join_code,
        "max_live_runs_per_learner": args.max_runs_per_learner,
    }
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    if not is_loopback(settings.host) and not settings.token:
        settings = settings.model_copy(update={"token": secrets.token_urlsafe(24)})
    return settings


def banner(settings: Settings) -> str:
    """The start-up line: the lab's address and the API docs' (server/docs.py), each with the token when one is set;
    in a class, a second line with the class link for the learners."""
    base = f"http://{settings.host}:{settings.port}"
    query = f"?token={settings.token}" if settings.token else ""
    line = f"Boundary Lab on {base}/{query}  (API docs: {base}/docs{query})"
    if not settings.classroom:
        return line
    return (
        f"{line}\n  that link is the teacher's: it sees and controls every run; keep it to yourself."
        f"\n  Class link for the learners: {base}/?join={settings.join_code}"
    )


class StreamEndingServer(uvicorn.Server):
    """On Ctrl-C/SIGTERM, first end every run, so each event stream sends its end event and closes within a chunk.

    Plain uvicorn waits out its graceful timeout (3 s) for the open streams and then cuts them mid-stream."""

    def handle_exit(self, sig, frame) -> None:
        manager = getattr(self.config.app.state, "runs", None)  # absent until the app has started
        if manager is not None:  # a thread: a signal handler must not block on the runs' locks
            threading.Thread(target=manager.stop_all, name="stop-runs", daemon=True).start()
        super().handle_exit(sig, frame)


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        sys.exit(cli_run.main(args))
    settings = settings_from_args(args)
    # Training threads hold the GIL between XLA calls; a shorter switch interval keeps the event loop (health,
    # SSE fan-out) responsive while several runs train.
    sys.setswitchinterval(0.001)
    app = create_app(settings)
    if not is_loopback(settings.host):
        print(
            f"WARNING: binding {settings.host} exposes the lab beyond this machine; the API requires a token.",
            file=sys.stderr,
            flush=True,
        )
    print(banner(settings), flush=True)
    config = uvicorn.Config(
        app, host=settings.host, port=settings.port, timeout_graceful_shutdown=3, log_level="warning"
    )
    StreamEndingServer(config).run()


if __name__ == "__main__":
    main()
