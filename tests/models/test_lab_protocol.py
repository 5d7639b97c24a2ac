"""Every lab and every net offers the whole protocol (models/lab.py), with the protocol's parameters.

`runtime_checkable` would only check names; this compares each method's parameters too, so a lab that drops or
renames one fails here instead of in a route that calls it.
"""

import inspect

import numpy as np
import pytest

from models.cnn import CnnSpec
from models.digits_lab import DigitsLab, DigitsSetup
from models.lab import Lab, ModelSpec, NotOffered
from models.nets import DenseSpec
from models.plane_lab import PlaneLab, PlaneSetup
from tests.server.fakes import FakeClock, TimedLab


def protocol_members(protocol) -> dict[str, object]:
    names = {name for name in vars(protocol) if not name.startswith("_")} | set(protocol.__annotations__)
    return {name: getattr(protocol, name, None) for name in names}


def assert_satisfies(thing, protocol) -> None:
    for name, declared in protocol_members(protocol).items():
        assert hasattr(thing, name), f"{type(thing).__name__} lacks {name}"
        if inspect.isfunction(declared):
            wanted = list(inspect.signature(declared).parameters)[1:]
            offered = list(inspect.signature(getattr(thing, name)).parameters)
            assert offered == wanted, f"{type(thing).__name__}.{name}{offered} differs from the protocol's {wanted}"


@pytest.fixture(scope="module")
def labs():
    return [
        PlaneLab(PlaneSetup(dataset="xor", n_points=60, hidden=(3,))),
        DigitsLab(DigitsSetup(kind="softmax", batch_size=50)),
        TimedLab(FakeClock()),
    ]


def test_every_lab_offers_the_whole_lab_protocol(labs):
    for lab in labs:
        assert_satisfies(lab, Lab)


def test_every_net_offers_the_whole_spec_protocol():
    for spec in (DenseSpec("mlp", 2, 2, (4,)), DenseSpec("softmax", 784, 10), CnnSpec(2, 0, 3, 0)):
        assert_satisfies(spec, ModelSpec)


def test_the_checker_catches_a_missing_or_renamed_member():
    class Partial(TimedLab):
        def predict(self, images):  # the protocol's parameter is `inputs`
            return images

    with pytest.raises(AssertionError, match="predict"):
        assert_satisfies(Partial(FakeClock()), Lab)
    with pytest.raises(AssertionError, match="lacks "):
        assert_satisfies(object(), ModelSpec)


def test_each_lab_builds_its_own_payload_and_says_what_it_lacks(labs):
    plane, digits, _ = labs
    assert set(plane.measure().payload()) == {"grid", "units", "coefficients"}
    assert set(digits.measure(full=True).payload()) == {"digits"}
    assert plane.predict(np.zeros((3, 2))).shape == (3, 2)
    assert digits.predict(np.zeros((2, 784), np.float32)).shape == (2, 10)
    with pytest.raises(NotOffered):
        plane.set_probe_index(1)
    with pytest.raises(NotOffered):
        digits.data_points()
    with pytest.raises(NotOffered, match="2D runs"):
        digits.inspect_step(0)
    with pytest.raises(NotOffered, match="linear models"):
        digits.loss_surface(None, None, 5)
    with pytest.raises(NotOffered, match="linear models"):
        plane.loss_surface(None, None, 5)  # an mlp
    assert plane.describe()["parameter_count"] == plane.spec.parameter_count == 2 * 3 + 3 + 3 * 2 + 2


def test_only_a_convolution_declines_to_fuse_steps_and_to_show_templates():
    dense, cnn = DenseSpec("softmax", 784, 10), CnnSpec(2, 0, 3, 0)
    assert dense.fuses_steps and not cnn.fuses_steps
    params = dense.init(np.random.default_rng(0))
    assert dense.templates(params).shape == (10, 784) and dense.filters(params) == {}
    assert cnn.templates(cnn.init(np.random.default_rng(0))) is None


def test_a_digits_lab_samples_and_paces_frames_as_its_net_says(labs):
    digits = labs[1]
    assert (len(digits._monitor_y), digits.frame_interval_s) == (DenseSpec.monitor_size, DenseSpec.frame_interval_s)
    assert (DenseSpec.monitor_size, DenseSpec.frame_interval_s) == (1000, 1 / 15)
    assert (CnnSpec.monitor_size, CnnSpec.frame_interval_s) == (256, 0.25)  # a CNN's forward pass is dearer
