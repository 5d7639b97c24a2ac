from __future__ import annotations

import jax
from fastapi import APIRouter
from pydantic import BaseModel, Field

from server.deps import CallerDep, Manager

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
    )
