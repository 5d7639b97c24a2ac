"""Dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from server.runs import Run, RunManager


def get_manager(request: Request) -> RunManager:
    return request.app.state.runs


Manager = Annotated[RunManager, Depends(get_manager)]


def get_run(run_id: str, manager: Manager) -> Run:
    run = manager.get(run_id)
    if run is None:
        raise HTTPException(status_code=404, detail=f"no run with id {run_id!r}")
    return run


RunDep = Annotated[Run, Depends(get_run)]
