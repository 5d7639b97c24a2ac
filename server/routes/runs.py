"""The run resource: create, inspect, steer, stream, query and delete training runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterable
from typing import Annotated

import numpy as np
from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.sse import EventSourceResponse, ServerSentEvent

from models.lab import NotOffered
from server.deps import CallerDep, Manager, RunDep
from server.runs import RunConflict, RunLimitReached
from server.schemas.bounds import limits
from server.schemas.config import RunConfig, cross_field_errors
from server.schemas.points import PointsResponse
from server.schemas.runs import (
    ERROR_RESPONSES,
    TERMINAL_STATUSES,
    ErrorBody,
    ParamsResponse,
    PredictRequest,
    PredictResponse,
    RunInfo,
    RunList,
    RunPatch,
    StepRequest,
    StepResult,
)

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        429: {
            "model": ErrorBody,
            "description": "Too many live runs (on the server, or of this learner in a class); retry after "
            "`Retry-After` s.",
        }
    },
)
def create_run(
    config: RunConfig,
    manager: Manager,
    caller: CallerDep,
    response: Response,
    paused: Annotated[bool, Query(description="Create paused: subscribe first, then PATCH paused=false.")] = False,
) -> RunInfo:
    """Start training at once (or paused); watch it on `/api/runs/{id}/events`."""
    errors = cross_field_errors(config)
    if errors:
        raise RequestValidationError(errors)
    try:
        run = manager.create(config, paused=paused, owner=caller.owner)
    except RunLimitReached as exc:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(exc), headers={"Retry-After": "5"}) from exc
    response.headers["Location"] = f"/api/runs/{run.id}"
    return run.info()


@router.get("")
def list_runs(manager: Manager, caller: CallerDep) -> RunList:
    """Every run this caller may see: in a class a learner's own, the teacher's token all of them."""
    return RunList(runs=[run.info() for run in manager.all() if caller.sees(run.owner)])


@router.get("/{run_id}")
async def get_run(
    run: RunDep,
    wait: Annotated[bool, Query(description="Block until the run ends (or `timeout` passes).")] = False,
    timeout: Annotated[float, Query(**limits("wait_seconds"), description="Seconds to wait at most.")] = 60.0,
) -> RunInfo:
    """The run's status and latest metrics; with `wait=true`, a script can wait for the end without SSE."""
    if wait:
        deadline = time.monotonic() + timeout
        while run.status not in TERMINAL_STATUSES and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    return run.info()


@router.patch("/{run_id}")
def patch_run(run: RunDep, patch: RunPatch) -> RunInfo:
    """Change the learning rate (no restart, weights kept), pause or resume; digits runs: the probed image."""
    if patch.learning_rate is not None:
        run.set_learning_rate(patch.learning_rate)
    if patch.probe_index is not None:
        try:
            run.set_probe_index(patch.probe_index)
        except RunConflict as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
        except ValueError as exc:
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("body", "probe_index"), "msg": str(exc), "input": patch.probe_index}]
            ) from exc
    if patch.probe_image is not None:
        try:
            run.set_probe_image(patch.probe_image)
        except RunConflict as exc:
            raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    if patch.paused is not None:
        run.set_paused(patch.paused)
    return run.info()


@router.post("/{run_id}/step")
def step_run(run: RunDep, request: StepRequest) -> StepResult:
    """Train `steps` more updates on a paused run (time-limited: see `steps`), then publish one frame."""
    try:
        steps_done = run.train_exact(request.steps)
    except RunConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return StepResult(**dict(run.info()), steps_done=steps_done)


@router.delete("/{run_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_run(run: RunDep, manager: Manager) -> Response:
    """Stop and forget the run: its stream gets its end event; the worker ends after its current chunk (the answer
    waits for that only when every run slot is taken)."""
    if not manager.delete(run.id, wait=None):  # a concurrent DELETE forgot it first
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no run with id {run.id!r}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _ready_lab(run):
    if run.lab is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "the run is still starting; retry in a moment")
    return run.lab


@router.post("/{run_id}/predict")
def predict(run: RunDep, request: PredictRequest) -> PredictResponse:
    """Class probabilities from the run's current weights."""
    lab = _ready_lab(run)
    (field, inputs), *_ = request.model_dump(exclude_none=True).items()  # exactly one: the schema checks it
    if field != lab.inputs:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("body", field), "msg": f"this run does not take {field}", "input": None}]
        )
    step = lab.step
    probs = lab.predict(np.asarray(inputs))
    return PredictResponse(
        probabilities=np.round(probs, 6).tolist(), predicted=probs.argmax(axis=1).tolist(), step=step
    )


@router.get("/{run_id}/params")
def params(run: RunDep) -> ParamsResponse:
    """The learned parameters; for linear models also the equation's coefficients."""
    lab = _ready_lab(run)
    return ParamsResponse(step=lab.step, **lab.describe(), **lab.learned_parameters())


@router.get("/{run_id}/points")
def points(run: RunDep) -> PointsResponse:
    """The 2D run's training and test points, to draw on top of the decision region."""
    try:
        return PointsResponse.of(_ready_lab(run).data_points())
    except NotOffered as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


JSON_404 = {
    404: {
        "description": "No run with that id.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }
}


@router.get("/{run_id}/events", response_class=EventSourceResponse, responses=JSON_404)
async def events(run: RunDep, request: Request) -> AsyncIterable[ServerSentEvent]:
    """Live frames (`event: frame`, ~30/s, newest wins), then one `done` or `error` event."""
    subscription = run.broadcast.subscribe(asyncio.get_running_loop())
    run.viewer_joined()
    try:
        while True:
            event = await subscription.next()
            yield ServerSentEvent(event=event.name, raw_data=event.data)
            if event.is_last:
                return
    finally:
        run.broadcast.unsubscribe(subscription)
        run.viewer_left()
