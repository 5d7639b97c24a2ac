"""What a digits run answers about its model: confusion-cell examples, robustness, abstention and the embedding
(models/digits_probes.py says how each number is computed)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from models.digits_probes import ABSTENTION_THRESHOLDS
from models.distortions import DISTORTION_NAMES, VARIANTS
from models.vocabulary import BOUNDS
from server.schemas.bounds import length, limits
from server.schemas.config import Strict

PIXELS = "784 values in [0, 1], row-major 28×28, 3 decimals."


class CellExample(BaseModel):
    index: int = Field(description="The digit's position in the test split (PATCH probe_index to probe it).")
    label: int = Field(description="Its true digit.")
    predicted: int = Field(description="The model's most probable digit.")
    probability: float = Field(description="p(predicted) — how sure the model was.")
    probabilities: list[float] = Field(description="p(digit k) for k = 0…9, 5 decimals.")
    pixels: list[float] = Field(description=PIXELS)


class ExamplesResponse(BaseModel):
    """The test digits of one confusion-matrix cell, a page at a time, from the latest full test report (the one
    behind the frames' confusion matrix: re-evaluated every few seconds while training, and for the final frame)."""

    step: int = Field(description="The training step of the weights the report was computed with.")
    true: int
    predicted: int
    total: int = Field(description="Digits in this cell: the confusion matrix's count, for paging.")
    offset: int
    examples: list[CellExample] = Field(
        description="On the diagonal the least confident correct answers first (lowest p(predicted)); off it the "
        "most confident mistakes first (highest p(predicted)); ties in test-split order."
    )


def _strengths(bound: str, unit: str) -> object:
    low, high = BOUNDS[bound].low, BOUNDS[bound].high
    count = BOUNDS["robustness_strengths"]
    return Field(
        **length("robustness_strengths"),
        description=f"{count.low:g}–{count.high:g} strengths, each {low:g}–{high:g} {unit}; 0 is the undistorted "
        "test split, whose accuracy is the plain test accuracy.",
    )


class RobustnessBase(Strict):
    index: int = Field(
        0,
        **limits("probe_index"),
        description="The test digit the previews show; it must be < the test split's size (2,000 bundled).",
    )


class ShiftRobustness(RobustnessBase):
    distortion: Literal["shift"]
    strengths: list[Annotated[float, Field(**limits("shift_pixels"))]] = _strengths(
        "shift_pixels", f"pixels (fractions interpolate bilinearly), averaged over {VARIANTS['shift']} directions"
    )


class RotationRobustness(RobustnessBase):
    distortion: Literal["rotation"]
    strengths: list[Annotated[float, Field(**limits("rotation_degrees"))]] = _strengths(
        "rotation_degrees", "degrees about the centre, bilinear, anticlockwise and clockwise averaged"
    )


class NoiseRobustness(RobustnessBase):
    distortion: Literal["noise"]
    strengths: list[Annotated[float, Field(**limits("noise_sigma"))]] = _strengths(
        "noise_sigma", "σ of Gaussian noise added (one fixed draw), clipped to [0, 1]"
    )


class ThicknessRobustness(RobustnessBase):
    distortion: Literal["thickness"]
    strengths: list[Annotated[int, Field(**limits("thickness_steps"))]] = _strengths(
        "thickness_steps", "whole steps: negative erodes (thinner strokes), positive dilates (thicker)"
    )


RobustnessRequest = Annotated[
    ShiftRobustness | RotationRobustness | NoiseRobustness | ThicknessRobustness, Field(discriminator="distortion")
]


class RobustnessResponse(BaseModel):
    """Test accuracy of the run's current weights on the distorted test split, from one snapshot of the weights (it
    may be asked of a running run)."""

    step: int = Field(description="The training step of the weights used.")
    test_accuracy: float = Field(description="Accuracy on the undistorted test split (strength 0).")
    distortion: Literal[DISTORTION_NAMES]
    strengths: list[float]
    accuracy: list[float] = Field(description="One per strength, in the request's order.")
    directions: int = Field(description="How many directions each accuracy averages (shift 4, rotation 2).")
    index: int = Field(description="The previewed test digit.")
    label: int
    previews: list[list[float]] = Field(description=f"The digit at each strength (its first direction): {PIXELS}")


class AbstentionPoint(BaseModel):
    threshold: float = Field(description="The model answers when p(predicted) ≥ threshold, else says “I don't know”.")
    coverage: float = Field(description="Share of the test digits it answers.")
    answered: int
    accuracy: float | None = Field(description="Accuracy among the answered; null when it answers none.")


class ConfidenceResponse(BaseModel):
    """The abstention curve over a fixed grid of thresholds (0, 0.05, …, 0.95, 0.99), from the latest full test
    report (the one behind the frames' confusion matrix)."""

    step: int = Field(description="The training step of the weights the report was computed with.")
    test_accuracy: float = Field(description="The report's accuracy: the curve's accuracy at threshold 0.")
    total: int = Field(description="Test digits.")
    points: list[AbstentionPoint] = Field(
        min_length=len(ABSTENTION_THRESHOLDS),
        max_length=len(ABSTENTION_THRESHOLDS),
        description="In increasing threshold; coverage never increases.",
    )


class EmbeddingResponse(BaseModel):
    """The first test digits on the top two principal axes of one layer's representation (PCA in JAX), from one
    snapshot of the weights (it may be asked of a running run)."""

    step: int
    layer: str
    layers: list[str] = Field(
        description="The layers this model offers, input first: input, then hidden1… (mlp), pool1, pool2, dense "
        "(CNN), then output (the scores before softmax)."
    )
    dimensions: int = Field(description="Values per digit at this layer.")
    count: int = Field(description="Digits mapped.")
    points: list[Annotated[list[float], Field(min_length=2, max_length=2)]] = Field(
        description="[x, y] per digit, in test-split order: its coordinates on the first and second principal axes."
    )
    explained_variance: list[float] = Field(description="Share of the layer's total variance along each axis.")
    labels: list[int]
    predicted: list[int] = Field(description="The model's most probable digit for each.")
