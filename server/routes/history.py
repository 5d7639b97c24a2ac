"""A run's metric history: the curves of a run to lay beside another's."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from server.deps import CallerDep, Manager
from server.schemas.inspect import HistoryResponse
from server.schemas.runs import ERROR_RESPONSES

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)


@router.get("/{run_id}/history")
def history(run_id: str, manager: Manager, caller: CallerDep) -> HistoryResponse:
    """Every frame's step and metrics so far, thinned evenly to at most `max_points` per series, in step order.
    A run deleted lately still answers (a page asks for its old run's curves while it deletes that run)."""
    run = manager.get(run_id)
    owner, recorded = (run.owner, run.history) if run is not None else manager.deleted_history(run_id) or (None, None)
    if recorded is None or not caller.sees(owner):  # another learner's run: the 404 of an unknown id (deps.py)
        raise HTTPException(status_code=404, detail=f"no run with id {run_id!r}")
    return HistoryResponse(**recorded.columns())
