"""The step inspector's numbers are the run's: its gradients equal a plain numpy backprop and finite differences for
every model kind and activation, its batch is the one the next update trains on, its new values are what one more
step makes, and the linear models' closed form equals autodiff. The loss surface passes through the current loss.
"""

from dataclasses import replace

import numpy as np
import pytest

from models.lab import InvalidArgument, NotOffered
from models.loss_surface import axis_values, default_axes, weight_positions
from models.plane_lab import PlaneLab, PlaneSetup

FEATURES = {
    "x1": lambda p: p[:, 0],
    "x2": lambda p: p[:, 1],
    "x1^2": lambda p: p[:, 0] ** 2,
    "x2^2": lambda p: p[:, 1] ** 2,
    "x1*x2": lambda p: p[:, 0] * p[:, 1],
    "sin_x1": lambda p: np.sin(p[:, 0]),
    "sin_x2": lambda p: np.sin(p[:, 1]),
}
ACTIVATIONS = {  # (act, act')
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "linear": (lambda z: z, np.ones_like),
}


def features_of(setup: PlaneSetup, points: np.ndarray) -> np.ndarray:
    return np.stack([FEATURES[name](points.astype(np.float64)) for name in setup.features], axis=1)


def numpy_forward(setup: PlaneSetup, layers, x: np.ndarray):
    """Weighted sums and activations per hidden layer, the scores, and the class probabilities, in float64."""
    act, _ = ACTIVATIONS[setup.activation]
    h, hidden = x, []
    for layer in layers[:-1]:
        z = h @ layer["w"] + layer["b"]
        h = act(z)
        hidden.append((z, h))
    scores = h @ layers[-1]["w"] + layers[-1]["b"]
    logits = np.concatenate([np.zeros_like(scores), scores], axis=1) if setup.kind == "logistic" else scores
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return hidden, scores, e / e.sum(axis=1, keepdims=True)


def numpy_penalty(setup: PlaneSetup, layers) -> float:
    rate = setup.regularization_rate
    if setup.regularization == "l1":
        return rate * sum(np.abs(layer["w"]).sum() for layer in layers)
    if setup.regularization == "l2":
        return rate * 0.5 * sum((layer["w"] ** 2).sum() for layer in layers)
    return 0.0


def numpy_loss(setup: PlaneSetup, layers, x, y) -> float:
    _, _, probs = numpy_forward(setup, layers, x)
    return float(-np.log(probs[np.arange(len(y)), y]).mean()) + numpy_penalty(setup, layers)


def numpy_gradients(setup: PlaneSetup, layers, x, y):
    """Backpropagation by hand: δ at the scores is (p − onehot(y))/B, then δ_z = (δ_h·Wᵀ)·act'(z) layer by layer."""
    _, act_prime = ACTIVATIONS[setup.activation]
    hidden, _, probs = numpy_forward(setup, layers, x)
    delta = probs.copy()
    delta[np.arange(len(y)), y] -= 1
    delta /= len(y)
    if setup.kind == "logistic":
        delta = delta[:, 1:]
    inputs = [x] + [h for _, h in hidden]
    grads = [None] * len(layers)
    for i in reversed(range(len(layers))):
        grads[i] = {"w": inputs[i].T @ delta, "b": delta.sum(axis=0)}
        if i:
            delta = (delta @ layers[i]["w"].T) * act_prime(hidden[i - 1][0])
    rate = setup.regularization_rate
    for grad, layer in zip(grads, layers, strict=True):
        grad["w"] += {"none": 0.0, "l1": rate * np.sign(layer["w"]), "l2": rate * layer["w"]}[setup.regularization]
    return grads


def finite_differences(setup: PlaneSetup, layers, x, y, eps=1e-6):
    grads = []
    for i, layer in enumerate(layers):
        grads.append({})
        for key in ("w", "b"):
            numeric = np.zeros_like(layer[key])
            for index in np.ndindex(layer[key].shape):
                shifted = [dict(other) for other in layers]
                for sign in (1, -1):
                    shifted[i][key] = layer[key].copy()
                    shifted[i][key][index] += sign * eps
                    numeric[index] += sign * numpy_loss(setup, shifted, x, y) / (2 * eps)
            grads[i][key] = numeric
    return grads


def as_arrays(listing) -> list[dict[str, np.ndarray]]:
    return [
        {"w": np.asarray(layer["weights"], np.float64), "b": np.asarray(layer["bias"], np.float64)} for layer in listing
    ]


