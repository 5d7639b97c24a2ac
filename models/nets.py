"""Dense models: logistic regression, softmax regression and multilayer perceptrons.

Parameters are plain pytrees (a list of ``{"w", "b"}`` layers). Every model returns class logits, so one
cross-entropy serves all of them:

* logistic: f(x) = w0 + w1·x1 + w2·x2 and P(✕ | x) = σ(f). Returning the logits ``[0, f]`` makes
  softmax([0, f]) = [1 − σ(f), σ(f)], the seed's sigmoid exactly.
* softmax: f_k(x) = w0k + Σ_j wjk·xj and P(k | x) = exp(f_k) / Σ_i exp(f_i).
* mlp: hidden layers h = act(W h_prev + b), then a softmax layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

import jax
import jax.numpy as jnp
import numpy as np

ACTIVATIONS = {
    "relu": jax.nn.relu,
    "tanh": jnp.tanh,
    "sigmoid": jax.nn.sigmoid,
    "linear": lambda z: z,
}
DENSE_KINDS = ("logistic", "softmax", "mlp")
WIDTH_BUCKETS = (8, 16, 32)  # an mlp compiles with each hidden width rounded up to a bucket; extra units are masked


@dataclass(frozen=True)
class DenseSpec:
    """Static description of a dense model (a `ModelSpec`); hashable, so it keys compiled functions."""

    fuses_steps: ClassVar[bool] = True  # a dense step is cheap: a chunk of any length is one compiled loop
    monitor_size: ClassVar[int] = 1000  # a digits frame's train metrics: this many training images
    frame_interval_s: ClassVar[float] = 1 / 15  # a digits run's frame pace (the 2D lab keeps its own)
    kind: str
    n_inputs: int
    classes: int
    hidden: tuple[int, ...] = ()
    activation: str = "tanh"
    # The real widths when `hidden` is a padded layout (see `padded`). Left out of equality and hashing on purpose:
    # nets that differ only here share one compiled program, because the masks that tell them apart are data.
    active: tuple[int, ...] | None = field(default=None, compare=False)

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        outputs = 1 if self.kind == "logistic" else self.classes
        hidden = self.hidden if self.kind == "mlp" else ()
        return (self.n_inputs, *hidden, outputs)

    @property
    def parameter_count(self) -> int:
        sizes = self.layer_sizes
        return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))

    def padded(self) -> DenseSpec:
        """The same net laid out in bucket widths, so moving a width slider rarely compiles anything."""
        if self.kind != "mlp":
            return self
        widths = tuple(next((b for b in WIDTH_BUCKETS if units <= b), units) for units in self.hidden)
        return replace(self, hidden=widths, active=self.hidden)

    def init(self, rng: np.random.Generator):
        return init_dense(self, rng)

    def logits(self, params, x: jnp.ndarray) -> jnp.ndarray:
        return dense_logits(self, params, x)

    def hidden_units(self, params, x: jnp.ndarray) -> list[jnp.ndarray]:
        return dense_hidden(self, params, x)

    def layer_outputs(self, params, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """What each layer makes of `x`, input first: the inputs, hidden1, hidden2, … (activations), output (scores)."""
        hidden = {f"hidden{i + 1}": h for i, h in enumerate(dense_hidden(self, params, x))}
        return {"input": x, **hidden, "output": dense_logits(self, params, x)}

    def feature_maps(self, params, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        return {}  # no layer here is an image

    def filters(self, params) -> dict[str, np.ndarray]:
        return {}  # no convolution kernels

    def templates(self, params) -> np.ndarray:
        """First-layer weights as (units, inputs): on digits each row is a 28×28 picture of what the unit looks for."""
        return np.asarray(params[0]["w"]).T


def init_dense(spec: DenseSpec, rng: np.random.Generator) -> list[dict[str, jax.Array]]:
    """Glorot-uniform weights and small positive hidden biases (as Playground's 0.1), so relu units start alive.

    Drawn with numpy: initialising a new shape with JAX ops would compile them first (seconds on a slider move).
    A padded spec draws the real net's weights (the same numbers as unpadded), puts them in the top-left corner of
    zero matrices, and gives each hidden layer a 0/1 "mask" of its real units.
    """
    sizes = spec.layer_sizes
    real = sizes if spec.active is None else (sizes[0], *spec.active, sizes[-1])
    params = []
    for i in range(len(sizes) - 1):
        fan_in, fan_out = real[i], real[i + 1]
        hidden = i < len(sizes) - 2
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        w = np.zeros((sizes[i], sizes[i + 1]), np.float32)
        w[:fan_in, :fan_out] = rng.uniform(-limit, limit, (fan_in, fan_out))
        b = np.zeros(sizes[i + 1], np.float32)
        b[:fan_out] = 0.1 if hidden else 0.0
        layer = {"w": jnp.asarray(w), "b": jnp.asarray(b)}
        if hidden and spec.active is not None:
            layer["mask"] = jnp.asarray((np.arange(sizes[i + 1]) < fan_out).astype(np.float32))
        params.append(layer)
    return params


def dense_hidden(spec: DenseSpec, params, x: jnp.ndarray) -> list[jnp.ndarray]:
    """Activations of every hidden layer, each (n, units)."""
    act = ACTIVATIONS[spec.activation]
    outputs, h = [], x
    for layer in params[:-1]:
        h = act(h @ layer["w"] + layer["b"])
        if "mask" in layer:  # padding units stay exactly 0 and pass no gradient (sigmoid(0) alone would not)
            h = h * jax.lax.stop_gradient(layer["mask"])
        outputs.append(h)
    return outputs


def dense_logits(spec: DenseSpec, params, x: jnp.ndarray) -> jnp.ndarray:
    """Class logits (n, classes)."""
    hidden = dense_hidden(spec, params, x)
    h = hidden[-1] if hidden else x
    f = h @ params[-1]["w"] + params[-1]["b"]
    if spec.kind == "logistic":
        return jnp.concatenate([jnp.zeros_like(f), f], axis=1)
    return f
