"""The two seams every caller uses: a `Lab` (one experiment a run drives) and a `ModelSpec` (one net a lab trains).

A caller never asks which kind it holds: each lab builds its own frame payload, prediction and parameter listing as
JSON-ready data, and says itself what it does not offer (`NotOffered`). tests/models/test_lab_protocol.py checks that
every lab and spec has every member with the same parameters.
"""

from __future__ import annotations

from typing import Any, Protocol

import jax.numpy as jnp
import numpy as np


def layer_listing(layers: list[dict[str, np.ndarray]]) -> list[dict[str, list]]:
    """Weights and biases as nested lists, the `layers` of GET /api/runs/{id}/params."""
    return [{"weights": layer["w"].tolist(), "bias": layer["b"].ravel().tolist()} for layer in layers]


class NotOffered(Exception):
    """This lab has no such thing (points of a digits run, a probe digit of a 2D run): a conflict, not bad input."""


class InvalidArgument(ValueError):
    """A value this lab cannot use, with the name of the request field it came from (the route reports that field)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Measurement(Protocol):
    """One frame's measurement: the metrics (numbers, None where there is no test split) and the drawn payload."""

    metrics: dict[str, float | None]

    def payload(self) -> dict[str, Any]:
        """The frame's fields beyond the metrics, JSON-ready (lists, base64 text) for server/schemas/frames.py."""
        ...


class Lab(Protocol):
    """What a run needs from an experiment; PlaneLab (2D points) and DigitsLab (MNIST) provide it."""

    learning_rate: float
    steps_per_call: int  # chunk lengths are kept a multiple of it (a CNN computes 4 steps per call)
    frame_interval_s: float  # the lab's own frame pace; the server slows it when runs share the frame budget
    inputs: str  # what `predict` reads: the field of POST /predict ("points" or "images")

    @property
    def step(self) -> int: ...

    @property
    def epoch(self) -> float: ...

    def train(self, n_steps: int) -> None: ...

    def set_learning_rate(self, learning_rate: float) -> None: ...

    def measure(self, full: bool = False) -> Measurement:
        """Metrics and drawings for one frame; `full` asks for everything (the last frame of a run)."""
        ...

    def predict(self, inputs: np.ndarray) -> np.ndarray:
        """Class probabilities (n, K) for `inputs` of the kind named by `inputs`."""
        ...

    def parameters(self) -> list[dict[str, np.ndarray]]:
        """The learned weights ("w") and biases ("b") per layer, as numpy."""
        ...

    def describe(self) -> dict[str, Any]:
        """The net as asked for, JSON-ready: kind, features, layer_sizes, parameter_count."""
        ...

    def learned_parameters(self) -> dict[str, Any]:
        """JSON-ready "layers" (weights, bias), plus "coefficients" where the model is one linear equation."""
        ...

    def data_points(self) -> dict[str, Any]:
        """JSON-ready training and test points with their plane; raises NotOffered for labs without points."""
        ...

    def set_probe_index(self, index: int) -> None:
        """Which test image frames show; ValueError when out of range, NotOffered for labs without one."""
        ...

    def set_probe_image(self, image: np.ndarray) -> None:
        """An image of the learner's own (784 values in [0, 1]) that frames show in the test image's place, until
        set_probe_index chooses a test image again; NotOffered for labs without one."""
        ...

    def inspect_step(self, example: int) -> dict[str, Any]:
        """The next update taken apart, JSON-ready, without making it: its minibatch, the forward pass of the batch's
        `example`-th point, the gradient, the optimizer's update and the new values (models/inspect_step.py).
        InvalidArgument("example") when out of the batch, NotOffered for labs without it."""
        ...

    def loss_surface(self, x: str | None, y: str | None, resolution: int) -> dict[str, Any]:
        """The training objective over a resolution² grid of the weights named `x` and `y` (None: the model's first
        two), the others held at their current values, JSON-ready (models/loss_surface.py). InvalidArgument("x" or
        "y") for a name the model lacks, NotOffered for models without named weights."""
        ...

    def confusion_examples(self, true: int, predicted: int, offset: int, limit: int) -> dict[str, Any]:
        """One page of the test digits in confusion cell (true, predicted) of the latest full test report, JSON-ready
        (models/digits_probes.py: cell_examples). NotOffered for labs without a confusion matrix."""
        ...

    def abstention(self) -> dict[str, Any]:
        """Coverage and accuracy when the model answers only at p(predicted) ≥ t, over a fixed grid of t, from the
        latest full test report. NotOffered for labs without one."""
        ...

    def robustness(self, distortion: str, strengths: list[float], index: int) -> dict[str, Any]:
        """Test accuracy of the current weights under a distortion at each strength, and test digit `index` as
        distorted (models/distortions.py). InvalidArgument("distortion" or "index"), NotOffered for non-image labs."""
        ...

    def embedding(self, layer: str, limit: int) -> dict[str, Any]:
        """The first `limit` test digits on the top two principal axes of the named layer's representation
        (models/pca.py). InvalidArgument("layer") for a layer the model lacks, NotOffered for non-image labs."""
        ...


class ModelSpec(Protocol):
    """A net a lab trains: static and hashable (it keys compiled functions); params are plain pytrees."""

    kind: str
    monitor_size: int  # how many training images a digits frame measures the train metrics on
    frame_interval_s: float  # the frame pace a digits run of this net aims for; the 2D lab keeps its own

    @property
    def fuses_steps(self) -> bool:
        """Whether many steps run in one compiled loop (dense nets) or a few unrolled steps per call (convolutions)."""
        ...

    @property
    def layer_sizes(self) -> tuple[int, ...]: ...

    @property
    def parameter_count(self) -> int: ...

    def init(self, rng: np.random.Generator) -> Any: ...

    def logits(self, params: Any, x: jnp.ndarray) -> jnp.ndarray: ...

    def feature_maps(self, params: Any, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """Intermediate images of the forward pass (NHWC) by name; empty for nets without any."""
        ...

    def filters(self, params: Any) -> dict[str, np.ndarray]:
        """Learned kernels as images by name; empty for nets without convolutions."""
        ...

    def layer_outputs(self, params: Any, x: jnp.ndarray) -> dict[str, jnp.ndarray]:
        """What each layer makes of the inputs `x`, by name, input first, each (n, values): the embedding's layers."""
        ...

    def templates(self, params: Any) -> np.ndarray | None:
        """First-layer weights, one row of input weights per unit; None where the first layer is a convolution."""
        ...
