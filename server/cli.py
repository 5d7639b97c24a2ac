"""`boundary-lab serve`: run the lab with uvicorn."""

from __future__ import annotations

import argparse

import uvicorn

from server.app import create_app
from server.settings import Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="boundary-lab", description="Watch a model learn.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the lab and its API")
    serve.add_argument("--host", default=None, help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8000)")
    serve.add_argument("--max-live-runs", type=int, default=None)
    serve.add_argument("--mnist-dir", default=None, help="folder with the four MNIST IDX files (full MNIST)")
    args = parser.parse_args(argv)

    overrides = {
        "host": args.host,
        "port": args.port,
        "max_live_runs": args.max_live_runs,
        "mnist_dir": args.mnist_dir,
    }
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    app = create_app(settings)
    print(f"Boundary Lab on http://{settings.host}:{settings.port}/  (API docs: /docs)", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, timeout_graceful_shutdown=3, log_level="warning")


if __name__ == "__main__":
    main()
