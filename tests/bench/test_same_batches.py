"""The bench's peers take our engine's minibatches: numpy on `our_batches` ends at the weights our engine reaches.

Crossing epoch boundaries matters: that is where our loop draws a new order from its key.
"""

from __future__ import annotations

import dataclasses

import jax
import numpy as np
import pytest

from bench.peers_numpy import DenseNumpy
from bench.workloads import SOFTMAX, SPIRAL, digits_problem, spiral_problem


@pytest.mark.parametrize(
    ("make", "steps", "learning_rate"),
    [(lambda steps: spiral_problem(steps), 60, 0.03), (lambda steps: digits_problem(SOFTMAX, steps), 170, 0.5)],
    ids=["spiral (25 batches an epoch)", "mnist softmax (80 batches an epoch)"],
)
def test_numpy_on_our_batches_lands_on_our_weights(make, steps, learning_rate):
    lab, problem = make(steps)
    assert problem.batches.shape == (steps, lab.cfg.batch_size)
    reference = DenseNumpy(problem, learning_rate)
    reference.train(steps)
    lab.train(steps)
    assert reference.steps == lab.step == steps
    ours = jax.device_get(lab.state.params)
    for layer, w, b in zip(ours, reference.weights, reference.biases, strict=True):
        np.testing.assert_allclose(layer["w"], w, rtol=2e-3, atol=2e-5)
        np.testing.assert_allclose(layer["b"], b, rtol=2e-3, atol=2e-5)


def test_a_different_order_would_be_noticed():
    """The check above can fail: one epoch's batches out of order leave the weights visibly elsewhere."""
    steps = 60
    lab, problem = spiral_problem(steps)
    shuffled = problem.batches.copy()
    shuffled[25:50] = shuffled[25:50][::-1]
    reference = DenseNumpy(dataclasses.replace(problem, batches=shuffled), SPIRAL.learning_rate)
    reference.train(steps)
    lab.train(steps)
    ours = jax.device_get(lab.state.params)
    assert not np.allclose(ours[0]["w"], reference.weights[0], rtol=2e-3, atol=2e-5)
