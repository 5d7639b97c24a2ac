"""MNIST samples and the convolution lesson (no training needed)."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError

from models.convolution import KERNEL_PRESETS, convolve_image
from models.digits_lab import cached_digits
from server.schemas.bounds import limits
from server.schemas.digits import ConvolveRequest, ConvolveResponse, DigitSamples, KernelPresets
from server.schemas.runs import ErrorBody

router = APIRouter(prefix="/api", tags=["digits"])
TOO_LARGE = {413: {"model": ErrorBody, "description": "Request body over the size limit."}}


def _digits(request: Request):
    return cached_digits(request.app.state.settings.mnist_dir)


@router.get("/digits/samples")
def samples(
    request: Request,
    split: Literal["train", "test"] = "test",
    offset: Annotated[int, Query(**limits("sample_offset"))] = 0,
    limit: Annotated[int, Query(**limits("sample_limit"))] = 20,
) -> DigitSamples:
    digits = _digits(request)
    images = digits.test_images if split == "test" else digits.train_images
    labels = digits.test_labels if split == "test" else digits.train_labels
    chosen = slice(offset, min(offset + limit, len(labels)))
    return DigitSamples(
        split=split,
        total=len(labels),
        offset=offset,
        labels=labels[chosen].tolist(),
        images=np.round(images[chosen], 3).tolist(),
        source=digits.source,
    )


@router.get("/convolve/presets")
def presets() -> KernelPresets:
    return KernelPresets(presets=KERNEL_PRESETS)


@router.post("/convolve", responses=TOO_LARGE)
def convolve(request: Request, body: ConvolveRequest) -> ConvolveResponse:
    """Apply a k×k kernel to one digit, optionally ReLU and 2×2 max-pool: what a CNN's first layer does."""
    label = None
    if body.index is not None:
        digits = _digits(request)
        if body.index >= len(digits.test_labels):
            message = f"index must be < {len(digits.test_labels)} (the test split)"
            raise RequestValidationError([{"type": "value_error", "loc": ("body", "index"), "msg": message}])
        flat, label = digits.test_images[body.index], int(digits.test_labels[body.index])
    else:
        flat = np.asarray(body.image, np.float32)
    image = np.asarray(flat, np.float32).reshape(28, 28)
    output = convolve_image(image, np.asarray(body.kernel, np.float32), relu=body.relu, pool=body.pool)
    return ConvolveResponse(
        size=output.shape[0],
        output=np.round(output, 4).tolist(),
        minimum=float(output.min()),
        maximum=float(output.max()),
        image=np.round(image, 3).tolist(),
        label=label,
    )
