"""Looking inside a run's optimizer: the next update in numbers, and the loss surface over two weights."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError

from models.lab import InvalidArgument, NotOffered
from server.deps import RunDep
from server.runs import RunConflict
from server.schemas.bounds import limits
from server.schemas.inspect import WEIGHT_NAMES, InspectRequest, InspectResponse, SurfaceResponse
from server.schemas.runs import ERROR_RESPONSES

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)


def _invalid(exc: InvalidArgument, where: str, value) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": (where, exc.field), "msg": str(exc), "input": value}])


@router.post("/{run_id}/inspect")
def inspect_next_step(run: RunDep, request: Annotated[InspectRequest | None, Body()] = None) -> InspectResponse:
    """The next update of a paused run in numbers, without making it: its minibatch, one example's forward pass,
    the gradient of every weight and bias, the optimizer's update and the new values. `POST /step {"steps": 1}`
    then applies exactly this update. 2D runs only."""
    example = (request or InspectRequest()).example
    try:
        return InspectResponse(**run.inspect_next_step(example))
    except (RunConflict, NotOffered) as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except InvalidArgument as exc:
        raise _invalid(exc, "body", example) from exc


@router.get("/{run_id}/surface")
def loss_surface(
    run: RunDep,
    x: Annotated[
        str | None,
        Query(max_length=16, description=f"The horizontal axis's weight (default w1 or w1_0). {WEIGHT_NAMES}"),
    ] = None,
    y: Annotated[
        str | None, Query(max_length=16, description="The vertical axis's weight (default w2 or w2_0).")
    ] = None,
    resolution: Annotated[int, Query(**limits("surface_resolution"), description="Grid points per axis.")] = 31,
) -> SurfaceResponse:
    """The training loss over a grid of two weights of a logistic or softmax run, the others held at their current
    values; from one snapshot of the weights, so it may be asked of a running run."""
    if run.lab is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "the run is still starting; retry in a moment")
    try:
        return SurfaceResponse(**run.lab.loss_surface(x, y, resolution))
    except NotOffered as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except InvalidArgument as exc:
        raise _invalid(exc, "query", {"x": x, "y": y}[exc.field]) from exc
