"""What the page draws, computed where the model lives: decision regions and per-unit activation maps.

Probes return compact uint8 arrays so a frame stays small: probabilities as round(255·p), and hidden-unit
activations as round(127.5·(a/scale + 1)) with one scale (max |a|) per unit.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from models.features import feature_matrix


def plane_points(extent: tuple[float, float, float, float], resolution: int) -> np.ndarray:
    """Cell centres of a resolution² grid, row 0 at the top (largest x2), x1 varying fastest."""
    xmin, xmax, ymin, ymax = extent
    xs = xmin + (np.arange(resolution) + 0.5) * (xmax - xmin) / resolution
    ys = ymax - (np.arange(resolution) + 0.5) * (ymax - ymin) / resolution
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)


@partial(jax.jit, static_argnames=("spec", "features"))
def predict_probabilities(spec, params, features: tuple[str, ...], points: jnp.ndarray) -> jnp.ndarray:
    return probabilities(spec, params, features, points)


def probabilities(spec, params, features: tuple[str, ...], points: jnp.ndarray) -> jnp.ndarray:
    """Class probabilities (n, K) at raw 2D points."""
    return jax.nn.softmax(spec.logits(params, feature_matrix(features, points)))


def decision_grid(spec, params, features: tuple[str, ...], grid_points: jnp.ndarray) -> jnp.ndarray:
    """uint8 (N·N, K) probabilities over the plane: the decision region."""
    return jnp.round(255.0 * probabilities(spec, params, features, grid_points)).astype(jnp.uint8)


def unit_maps(spec, params, features: tuple[str, ...], grid_points: jnp.ndarray):
    """Every hidden unit's activation over a coarse grid: uint8 (units, n) and per-unit scales (units,)."""
    layers = spec.hidden_units(params, feature_matrix(features, grid_points))
    if not layers:
        return jnp.zeros((0, grid_points.shape[0]), jnp.uint8), jnp.zeros((0,), jnp.float32)
    acts = jnp.concatenate(layers, axis=1).T
    scales = jnp.maximum(jnp.abs(acts).max(axis=1), 1e-6)
    encoded = jnp.round(127.5 * (acts / scales[:, None] + 1.0))
    return jnp.clip(encoded, 0, 255).astype(jnp.uint8), scales
