"""A small convolutional net for 28×28 digits, written so XLA-CPU runs it fast.

conv k×k (F1) → ReLU → 2×2 max-pool → conv k×k (F2) → ReLU → 2×2 max-pool → dense (H) → ReLU → 10.

Choices measured on XLA-CPU (ENGINE-NOTES): NHWC images with HWIO kernels, each conv → pool → bias → ReLU stage as
one block with a hand-written gradient (models/conv_blocks.py), and one jitted step per call (``fuse_steps = False``)
because convolution gradients inside a compiled loop ran several times slower.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from models.conv_blocks import conv_one_channel, conv_pool_relu, conv_same, max_pool

SIDE = 28


@dataclass(frozen=True)
class CnnSpec:
    conv1_filters: int = 8
    conv2_filters: int = 16
    kernel_size: int = 5
    dense_units: int = 128
    classes: int = 10
    fuse_steps: bool = False
    kind: str = "cnn"

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        return (SIDE * SIDE, self.conv1_filters, self.conv2_filters, self.dense_units, self.classes)

    @property
    def parameter_count(self) -> int:
        k, f1, f2, h = self.kernel_size, self.conv1_filters, self.conv2_filters, self.dense_units
        return (k * k + 1) * f1 + (k * k * f1 + 1) * f2 + (7 * 7 * f2 + 1) * h + (h + 1) * self.classes

    def init(self, rng: np.random.Generator) -> list[dict[str, jax.Array]]:
        """He-normal kernels (ReLU everywhere), zero biases; numpy draws, so no compile before the first frame."""
        k, f1, f2, h = self.kernel_size, self.conv1_filters, self.conv2_filters, self.dense_units
        shapes = [(k, k, 1, f1), (k, k, f1, f2), (7 * 7 * f2, h), (h, self.classes)]
        params = []
        for shape in shapes:
            fan_in = int(np.prod(shape[:-1]))
            w = (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)
            params.append({"w": jnp.asarray(w), "b": jnp.zeros((shape[-1],), jnp.float32)})
        return params

    def feature_maps(self, params, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """Every intermediate image of the forward pass, NHWC, for the probe digit."""
        img = x.reshape(-1, SIDE, SIDE, 1)
        conv1 = jax.nn.relu(conv_one_channel(img, params[0]["w"]) + params[0]["b"])
        pool1 = max_pool(conv1)
        conv2 = jax.nn.relu(conv_same(pool1, params[1]["w"]) + params[1]["b"])
        return {"conv1": conv1, "pool1": pool1, "conv2": conv2, "pool2": max_pool(conv2)}

    def logits(self, params, x: jnp.ndarray) -> jnp.ndarray:
        img = x.reshape(-1, SIDE, SIDE, 1)
        pool1 = conv_pool_relu(True, img, params[0]["w"], params[0]["b"])
        pool2 = conv_pool_relu(False, pool1, params[1]["w"], params[1]["b"])
        h = jax.nn.relu(pool2.reshape(pool2.shape[0], -1) @ params[2]["w"] + params[2]["b"])
        return h @ params[3]["w"] + params[3]["b"]

    def hidden_units(self, params, x: jnp.ndarray) -> list[jnp.ndarray]:
        return []
