"""Any picture of a digit made MNIST-like, stage by stage, so a model trained on MNIST can read it. numpy only.

MNIST's digits were prepared by LeCun, Cortes and Burges this way, and a model only ever saw digits framed so:

1. grayscale: luma 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601, as Pillow's "L"), in [0, 1]; a transparent pixel is
   composited on white, as a page shows it.
2. ink: MNIST is light ink on black. The border's median says which the background is: light (> 0.5) is inverted,
   v → 1 − v. Then the levels: the background's level becomes 0 and the strongest ink 1, the level being the
   border's median plus five noise deviations (1.4826 × the median absolute deviation estimates a Gaussian σ), so a
   photographed page's grain falls below it. Uneven lighting across a photo is not corrected.
3. cropped: the smallest box holding every ink value above `INK_THRESHOLD`.
4. fitted: the box resampled by area averaging so its longer side is `BOX` (20) pixels, keeping its aspect ratio.
5. centred: placed in the `FIELD` (28) square so its centre of mass sits at the centre; the shift is rounded to
   whole pixels and kept inside the field.

Steps 3–5 are the drawing pad's (web/digits/preprocess.js: inkBounds, areaWeights, resampleBox, centreOfMass,
mnistStyle), written again here step for step — the same threshold, area weights, rounding (half up, as JavaScript's
Math.round) and clamping — so a stroke drawn on the pad and the same stroke uploaded become the same 784 values
(tests/models/test_preprocess.py runs the page's module on the same ink when node is installed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FIELD = 28
BOX = 20
INK_THRESHOLD = 0.02
LUMA = np.array([0.299, 0.587, 0.114], np.float32)
NOISE_DEVIATIONS = 5.0
MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True)
class InkBox:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Preprocessed:
    """Every stage of one picture (arrays are (height, width), values in [0, 1]) and the numbers that made them."""

    grayscale: np.ndarray
    inverted: bool  # the background was light
    background: float  # the level that became 0, on the ink scale (after any inversion)
    ink: np.ndarray
    box: InkBox  # where the ink is, in the picture's pixels
    cropped: np.ndarray
    fitted: np.ndarray  # at most BOX × BOX, the longer side BOX
    offset: tuple[int, int]  # (left, top) of the fitted digit in the field
    centre_of_mass: tuple[float, float]  # (x, y) of the result, pixel i's centre at i + 0.5
    image: np.ndarray  # FIELD × FIELD, the model's input (flatten it row by row)


def grayscale(pixels: np.ndarray) -> np.ndarray:
    """(h, w), (h, w, 1), RGB (h, w, 3) or RGBA (h, w, 4); integers are read as 0–255, floats as 0–1."""
    values = np.asarray(pixels)
    scale = 255.0 if np.issubdtype(values.dtype, np.integer) else 1.0
    values = values.astype(np.float32) / np.float32(scale)  # float32: a 2048² RGBA picture is 64 MB, not 128
    if values.ndim == 2:
        return np.clip(values, 0.0, 1.0)
    if values.ndim != 3 or values.shape[2] not in (1, 2, 3, 4):
        raise ValueError(f"an image is (height, width[, 1–4 channels]), not {values.shape}")
    channels = values.shape[2]
    colour, alpha = (values[..., :-1], values[..., -1]) if channels in (2, 4) else (values, None)
    gray = colour[..., 0] if colour.shape[2] == 1 else colour @ LUMA
    if alpha is not None:
        gray = alpha * gray + (1.0 - alpha)
    return np.clip(gray, 0.0, 1.0)


def _border(values: np.ndarray) -> np.ndarray:
    return np.concatenate([values[0], values[-1], values[:, 0], values[:, -1]])


def to_ink(gray: np.ndarray) -> tuple[np.ndarray, bool, float]:
    """(ink, inverted, background level): light-on-dark with the background at 0 and the strongest ink at 1."""
    inverted = bool(np.median(_border(gray)) > 0.5)
    ink = 1.0 - gray if inverted else gray
    border = _border(ink)
    median = float(np.median(border))
    level = median + NOISE_DEVIATIONS * MAD_TO_SIGMA * float(np.median(np.abs(border - median)))
    peak = float(ink.max())
    if peak <= level:
        return np.zeros_like(ink), inverted, level
    return np.clip((ink - level) / (peak - level), 0.0, 1.0), inverted, level


def ink_bounds(ink: np.ndarray, threshold: float = INK_THRESHOLD) -> InkBox | None:
    """The smallest box holding every value above the threshold; None for an empty picture (inkBounds)."""
    rows, columns = np.flatnonzero((ink > threshold).any(axis=1)), np.flatnonzero((ink > threshold).any(axis=0))
    if not len(rows):
        return None
    return InkBox(int(columns[0]), int(rows[0]), int(columns[-1] - columns[0] + 1), int(rows[-1] - rows[0] + 1))


def area_weights(n: int, m: int) -> np.ndarray:
    """(m, n) weights from n source cells onto m target cells: target t covers source [t·n/m, (t+1)·n/m), each
    source cell counted by how much of it lies inside; each row sums to 1, the mean of its area (areaWeights)."""
    ratio = n / m
    weights = np.zeros((m, n))
    for t in range(m):
        start, end = t * ratio, (t + 1) * ratio
        for s in range(math.floor(start), min(n, math.ceil(end))):
            overlap = min(end, s + 1) - max(start, s)
            if overlap > 1e-9:
                weights[t, s] = overlap / ratio
    return weights


def resample(values: np.ndarray, width: int, height: int) -> np.ndarray:
    """`values` (h, w) area-averaged onto height × width (resampleBox: along the rows, then the columns)."""
    along_rows = values @ area_weights(values.shape[1], width).T
    return area_weights(values.shape[0], height) @ along_rows


def centre_of_mass(values: np.ndarray) -> tuple[float, float]:
    """(x, y) with pixel i's centre at i + 0.5; the middle of the picture when it is all zero (centreOfMass)."""
    height, width = values.shape
    total = float(values.sum())
    if total <= 0:
        return width / 2, height / 2
    x = float((values.sum(axis=0) * (np.arange(width) + 0.5)).sum()) / total
    y = float((values.sum(axis=1) * (np.arange(height) + 0.5)).sum()) / total
    return x, y


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)  # JavaScript's Math.round, also for negative values


