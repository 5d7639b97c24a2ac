"""The hand-written conv → pool → bias → ReLU gradient must equal autodiff of the plain composition."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from models.conv_blocks import (
    conv_one_channel,
    conv_pool_relu,
    conv_same,
    max_pool,
    max_pool_with_argmax,
    unpool,
)


def _plain(one_channel, x, w, b):
    return max_pool(jax.nn.relu(conv_same(x, w) + b))


def _rand(rng, *shape):
    return jnp.asarray(rng.standard_normal(shape).astype(np.float32))


def test_one_channel_convolution_matches_xla_convolution():
    rng = np.random.default_rng(0)
    x, w = _rand(rng, 3, 28, 28, 1), _rand(rng, 5, 5, 1, 8)
    np.testing.assert_allclose(conv_one_channel(x, w), conv_same(x, w), atol=1e-5)


@pytest.mark.parametrize(
    "one_channel, shape, kernel", [(True, (4, 28, 28, 1), (5, 5, 1, 8)), (False, (4, 14, 14, 8), (3, 3, 8, 16))]
)
def test_block_value_and_gradients_equal_autodiff_of_the_plain_layers(one_channel, shape, kernel):
    rng = np.random.default_rng(1)
    x, w, b = _rand(rng, *shape), _rand(rng, *kernel), _rand(rng, kernel[-1])
    upstream = _rand(rng, shape[0], shape[1] // 2, shape[2] // 2, kernel[-1])
    np.testing.assert_allclose(conv_pool_relu(one_channel, x, w, b), _plain(one_channel, x, w, b), atol=1e-5)

    def loss(fn):
        return lambda x_, w_, b_: (fn(x_, w_, b_) * upstream).sum()

    ours = jax.grad(loss(lambda *a: conv_pool_relu(one_channel, *a)), argnums=(0, 1, 2))(x, w, b)
    theirs = jax.grad(loss(lambda *a: _plain(one_channel, *a)), argnums=(0, 1, 2))(x, w, b)
    for got, want in zip(ours[1:], theirs[1:], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)
    if not one_channel:  # the first block treats its input as data and returns no input gradient
        np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-4, atol=1e-4)


def test_argmax_points_at_a_true_maximum_even_for_zeros_negatives_and_subnormals():
    windows = np.array(
        [
            [-1.0, 0.0, -2.0, 0.0],
            [0.0, 0.0, 0.0, 0.0],
            [3.0, 5.0, 5.0, -1.0],
            [-3.0, -2.0, -2.5, -7.0],
            [1e-39, 0.0, -1e-39, 0.0],
            [-0.0, -1.0, -0.0, -3.0],
            [-1e-39, -2.0, -3.0, -4.0],
            [0.5, 0.25, 0.75, 1.5],
        ],
        np.float32,
    )
    z = jnp.asarray(windows.reshape(-1, 2, 2, 1))
    pooled, argmax = jax.jit(max_pool_with_argmax)(z)
    pooled, argmax = np.asarray(pooled).ravel(), np.asarray(argmax).ravel()
    flat = windows.reshape(-1, 4)
    np.testing.assert_allclose(pooled, flat.max(axis=1), rtol=1e-6, atol=1e-30)
    for row, cell in zip(flat, argmax, strict=True):
        # subnormals count as zero (the CPU flushes them), so a zero may stand in for a subnormal maximum
        assert row[cell] >= row.max() - np.finfo(np.float32).tiny, (row, cell)


def test_unpool_routes_each_gradient_to_its_winning_cell_only():
    z = jnp.asarray(np.array([1.0, 4.0, 2.0, 3.0], np.float32).reshape(1, 2, 2, 1))
    _, argmax = max_pool_with_argmax(z)
    routed = np.asarray(unpool(argmax, jnp.full((1, 1, 1, 1), 7.0))).ravel()
    np.testing.assert_array_equal(routed, [0.0, 7.0, 0.0, 0.0])
