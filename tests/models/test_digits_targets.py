"""The digits lessons reach the accuracies the README quotes (slow: they really train, once per module)."""

import numpy as np
import pytest

from models.digits import split_subset
from models.digits_lab import DigitsLab, DigitsSetup

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # CNN epochs: ~2 s each here, 10x that under heavy load

CNN_EPOCHS = 14
CNN_REACHES_BY_EPOCH = 8  # seed 0 first reaches 0.975 at epoch 6 (measured, deterministic): two epochs of headroom
STEPS_PER_EPOCH = 8000 // 50


@pytest.fixture(scope="module")
def cnn_test_accuracy_per_epoch() -> list[float]:
    """Full test-split accuracy after each epoch of the README's CNN lesson (seed 0), trained once for both tests.

    Measured: .957 .967 .9675 .971 .973 .976 .9765 .974 .975 .9745 .976 .968 .977 .973."""
    lab = DigitsLab(DigitsSetup(kind="cnn", optimizer="adam", learning_rate=0.002, batch_size=50, seed=0))
    accuracies = []
    for _ in range(CNN_EPOCHS):
        lab.train(STEPS_PER_EPOCH)
        accuracies.append(lab.test_report().accuracy)
    return accuracies


def test_cnn_reaches_975_by_the_stated_epoch(cnn_test_accuracy_per_epoch):
    assert max(cnn_test_accuracy_per_epoch[:CNN_REACHES_BY_EPOCH]) >= 0.975, cnn_test_accuracy_per_epoch


def test_cnn_stays_near_975_after_it(cnn_test_accuracy_per_epoch):
    """One lucky epoch is not the lesson: the epochs after it average ≥ 0.97 (measured 0.974)."""
    later = cnn_test_accuracy_per_epoch[CNN_REACHES_BY_EPOCH:]
    assert np.mean(later) >= 0.97, cnn_test_accuracy_per_epoch


@pytest.mark.filterwarnings("error::sklearn.exceptions.ConvergenceWarning")
def test_softmax_regression_matches_a_converged_scikit_learn():
    """lbfgs converges in 143 iterations here (test 0.893; stopped at its default 100 it read 0.895). The fit took
    5.9 s on a quiet 2-core machine (load 0.9) and 210 s at load 16: it is this test's cost, not a number it checks."""
    from sklearn.linear_model import LogisticRegression

    split = split_subset()
    reference = LogisticRegression(max_iter=1000).fit(split.train_images, split.train_labels)
    assert reference.n_iter_[0] < 1000
    sklearn_accuracy = reference.score(split.test_images, split.test_labels)
    lab = DigitsLab(DigitsSetup(kind="softmax", optimizer="sgd", learning_rate=0.5, batch_size=100))
    lab.train(1000)
    ours = lab.test_report().accuracy
    assert ours >= 0.90
    assert ours >= sklearn_accuracy, (ours, sklearn_accuracy)
