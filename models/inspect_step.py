"""One update taken apart: the next minibatch, one example's forward pass, the gradient and the optimizer's update.

The numbers are the run's own: the batch comes from `next_batch`, the gradient and the update from
`optimizer_update` (models/training.py), the two functions the training loop itself calls, on the run's state. The
math, for a batch of B examples (x_n, y_n):

* forward pass: z_l = h_{l−1}·W_l + b_l and h_l = act(z_l) per hidden layer (h_0 = x, the features), then the scores
  f = h_L·W + b and p = softmax(f); logistic regression has one score f and p(✕) = σ(f), p(○) = 1 − σ(f);
* one example's loss is −log p(y_n); the batch's is their mean, plus the weight penalty when the run has one;
* the linear models' gradient has a closed form: with r_nk = p_nk − [y_n = k] (logistic: r_n = σ(f_n) − y_n),
  ∂loss/∂w_jk = (1/B)·Σ_n r_nk·x_nj and ∂loss/∂w0_k = (1/B)·Σ_n r_nk, plus λ·w (L2) or λ·sign(w) (L1) on weights;
* the update Δθ is the optimizer's (`UPDATE_RULES`), computed by optax from the optimizer's state; θ + Δθ is next.
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

from models.losses import cross_entropy, penalty
from models.nets import ACTIVATIONS
from models.training import PaddedData, TrainConfig, TrainState, next_batch, optimizer_update

UPDATE_RULES = {  # by models/vocabulary.py OPTIMIZER_NAMES: what optax computes (models/training.py make_optimizer)
    "sgd": "Δθ = −η·g   (η: learning_rate, g: the gradient)",
    "momentum": "t ← g + μ·t;  Δθ = −η·t   (η: learning_rate, μ: momentum, t: the trace, 0 before the first update)",
    "adam": "m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  m̂ = m / (1 − β1ᵗ);  v̂ = v / (1 − β2ᵗ);  "
    "Δθ = −η·m̂ / (√v̂ + ε)   (η: learning_rate, β1: b1, β2: b2, ε: eps, t: the update's number)",
}
CLOSED_FORM = "∂loss/∂w_jk = mean over the batch of (p_k − y_k)·x_j;  ∂loss/∂w0_k = mean over the batch of (p_k − y_k)"
PENALTY_GRADIENT = {"none": "", "l1": "  + λ·sign(w) on weights (L1)", "l2": "  + λ·w on weights (L2)"}


class StepInspection(NamedTuple):
    """The next update's numbers, params-like trees as the compiled net holds them (padding units included)."""

    rows: jax.Array  # (B,) the training rows of the next batch
    inputs: jax.Array  # (B, F) their features
    labels: jax.Array  # (B,)
    loss: jax.Array  # mean −log p(y) over the batch
    penalty: jax.Array  # the weight penalty added to it
    gradients: Any  # ∂(loss + penalty)/∂θ by autodiff
    updates: Any  # the optimizer's Δθ
    closed_form: Any  # the linear models' formula for the gradient; None for an mlp
    probabilities_before: jax.Array  # (B, K)
    probabilities_after: jax.Array  # (B, K) under `new_params`


@partial(jax.jit, static_argnames="cfg")
def inspect_update(
    cfg: TrainConfig, state: TrainState, data: PaddedData, reg_rate: jax.Array, new_params
) -> StepInspection:
    """Everything about the update after `state`; `new_params` are the values it leads to (for the batch's p after)."""
    rows, _, _ = next_batch(cfg, data, state)
    x, y = data.train_x[rows], data.train_y[rows]
    gradients, updates, _ = optimizer_update(cfg, data, reg_rate, state, rows)
    logits = cfg.spec.logits(state.params, x)
    probs = jax.nn.softmax(logits)
    closed = None if cfg.spec.kind == "mlp" else linear_gradients(cfg, state.params, x, y, probs, reg_rate)
    return StepInspection(
        rows=rows,
        inputs=x,
        labels=y,
        loss=cross_entropy(logits, y),
        penalty=penalty(state.params, cfg.regularization, reg_rate),
        gradients=gradients,
        updates=updates,
        closed_form=closed,
        probabilities_before=probs,
        probabilities_after=jax.nn.softmax(cfg.spec.logits(new_params, x)),
    )


def linear_gradients(cfg: TrainConfig, params, x: jax.Array, y: jax.Array, probs: jax.Array, reg_rate: jax.Array):
    """The closed form of a linear model's gradient: the mean of (p − y)·x over the batch, plus the penalty's."""
    (layer,) = params
    if cfg.spec.kind == "logistic":  # one score: p(✕) = σ(f) is the second column
        residual = probs[:, 1:] - y[:, None].astype(probs.dtype)
    else:
        residual = probs - jax.nn.one_hot(y, probs.shape[1], dtype=probs.dtype)
    grad_w = x.T @ residual / x.shape[0] + penalty_gradient(layer["w"], cfg.regularization, reg_rate)
    return [{"w": grad_w, "b": residual.mean(axis=0)}]


def penalty_gradient(w: jax.Array, kind: str, rate: jax.Array) -> jax.Array:
    """∂penalty/∂w: λ·sign(w) for L1 (0 at w = 0, as autodiff takes it), λ·w for L2."""
    if kind == "l1":
        return rate * jnp.sign(w)
    if kind == "l2":
        return rate * w
    return jnp.zeros_like(w)


@partial(jax.jit, static_argnames="spec")
def forward_trace(spec, params, x: jax.Array, label: jax.Array) -> dict[str, Any]:
    """One example's forward pass: each hidden layer's weighted sums z and activations h, the scores f, p, −log p(y)."""
    act = ACTIVATIONS[spec.activation]
    h, hidden = x[None], []
    for layer in params[:-1]:
        z = h @ layer["w"] + layer["b"]
        h = act(z) * layer["mask"] if "mask" in layer else act(z)
        hidden.append({"weighted_sums": z[0], "activations": h[0]})
    scores = (h @ params[-1]["w"] + params[-1]["b"])[0]
    logits = spec.logits(params, x[None])[0]
    return {
        "hidden": hidden,
        "scores": scores,
        "probabilities": jax.nn.softmax(logits),
        "loss": -jax.nn.log_softmax(logits)[label],
    }
