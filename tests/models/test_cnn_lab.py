"""A one-stage CNN run (the course's single learned convolution layer) trains and draws only what it has."""

import numpy as np

from models.digits_lab import DigitsLab, DigitsSetup


def test_one_stage_run_shows_its_conv1_filters_and_maps_only_and_learns():
    lab = DigitsLab(
        DigitsSetup(
            kind="cnn",
            conv1_filters=4,
            conv2_filters=0,
            kernel_size=5,
            dense_units=0,
            optimizer="adam",
            learning_rate=0.005,
            batch_size=50,
        )
    )
    before = lab.probe(full=True)
    lab.train(40)
    after = lab.probe(full=True)
    assert {name: f.shape for name, f in after.filters.items()} == {"conv1": (4, 5, 5)}
    assert {name: m.shape for name, m in after.feature_maps.items()} == {"conv1": (4, 28, 28), "pool1": (4, 14, 14)}
    assert not np.array_equal(before.filters["conv1"], after.filters["conv1"]), "the filters are learned"
    assert after.metrics["test_accuracy"] > 0.5 > before.metrics["test_accuracy"]
