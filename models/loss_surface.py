"""The training objective of a linear model over a plane of two of its weights, the others held where they are.

The weights are named as the course writes the model, f = w0 + Σ_j wj·feature_j:

* logistic regression (one score): "w0" is the bias, "wj" the weight of the j-th feature (1-based, in the run's
  feature order), so the default features x1, x2 give w0, w1, w2;
* softmax regression (one score per class k, 0-based): "w0_k" is class k's bias, "wj_k" feature j's weight in
  class k's score, so three classes on x1, x2 give w0_0, w1_0, w2_0, w0_1, … w2_2.

These are the `coefficients` rows of GET /api/runs/{id}/params: name "wj_k" is coefficients[k][j]. The grid spans
the current value ± max(3, 2·|value|), so the optimizer's path from a small start fits, and the loss is the one the
optimizer minimises: mean cross-entropy over the training split plus the run's weight penalty. Every grid point is
evaluated in one compiled call (a vmap over x inside a map over y, so memory stays one row of the grid).
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from models.training import PaddedData, TrainConfig, objective

MIN_HALF_SPAN = 3.0


def weight_positions(n_features: int, n_outputs: int) -> dict[str, tuple[int, int]]:
    """Every weight's name → (j, k): j = 0 the bias, j ≥ 1 feature j; k the output. Bias first, output by output."""
    suffix = (lambda k: "") if n_outputs == 1 else (lambda k: f"_{k}")
    return {f"w{j}{suffix(k)}": (j, k) for k in range(n_outputs) for j in range(n_features + 1)}


def default_axes(positions: dict[str, tuple[int, int]]) -> tuple[str, str]:
    """The first output's first two feature weights (w1, w2 or w1_0, w2_0); with one feature, its weight and bias."""
    first = [name for name, (_, k) in positions.items() if k == 0]
    return (first[1], first[2]) if len(first) > 2 else (first[1], first[0])


def half_span(value: float) -> float:
    return max(MIN_HALF_SPAN, 2.0 * abs(value))


def axis_values(value: float, resolution: int) -> np.ndarray:
    """`resolution` values across value ± half_span(value); for an odd resolution the middle one is `value` itself."""
    offsets = half_span(value) * np.linspace(-1.0, 1.0, resolution)
    if resolution % 2:
        offsets[resolution // 2] = 0.0
    return (np.float32(value) + offsets.astype(np.float32)).astype(np.float32)


@partial(jax.jit, static_argnames="cfg")
def surface_grid(cfg: TrainConfig, params, data: PaddedData, reg_rate, x_at, y_at, xs, ys):
    """The objective at every (xs[i], ys[r]) as grid[r, i], and at the current params; `x_at`, `y_at`: (j, k)."""
    (layer,) = params
    coefficients = jnp.concatenate([layer["b"][None, :], layer["w"]], axis=0)  # row 0 the bias, row j feature j

    def loss_at(a, b):
        c = coefficients.at[x_at[0], x_at[1]].set(a).at[y_at[0], y_at[1]].set(b)
        return objective(cfg, [{"w": c[1:], "b": c[0]}], data.train_x, data.train_y, reg_rate, data.train_mask)

    along_x = jax.vmap(loss_at, in_axes=(0, None))
    grid = jax.lax.map(lambda b: along_x(xs, b), ys)
    current = objective(cfg, params, data.train_x, data.train_y, reg_rate, data.train_mask)
    return grid, current
