"""The payloads of the event stream. Arrays travel as base64 of uint8 so a 100×100 frame stays a few KB."""

from __future__ import annotations

from pydantic import BaseModel, Field

from server.schemas.runs import Metrics, RunStatus


class GridPayload(BaseModel):
    resolution: int
    extent: tuple[float, float, float, float] = Field(description="xmin, xmax, ymin, ymax of the plane shown.")
    classes: int
    probs: str = Field(
        description="base64 of uint8 round(255·p), shape (N, N, K), row 0 = largest y, class index fastest."
    )


class UnitsPayload(BaseModel):
    resolution: int = Field(description="Each unit map is R×R over the same extent as the grid.")
    layers: list[int] = Field(description="Units per hidden layer; maps are in this order.")
    maps: str = Field(description="base64 of uint8 round(127.5·(a/scale + 1)), shape (units, R, R).")
    scales: list[float] = Field(description="Per unit: max |activation| over the map.")


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


class EndEvent(Metrics):
    """The last event of a stream: `done` (finished or stopped) or `error` (diverged or failed)."""

    run_id: str
    status: RunStatus
    step: int
    message: str | None = None
