"""Arrays packed as base64 bytes: how a frame carries a 100×100 grid or a stack of filters in a few KB.

Plain numpy, JSON-ready dicts out: the labs build their frame payloads with these and server/schemas/frames.py
validates them, so models/ never imports the server.
"""

from __future__ import annotations

import base64

import numpy as np


def b64(array: np.ndarray) -> str:
    """The array's bytes (C order) as base64 text."""
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def image_stack(array: np.ndarray, signed: bool) -> dict:
    """Pack (n, ...) floats as bytes with one scale per leading index (the `ImageStack` of a frame).

    signed: byte = round(127.5·(a/scale + 1)); unsigned: byte = round(255·a/scale), negative values clipped to 0."""
    flat = array.reshape(array.shape[0], -1).astype(np.float32)
    scales = np.maximum(np.abs(flat).max(axis=1), 1e-8)
    unit = flat / scales[:, None]
    encoded = np.round(127.5 * (unit + 1.0)) if signed else np.round(255.0 * np.clip(unit, 0.0, 1.0))
    return {
        "shape": list(array.shape),
        "encoding": "signed" if signed else "unsigned",
        "scales": [float(f"{s:.5g}") for s in scales],
        "data": b64(np.clip(encoded, 0, 255).astype(np.uint8)),
    }
