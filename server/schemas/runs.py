"""Run resources as the API shows them: status, metrics, controls, predictions and parameters."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from models.vocabulary import BOUNDS
from server.schemas.bounds import length, limits
from server.schemas.config import MAX_COORDINATE, RunConfig, Strict

RunStatus = Literal["queued", "running", "paused", "done", "diverged", "failed", "stopped"]
TERMINAL_STATUSES = ("done", "diverged", "failed", "stopped")
MAX_PREDICT_POINTS = BOUNDS["predict_points"].high
MAX_PREDICT_IMAGES = BOUNDS["predict_images"].high
MAX_STEP_REQUEST = BOUNDS["step_request"].high
MAX_STEP_SECONDS = 30.0  # one /step call trains at most this long (it holds the run's training lock)


class ErrorBody(BaseModel):
    detail: str = Field(description="What went wrong, in words.")


ERROR_RESPONSES = {
    404: {"model": ErrorBody, "description": "No run with that id (or it was deleted)."},
    409: {"model": ErrorBody, "description": "The run's state does not allow this now."},
    413: {"model": ErrorBody, "description": "Request body over the size limit (2 MB by default)."},
}


class Metrics(BaseModel):
    train_loss: float | None = Field(None, description="Mean cross-entropy −log P / N on the training split.")
    test_loss: float | None = Field(None, description="Null when there is no test split.")
    train_accuracy: float | None = None
    test_accuracy: float | None = None


class RunInfo(BaseModel):
    id: str
    status: RunStatus
    step: int = Field(description="Updates done so far.")
    epoch: float = Field(description="Passes over the training set so far.")
    learning_rate: float
    config: RunConfig
    metrics: Metrics
    message: str | None = Field(None, description="Why a run diverged, failed or stopped.")
    steps_per_second: float = 0.0
    age_seconds: float
    subscribers: int = 0
    owner: str | None = Field(
        None, description="In a class (`serve --class`): the id of the learner who created the run; null otherwise."
    )


class RunList(BaseModel):
    runs: list[RunInfo]


Image784 = Annotated[list[Annotated[float, Field(**limits("pixel_value"))]], Field(**length("image_pixels"))]


class RunPatch(Strict):
    learning_rate: float | None = Field(None, **limits("learning_rate"), description="Takes effect at the next chunk.")
    paused: bool | None = Field(None, description="Pause or resume training; the weights are kept.")
    probe_index: int | None = Field(
        None, **limits("probe_index"), description="Digits runs: which test image to probe."
    )
    probe_image: Image784 | None = Field(
        None,
        description="Digits runs: probe an image of your own instead (flat 784 values, 28×28 row-major, in [0, 1]): "
        "frames then carry its probabilities and feature maps, `probe.own` true, until `probe_index` is set again.",
    )


class StepRequest(Strict):
    steps: int = Field(
        1,
        **limits("step_request"),
        description=f"Updates to make on a paused run. The call trains for at most {MAX_STEP_SECONDS:g} s and stops "
        "early when the run is deleted; `steps_done` in the answer says how many ran.",
    )


class StepResult(RunInfo):
    steps_done: int = Field(
        description="Updates this call made: fewer than asked if it hit the time limit or the run "
        "was deleted (then `status` is `stopped`)."
    )


Point2 = Annotated[
    list[Annotated[float, Field(ge=-MAX_COORDINATE, le=MAX_COORDINATE)]], Field(min_length=2, max_length=2)
]


class PredictRequest(Strict):
    """Exactly one of `points` (2D runs) or `images` (digits runs), never empty: an empty list has no shape."""

    points: list[Point2] | None = Field(
        None,
        **length("predict_points"),
        description="2D runs: [x1, x2] rows. Send this or `images`, not both; a digits run rejects it.",
    )
    images: list[Image784] | None = Field(
        None,
        **length("predict_images"),
        description="Digits runs: flat 784-value (28×28, row-major) images, values in [0, 1]. "
        "Send this or `points`, not both; a 2D run rejects it.",
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> PredictRequest:
        if (self.points is None) == (self.images is None):
            raise ValueError("send exactly one of `points` or `images`")
        return self


class PredictResponse(BaseModel):
    probabilities: list[list[float]] = Field(description="One row per input; each row sums to 1.")
    predicted: list[int] = Field(description="Most probable class per input.")
    step: int = Field(description="Training step of the weights used.")


class LayerParams(BaseModel):
    weights: list = Field(description="Weight array as nested lists (dense: inputs × outputs).")
    bias: list[float]


class ParamsResponse(BaseModel):
    kind: str
    step: int
    features: list[str] = Field(description="Inputs of the first layer, in order.")
    layer_sizes: list[int]
    parameter_count: int
    layers: list[LayerParams]
    coefficients: list[list[float]] | None = Field(
        None, description="Linear models: per output row [w0, w1, w2, …] so that f = w0 + Σ wj·feature_j."
    )
