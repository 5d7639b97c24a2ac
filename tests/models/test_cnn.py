"""The CNN with one or two conv stages: the two-stage net is the program it always was, the one-stage net (the
course's single learned convolution layer) has the gradient of its plain composition, and probes show only the
stages that exist."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from models.cnn import CnnSpec
from models.conv_blocks import conv_one_channel, conv_pool_relu, conv_same, max_pool

ONE_STAGE = CnnSpec(conv1_filters=4, conv2_filters=0, kernel_size=5, dense_units=0)
ONE_STAGE_DENSE = CnnSpec(conv1_filters=3, conv2_filters=0, kernel_size=3, dense_units=8)


def _images(n: int, seed: int = 0) -> jnp.ndarray:
    return jnp.asarray(np.random.default_rng(seed).random((n, 784), np.float32))


def _two_stage_logits_as_written_before_one_stage_support(params, x):
    img = x.reshape(-1, 28, 28, 1)
    pool1 = conv_pool_relu(True, img, params[0]["w"], params[0]["b"])
    pool2 = conv_pool_relu(False, pool1, params[1]["w"], params[1]["b"])
    h = jax.nn.relu(pool2.reshape(pool2.shape[0], -1) @ params[2]["w"] + params[2]["b"])
    return h @ params[3]["w"] + params[3]["b"]


def _plain_logits(spec: CnnSpec, params, x):
    """conv → ReLU → pool written plainly (autodiff everywhere), then the dense layers."""
    h = max_pool(jax.nn.relu(conv_same(x.reshape(-1, 28, 28, 1), params[0]["w"]) + params[0]["b"]))
    h = h.reshape(h.shape[0], -1)
    for layer in params[1:-1]:
        h = jax.nn.relu(h @ layer["w"] + layer["b"])
    return h @ params[-1]["w"] + params[-1]["b"]


def _loss(logits_fn, x, labels):
    return lambda params: -jax.nn.log_softmax(logits_fn(params, x))[jnp.arange(len(labels)), labels].mean()


def test_two_stage_net_traces_to_the_same_program_and_weights_as_before():
    """The bench measures the two-stage CNN: one-stage support must not change a single operation of it."""
    spec = CnnSpec()
    params = spec.init(np.random.default_rng(0))
    rng = np.random.default_rng(0)
    for layer, shape in zip(params, [(5, 5, 1, 8), (5, 5, 8, 16), (784, 128), (128, 10)], strict=True):
        he = (rng.standard_normal(shape) * np.sqrt(2.0 / np.prod(shape[:-1]))).astype(np.float32)
        np.testing.assert_array_equal(layer["w"], he)
    x, labels = _images(4), jnp.arange(4)
    ours = jax.make_jaxpr(jax.grad(_loss(spec.logits, x, labels)))(params)
    before = jax.make_jaxpr(jax.grad(_loss(_two_stage_logits_as_written_before_one_stage_support, x, labels)))(params)
    assert str(ours) == str(before)
    k, f1, f2, h = 5, 8, 16, 128
    assert spec.parameter_count == (k * k + 1) * f1 + (k * k * f1 + 1) * f2 + (7 * 7 * f2 + 1) * h + (h + 1) * 10


@pytest.mark.parametrize("spec", [ONE_STAGE, ONE_STAGE_DENSE], ids=["no-dense", "dense"])
def test_one_stage_shapes_and_parameter_count(spec):
    params = spec.init(np.random.default_rng(0))
    k, f1 = spec.kernel_size, spec.conv1_filters
    dense = [(14 * 14 * f1, spec.dense_units), (spec.dense_units, 10)] if spec.dense_units else [(14 * 14 * f1, 10)]
    assert [layer["w"].shape for layer in params] == [(k, k, 1, f1), *dense]
    assert spec.parameter_count == sum(layer["w"].size + layer["b"].size for layer in params)
    assert spec.layer_sizes == (784, f1, *([spec.dense_units] if spec.dense_units else []), 10)
    assert spec.logits(params, _images(3)).shape == (3, 10)


@pytest.mark.parametrize("spec", [ONE_STAGE, ONE_STAGE_DENSE], ids=["no-dense", "dense"])
def test_one_stage_gradient_equals_autodiff_of_the_plain_layers(spec):
    rng = np.random.default_rng(1)
    params = spec.init(rng)
    params = [
        {"w": p["w"], "b": jnp.asarray(rng.standard_normal(p["b"].shape).astype(np.float32) * 0.1)} for p in params
    ]
    x, labels = _images(6, seed=2), jnp.asarray([0, 1, 2, 3, 4, 5])
    ours = jax.grad(_loss(spec.logits, x, labels))(params)
    theirs = jax.grad(_loss(lambda p, x_: _plain_logits(spec, p, x_), x, labels))(params)
    for got, want in zip(jax.tree.leaves(ours), jax.tree.leaves(theirs), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_one_stage_gradient_matches_a_finite_difference():
    """Along a random direction, (L(p + εd) − L(p − εd)) / 2ε equals ∇L·d (float32, so a loose tolerance)."""
    rng = np.random.default_rng(3)
    params = ONE_STAGE.init(rng)
    direction = [
        {k: jnp.asarray(rng.standard_normal(v.shape).astype(np.float32)) for k, v in p.items()} for p in params
    ]
    loss = jax.jit(_loss(ONE_STAGE.logits, _images(8, seed=4), jnp.arange(8)))
    grad = jax.grad(loss)(params)
    analytic = sum(float((g * d).sum()) for g, d in zip(jax.tree.leaves(grad), jax.tree.leaves(direction), strict=True))
    eps = 1e-3
    shifted = lambda sign: jax.tree.map(lambda p, d: p + sign * eps * d, params, direction)  # noqa: E731
    numeric = (float(loss(shifted(1))) - float(loss(shifted(-1)))) / (2 * eps)
    assert numeric == pytest.approx(analytic, rel=2e-2, abs=1e-3)


def test_probes_show_only_the_stages_that_exist():
    params = ONE_STAGE.init(np.random.default_rng(0))
    maps = ONE_STAGE.feature_maps(params, _images(1))
    assert {name: m.shape for name, m in maps.items()} == {"conv1": (1, 28, 28, 4), "pool1": (1, 14, 14, 4)}
    first = jax.nn.relu(conv_one_channel(_images(1).reshape(1, 28, 28, 1), params[0]["w"]) + params[0]["b"])
    np.testing.assert_allclose(maps["conv1"], first, atol=1e-6)
    assert {name: f.shape for name, f in ONE_STAGE.filters(params).items()} == {"conv1": (4, 5, 5)}
    two = CnnSpec(conv1_filters=2, conv2_filters=3, kernel_size=3, dense_units=8)
    two_params = two.init(np.random.default_rng(0))
    assert {name: f.shape for name, f in two.filters(two_params).items()} == {"conv1": (2, 3, 3), "conv2": (3, 2, 3, 3)}
    assert list(two.feature_maps(two_params, _images(1))) == ["conv1", "pool1", "conv2", "pool2"]
