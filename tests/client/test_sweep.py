"""`lab.sweep`: every combination trained within the server's cap of 2 live runs (429s waited out politely)."""

import pytest

from boundary_lab import RunLimitError
from boundary_lab.sweep import expand

WHERE = {"max_steps": "", "seed": "", "learning_rate": "optimizer", "hidden": "model"}


def test_expand_places_each_setting_in_its_section():
    combos = expand({"model": {"kind": "mlp"}}, {"learning_rate": [0.1, 0.3], "hidden": [[4], [8]]}, WHERE)
    assert [swept for swept, _ in combos][1] == {"learning_rate": 0.1, "hidden": [8]}
    assert combos[3][1] == {"model": {"kind": "mlp", "hidden": [8]}, "optimizer": {"learning_rate": 0.3}}


def test_expand_names_an_unknown_setting():
    with pytest.raises(KeyError, match="lerning_rate"):
        expand({}, {"lerning_rate": [1]}, WHERE)


def test_sweep_waits_out_429_and_runs_every_configuration(lab, monkeypatch):
    base = {"dataset": {"name": "linear", "n_points": 100}, "model": {"kind": "logistic"}, "max_steps": 400}
    refusals = []
    train = lab.train

    def counting_train(**body):
        try:
            return train(**body)
        except RunLimitError as full:
            refusals.append(full.retry_after)
            raise

    monkeypatch.setattr(lab, "train", counting_train)
    with train(**base, paused=True):  # holds one of the 2 slots: the sweep gets one at a time
        rows = lab.sweep(base, learning_rate=[0.01, 0.1, 1.0], seed=[0])
    assert refusals and all(seconds > 0 for seconds in refusals)
    rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    assert [row["learning_rate"] for row in rows] == [0.01, 0.1, 1.0]
    assert all(row["status"] == "done" and row["step"] == 400 for row in rows)
    assert rows[0]["train_loss"] > rows[2]["train_loss"]
    assert lab.health()["live_runs"] == 0  # the sweep deleted its runs; the held one is gone with its `with`
