"""What the step inspector, the loss surface and the metric history answer (models/inspect_step.py,
models/loss_surface.py, server/history.py say how each number is computed)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from models.vocabulary import BOUNDS, OPTIMIZER_NAMES, REGULARIZATION_NAMES
from server.schemas.config import Strict

LAYERED = "One entry per layer, input side first, laid out as GET /params' `layers` (padding units cut away)."


class InspectRequest(Strict):
    example: int = Field(
        0,
        ge=0,
        le=BOUNDS["batch_size"].high - 1,
        description="Which point of the next minibatch to trace through the net: a position in `batch.indices`, "
        "0 ≤ example < the run's batch size.",
    )


class Layer(BaseModel):
    weights: list[list[float]] = Field(description="weights[i][j]: from input i (feature or unit) to unit j.")
    bias: list[float] = Field(description="One per unit of the layer.")


class Batch(BaseModel):
    indices: list[int] = Field(
        description="The training points the next update uses, as positions in GET /points' `train` list, in the "
        "order the batch takes them: the next slice of the epoch's shuffled order (redrawn when an epoch ends)."
    )
    labels: list[int] = Field(description="Their classes, in the same order.")


class FeatureValue(BaseModel):
    name: str
    value: float


class HiddenLayerTrace(BaseModel):
    weighted_sums: list[float] = Field(description="z = h_prev·W + b, one per unit.")
    activations: list[float] = Field(description="h = act(z), one per unit.")


class ExampleTrace(BaseModel):
    position: int = Field(description="The example's position in the batch (the request's `example`).")
    index: int = Field(description="Its position in GET /points' `train` list.")
    point: list[float] = Field(description="Its raw [x1, x2].")
    label: int = Field(description="Its true class.")
    features: list[FeatureValue] = Field(description="The net's inputs: each chosen feature's value at the point.")
    hidden: list[HiddenLayerTrace] = Field(description="Each hidden layer's weighted sums and activations (mlp).")
    activation: str | None = Field(description="The hidden layers' activation function; null without any.")
    scores: list[float] = Field(description="The output scores f_k = h·W + b (logistic regression: the one score f).")
    output: Literal["sigmoid", "softmax"] = Field(
        description="How scores become probabilities: p(✕) = σ(f) for logistic regression, softmax(f) otherwise."
    )
    probabilities: list[float] = Field(description="p(class k | x) for every class (logistic: [1 − σ(f), σ(f)]).")
    loss: float = Field(description="This example's loss −log p(true class).")


class Regularization(BaseModel):
    kind: Literal[REGULARIZATION_NAMES]
    rate: float = Field(description="λ.")
    in_gradient: bool = Field(
        description="Whether the penalty λ·Σ|w| (L1) or λ·Σw²/2 (L2) is part of the loss the gradient is of."
    )


class ClosedForm(BaseModel):
    formula: str = Field(description="The formula, with the penalty's term when the run has one.")
    layers: list[Layer] = Field(description="Its numbers, laid out like `gradients`.")


class Update(BaseModel):
    optimizer: Literal[OPTIMIZER_NAMES]
    formula: str = Field(description="The rule optax applies, in the symbols of `hyperparameters`.")
    hyperparameters: dict[str, float] = Field(description="The values in the optimizer's state, by optax's names.")
    number: int = Field(description="Which update this is (t in Adam's bias correction): the run's step + 1.")
    layers: list[Layer] = Field(description=f"Δθ for every weight and bias. {LAYERED}")


class InspectResponse(BaseModel):
    """The next update of a paused run, computed from its real state without changing it; POST /step
    {"steps": 1} then applies exactly this update (its parameters equal `new_parameters`)."""

    step: int = Field(description="Updates done so far; the inspected one is the next.")
    kind: str
    features: list[str]
    layer_sizes: list[int]
    parameter_count: int
    batch: Batch
    example: ExampleTrace
    loss: float = Field(description="The batch's mean −log p(true class), before the update.")
    penalty: float = Field(description="The weight penalty added to it (0 without regularization).")
    regularization: Regularization
    gradients: list[Layer] = Field(description=f"∂(loss + penalty)/∂θ by autodiff. {LAYERED}")
    closed_form: ClosedForm | None = Field(
        description="Logistic and softmax regression: the gradient from its formula, beside autodiff's; null for mlp."
    )
    update: Update
    parameters: list[Layer] = Field(description=f"The values now. {LAYERED}")
    new_parameters: list[Layer] = Field(description=f"The values after the update: parameters + Δθ. {LAYERED}")
    probabilities_before: list[list[float]] = Field(description="Per batch point, p(class k) before the update.")
    probabilities_after: list[list[float]] = Field(description="The same after it.")


WEIGHT_NAMES = (
    "Weights are named as in f = w0 + Σ_j wj·feature_j: logistic regression `w0` (the bias), `w1`, `w2`, … (feature "
    "j's weight, 1-based in the run's feature order); softmax regression `wj_k` for class k's score (0-based), so "
    "`w0_1` is class 1's bias and `w2_0` feature 2's weight for class 0. `wj_k` is GET /params' coefficients[k][j]."
)


class SurfaceResponse(BaseModel):
    """The training objective over a grid of two weights, the other parameters held at their current values."""

    step: int = Field(description="The step of the weights the surface is computed at.")
    x: str = Field(description=f"The weight along the horizontal axis. {WEIGHT_NAMES}")
    y: str = Field(description="The weight along the vertical axis.")
    weights: list[str] = Field(description="Every weight name this model has.")
    resolution: int = Field(description="Grid points per axis.")
    x_values: list[float] = Field(
        description="The grid's x weights, the current value ± max(3, 2·|value|); at an odd resolution the middle "
        "one is the current value itself."
    )
    y_values: list[float] = Field(description="The grid's y weights, spanned the same way.")
    loss: list[list[float]] = Field(
        description="loss[r][i] at (x_values[i], y_values[r]): mean cross-entropy over the training split, plus "
        "the run's weight penalty when `penalty_included`."
    )
    current: list[float] = Field(description="The current [x, y] weights.")
    current_loss: float = Field(
        description="The loss at the current weights: the frames' train_loss at `step` when no penalty is included."
    )
    penalty_included: bool = Field(description="Whether the run's weight penalty is part of `loss`.")


class HistoryResponse(BaseModel):
    """A run's metrics frame by frame, thinned evenly to at most `max_points` per series, in step order."""

    step: list[int] = Field(description="Training step of each point, increasing.")
    epoch: list[float]
    learning_rate: list[float] = Field(description="The rate the run trained with at that point.")
    train_loss: list[float | None]
    test_loss: list[float | None] = Field(description="Null where there is no test split or it was not measured.")
    train_accuracy: list[float | None]
    test_accuracy: list[float | None]
    stride: int = Field(description="Every stride-th frame is kept (it doubles when the points fill up).")
    max_points: int
