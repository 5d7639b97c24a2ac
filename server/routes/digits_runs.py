"""A digits run's model questioned: the digits of a confusion cell, robustness to distortions, abstention, and a
2D map of each layer (models/digits_probes.py). 2D runs answer 409."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError

from models.lab import InvalidArgument, Lab, NotOffered
from server.deps import RunDep
from server.schemas.bounds import limits
from server.schemas.digits_runs import (
    ConfidenceResponse,
    EmbeddingResponse,
    ExamplesResponse,
    RobustnessRequest,
    RobustnessResponse,
)
from server.schemas.runs import ERROR_RESPONSES

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)


def _ask(run, where: str, question):
    """The answer of `question(lab)`, its refusals as HTTP errors: NotOffered 409, InvalidArgument 422 naming the
    request field (`where`: "query" or "body")."""
    lab: Lab | None = run.lab
    if lab is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "the run is still starting; retry in a moment")
    try:
        return question(lab)
    except NotOffered as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    except InvalidArgument as exc:
        error = {"type": "value_error", "loc": (where, exc.field), "msg": str(exc), "input": None}
        raise RequestValidationError([error]) from exc


@router.get("/{run_id}/examples")
def confusion_examples(
    run: RunDep,
    true: Annotated[int, Query(**limits("digit_class"), description="The cell's row: the digits' true label.")],
    predicted: Annotated[int, Query(**limits("digit_class"), description="The cell's column: the model's answer.")],
    offset: Annotated[int, Query(**limits("sample_offset"), description="Skip this many of the cell's digits.")] = 0,
    limit: Annotated[int, Query(**limits("sample_limit"), description="Digits in this page at most.")] = 20,
) -> ExamplesResponse:
    """The test digits in one cell of the confusion matrix (true `true`, predicted `predicted`), with their
    probabilities and pixels, from the latest full test report; the diagonal's least confident first, a mistake
    cell's most confident first. `total` is the cell's count."""
    return ExamplesResponse(**_ask(run, "query", lambda lab: lab.confusion_examples(true, predicted, offset, limit)))


@router.post("/{run_id}/robustness")
def robustness(run: RunDep, request: Annotated[RobustnessRequest, Body()]) -> RobustnessResponse:
    """Test accuracy of the current weights with the whole test split shifted, rotated, noised or its strokes made
    thinner or thicker, at up to 8 strengths, and one digit (`index`) as distorted at each. Shift averages four
    directions and rotation two; strength 0 is the plain test accuracy exactly."""
    answer = _ask(run, "body", lambda lab: lab.robustness(request.distortion, request.strengths, request.index))
    return RobustnessResponse(**answer)


@router.get("/{run_id}/confidence")
def confidence(run: RunDep) -> ConfidenceResponse:
    """The abstention curve from the latest full test report: at each threshold t the model answers only digits it
    gives p(predicted) ≥ t; coverage is the share it answers, accuracy the share of those it gets right."""
    return ConfidenceResponse(**_ask(run, "query", lambda lab: lab.abstention()))


@router.get("/{run_id}/embedding")
def embedding(
    run: RunDep,
    layer: Annotated[
        str,
        Query(
            max_length=16,
            description="input; hidden1, hidden2, … (mlp); pool1, pool2, dense (CNN); output. The answer's `layers` "
            "lists this model's, and an unknown one answers 422 listing them.",
        ),
    ] = "input",
    limit: Annotated[
        int, Query(**limits("embedding_limit"), description="Map the first this many test digits.")
    ] = 1000,
) -> EmbeddingResponse:
    """The first `limit` test digits as one layer represents them, on that representation's top two principal axes
    (PCA computed in JAX), with labels and predictions: watch the classes separate layer by layer."""
    return EmbeddingResponse(**_ask(run, "query", lambda lab: lab.embedding(layer, limit)))
