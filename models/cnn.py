"""A small convolutional net for 28×28 digits, written so XLA-CPU runs it fast.

conv k×k (F1) → ReLU → 2×2 max-pool → [conv k×k (F2) → ReLU → 2×2 max-pool →] [dense (H) → ReLU →] 10.

Two conv stages are the course's stacked CNN (No.8); `conv2_filters = 0` leaves one learned convolution layer
(No.7), and `dense_units = 0` feeds the pooled maps straight to the output layer. Each stage halves the side
(28 → 14 → 7), so the flattened maps have (28 / 2^stages)² · F values.

Choices made for XLA-CPU: NHWC images with HWIO kernels, each conv → pool → bias → ReLU stage as one block with a
hand-written gradient (models/conv_blocks.py), and no compiled loop around the steps (``fuses_steps = False``):
convolution gradients inside a ``fori_loop`` ran several times slower, so models/training.py runs
``UNROLLED_STEPS`` (4) unrolled steps per call instead. bench/RESULTS.md's "C cnn" rows hold the resulting rate
(192 steps/s in-process against PyTorch's 148 on the machine named there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import jax
import jax.numpy as jnp
import numpy as np

from models.conv_blocks import conv_one_channel, conv_pool_relu, conv_same, max_pool

SIDE = 28
# A one-stage net's kernels start at this fraction of He's scale. With no depth to keep alive, a small start lets
# what is learned outweigh the random draw, so the learner sees filters form: 320 steps into the No.7 preset its
# filters keep a correlation of 0.54 with their start instead of 0.96 (tests/models/test_cnn_lab.py), and the
# preset still reaches the accuracy models/lessons.py claims for it.
ONE_STAGE_KERNEL_SCALE = 0.1


@dataclass(frozen=True)
class CnnSpec:
    """A `ModelSpec` for 28×28 digits; hashable, so it keys compiled functions."""

    fuses_steps: ClassVar[bool] = False  # see the module docstring: a few unrolled steps per call instead
    monitor_size: ClassVar[int] = 256  # fewer than a dense net's 1,000: its forward pass costs ~25 µs per image
    frame_interval_s: ClassVar[float] = 0.25
    conv1_filters: int = 8
    conv2_filters: int = 16  # 0: one conv stage
    kernel_size: int = 5
    dense_units: int = 128  # 0: no dense layer
    classes: int = 10
    kind: str = "cnn"

    @property
    def stage_filters(self) -> tuple[int, ...]:
        """Filters of each conv → ReLU → pool stage, first to last."""
        return (self.conv1_filters, self.conv2_filters) if self.conv2_filters else (self.conv1_filters,)

    @property
    def flat_size(self) -> int:
        """Values in the last stage's pooled maps, the input of the dense (or output) layer."""
        side = SIDE >> len(self.stage_filters)
        return side * side * self.stage_filters[-1]

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        dense = (self.dense_units,) if self.dense_units else ()
        return (SIDE * SIDE, *self.stage_filters, *dense, self.classes)

    @property
    def _shapes(self) -> list[tuple[int, ...]]:
        """Weight shapes, input to output: HWIO kernels, then (in, out) matrices."""
        k, channels = self.kernel_size, (1, *self.stage_filters)
        kernels = [(k, k, c_in, c_out) for c_in, c_out in zip(channels, channels[1:], strict=False)]
        widths = (self.flat_size, *((self.dense_units,) if self.dense_units else ()), self.classes)
        return kernels + list(zip(widths, widths[1:], strict=False))

    @property
    def parameter_count(self) -> int:
        return sum(int(np.prod(shape)) + shape[-1] for shape in self._shapes)

    def init(self, rng: np.random.Generator) -> list[dict[str, jax.Array]]:
        """He-normal weights (ReLU everywhere; a one-stage net's kernels smaller, see ONE_STAGE_KERNEL_SCALE), zero
        biases; numpy draws, so no compile before the first frame."""
        params = []
        for i, shape in enumerate(self._shapes):
            fan_in = int(np.prod(shape[:-1]))
            w = rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)
            if i == 0 and len(self.stage_filters) == 1:
                w = w * ONE_STAGE_KERNEL_SCALE
            w = w.astype(np.float32)
            params.append({"w": jnp.asarray(w), "b": jnp.zeros((shape[-1],), jnp.float32)})
        return params

    def filters(self, params) -> dict[str, np.ndarray]:
        """The learned kernels as images: conv1 (F1, k, k), conv2 (F2, F1, k, k) when there is a second stage."""
        kernels = [np.asarray(layer["w"]) for layer in params[: len(self.stage_filters)]]
        out = {"conv1": kernels[0][:, :, 0, :].transpose(2, 0, 1)}
        if len(kernels) > 1:
            out["conv2"] = kernels[1].transpose(3, 2, 0, 1)
        return out

    def feature_maps(self, params, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """Every intermediate image of the forward pass, NHWC, for the probe digit: conv1, pool1[, conv2, pool2]."""
        maps = {}
        pooled = x.reshape(-1, SIDE, SIDE, 1)
        for i, _ in enumerate(self.stage_filters):
            conv = conv_one_channel if i == 0 else conv_same
            maps[f"conv{i + 1}"] = jax.nn.relu(conv(pooled, params[i]["w"]) + params[i]["b"])
            pooled = maps[f"pool{i + 1}"] = max_pool(maps[f"conv{i + 1}"])
        return maps

    def logits(self, params, x: jnp.ndarray) -> jnp.ndarray:
        h = x.reshape(-1, SIDE, SIDE, 1)
        stages = len(self.stage_filters)
        for i in range(stages):
            h = conv_pool_relu(i == 0, h, params[i]["w"], params[i]["b"])
        h = h.reshape(h.shape[0], -1)
        for layer in params[stages:-1]:
            h = jax.nn.relu(h @ layer["w"] + layer["b"])
        return h @ params[-1]["w"] + params[-1]["b"]

    def layer_outputs(self, params, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """What each layer makes of `x` (n, 784), input first, each flattened to (n, values): the pixels, each
        stage's pooled maps (pool1[, pool2]), the dense layer's activations (when there is one), the output scores.
        The same operations as `logits`, which stays as it is so the training step's program does not change
        (tests/models/test_cnn.py)."""
        outputs = {"input": x}
        h = x.reshape(-1, SIDE, SIDE, 1)
        stages = len(self.stage_filters)
        for i in range(stages):
            h = conv_pool_relu(i == 0, h, params[i]["w"], params[i]["b"])
            outputs[f"pool{i + 1}"] = h.reshape(h.shape[0], -1)
        h = h.reshape(h.shape[0], -1)
        for layer in params[stages:-1]:
            h = outputs["dense"] = jax.nn.relu(h @ layer["w"] + layer["b"])
        outputs["output"] = h @ params[-1]["w"] + params[-1]["b"]
        return outputs

    def templates(self, params) -> None:
        return None  # the first layer is a convolution: its kernels are `filters`, not 784-pixel templates
