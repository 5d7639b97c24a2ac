"""The digits lessons reach the accuracies the README quotes (slow: they really train)."""

import pytest

from models.digits import split_subset
from models.digits_lab import DigitsLab, DigitsSetup


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_softmax_regression_matches_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    split = split_subset()
    reference = LogisticRegression(max_iter=100).fit(split.train_images, split.train_labels)
    sklearn_accuracy = reference.score(split.test_images, split.test_labels)
    lab = DigitsLab(DigitsSetup(kind="softmax", optimizer="sgd", learning_rate=0.5, batch_size=100))
    lab.train(1000)
    ours = lab.test_report().accuracy
    assert ours >= 0.90
    assert ours >= sklearn_accuracy, (ours, sklearn_accuracy)


@pytest.mark.slow
def test_cnn_reaches_975_on_the_test_split():
    lab = DigitsLab(DigitsSetup(kind="cnn", optimizer="adam", learning_rate=0.002, batch_size=50))
    steps_per_epoch = 8000 // 50
    accuracies = []
    for _ in range(14):
        lab.train(steps_per_epoch)
        accuracies.append(lab.test_report().accuracy)
        if accuracies[-1] >= 0.975:
            break
    assert max(accuracies) >= 0.975, accuracies