def assert_layers_close(got, want, **tolerance) -> None:
    for g, w in zip(got, want, strict=True):
        for key in ("w", "b"):
            assert g[key].shape == w[key].shape
            np.testing.assert_allclose(g[key], w[key], **tolerance)


def host_layers(lab: PlaneLab):
    return [{k: v.astype(np.float64) for k, v in layer.items()} for layer in lab.parameters()]


CASES = [
    PlaneSetup(dataset="linear", kind="logistic", learning_rate=0.5),
    PlaneSetup(dataset="blobs3", classes=3, kind="softmax", regularization="l2", regularization_rate=0.05),
    PlaneSetup(
        dataset="circle",
        kind="softmax",
        features=("x1^2", "x2^2", "x1*x2"),
        regularization="l1",
        regularization_rate=0.01,
    ),
    *[PlaneSetup(dataset="xor", kind="mlp", hidden=(3, 2), activation=name, learning_rate=0.3) for name in ACTIVATIONS],
    PlaneSetup(
        dataset="spiral",
        classes=3,
        kind="mlp",
        hidden=(4,),
        activation="tanh",
        features=("x1", "sin_x2"),
        regularization="l2",
        regularization_rate=0.01,
    ),
]
SMALL = {"n_points": 40, "batch_size": 8}


@pytest.mark.parametrize("setup", CASES, ids=lambda s: f"{s.kind}-{s.activation}-{s.regularization}-{s.dataset}")
def test_gradients_equal_numpy_backprop_and_finite_differences(setup):
    setup = replace(setup, **SMALL)
    lab = PlaneLab(setup)
    lab.train(3)
    report = lab.inspect_step(2)
    rows, labels = np.asarray(report["batch"]["indices"]), np.asarray(report["batch"]["labels"])
    assert len(set(rows)) == len(rows) == setup.batch_size and rows.max() < lab.n_train
    np.testing.assert_array_equal(labels, lab.points.train_y[rows])
    x, layers = features_of(setup, lab.points.train_x[rows]), host_layers(lab)
    autodiff = as_arrays(report["gradients"])
    assert_layers_close(autodiff, numpy_gradients(setup, layers, x, labels), rtol=1e-4, atol=2e-6)
    assert_layers_close(autodiff, finite_differences(setup, layers, x, labels), rtol=1e-4, atol=1e-5)
    penalty = numpy_penalty(setup, layers)
    assert report["loss"] + report["penalty"] == pytest.approx(numpy_loss(setup, layers, x, labels), rel=1e-5)
    assert report["penalty"] == pytest.approx(penalty, rel=1e-5, abs=1e-9)
    assert report["regularization"]["in_gradient"] == (setup.regularization != "none")
    assert report["layer_sizes"] == list(lab.spec.layer_sizes)


