"""Uploaded pictures made MNIST-like (models/preprocess.py), checked on crafted pictures, and against the drawing
pad's own module (web/digits/preprocess.js, run by node when it is installed) on the same ink."""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from models.preprocess import BOX, FIELD, area_weights, mnist_style, preprocess, thumbnail

PAD_MODULE = Path(__file__).resolve().parents[2] / "web" / "digits" / "preprocess.js"


def ring_and_bar(height: int, width: int) -> np.ndarray:
    """Light-on-dark ink (0 background): an off-centre ring and a slanted bar, anti-aliased."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    ring = np.clip(1 - np.abs(np.hypot(xx - 0.68 * width, (yy - 0.45 * height) * 1.3) - 0.16 * width) / 4, 0, 1)
    bar = np.clip(1 - np.abs(xx - 0.2 * width - 0.2 * yy) / 3, 0, 1) * (yy > 0.1 * height) * (yy < 0.9 * height)
    return np.clip(ring + bar, 0, 1)


def ink_extent(field: np.ndarray) -> tuple[int, int]:
    rows, columns = np.flatnonzero(field.any(axis=1)), np.flatnonzero(field.any(axis=0))
    return columns[-1] - columns[0] + 1, rows[-1] - rows[0] + 1


def assert_mnist_like(done) -> None:
    assert done.image.shape == (FIELD, FIELD) and done.image.min() >= 0 and done.image.max() <= 1
    width, height = ink_extent(done.image)
    assert width <= BOX and height <= BOX and max(done.fitted.shape) == BOX
    x, y = done.centre_of_mass
    assert abs(x - FIELD / 2) <= 0.5 and abs(y - FIELD / 2) <= 0.5, done.centre_of_mass


def test_dark_ink_on_a_light_rgb_picture_is_inverted_cropped_fitted_and_centred():
    ink = ring_and_bar(120, 200)
    picture = np.repeat((255 * (1 - ink))[..., None], 3, axis=2).astype(np.uint8)  # black strokes on white
    done = preprocess(picture)
    assert done.inverted and done.grayscale.shape == (120, 200)
    assert_mnist_like(done)
    expected = mnist_style(ink)
    assert done.box == expected[0]
    np.testing.assert_allclose(done.image, expected[4], atol=0.01)  # only the 8-bit rounding differs


def test_light_ink_on_a_dark_picture_is_kept_as_it_is():
    ink = ring_and_bar(90, 60)
    done = preprocess((255 * ink).astype(np.uint8))
    assert not done.inverted and done.background == 0
    assert_mnist_like(done)


def test_a_transparent_background_is_white_and_colour_becomes_luma():
    ink = ring_and_bar(64, 64)
    rgba = np.zeros((64, 64, 4), np.uint8)
    rgba[..., 2] = 255  # pure blue strokes: luma 0.114
    rgba[..., 3] = (255 * ink).astype(np.uint8)
    done = preprocess(rgba)
    assert done.inverted
    np.testing.assert_allclose(done.grayscale[0, 0], 1.0)
    stroke = np.unravel_index(np.argmax(ink), ink.shape)
    np.testing.assert_allclose(done.grayscale[stroke], 0.114, atol=0.01)
    assert_mnist_like(done)


def test_an_off_centre_wide_digit_keeps_its_aspect_and_is_centred_by_mass():
    picture = np.full((300, 400), 255, np.uint8)
    picture[20:40, 250:390] = 0  # a dash in the top-right corner, 140 × 20
    done = preprocess(picture)
    assert (done.box.x, done.box.y, done.box.width, done.box.height) == (250, 20, 140, 20)
    assert done.fitted.shape == (3, 20)  # 20 × 20/140·20 = 2.86 → 3 rows
    assert_mnist_like(done)


def test_a_tiny_picture_is_scaled_up():
    picture = np.full((2, 3), 1.0)
    picture[1, 2] = 0.0  # one dark pixel on white
    done = preprocess(picture)
    assert done.inverted and (done.box.width, done.box.height) == (1, 1)
    assert done.fitted.shape == (BOX, BOX) and np.allclose(done.fitted, 1.0)
    assert_mnist_like(done)


def test_a_photographed_pages_grain_stays_background():
    ink = ring_and_bar(100, 100)
    page = 0.85 - 0.7 * ink + np.random.default_rng(0).normal(0, 0.02, ink.shape)  # grey paper, pencil, grain
    done = preprocess(np.clip(page, 0, 1))
    assert done.inverted and done.background > 0.15
    assert done.box == mnist_style(ink)[0]
    assert_mnist_like(done)


def test_a_blank_picture_has_no_ink_and_a_shapeless_one_is_refused():
    assert preprocess(np.full((10, 10, 3), 200, np.uint8)) is None
    with pytest.raises(ValueError, match="height, width"):
        preprocess(np.zeros((4, 4, 5)))


def test_area_weights_average_and_thumbnails_shrink_only():
    weights = area_weights(5, 2)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)
    np.testing.assert_allclose(weights[0], [0.4, 0.4, 0.2, 0, 0])
    assert thumbnail(np.ones((300, 150)), 64).shape == (64, 32)
    small = np.ones((10, 30))
    assert thumbnail(small, 64) is small


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the drawing pad's module")
def test_the_same_ink_gives_the_drawing_pads_784_values(tmp_path):
    (tmp_path / "preprocess.mjs").write_text(PAD_MODULE.read_text())  # .mjs: node reads it as an ES module
    (tmp_path / "main.mjs").write_text(
        "import { mnistStyle } from './preprocess.mjs';\n"
        "let text = ''; process.stdin.on('data', (c) => (text += c)); process.stdin.on('end', () => {\n"
        "  const out = JSON.parse(text).map(({ ink, width, height }) =>\n"
        "    Array.from(mnistStyle(Float32Array.from(ink), width, height)));\n"
        "  process.stdout.write(JSON.stringify(out)); });\n"
    )
    inks = [ring_and_bar(90, 140), ring_and_bar(200, 50), ring_and_bar(28, 28), ring_and_bar(7, 12)]
    request = json.dumps([{"ink": ink.ravel().tolist(), "width": ink.shape[1], "height": ink.shape[0]} for ink in inks])
    pad = subprocess.run(["node", "main.mjs"], input=request, capture_output=True, text=True, cwd=tmp_path, check=True)
    for ink, theirs in zip(inks, json.loads(pad.stdout), strict=True):
        np.testing.assert_allclose(mnist_style(ink)[4].ravel(), theirs, atol=1e-6)
