"""The training loop: optax updates fused into one jitted call per chunk of steps.

Why this shape: stepping from Python cost ~25× more per step than running many steps in one compiled loop for the
small nets (measured when the loop was written; bench/RESULTS.md's "A spiral" rows show the loop's rate against
PyTorch stepping eagerly), and every new static value recompiles. So

* the number of steps per chunk is a *traced* argument of a ``lax.fori_loop`` — the host picks each chunk's length
  to land near a frame rate without recompiling;
* the data are padded to a size bucket with a 0/1 mask, so a new point count usually reuses compiled code;
* the learning rate lives in the optimizer state (``optax.inject_hyperparams``) and is replaced with the same dtype,
  so a slider move neither recompiles nor resets the weights;
* minibatches walk a per-epoch random permutation of the valid rows, redrawn (under ``lax.cond``) only when an
  epoch ends; ``next_batch`` draws them as a pure function of the state, so the step inspector sees the very batch
  the next update takes.

Convolutional nets opt out of the loop (``spec.fuses_steps`` is False): on XLA-CPU their weight gradients inside a
loop ran several times slower. They run ``UNROLLED_STEPS`` steps per call instead, unrolled in Python inside one jit:
one call per step left XLA's thread pool idling and waking between calls (4 steps per call: ~+30 % steps/s for the
CNN, at about twice the compile time). A shorter request computes the whole call and keeps only its first steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import optax

from models.losses import accuracy, cross_entropy, penalty
from models.vocabulary import OPTIMIZER_NAMES

OPTIMIZERS = OPTIMIZER_NAMES


@dataclass(frozen=True)
class TrainConfig:
    """Everything that shapes the compiled program; hashable so it keys jax's cache."""

    spec: Any
    optimizer: str = "sgd"
    batch_size: int = 10
    regularization: str = "none"


@dataclass(frozen=True)
class OptimizerSetup:
    """How a lab trains its net, shared by both labs' setups (models/plane_lab.py, models/digits_lab.py): the
    optimizer, its rate, the minibatch, the weight penalty, and the seed of the weights and the batch order."""

    optimizer: str = "sgd"
    learning_rate: float = 0.03
    batch_size: int = 10
    regularization: str = "none"
    regularization_rate: float = 0.0
    seed: int = 0

    def train_config(self, spec: Any) -> TrainConfig:
        return TrainConfig(spec, self.optimizer, self.batch_size, self.regularization)


class PaddedData(NamedTuple):
    """Train and test arrays padded to bucket sizes; masks mark the real rows."""

    train_x: jax.Array
    train_y: jax.Array
    train_mask: jax.Array
    n_train: jax.Array
    test_x: jax.Array
    test_y: jax.Array
    test_mask: jax.Array


class TrainState(NamedTuple):
    params: Any
    opt_state: Any
    order: jax.Array  # the current epoch's permutation of training rows
    step: jax.Array  # int32 updates done so far
    key: jax.Array


def bucket_size(n: int, minimum: int = 64) -> int:
    """Next power of two (at least `minimum`): few distinct shapes, so few compiles."""
    return max(minimum, 1 << max(0, int(n) - 1).bit_length())


def _pad(x: np.ndarray, rows: int) -> np.ndarray:
    out = np.zeros((rows, *x.shape[1:]), x.dtype)
    out[: len(x)] = x
    return out


