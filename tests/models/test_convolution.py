"""convolve_image is TensorFlow-style "SAME" cross-correlation, checked against a plain double loop."""

import numpy as np
import pytest

from models.convolution import KERNEL_PRESETS, convolve_image
from models.digits import load_subset


def reference_feature_map(image: np.ndarray, kernel: np.ndarray, relu: bool, pool: bool) -> np.ndarray:
    """The definition, spelled out: zero padding, unflipped kernel, then ReLU, then 2x2 max pooling."""
    k = kernel.shape[0]
    before = (k - 1) // 2
    height, width = image.shape
    out = np.zeros((height, width), dtype=np.float64)
    for i in range(height):
        for j in range(width):
            total = 0.0
            for u in range(k):
                for v in range(k):
                    row, col = i + u - before, j + v - before
                    if 0 <= row < height and 0 <= col < width:
                        total += image[row, col] * kernel[u, v]
            out[i, j] = total
    if relu:
        out = np.maximum(out, 0.0)
    if pool:
        blocks = out[: height // 2 * 2, : width // 2 * 2].reshape(height // 2, 2, width // 2, 2)
        out = blocks.max(axis=(1, 3))
    return out


@pytest.fixture(scope="module")
def digit() -> np.ndarray:
    images, _ = load_subset()
    return images[1234].astype(np.float64) / 255.0


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 7])
@pytest.mark.parametrize(("relu", "pool"), [(False, False), (True, False), (False, True), (True, True)])
def test_matches_double_loop(digit, k, relu, pool):
    kernel = np.random.default_rng(k).normal(size=(k, k))
    got = convolve_image(digit, kernel, relu=relu, pool=pool)
    expected = reference_feature_map(digit, kernel, relu, pool)
    assert got.dtype == np.float32
    assert got.shape == ((14, 14) if pool else (28, 28))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    if relu:
        assert got.min() >= 0.0


def test_is_cross_correlation_not_convolution():
    """Cross-correlating an impulse paints the kernel rotated 180 degrees; convolution would not rotate it."""
    image = np.zeros((28, 28))
    image[10, 10] = 1.0
    kernel = np.arange(9.0).reshape(3, 3)
    got = convolve_image(image, kernel)
    np.testing.assert_array_equal(got[9:12, 9:12], kernel[::-1, ::-1])


def test_presets_are_3x3_and_identity_is_identity(digit):
    edges = ["vertical_edges", "horizontal_edges", "sobel_x", "sobel_y"]
    assert set(KERNEL_PRESETS) == {"identity", "blur", "sharpen", "outline", "emboss", *edges}
    for name, kernel in KERNEL_PRESETS.items():
        assert np.asarray(kernel, dtype=float).shape == (3, 3), name
    np.testing.assert_allclose(convolve_image(digit, KERNEL_PRESETS["identity"]), digit, rtol=1e-6)
    assert sum(map(sum, KERNEL_PRESETS["blur"])) == 1.0


def test_sobel_x_responds_to_left_to_right_increase():
    image = np.zeros((28, 28))
    image[:, 14:] = 1.0
    got = convolve_image(image, KERNEL_PRESETS["sobel_x"])
    assert got[14, 13] == 4.0 and got[14, 14] == 4.0 and got[14, 5] == 0.0


@pytest.mark.parametrize(
    "kernel_shape", [(0, 0), (8, 8), (3, 5), (9,)], ids=["empty", "too-big", "not-square", "one-d"]
)
def test_rejects_bad_kernels(kernel_shape):
    with pytest.raises(ValueError, match="kernel must be square"):
        convolve_image(np.zeros((28, 28)), np.ones(kernel_shape))


def test_rejects_non_2d_image():
    with pytest.raises(ValueError, match="image must be 2-D"):
        convolve_image(np.zeros((1, 28, 28)), np.ones((3, 3)))
