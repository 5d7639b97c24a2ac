"""POST /api/digits/preprocess: an uploaded PNG or JPEG made MNIST-like, every stage shown (models/preprocess.py).

The body is the file itself (a page sends `fetch(url, {method: "POST", body: file})`), not a multipart form: one
picture, nothing else to parse. Its size is checked before it is read whole (the declared Content-Length) and after,
and its pixel count before its pixels are decoded (server/uploads.py): each refusal is a 413 saying the limit.
"""

from __future__ import annotations

import asyncio

import numpy as np
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError

from models.preprocess import Preprocessed, preprocess, thumbnail
from models.vocabulary import BOUNDS
from server.schemas.runs import ErrorBody
from server.schemas.uploads import PreprocessResponse
from server.uploads import PictureTooLarge, PictureUnreadable, decode_picture

router = APIRouter(prefix="/api/digits", tags=["digits"])
MAX_BYTES = int(BOUNDS["upload_bytes"].high)
MAX_PIXELS = int(BOUNDS["upload_pixels"].high)
STAGE_SIDE = 64  # the large stages are sent area-averaged down to this many pixels on their longer side
PICTURE = {"schema": {"type": "string", "format": "binary"}}
BODY = {
    "required": True,
    "description": f"The PNG or JPEG file's bytes, at most {MAX_BYTES:,} bytes and {MAX_PIXELS:,} pixels (the format "
    "is read from the bytes).",
    "content": {"image/png": PICTURE, "image/jpeg": PICTURE},
}
RESPONSES = {
    413: {"model": ErrorBody, "description": "Over the upload's byte or pixel limit; refused before decoding."},
    422: {
        "description": 'Not a PNG or JPEG, damaged, or without ink; `loc` is ["body"].',
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
    },
}


def _unusable(message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("body",), "msg": message, "input": None}])


def _too_large(size: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"the upload is {size:,} bytes; pictures of at most {MAX_BYTES:,} bytes are read: scale it down first",
    )


def _stage(name: str, values: np.ndarray, side: int | None = None) -> dict:
    shown = thumbnail(values, side) if side else values
    return {
        "name": name,
        "width": shown.shape[1],
        "height": shown.shape[0],
        "pixels": np.round(shown, 3).ravel().tolist(),
    }


def _answer(done: Preprocessed) -> dict:
    height, width = done.grayscale.shape
    return {
        "width": width,
        "height": height,
        "inverted": done.inverted,
        "background": round(done.background, 4),
        "ink_box": vars(done.box),
        "offset": list(done.offset),
        "centre_of_mass": [round(v, 4) for v in done.centre_of_mass],
        "stages": [
            _stage("grayscale", done.grayscale, STAGE_SIDE),
            _stage("ink", done.ink, STAGE_SIDE),
            _stage("cropped", done.cropped, STAGE_SIDE),
            _stage("fitted", done.fitted),
            _stage("centred", done.image),
        ],
        "image": np.round(done.image, 3).ravel().tolist(),
    }


def _decode_and_preprocess(data: bytes) -> dict:
    try:
        pixels = decode_picture(data, MAX_PIXELS)
    except PictureUnreadable as exc:
        raise _unusable(str(exc)) from exc
    except PictureTooLarge as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, str(exc)) from exc
    done = preprocess(pixels)
    if done is None:
        raise _unusable("the picture has no ink: every pixel is the background's shade")
    return _answer(done)


@router.post("/preprocess", openapi_extra={"requestBody": BODY}, responses=RESPONSES)
async def preprocess_upload(request: Request) -> PreprocessResponse:
    """Make an uploaded picture of a digit MNIST-like: grayscale, inverted when its background is light, cropped
    to the ink, fitted into 20×20 keeping its aspect ratio, centred by its centre of mass in 28×28 — the drawing
    pad's steps. Answers every stage and the 784 values for `/api/runs/{id}/predict`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_large(int(declared))
    data = await request.body()
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    if not data:
        raise _unusable("the body is empty: send the picture's bytes")
    return PreprocessResponse(**await asyncio.to_thread(_decode_and_preprocess, data))
