from __future__ import annotations

import jax
from fastapi import APIRouter
from pydantic import BaseModel, Field

from server.deps import CallerDep, Manager
from server.schemas.learners import LearnerInfo

router = APIRouter(prefix="/api", tags=["health"])


class Health(BaseModel):
    status: str
    live_runs: int
    total_runs: int
    max_live_runs: int
    idle_ttl_s: float = Field(
        description="Paused runs nobody watches are deleted after this long; the page ends its own paused run then too."
    )
    jax_version: str
    device: str
    learner: LearnerInfo | None = Field(
        None, description="In a class, the learner asking (the page asks them for a name while `named` is false)."
    )


@router.get("/health")
def health(manager: Manager, caller: CallerDep) -> Health:
    """The counts are of the runs this caller sees: a learner's own, never the class's (server/callers.py)."""
    runs = [run for run in manager.all() if caller.sees(run.owner)]
    return Health(
        status="ok",
        live_runs=sum(run.is_live for run in runs),
        total_runs=len(runs),
        max_live_runs=manager.max_live_runs,
        idle_ttl_s=manager.idle_ttl_s,
        jax_version=jax.__version__,
        device=str(jax.devices()[0]),
        learner=LearnerInfo(id=caller.learner.id, name=caller.learner.name, named=caller.learner.named)
        if caller.learner
        else None,
    )
