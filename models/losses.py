"""Cross-entropy as the seed derives it, plus optional weight penalties.

The likelihood of the labels is P = Π_n p(y_n | x_n); the loss is −log P / N, the mean negative log
probability of the true class. Penalties touch weights only (not biases), like Playground's.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

REGULARIZATIONS = ("none", "l1", "l2")


def cross_entropy(logits: jnp.ndarray, labels: jnp.ndarray, weights: jnp.ndarray | None = None) -> jnp.ndarray:
    """Mean of −log softmax(logits)[label]; `weights` (0/1) masks padding rows out of the mean."""
    log_p = jax.nn.log_softmax(logits)
    nll = -jnp.take_along_axis(log_p, labels[:, None], axis=1)[:, 0]
    if weights is None:
        return nll.mean()
    return (nll * weights).sum() / jnp.maximum(weights.sum(), 1.0)


def penalty(params, kind: str, rate: jnp.ndarray) -> jnp.ndarray:
    """rate·Σ|w| (L1) or rate·Σw²/2 (L2) over weight matrices."""
    if kind == "none":
        return jnp.zeros((), jnp.float32)
    weights = [leaf for path, leaf in jax.tree_util.tree_leaves_with_path(params) if _is_weight(path)]
    if kind == "l1":
        return rate * sum(jnp.abs(w).sum() for w in weights)
    return rate * 0.5 * sum((w * w).sum() for w in weights)


def _is_weight(path) -> bool:
    return any(getattr(entry, "key", None) == "w" for entry in path)


def accuracy(logits: jnp.ndarray, labels: jnp.ndarray, weights: jnp.ndarray | None = None) -> jnp.ndarray:
    hits = (logits.argmax(axis=1) == labels).astype(jnp.float32)
    if weights is None:
        return hits.mean()
    return (hits * weights).sum() / jnp.maximum(weights.sum(), 1.0)
