"""create_app: wires settings, the run manager, the API routers and the static page."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator

import jax
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from server import docs
from server.callers import keyring_for
from server.errors import install_error_handlers
from server.labs import build_lab
from server.openapi_document import serve_openapi_31
from server.routes import (
    class_view,
    datasets,
    digits,
    digits_runs,
    export,
    health,
    history,
    inspect,
    learners,
    lessons,
    limits,
    prepare,
    runs,
    uploads,
)
from server.runs import RunManager
from server.security import BodySizeLimit, JoinLink, SecurityHeaders, TokenGate
from server.settings import Settings
from server.warmup import Warmer

ROUTED = (
    health,
    datasets,
    limits,
    runs,
    inspect,
    digits_runs,
    history,
    export,
    digits,
    uploads,
    lessons,
    prepare,
    learners,
    class_view,
)


def _enable_compilation_cache(directory: str | None) -> None:
    """Reuse compiled XLA programs across processes: a fresh server's first frame comes sooner."""
    if not directory:
        return
    jax.config.update("jax_compilation_cache_dir", directory)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.05)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)


async def _sweep_forever(manager: RunManager, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        await asyncio.to_thread(manager.sweep)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    _enable_compilation_cache(settings.compilation_cache_dir)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        lab_factory = functools.partial(build_lab, mnist_dir=settings.mnist_dir)
        manager = RunManager(
            settings.max_live_runs,
            settings.finished_ttl_s,
            lab_factory,
            settings.idle_ttl_s,
            max_live_runs_per_owner=settings.max_live_runs_per_learner,
        )
        app.state.runs = manager
        app.state.warmer = Warmer(lab_factory)
        app.state.settings = settings
        sweeper = asyncio.create_task(_sweep_forever(manager, settings.sweep_interval_s))
        try:
            yield
        finally:
            sweeper.cancel()
            await asyncio.to_thread(manager.shutdown)

    app = FastAPI(
        title="Boundary Lab",
        version="0.1.0",
        description="Train small JAX models on request and watch them learn: decision regions, loss curves, "
        "probabilities and filters streamed as Server-Sent Events.",
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN with inline script: server/docs.py serves /docs instead
        redoc_url=None,
    )
    install_error_handlers(app)
    serve_openapi_31(app)
    for module in ROUTED:
        app.include_router(module.router)
    if docs.swagger_ui_vendored(settings.web_dir):
        app.include_router(docs.router)
    if settings.web_dir.is_dir():
        app.mount("/", StaticFiles(directory=settings.web_dir, html=True), name="web")
    keyring = keyring_for(settings.token, settings.classroom, settings.join_code, settings.max_learners)
    app.state.learners = keyring.learners
    app.add_middleware(TokenGate, keyring=keyring)
    if settings.classroom:
        app.add_middleware(JoinLink, classroom=keyring)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["authorization", "content-type", "x-boundary-token"],
        )
    app.add_middleware(SecurityHeaders)
    return app
