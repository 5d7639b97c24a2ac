"""Dependency aliases shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from server.callers import Caller
from server.learners import LearnerRegistry
from server.runs import Run, RunManager
from server.security import CALLER_KEY


def get_manager(request: Request) -> RunManager:
    return request.app.state.runs


Manager = Annotated[RunManager, Depends(get_manager)]


def get_caller(request: Request) -> Caller:
    """Who is asking, as TokenGate found them (server/callers.py)."""
    return request.scope[CALLER_KEY]


CallerDep = Annotated[Caller, Depends(get_caller)]


def get_run(run_id: str, manager: Manager, caller: CallerDep) -> Run:
    """The run, if this caller may see it. Another learner's run answers the same 404 as an id that never existed,
    so no route reveals that a guessed id belongs to someone: every route with a `run_id` goes through here."""
    run = manager.get(run_id)
    if run is None or not caller.sees(run.owner):
        raise HTTPException(status_code=404, detail=f"no run with id {run_id!r}")
    return run


RunDep = Annotated[Run, Depends(get_run)]


def get_learners(request: Request) -> LearnerRegistry:
    """The class's learners; a server without a class has none, and its learner routes answer 404."""
    learners = request.app.state.learners
    if learners is None:
        raise HTTPException(
            status_code=404, detail="this server has no class: start it with boundary-lab serve --class"
        )
    return learners


Learners = Annotated[LearnerRegistry, Depends(get_learners)]
