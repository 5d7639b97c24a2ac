"""Dense models: logistic regression, softmax regression and multilayer perceptrons.

Parameters are plain pytrees (a list of ``{"w", "b"}`` layers). Every model returns class logits, so one
cross-entropy serves all of them:

* logistic: f(x) = w0 + w1·x1 + w2·x2 and P(✕ | x) = σ(f). Returning the logits ``[0, f]`` makes
  softmax([0, f]) = [1 − σ(f), σ(f)], the seed's sigmoid exactly.
* softmax: f_k(x) = w0k + Σ_j wjk·xj and P(k | x) = exp(f_k) / Σ_i exp(f_i).
* mlp: hidden layers h = act(W h_prev + b), then a softmax layer.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class DenseSpec:
    """Static description of a dense model; hashable, so it keys compiled functions."""

    kind: str
    n_inputs: int
    classes: int
    hidden: tuple[int, ...] = ()
    activation: str = "tanh"

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        outputs = 1 if self.kind == "logistic" else self.classes
        hidden = self.hidden if self.kind == "mlp" else ()
        return (self.n_inputs, *hidden, outputs)

    @property
    def parameter_count(self) -> int:
        sizes = self.layer_sizes
        return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))

    def init(self, rng: np.random.Generator):
        return init_dense(self, rng)

    def logits(self, params, x: jnp.ndarray) -> jnp.ndarray:
        return dense_logits(self, params, x)

    def hidden_units(self, params, x: jnp.ndarray) -> list[jnp.ndarray]:
        return dense_hidden(self, params, x)


def init_dense(spec: DenseSpec, rng: np.random.Generator) -> list[dict[str, jax.Array]]:
    """Glorot-uniform weights and small positive hidden biases (as Playground's 0.1), so relu units start alive.

    Drawn with numpy: initialising a new shape with JAX ops would compile them first (seconds on a slider move).
    """
    sizes = spec.layer_sizes
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        w = rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)
        b = np.full((fan_out,), 0.1 if len(params) < len(sizes) - 2 else 0.0, np.float32)
        params.append({"w": jnp.asarray(w), "b": jnp.asarray(b)})
    return params


def dense_hidden(spec: DenseSpec, params, x: jnp.ndarray) -> list[jnp.ndarray]:
    """Activations of every hidden layer, each (n, units)."""
    act = ACTIVATIONS[spec.activation]
    outputs, h = [], x
    for layer in params[:-1]:
        h = act(h @ layer["w"] + layer["b"])
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