def pad_data(train_x, train_y, test_x=None, test_y=None) -> PaddedData:
    """Pad both splits to their buckets (an empty or absent test split keeps masked rows only).

    A lab that evaluates its test split elsewhere (digits, in chunks) leaves it out."""
    test_x = test_x if test_x is not None else np.zeros((0, *np.shape(train_x)[1:]), np.float32)
    test_y = test_y if test_y is not None else np.zeros((0,), np.int32)
    n_train, n_test = len(train_x), len(test_x)
    rows_train, rows_test = bucket_size(n_train), bucket_size(max(n_test, 1))
    mask = lambda n, rows: (np.arange(rows) < n).astype(np.float32)  # noqa: E731
    test_x = test_x if n_test else np.zeros((0, *train_x.shape[1:]), train_x.dtype)
    test_y = test_y if n_test else np.zeros((0,), np.int32)
    return PaddedData(
        train_x=jnp.asarray(_pad(np.asarray(train_x, np.float32), rows_train)),
        train_y=jnp.asarray(_pad(np.asarray(train_y, np.int32), rows_train)),
        train_mask=jnp.asarray(mask(n_train, rows_train)),
        n_train=jnp.asarray(n_train, jnp.int32),
        test_x=jnp.asarray(_pad(np.asarray(test_x, np.float32), rows_test)),
        test_y=jnp.asarray(_pad(np.asarray(test_y, np.int32), rows_test)),
        test_mask=jnp.asarray(mask(n_test, rows_test)),
    )


def make_optimizer(name: str, learning_rate: float) -> optax.GradientTransformation:
    if name == "sgd":
        return optax.inject_hyperparams(optax.sgd)(learning_rate=learning_rate)
    if name == "momentum":
        return optax.inject_hyperparams(optax.sgd)(learning_rate=learning_rate, momentum=0.9)
    if name == "adam":
        return optax.inject_hyperparams(optax.adam)(learning_rate=learning_rate)
    raise ValueError(f"unknown optimizer {name!r}")


def _shuffled_order(key: jax.Array, mask: jax.Array) -> jax.Array:
    """A random permutation with the real rows first (padding sorts last)."""
    noise = jax.random.uniform(key, mask.shape)
    return jnp.argsort(jnp.where(mask > 0, noise, 2.0)).astype(jnp.int32)


def init_state(cfg: TrainConfig, data: PaddedData, learning_rate: float, seed: int) -> TrainState:
    """Fresh weights, optimizer state and first epoch order, all deterministic from `seed`.

    Built host-side with numpy: JAX ops on a new shape would each compile first, costing seconds per slider move.
    """
    rng = np.random.default_rng(seed)
    params = cfg.spec.init(rng)
    opt_state = make_optimizer(cfg.optimizer, learning_rate).init(params)
    mask = np.asarray(data.train_mask)
    noise = np.where(mask > 0, rng.random(mask.shape), 2.0)
    order = jnp.asarray(np.argsort(noise, kind="stable").astype(np.int32))
    key = jax.random.PRNGKey(int(rng.integers(2**31)))
    return TrainState(params, opt_state, order, jnp.zeros((), jnp.int32), key)


def objective(cfg: TrainConfig, params, x, y, reg_rate, weights=None) -> jax.Array:
    """The loss gradient descent minimises: cross-entropy plus the weight penalty."""
    return cross_entropy(cfg.spec.logits(params, x), y, weights) + penalty(params, cfg.regularization, reg_rate)


