"""Input features a learner can feed the network, as in TensorFlow Playground.

Hand-made features (x1², sin x1, …) let a linear model draw curved boundaries: the lesson before hidden layers.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp

FEATURES = {
    "x1": lambda x: x[:, 0],
    "x2": lambda x: x[:, 1],
    "x1^2": lambda x: x[:, 0] ** 2,
    "x2^2": lambda x: x[:, 1] ** 2,
    "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin_x1": lambda x: jnp.sin(x[:, 0]),
    "sin_x2": lambda x: jnp.sin(x[:, 1]),
}
FEATURE_NAMES = tuple(FEATURES)


@partial(jax.jit, static_argnums=0)
def feature_matrix(names: tuple[str, ...], x: jnp.ndarray) -> jnp.ndarray:
    """Map raw points (n, 2) to the chosen features (n, len(names))."""
    return jnp.stack([FEATURES[name](x) for name in names], axis=1).astype(jnp.float32)
