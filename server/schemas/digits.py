"""Digits endpoints: browse MNIST samples and apply a convolution kernel to one digit (lesson No.6)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from server.schemas.config import Strict
from server.schemas.runs import Image784

MAX_SAMPLES = 100
KernelValue = Annotated[float, Field(ge=-100.0, le=100.0)]
KernelRow = Annotated[list[KernelValue], Field(min_length=1, max_length=7)]


class DigitSamples(BaseModel):
    split: Literal["train", "test"]
    total: int = Field(description="Images in this split.")
    offset: int
    labels: list[int]
    images: list[list[float]] = Field(description="Row-major 28×28 pixels in [0, 1], 3 decimals.")
    source: str


class ConvolveRequest(Strict):
    image: Image784 | None = Field(None, description="A 28×28 image, row-major, values in [0, 1].")
    index: int | None = Field(None, ge=0, le=69_999, description="Or: a test-split digit by index.")
    kernel: Annotated[
        list[Annotated[list[KernelValue], Field(min_length=1, max_length=7)]], Field(min_length=1, max_length=7)
    ] = Field(description="A square k×k kernel, 1 ≤ k ≤ 7 (cross-correlation, like TensorFlow's conv2d).")
    relu: bool = False
    pool: bool = Field(False, description="Follow with a 2×2 max-pool (28 → 14).")

    @model_validator(mode="after")
    def _check(self) -> ConvolveRequest:
        if (self.image is None) == (self.index is None):
            raise ValueError("send exactly one of `image` or `index`")
        if any(len(row) != len(self.kernel) for row in self.kernel):
            raise ValueError("kernel must be square (k rows of k numbers)")
        return self


class ConvolveResponse(BaseModel):
    size: int = Field(description="The output is size×size.")
    output: list[list[float]]
    minimum: float
    maximum: float
    image: list[list[float]] = Field(description="The input image (useful with `index`).")
    label: int | None = Field(None, description="The digit's label when `index` was used.")


class KernelPresets(BaseModel):
    presets: dict[str, list[list[float]]]
