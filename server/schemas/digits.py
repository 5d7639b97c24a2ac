"""Digits endpoints: browse MNIST samples and apply a convolution kernel to one digit (lesson No.6)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from models.vocabulary import BOUNDS
from server.schemas.bounds import length, limits
from server.schemas.config import Strict
from server.schemas.runs import Image784

KernelValue = Annotated[float, Field(**limits("kernel_value"))]
KernelRow = Annotated[list[KernelValue], Field(**length("convolve_kernel_size"))]
KERNEL_SIZE, KERNEL_VALUE = BOUNDS["convolve_kernel_size"], BOUNDS["kernel_value"]


class DigitSamples(BaseModel):
    split: Literal["train", "test"]
    total: int = Field(description="Images in this split.")
    offset: int
    labels: list[int]
    images: list[list[float]] = Field(description="Row-major 28×28 pixels in [0, 1], 3 decimals.")
    source: str


class ConvolveRequest(Strict):
    """Send exactly one of `image` or `index`, and a square kernel. JSON Schema cannot state these two rules, so
    the field descriptions do, and breaking one answers 422 naming the field."""

    image: Image784 | None = Field(
        None, description="A flat 784-value (28×28, row-major) image, values in [0, 1]. Send this or `index`."
    )
    index: int | None = Field(
        None,
        **limits("digit_index"),
        description="Or: a test-split digit by index; it must also be < the test split's size (`total` from "
        "`GET /api/digits/samples?split=test`: 2,000 bundled, 10,000 with full MNIST). Send this or `image`.",
    )
    kernel: Annotated[list[KernelRow], Field(**length("convolve_kernel_size"))] = Field(
        description=f"A square k×k kernel, {KERNEL_SIZE.low:g} ≤ k ≤ {KERNEL_SIZE.high:g}: k rows of exactly k "
        f"numbers each (every row as long as the number of rows), values in [{KERNEL_VALUE.low:g}, "
        f"{KERNEL_VALUE.high:g}]. Cross-correlation, like TensorFlow's conv2d."
    )
    relu: bool = False
    pool: bool = Field(False, description="Follow with a 2×2 max-pool (28 → 14).")

    @field_validator("kernel")
    @classmethod
    def _kernel_is_square(cls, kernel: list[list[float]]) -> list[list[float]]:
        for i, row in enumerate(kernel):
            if len(row) != len(kernel):
                raise ValueError(f"kernel must be square: row {i} has {len(row)} numbers, expected {len(kernel)}")
        return kernel

    @model_validator(mode="after")
    def _exactly_one_input(self) -> ConvolveRequest:
        if (self.image is None) == (self.index is None):
            raise ValueError("send exactly one of `image` or `index`")
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