@pytest.mark.parametrize("setup", CASES, ids=lambda s: f"{s.kind}-{s.activation}-{s.regularization}-{s.dataset}")
def test_the_example_trace_is_the_forward_pass(setup):
    setup = replace(setup, **SMALL)
    lab = PlaneLab(setup)
    lab.train(2)
    example = lab.inspect_step(5)["example"]
    assert example["position"] == 5
    point = lab.points.train_x[example["index"]]
    assert example["point"] == point.tolist() and example["label"] == lab.points.train_y[example["index"]]
    x = features_of(setup, point[None])
    assert [f["name"] for f in example["features"]] == list(setup.features)
    np.testing.assert_allclose([f["value"] for f in example["features"]], x[0], rtol=1e-6, atol=1e-7)
    hidden, scores, probs = numpy_forward(setup, host_layers(lab), x)
    assert len(example["hidden"]) == len(hidden)
    for got, (z, h) in zip(example["hidden"], hidden, strict=True):
        np.testing.assert_allclose(got["weighted_sums"], z[0], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(got["activations"], h[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(example["scores"], scores[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(example["probabilities"], probs[0], rtol=1e-5, atol=1e-6)
    assert example["loss"] == pytest.approx(-np.log(probs[0, example["label"]]), rel=1e-5, abs=1e-6)
    assert example["output"] == ("sigmoid" if setup.kind == "logistic" else "softmax")
    if setup.kind == "logistic":
        (f,) = example["scores"]
        assert example["probabilities"][1] == pytest.approx(1 / (1 + np.exp(-f)), rel=1e-6)


@pytest.mark.parametrize("setup", [s for s in CASES if s.kind != "mlp"], ids=lambda s: f"{s.kind}-{s.dataset}")
def test_the_closed_form_equals_autodiff_for_linear_models(setup):
    lab = PlaneLab(replace(setup, **SMALL))
    lab.train(4)
    report = lab.inspect_step(0)
    closed = report["closed_form"]
    assert "(p_k − y_k)·x_j" in closed["formula"]
    assert_layers_close(as_arrays(closed["layers"]), as_arrays(report["gradients"]), rtol=1e-5, atol=1e-6)
    probs = np.asarray(report["probabilities_before"])
    x = features_of(lab.setup, lab.points.train_x[report["batch"]["indices"]])
    y = np.asarray(report["batch"]["labels"])
    residual = probs[:, 1] - y if setup.kind == "logistic" else probs - np.eye(probs.shape[1])[y]
    residual = residual.reshape(len(y), -1)
    (layer,) = host_layers(lab)
    rate = lab.setup.regularization_rate
    by_hand = (
        x.T @ residual / len(y)
        + {"none": 0.0, "l1": rate * np.sign(layer["w"]), "l2": rate * layer["w"]}[lab.setup.regularization]
    )
    (closed_layer,) = as_arrays(closed["layers"])
    np.testing.assert_allclose(closed_layer["w"], by_hand, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(closed_layer["b"], residual.mean(axis=0), rtol=1e-5, atol=1e-7)


def test_an_mlp_has_no_closed_form():
    lab = PlaneLab(PlaneSetup(dataset="xor", hidden=(3,), **SMALL))
    assert lab.inspect_step(0)["closed_form"] is None


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_the_inspected_update_is_what_the_next_step_applies(optimizer):
    lab = PlaneLab(PlaneSetup(dataset="xor", hidden=(5,), optimizer=optimizer, learning_rate=0.1, **SMALL))
    lab.train(6)
    report = lab.inspect_step(0)
    assert report == lab.inspect_step(0) and lab.step == 6  # inspecting changes nothing
    before = lab.parameters()
    lab.train(1)
    after = lab.parameters()
    for got, new, old, update in zip(after, report["new_parameters"], before, report["update"]["layers"], strict=True):
        for key, name in (("w", "weights"), ("b", "bias")):
            np.testing.assert_array_equal(got[key], np.asarray(new[name], np.float32))
            step = np.asarray(update[name], np.float32)
            ulp = 2 * np.spacing(np.maximum(np.abs(old[key]), np.abs(got[key])))
            assert np.all(np.abs(old[key] + step - got[key]) <= ulp)
    assert report["update"]["optimizer"] == optimizer and report["update"]["number"] == 7
    assert report["update"]["hyperparameters"]["learning_rate"] == pytest.approx(0.1)
    if optimizer == "sgd":
        for update, grad in zip(report["update"]["layers"], report["gradients"], strict=True):
            np.testing.assert_allclose(update["weights"], -0.1 * np.asarray(grad["weights"]), rtol=1e-6)
    probs_after = lab.predict(lab.points.train_x[report["batch"]["indices"]])
    np.testing.assert_allclose(report["probabilities_after"], probs_after, rtol=1e-5, atol=1e-6)


def test_the_batch_is_the_one_trained_on_across_an_epoch_boundary():
    """20 training points in batches of 5: every 4 steps the order is redrawn; each epoch's batches cover it once,
    and each inspected batch's plain-numpy SGD step is the step the run takes."""
    setup = PlaneSetup(dataset="gauss", n_points=40, batch_size=5, kind="logistic", learning_rate=0.5)
    lab = PlaneLab(setup)
    epochs = []
    for _ in range(2):
        seen = []
        for _ in range(4):
            report = lab.inspect_step(0)
            rows, labels = report["batch"]["indices"], np.asarray(report["batch"]["labels"])
            before = host_layers(lab)
            grads = numpy_gradients(setup, before, features_of(setup, lab.points.train_x[rows]), labels)
            lab.train(1)
            assert_layers_close(
                host_layers(lab),
                [{k: layer[k] - 0.5 * grad[k] for k in ("w", "b")} for layer, grad in zip(before, grads, strict=True)],
                rtol=1e-5,
                atol=1e-6,
            )
            seen += rows
        epochs.append(seen)
    assert sorted(epochs[0]) == sorted(epochs[1]) == list(range(20))
    assert epochs[0] != epochs[1]


def test_an_example_outside_the_batch_is_refused_by_name():
    lab = PlaneLab(PlaneSetup(dataset="xor", hidden=(3,), **SMALL))
    for example in (-1, 8):
        with pytest.raises(InvalidArgument, match="example") as caught:
            lab.inspect_step(example)
        assert caught.value.field == "example"


def test_weight_names_follow_the_equation():
    assert weight_positions(2, 1) == {"w0": (0, 0), "w1": (1, 0), "w2": (2, 0)}
    softmax = weight_positions(2, 3)
    assert list(softmax)[:4] == ["w0_0", "w1_0", "w2_0", "w0_1"] and softmax["w2_1"] == (2, 1)
    assert default_axes(weight_positions(2, 1)) == ("w1", "w2")
    assert default_axes(softmax) == ("w1_0", "w2_0")
    assert default_axes(weight_positions(1, 1)) == ("w1", "w0")
    values = axis_values(0.25, 7)
    assert values[3] == np.float32(0.25) and values[0] == pytest.approx(-2.75) and values[-1] == pytest.approx(3.25)
    assert axis_values(-4.0, 5)[[0, -1]].tolist() == [-12.0, 4.0]


@pytest.mark.parametrize(
    "setup,x,y",
    [
        (PlaneSetup(dataset="linear", kind="logistic", n_points=60), "w1", "w2"),
        (PlaneSetup(dataset="blobs3", classes=3, kind="softmax", n_points=60), "w0_2", "w1_0"),
        (
            PlaneSetup(dataset="blobs3", kind="softmax", n_points=60, regularization="l2", regularization_rate=0.1),
            "w2_1",
            "w1_1",
        ),
    ],
    ids=["logistic", "softmax", "softmax-l2"],
)
def test_the_surface_passes_through_the_current_loss(setup, x, y):
    lab = PlaneLab(setup)
    lab.train(40)
    surface = lab.loss_surface(x, y, 7)
    grid = np.asarray(surface["loss"])
    assert grid.shape == (7, 7) and surface["step"] == 40 and surface["resolution"] == 7
    assert grid[3, 3] == pytest.approx(surface["current_loss"], rel=1e-6)
    assert surface["current"] == [surface["x_values"][3], surface["y_values"][3]]
    layers = host_layers(lab)
    x_all = features_of(setup, lab.points.train_x)
    assert surface["current_loss"] == pytest.approx(numpy_loss(setup, layers, x_all, lab.points.train_y), rel=1e-5)
    if setup.regularization == "none":
        assert surface["current_loss"] == pytest.approx(lab.measure().metrics["train_loss"], rel=1e-6)
    assert surface["penalty_included"] == (setup.regularization != "none")
    positions = weight_positions(len(setup.features), lab.spec.layer_sizes[-1])
    (jx, kx), (jy, ky) = positions[x], positions[y]
    for r, i in ((0, 6), (5, 1)):  # a corner and an inner point against numpy with those two weights moved
        moved = [{k: v.copy() for k, v in layer.items()} for layer in layers]
        for (j, k), value in (((jx, kx), surface["x_values"][i]), ((jy, ky), surface["y_values"][r])):
            if j == 0:
                moved[0]["b"][k] = value
            else:
                moved[0]["w"][j - 1, k] = value
        assert grid[r, i] == pytest.approx(numpy_loss(setup, moved, x_all, lab.points.train_y), rel=1e-5)


def test_the_surface_refuses_unknown_weights_and_nonlinear_models():
    lab = PlaneLab(PlaneSetup(dataset="linear", kind="logistic", n_points=40))
    assert (lab.loss_surface(None, None, 5)["x"], lab.loss_surface(None, None, 5)["y"]) == ("w1", "w2")
    for x, y, field in (("w9", "w1", "x"), ("w1", "w1_0", "y"), ("w1", "w1", "y")):
        with pytest.raises(InvalidArgument) as caught:
            lab.loss_surface(x, y, 5)
        assert caught.value.field == field
    with pytest.raises(NotOffered, match="linear models"):
        PlaneLab(PlaneSetup(dataset="xor", hidden=(2,), n_points=40)).loss_surface("w1", "w2", 5)