def mnist_style(ink: np.ndarray) -> tuple[InkBox, np.ndarray, np.ndarray, tuple[int, int], np.ndarray] | None:
    """Steps 3–5 on light-on-dark ink (h, w) in [0, 1]: (box, cropped, fitted, (left, top), field); None when there is
    no ink. The same numbers as the drawing pad's mnistStyle for the same ink."""
    box = ink_bounds(ink)
    if box is None:
        return None
    cropped = ink[box.y : box.y + box.height, box.x : box.x + box.width]
    scale = BOX / max(box.width, box.height)
    width = max(1, min(BOX, _round_half_up(box.width * scale)))
    height = max(1, min(BOX, _round_half_up(box.height * scale)))
    fitted = resample(cropped, width, height)
    mass_x, mass_y = centre_of_mass(fitted)
    left = min(FIELD - width, max(0, _round_half_up(FIELD / 2 - mass_x)))
    top = min(FIELD - height, max(0, _round_half_up(FIELD / 2 - mass_y)))
    field = np.zeros((FIELD, FIELD))
    field[top : top + height, left : left + width] = np.clip(fitted, 0.0, 1.0)
    return box, cropped, fitted, (left, top), field


def preprocess(pixels: np.ndarray) -> Preprocessed | None:
    """Every stage for one picture (see the module docstring); None when it holds no ink (a blank picture)."""
    gray = grayscale(pixels)
    if gray.size == 0:
        raise ValueError("an image needs at least one pixel")
    ink, inverted, background = to_ink(gray)
    styled = mnist_style(ink)
    if styled is None:
        return None
    box, cropped, fitted, offset, field = styled
    return Preprocessed(
        grayscale=gray,
        inverted=inverted,
        background=background,
        ink=ink,
        box=box,
        cropped=cropped,
        fitted=fitted,
        offset=offset,
        centre_of_mass=centre_of_mass(field),
        image=field,
    )


def thumbnail(values: np.ndarray, side: int) -> np.ndarray:
    """`values` area-averaged so its longer side is at most `side` (unchanged when it already fits): a stage small
    enough to send and draw."""
    height, width = values.shape
    scale = min(1.0, side / max(height, width))
    if scale == 1.0:
        return values
    return resample(values, max(1, _round_half_up(width * scale)), max(1, _round_half_up(height * scale)))
