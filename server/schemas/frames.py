"""The payloads of the event stream. Arrays travel as base64 of uint8 so a 100×100 frame stays a few KB."""

from __future__ import annotations

from pydantic import BaseModel, Field

from server.schemas.points import Extent
from server.schemas.runs import Metrics, RunStatus


class GridPayload(BaseModel):
    resolution: int
    extent: Extent
    classes: int
    probs: str = Field(
        description="base64 of uint8 round(255·p), shape (N, N, K), row 0 = largest y, class index fastest."
    )


class UnitsPayload(BaseModel):
    resolution: int = Field(description="Each unit map is R×R over the same extent as the grid.")
    layers: list[int] = Field(description="Units per hidden layer; maps are in this order.")
    maps: str = Field(description="base64 of uint8 round(127.5·(a/scale + 1)), shape (units, R, R).")
    scales: list[float] = Field(description="Per unit: max |activation| over the map.")


class ImageStack(BaseModel):
    """Signed or non-negative images packed as bytes: see `encoding`."""

    shape: list[int] = Field(description="Array shape, e.g. [10, 28, 28] or [16, 8, 5, 5].")
    encoding: str = Field(
        description="'signed': value = (byte/127.5 − 1)·scale; 'unsigned': value = byte/255·scale (per image)."
    )
    scales: list[float] = Field(description="One scale per leading index (per image/filter).")
    data: str = Field(description="base64 of the uint8 bytes, C order.")


class DigitProbe(BaseModel):
    index: int = Field(description="Test image shown (the one probed before, while `own`).")
    label: int
    probabilities: list[float]
    own: bool = Field(
        False, description="The probabilities and feature maps are of an image of your own (PATCH probe_image)."
    )


class Misclassified(BaseModel):
    index: int
    label: int
    predicted: int
    probability: float


class DigitsPayload(BaseModel):
    weights: ImageStack | None = Field(None, description="Dense models: first-layer weights as 28×28 templates.")
    filters: dict[str, ImageStack] = Field(
        {}, description="CNN kernels: conv1 (F1,k,k), conv2 (F2,F1,k,k) when it has a second stage."
    )
    feature_maps: dict[str, ImageStack] = Field({}, description="CNN: conv1, pool1[, conv2, pool2] of the probe.")
    probe: DigitProbe
    confusion: list[list[int]] | None = Field(None, description="Test split, rows = true digit (when refreshed).")
    misclassified: list[Misclassified] | None = None


class Frame(Metrics):
    run_id: str
    status: RunStatus
    step: int
    epoch: float
    learning_rate: float
    steps_per_second: float
    grid: GridPayload | None = None
    units: UnitsPayload | None = None
    coefficients: list[list[float]] | None = Field(None, description="Linear models: live [w0, w1, …] rows.")
    digits: DigitsPayload | None = None


class EndEvent(Metrics):
    """The last event of a stream: `done` (finished or stopped) or `error` (diverged or failed)."""

    run_id: str
    status: RunStatus
    step: int
    message: str | None = None
