"""The race's fairness check refuses a peer that ran fewer steps or took another path, and accepts a faithful one."""

from __future__ import annotations

from bench.report import _comparable


def _entry(steps_run=1000, curve=(0.5, 0.4, 0.3, 0.2), accuracy=0.9, expected=1000):
    return {
        "steps_run": steps_run,
        "steps_expected": expected,
        "loss_curve": list(curve),
        "after": {"train_loss": curve[-1] if curve else 0.3, "test_accuracy": accuracy},
    }


def test_a_faithful_peer_passes():
    assert _comparable(_entry(), _entry(curve=(0.501, 0.4, 0.299, 0.2)))


def test_late_compounded_rounding_is_not_held_against_a_peer():
    """A long float32 run drifts apart late (measured: 3 % at step 50,000) without being other work."""
    assert _comparable(_entry(), _entry(curve=(0.5, 0.4, 0.33, 0.25), accuracy=0.88))


def test_a_peer_that_ran_fewer_steps_fails_even_with_the_same_losses():
    assert not _comparable(_entry(), _entry(steps_run=975))


def test_a_peer_whose_early_loss_drifts_two_percent_fails():
    assert not _comparable(_entry(), _entry(curve=(0.5, 0.408, 0.3, 0.2)))


def test_a_peer_with_a_shorter_curve_fails():
    assert not _comparable(_entry(), _entry(curve=(0.5, 0.4)))


def test_final_loss_is_compared_when_no_curve_was_tracked():
    ours, peer = _entry(curve=()), _entry(curve=())
    ours["after"]["train_loss"], peer["after"]["train_loss"] = 0.30, 0.33
    assert not _comparable(ours, peer)
    peer["after"]["train_loss"] = 0.31
    assert _comparable(ours, peer)
