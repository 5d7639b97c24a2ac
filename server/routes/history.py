"""A run's metric history: the curves of a run to lay beside another's."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import RunDep
from server.schemas.inspect import HistoryResponse
from server.schemas.runs import ERROR_RESPONSES

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)


@router.get("/{run_id}/history")
def history(run: RunDep) -> HistoryResponse:
    """Every frame's step and metrics so far, thinned evenly to at most `max_points` per series, in step order."""
    return HistoryResponse(**run.history.columns())