def next_batch(cfg: TrainConfig, data: PaddedData, state: TrainState) -> tuple[jax.Array, jax.Array, jax.Array]:
    """The training rows the update after `state` uses, with the (key, order) it leaves behind.

    A pure function of the state: the batch is the next `batch_size` slice of the epoch's order, and when an epoch
    is used up the order is redrawn from the state's key first. So the step inspector (models/inspect_step.py) draws
    the very batch the next update will use, without making it."""
    batches_per_epoch = jnp.maximum(data.n_train // cfg.batch_size, 1)
    batch_index = state.step % batches_per_epoch

    def reshuffle(carry):
        key, _ = carry
        key, sub = jax.random.split(key)
        return key, _shuffled_order(sub, data.train_mask)

    key, order = jax.lax.cond(
        (batch_index == 0) & (state.step > 0), reshuffle, lambda carry: carry, (state.key, state.order)
    )
    rows = jax.lax.dynamic_slice(order, (batch_index * cfg.batch_size,), (cfg.batch_size,))
    return rows, key, order


def optimizer_update(cfg: TrainConfig, data: PaddedData, reg_rate: jax.Array, state: TrainState, rows: jax.Array):
    """The gradient of the objective on `rows`, the optimizer's update from its state, and its next state."""
    xb, yb = data.train_x[rows], data.train_y[rows]
    grads = jax.grad(lambda p: objective(cfg, p, xb, yb, reg_rate))(state.params)
    optimizer = make_optimizer(cfg.optimizer, 0.0)
    updates, opt_state = optimizer.update(grads, state.opt_state, state.params)
    return grads, updates, opt_state


def _one_step(cfg: TrainConfig, data: PaddedData, reg_rate: jax.Array, state: TrainState) -> TrainState:
    rows, key, order = next_batch(cfg, data, state)
    _, updates, opt_state = optimizer_update(cfg, data, reg_rate, state, rows)
    params = optax.apply_updates(state.params, updates)
    return TrainState(params, opt_state, order, state.step + 1, key)


@partial(jax.jit, static_argnames="cfg")
def _fused_steps(cfg: TrainConfig, state: TrainState, data: PaddedData, reg_rate, n_steps) -> TrainState:
    return jax.lax.fori_loop(0, n_steps, lambda _, s: _one_step(cfg, data, reg_rate, s), state)


UNROLLED_STEPS = 4


@partial(jax.jit, static_argnames="cfg")
def _unrolled_steps(cfg: TrainConfig, state: TrainState, data: PaddedData, reg_rate, n_steps) -> TrainState:
    """`UNROLLED_STEPS` steps with no loop around them; those at or past the traced `n_steps` are discarded."""
    for i in range(UNROLLED_STEPS):
        state = _select(i < n_steps, _one_step(cfg, data, reg_rate, state), state)
    return state


def _select(keep: jax.Array, new: TrainState, old: TrainState) -> TrainState:
    return jax.tree.map(lambda a, b: jnp.where(keep, a, b), new, old)


def steps_per_call(cfg: TrainConfig) -> int:
    """The granularity a caller should pick chunk lengths in: any length costs one call when steps are fused."""
    return 1 if cfg.spec.fuses_steps else UNROLLED_STEPS


def train_steps(cfg: TrainConfig, state: TrainState, data: PaddedData, reg_rate: float, n_steps: int) -> TrainState:
    """Run exactly `n_steps` updates: one compiled loop, or unrolled calls of a few steps for convolutions."""
    rate = jnp.asarray(reg_rate, jnp.float32)
    if cfg.spec.fuses_steps:
        return _fused_steps(cfg, state, data, rate, jnp.asarray(n_steps, jnp.int32))
    whole_call = jnp.asarray(UNROLLED_STEPS, jnp.int32)  # converted once: a conversion per call showed in profiles
    for start in range(0, n_steps, UNROLLED_STEPS):
        left = n_steps - start
        state = _unrolled_steps(cfg, state, data, rate, whole_call if left >= UNROLLED_STEPS else jnp.int32(left))
    return state


def with_learning_rate(state: TrainState, learning_rate: float) -> TrainState:
    """Swap the learning rate inside the optimizer state, keeping dtype (a new weak type would recompile)."""
    hyper = dict(state.opt_state.hyperparams)
    hyper["learning_rate"] = jnp.full_like(hyper["learning_rate"], learning_rate)
    return state._replace(opt_state=state.opt_state._replace(hyperparams=hyper))


def split_metrics(cfg: TrainConfig, params, data: PaddedData) -> dict[str, jax.Array]:
    """Mean cross-entropy and accuracy over the real rows of both splits (traced inside a caller's jit)."""
    train_logits = cfg.spec.logits(params, data.train_x)
    test_logits = cfg.spec.logits(params, data.test_x)
    return {
        "train_loss": cross_entropy(train_logits, data.train_y, data.train_mask),
        "train_accuracy": accuracy(train_logits, data.train_y, data.train_mask),
        "test_loss": cross_entropy(test_logits, data.test_y, data.test_mask),
        "test_accuracy": accuracy(test_logits, data.test_y, data.test_mask),
    }


evaluate = jax.jit(split_metrics, static_argnames="cfg")
