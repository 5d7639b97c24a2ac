"""One convolution filter applied to one digit, for the "convolution filters" lesson (no training).

Why its own module: the lesson shows what a single CNN filter does before any network learns one. The
learner picks or types a small kernel and sees the feature map, optionally after ReLU and 2x2 max pooling,
which is exactly the first layer of a small CNN.

The math is cross-correlation, as in TensorFlow's ``conv2d`` and JAX's ``conv_general_dilated`` (the kernel
is not flipped, unlike textbook convolution):

    out[i, j] = sum_{u, v} image[i + u - p, j + v - p] * kernel[u, v],   p = (k - 1) // 2

with zeros outside the image ("SAME" padding, so the output keeps the input's size; for an even k the
extra row and column of zeros go at the bottom and right, as in TensorFlow). Pooling takes the maximum of
each non-overlapping 2x2 block, so 28x28 becomes 14x14.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np

MAX_KERNEL_SIZE = 7

KERNEL_PRESETS: dict[str, list[list[float]]] = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical_edges": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
    "horizontal_edges": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
    "blur": [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
}
"""Classic 3x3 image-processing kernels; "blur" is the binomial (Gaussian-like) kernel, weights sum to 1."""


@functools.partial(jax.jit, static_argnames=("relu", "pool"))
def _feature_map(image: jax.Array, kernel: jax.Array, relu: bool, pool: bool) -> jax.Array:
    """(H, W) image, (k, k) kernel -> (H, W) map, or (H // 2, W // 2) when pooled.

    jit specialises on shapes, so each kernel size (and relu/pool choice) compiles once and is reused.
    HIGHEST precision keeps float32 exact on GPUs that would otherwise round the products to TF32.
    """
    feature = jax.lax.conv_general_dilated(
        image[None, None],
        kernel[None, None],
        window_strides=(1, 1),
        padding="SAME",
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
        precision=jax.lax.Precision.HIGHEST,
    )[0, 0]
    if relu:
        feature = jnp.maximum(feature, 0.0)
    if pool:
        feature = jax.lax.reduce_window(feature, -jnp.inf, jax.lax.max, (2, 2), (2, 2), "VALID")
    return feature


def convolve_image(image: np.ndarray, kernel: np.ndarray, relu: bool = False, pool: bool = False) -> np.ndarray:
    """Cross-correlate a 2-D image with a square k x k kernel (1 <= k <= 7), "SAME" zero padding.

    Optionally applies ReLU and then 2x2 max pooling (stride 2; an odd last row or column is dropped, as in
    TensorFlow's VALID pooling). Returns a new float32 numpy array. Raises ValueError naming the bad shape.
    """
    image = np.asarray(image, dtype=np.float32)
    kernel = np.asarray(kernel, dtype=np.float32)
    if image.ndim != 2:
        raise ValueError(f"image must be 2-D (height, width), got shape {image.shape}")
    if kernel.ndim != 2 or kernel.shape[0] != kernel.shape[1] or not 1 <= kernel.shape[0] <= MAX_KERNEL_SIZE:
        raise ValueError(f"kernel must be square k x k, 1 <= k <= {MAX_KERNEL_SIZE}; got shape {kernel.shape}")
    return np.array(_feature_map(jnp.asarray(image), jnp.asarray(kernel), relu=relu, pool=pool))
