"""One 2D experiment: a dataset, a model, its optimizer state, and what each frame measures and draws.

This is the object a run drives. It is plain Python around the jitted pieces, with numpy in and numpy out, so the
server never touches JAX directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from models.datasets2d import Points2D, make_points, points_payload
from models.features import feature_matrix
from models.frame_bytes import b64
from models.inspect_step import CLOSED_FORM, PENALTY_GRADIENT, UPDATE_RULES, forward_trace, inspect_update
from models.lab import InvalidArgument, NotOffered, layer_listing
from models.loss_surface import axis_values, default_axes, surface_grid, weight_positions
from models.nets import DenseSpec
from models.probes import decision_grid, plane_points, predict_probabilities, unit_maps
from models.training import (
    OptimizerSetup,
    PaddedData,
    TrainConfig,
    init_state,
    pad_data,
    split_metrics,
    steps_per_call,
    train_steps,
    with_learning_rate,
)

FRAME_INTERVAL_S = 1 / 32  # aim a little above 30 frames/s so jitter does not drop below it
DIGITS_ONLY = "confusion examples, robustness, abstention and the embedding are for digits runs"


@dataclass(frozen=True)
class PlaneSetup(OptimizerSetup):
    """The knobs of a 2D experiment, already validated by the caller (the optimizer's: `OptimizerSetup`)."""

    dataset: str = "spiral"
    n_points: int = 500
    noise: float = 0.0
    train_fraction: float = 0.5
    classes: int = 2
    data_seed: int = 0
    points: tuple[tuple[float, float, int], ...] | None = None
    kind: str = "mlp"
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "tanh"
    features: tuple[str, ...] = ("x1", "x2")
    grid_resolution: int = 100
    unit_resolution: int = 20


@dataclass(frozen=True)
class PlaneMeasurement:
    """Everything one frame shows, as numpy, and the plane it is drawn on."""

    metrics: dict[str, float | None]
    grid: np.ndarray  # uint8 (N, N, K)
    unit_maps: np.ndarray  # uint8 (units, R, R)
    unit_scales: np.ndarray  # float32 (units,)
    extent: tuple[float, float, float, float]
    layers: tuple[int, ...]  # units per hidden layer, the order of `unit_maps`
    coefficients: list[list[float]] | None  # linear models: [w0, w1, …] per output

    def payload(self) -> dict[str, Any]:
        """The frame's grid, unit maps and equation (server/schemas/frames.py: GridPayload, UnitsPayload)."""
        n, classes = self.grid.shape[0], self.grid.shape[2]
        units = None
        if len(self.unit_maps):
            units = {
                "resolution": self.unit_maps.shape[1],
                "layers": list(self.layers),
                "maps": b64(self.unit_maps),
                "scales": [round(float(s), 5) for s in self.unit_scales],
            }
        grid = {"resolution": n, "extent": self.extent, "classes": classes, "probs": b64(self.grid)}
        return {"grid": grid, "units": units, "coefficients": self.coefficients}


class PlaneLab:
    """A `Lab` (models/lab.py) on 2D points: frames carry a decision grid, unit maps and a linear model's equation."""

    inputs = "points"
    frame_interval_s = FRAME_INTERVAL_S

    def __init__(self, setup: PlaneSetup):
        self.setup = setup
        self.points: Points2D = make_points(
            setup.dataset,
            setup.n_points,
            setup.noise,
            setup.train_fraction,
            setup.classes,
            setup.data_seed,
            [list(p) for p in setup.points] if setup.points else None,
        )
        self.spec = DenseSpec(
            kind=setup.kind,
            n_inputs=len(setup.features),
            classes=self.points.classes,
            hidden=tuple(setup.hidden) if setup.kind == "mlp" else (),
            activation=setup.activation,
        )
        # `spec` is the net the user asked for; `cfg.spec` is what compiles (bucket widths, padding units masked).
        self.cfg = setup.train_config(self.spec.padded())
        starts = np.cumsum((0, *self.cfg.spec.hidden[:-1])) if self.spec.hidden else ()
        self._real_units = np.array(  # rows of the padded unit maps that belong to real units
            [start + unit for start, n in zip(starts, self.spec.hidden, strict=True) for unit in range(n)], int
        )
        self.data = pad_data(self.points.train_x, self.points.train_y, self.points.test_x, self.points.test_y)
        self.data = self.data._replace(
            train_x=feature_matrix(setup.features, self.data.train_x),
            test_x=feature_matrix(setup.features, self.data.test_x),
        )
        self.state = init_state(self.cfg, self.data, setup.learning_rate, setup.seed)
        self.learning_rate = setup.learning_rate
        self.steps_per_call = steps_per_call(self.cfg)
        self._grid_points = jnp.asarray(plane_points(self.points.extent, setup.grid_resolution))
        self._unit_points = jnp.asarray(plane_points(self.points.extent, setup.unit_resolution))

    @property
    def step(self) -> int:
        return int(self.state.step)

    @property
    def epoch(self) -> float:
        return self.step * self.setup.batch_size / self.n_train

    @property
    def n_train(self) -> int:
        return len(self.points.train_y)

    @property
    def has_test(self) -> bool:
        return len(self.points.test_y) > 0

    def train(self, n_steps: int) -> None:
        self.state = train_steps(self.cfg, self.state, self.data, self.setup.regularization_rate, n_steps)

    def set_learning_rate(self, learning_rate: float) -> None:
        self.state = with_learning_rate(self.state, learning_rate)
        self.learning_rate = learning_rate

    def measure(self, full: bool = False) -> PlaneMeasurement:
        """Metrics, decision grid and unit maps, fetched from the device in one transfer (always complete)."""
        setup = self.setup
        metrics, grid, (maps, scales) = jax.device_get(
            _measure_all(self.cfg, setup.features, self.state.params, self.data, self._grid_points, self._unit_points)
        )
        values: dict[str, float | None] = {k: float(v) for k, v in metrics.items()}
        if not self.has_test:
            values["test_loss"] = values["test_accuracy"] = None
        n, r = setup.grid_resolution, setup.unit_resolution
        return PlaneMeasurement(
            metrics=values,
            grid=grid.reshape(n, n, self.spec.classes),
            unit_maps=maps[self._real_units].reshape(-1, r, r),
            unit_scales=scales[self._real_units],
            extent=self.points.extent,
            layers=self.spec.hidden,
            coefficients=self.coefficients(),
        )

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Class probabilities (n, K) at raw 2D points (n, 2)."""
        probs = predict_probabilities(
            self.cfg.spec, self.state.params, self.setup.features, jnp.asarray(inputs, jnp.float32)
        )
        return np.asarray(probs, np.float64)

    def parameters(self) -> list[dict[str, np.ndarray]]:
        """Weights and biases of the net as asked for (padding units cut away)."""
        return self._real_layers(jax.device_get(self.state.params))

    def _real_layers(self, tree) -> list[dict[str, np.ndarray]]:
        """A params-like tree (weights, gradients, updates) laid out as the net asked for: padding units cut away."""
        sizes = self.spec.layer_sizes
        return [
            {"w": np.asarray(layer["w"])[:n_in, :n_out], "b": np.asarray(layer["b"])[:n_out]}
            for layer, n_in, n_out in zip(tree, sizes[:-1], sizes[1:], strict=True)
        ]

    def describe(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "kind": spec.kind,
            "features": list(self.setup.features),
            "layer_sizes": list(spec.layer_sizes),
            "parameter_count": spec.parameter_count,
        }

    def learned_parameters(self) -> dict[str, Any]:
        return {"layers": layer_listing(self.parameters()), "coefficients": self.coefficients()}

    def data_points(self) -> dict[str, Any]:
        return points_payload(self.points)

    def set_probe_index(self, index: int) -> None:
        raise NotOffered("probe_index applies to digits runs only")

    def set_probe_image(self, image: np.ndarray) -> None:
        raise NotOffered("probe_image applies to digits runs only")

    def inspect_step(self, example: int) -> dict[str, Any]:
        """The next update in numbers (models/inspect_step.py); the new values come from the training loop itself,
        run for one step on a copy of the state, so they are exactly what POST /step then applies."""
        batch_size = self.setup.batch_size
        if not 0 <= example < batch_size:
            raise InvalidArgument("example", f"example is a position in the batch: 0 ≤ example < {batch_size}")
        state, rate = self.state, self.setup.regularization_rate
        after = train_steps(self.cfg, state, self.data, rate, 1)
        seen = jax.device_get(inspect_update(self.cfg, state, self.data, jnp.float32(rate), after.params))
        trace = jax.device_get(forward_trace(self.cfg.spec, state.params, seen.inputs[example], seen.labels[example]))
        regularization = self.setup.regularization
        closed = None
        if seen.closed_form is not None:
            layers = layer_listing(self._real_layers(seen.closed_form))
            closed = {"formula": CLOSED_FORM + PENALTY_GRADIENT[regularization], "layers": layers}
        hyper = jax.device_get(state.opt_state.hyperparams)
        return {
            "step": self.step,
            **self.describe(),
            "batch": {"indices": seen.rows.tolist(), "labels": seen.labels.tolist()},
            "example": self._example_report(seen, example, trace),
            "loss": float(seen.loss),
            "penalty": float(seen.penalty),
            "regularization": {"kind": regularization, "rate": rate, "in_gradient": regularization != "none"},
            "gradients": layer_listing(self._real_layers(seen.gradients)),
            "closed_form": closed,
            "update": {
                "optimizer": self.setup.optimizer,
                "formula": UPDATE_RULES[self.setup.optimizer],
                "hyperparameters": {name: float(value) for name, value in hyper.items()},
                "number": self.step + 1,
                "layers": layer_listing(self._real_layers(seen.updates)),
            },
            "parameters": layer_listing(self._real_layers(jax.device_get(state.params))),
            "new_parameters": layer_listing(self._real_layers(jax.device_get(after.params))),
            "probabilities_before": seen.probabilities_before.tolist(),
            "probabilities_after": seen.probabilities_after.tolist(),
        }

    def _example_report(self, seen, example: int, trace: dict[str, Any]) -> dict[str, Any]:
        """One batch point's forward pass as the net asked for (padding units cut away)."""
        index, x = int(seen.rows[example]), seen.inputs[example]
        return {
            "position": example,
            "index": index,
            "point": self.points.train_x[index].tolist(),
            "label": int(seen.labels[example]),
            "features": [{"name": n, "value": float(v)} for n, v in zip(self.setup.features, x, strict=True)],
            "hidden": [
                {"weighted_sums": layer["weighted_sums"][:n].tolist(), "activations": layer["activations"][:n].tolist()}
                for layer, n in zip(trace["hidden"], self.spec.hidden, strict=True)
            ],
            "activation": self.spec.activation if self.spec.hidden else None,
            "scores": trace["scores"][: self.spec.layer_sizes[-1]].tolist(),
            "output": "sigmoid" if self.spec.kind == "logistic" else "softmax",
            "probabilities": trace["probabilities"].tolist(),
            "loss": float(trace["loss"]),
        }

    def confusion_examples(self, true: int, predicted: int, offset: int, limit: int) -> dict[str, Any]:
        raise NotOffered(DIGITS_ONLY)

    def abstention(self) -> dict[str, Any]:
        raise NotOffered(DIGITS_ONLY)

    def robustness(self, distortion: str, strengths: list[float], index: int) -> dict[str, Any]:
        raise NotOffered(DIGITS_ONLY)

    def embedding(self, layer: str, limit: int) -> dict[str, Any]:
        raise NotOffered(DIGITS_ONLY)

    def loss_surface(self, x: str | None, y: str | None, resolution: int) -> dict[str, Any]:
        """The objective over two weights of a linear model (models/loss_surface.py), from one snapshot of the state;
        `x` and `y` None: the first two features' weights (of class 0's score for softmax)."""
        if self.spec.kind == "mlp":
            raise NotOffered("the loss surface is for the linear models (logistic, softmax); this run is an mlp")
        positions = weight_positions(len(self.setup.features), self.spec.layer_sizes[-1])
        x, y = x or default_axes(positions)[0], y or default_axes(positions)[1]
        for field, name in (("x", x), ("y", y)):
            if name not in positions:
                raise InvalidArgument(field, f"{field} must name a weight of this model: one of {', '.join(positions)}")
        if x == y:
            raise InvalidArgument("y", "y must name a different weight from x")
        state = self.state  # one snapshot: the worker may replace the state meanwhile
        params = state.params
        coefficients = _coefficient_rows(self._real_layers(jax.device_get(params))[-1])
        (jx, kx), (jy, ky) = positions[x], positions[y]
        xs = axis_values(float(coefficients[kx, jx]), resolution)
        ys = axis_values(float(coefficients[ky, jy]), resolution)
        rate = jnp.float32(self.setup.regularization_rate)
        at_x, at_y = jnp.asarray((jx, kx)), jnp.asarray((jy, ky))
        grid, current = jax.device_get(surface_grid(self.cfg, params, self.data, rate, at_x, at_y, xs, ys))
        return {
            "step": int(state.step),
            "x": x,
            "y": y,
            "weights": list(positions),
            "resolution": resolution,
            "x_values": xs.tolist(),
            "y_values": ys.tolist(),
            "loss": grid.tolist(),
            "current": [float(coefficients[kx, jx]), float(coefficients[ky, jy])],
            "current_loss": float(current),
            "penalty_included": self.setup.regularization != "none",
        }

    def coefficients(self) -> list[list[float]] | None:
        """For linear models, one row [w0, w1, …] per output: f = w0 + Σ wj·feature_j (logistic: one row)."""
        if self.spec.kind == "mlp":
            return None
        return _coefficient_rows(self.parameters()[-1]).tolist()


def _coefficient_rows(layer: dict[str, np.ndarray]) -> np.ndarray:
    """A linear layer as (outputs, 1 + features) rows [w0, w1, …]: the bias, then each feature's weight."""
    return np.concatenate([layer["b"][:, None], layer["w"].T], axis=1).astype(np.float64)


@partial(jax.jit, static_argnames=("cfg", "features"))
def _measure_all(cfg: TrainConfig, features: tuple[str, ...], params, data: PaddedData, grid_points, unit_points):
    """Everything a frame needs in one compiled call (one compile per new shape, one dispatch per frame)."""
    return (
        split_metrics(cfg, params, data),
        decision_grid(cfg.spec, params, features, grid_points),
        unit_maps(cfg.spec, params, features, unit_points),
    )
