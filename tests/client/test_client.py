"""The client against a real server: the API's behaviour as Python objects and exceptions."""

import socket
import time
from pathlib import Path

import httpx
import numpy as np
import pytest

import boundary_lab

LINEAR = {"dataset": {"name": "linear", "n_points": 100}, "model": {"kind": "logistic"}}


def test_a_run_streams_typed_frames_and_ends(lab):
    with lab.train(**LINEAR, optimizer={"learning_rate": 0.1}, max_steps=1500) as run:
        frames = list(run.frames())
        last = frames[-1]
        assert last.grid.probs.shape == (100, 100, 2)
        assert np.allclose(last.grid.probs.sum(axis=-1), 1.0, atol=2 / 255)
        assert last.coefficients.shape == (1, 3)
        assert run.end.status == "done" and run.end.step == 1500
        assert run.wait().status == "done"
        assert run.metrics.train_accuracy == run.end.metrics.train_accuracy
        history = run.history()
        assert [row["step"] for row in history][-1] == 1500


def test_query_params_and_predict_agree_with_the_frames(lab):
    with lab.train(**LINEAR, max_steps=800) as run:
        run.wait()
        coefficients = np.asarray(run.params()["coefficients"])[0]
        points = np.array([[1.0, -2.0], [-3.0, 0.5]])
        f = coefficients[0] + points @ coefficients[1:]
        answer = run.predict(points)
        assert np.allclose(answer.probabilities[:, 1], 1 / (1 + np.exp(-f)), atol=1e-4)
        assert answer.step == 800


def test_steer_a_paused_run(lab):
    with lab.train(**LINEAR, max_steps=10_000, paused=True) as run:
        assert run.step(7) == 7
        assert run.set(learning_rate=0.5).learning_rate == 0.5
        with pytest.raises(boundary_lab.ConflictError):
            run.resume()
            run.step(1)


def test_pause_stops_a_training_run(lab):
    with lab.train(**LINEAR, max_steps=10_000_000) as run:
        while run.info().step == 0:
            pass
        assert run.pause().status == "paused"
        held = run.info().step
        assert run.step(3) == 3
        assert run.info().step == held + 3, "a paused run moves only by the steps asked for"


def test_the_timeout_bounds_each_call():
    """A lab that accepts the connection and never answers raises after the configured timeout, not never."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with boundary_lab.connect(url, timeout=0.5) as impatient, pytest.raises(httpx.TimeoutException):
            impatient.health()
        assert time.monotonic() - started < 10


def test_delete_as_context_manager_frees_the_run(lab):
    with lab.train(**LINEAR, max_steps=10_000) as run:
        pass
    with pytest.raises(boundary_lab.NotFoundError):
        run.info()


def test_a_bad_field_raises_an_error_naming_it(lab):
    with pytest.raises(boundary_lab.FieldError, match=r"dataset\.n_points") as caught:
        lab.train(dataset={"name": "linear", "n_points": 10**6})
    assert caught.value.fields == ["dataset.n_points"]
    with pytest.raises(boundary_lab.FieldError) as caught:
        lab.train(dataset={"name": "linear"}, model={"kind": "cnn"})
    assert caught.value.fields == ["model.kind"]


def test_the_token_is_required_and_sent_as_a_header(lab_url, lab):
    with pytest.raises(boundary_lab.AuthError):
        boundary_lab.connect(lab_url).health()
    assert lab.health()["max_live_runs"] == 2


def test_digits_frames_and_lesson_helpers(lab):
    with lab.train(**lab.lesson_config("digits.softmax", max_steps=20)) as run:
        last = list(run.frames())[-1]
        assert last.digits.weights.shape == (10, 28, 28)
        samples = lab.samples(limit=3)
        assert samples["images"].shape == (3, 28, 28)
        assert run.predict(images=samples["images"]).probabilities.shape == (3, 10)
    edges = lab.convolve([[1, 0, -1]] * 3, index=0, relu=True, pool=True)
    assert edges["output"].shape == (14, 14) and edges["output"].min() >= 0


def test_show_outside_jupyter_saves_a_png(lab, tmp_path):
    with lab.train(**LINEAR, max_steps=300) as run:
        path = run.show(path=str(tmp_path / "run.png"))
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
