"""How often a digits run re-evaluates its full test split: often enough to watch, never a large share of the time."""

from types import SimpleNamespace

import pytest

from models import digits_lab
from models.digits_lab import REPORT_SHARE_INVERSE, DigitsLab, DigitsSetup


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def timed_lab(monkeypatch):
    """A softmax lab on a fake clock whose test reports take the time the test says."""
    clock = FakeClock()
    monkeypatch.setattr(digits_lab, "time", clock)
    lab = DigitsLab(DigitsSetup())
    costs = []
    real_report = lab.test_report

    def report():
        clock.now += costs.pop(0)
        return real_report()

    monkeypatch.setattr(lab, "test_report", report)
    return SimpleNamespace(lab=lab, clock=clock, costs=costs)


def test_a_slow_first_report_does_not_hold_back_the_next(timed_lab):
    timed_lab.costs += [5.0, 0.01]  # the first report also compiles
    assert timed_lab.lab.measure().report is not None
    timed_lab.clock.now += 0.6
    assert timed_lab.lab.measure().report is not None


def test_reports_take_at_most_their_share_of_the_time(timed_lab):
    cost = 0.1
    timed_lab.costs += [0.0, cost, cost]
    lab, clock = timed_lab.lab, timed_lab.clock
    assert lab.measure().report is not None
    clock.now += 0.6
    assert lab.measure().report is not None  # measured: 0.1 s, so the next waits REPORT_SHARE_INVERSE × 0.1 s
    clock.now += REPORT_SHARE_INVERSE * cost * 0.9
    assert lab.measure().report is None
    clock.now += REPORT_SHARE_INVERSE * cost * 0.2
    assert lab.measure().report is not None


def test_the_final_frame_always_carries_a_report(timed_lab):
    timed_lab.costs += [0.0, 0.0]
    assert timed_lab.lab.measure().report is not None
    assert timed_lab.lab.measure(full=True).report is not None
