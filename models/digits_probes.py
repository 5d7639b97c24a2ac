"""Questions a learner asks a digits model, answered over the test split: which digits fall in a confusion cell, how
accuracy holds up under distortions, how accuracy trades against abstaining, and a 2D map of each layer.

Plain functions of predictions, images and a prediction function; DigitsLab (models/digits_lab.py) calls them with
one snapshot of its weights. Answers are JSON-ready: pixels rounded to 3 decimals, probabilities to 5.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from models.distortions import DISTORTION_NAMES, VARIANTS, distort
from models.lab import InvalidArgument
from models.pca import principal_coordinates
from models.training import bucket_size

# "I don't know" below the threshold: p(predicted) ≥ t answers. 0 answers everything; 0.99 only the surest.
ABSTENTION_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(20)) + (0.99,)


def _pixels(image: np.ndarray) -> list[float]:
    return np.round(np.asarray(image, np.float64), 3).tolist()


def _probabilities(row: np.ndarray) -> list[float]:
    return np.round(np.asarray(row, np.float64), 5).tolist()


def cell_examples(
    probabilities: np.ndarray,
    labels: np.ndarray,
    images: np.ndarray,
    true: int,
    predicted: int,
    offset: int,
    limit: int,
) -> dict[str, Any]:
    """The test digits whose label is `true` and whose most probable class is `predicted`, one page of them.

    Ordered so the interesting ones come first: on the diagonal the least confident correct answers (lowest
    p(predicted)), off it the most confident mistakes (highest p(predicted)); ties by test index."""
    guesses = probabilities.argmax(axis=1)
    members = np.flatnonzero((labels == true) & (guesses == predicted))
    confidence = probabilities[members, predicted]
    order = np.lexsort((members, confidence if true == predicted else -confidence))
    page = members[order][offset : offset + limit]
    return {
        "true": true,
        "predicted": predicted,
        "total": len(members),
        "offset": offset,
        "examples": [
            {
                "index": int(i),
                "label": int(labels[i]),
                "predicted": int(guesses[i]),
                "probability": round(float(probabilities[i, predicted]), 5),
                "probabilities": _probabilities(probabilities[i]),
                "pixels": _pixels(images[i]),
            }
            for i in page
        ],
    }


def abstention_curve(probabilities: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """For each of ABSTENTION_THRESHOLDS t: coverage, the share of digits with p(predicted) ≥ t (the model answers),
    and the accuracy among those (None when it answers none). At t = 0 it answers all: the plain accuracy."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    points = []
    for t in ABSTENTION_THRESHOLDS:
        answered = confidence >= t
        count = int(answered.sum())
        points.append(
            {
                "threshold": t,
                "coverage": count / len(labels),
                "answered": count,
                "accuracy": float(correct[answered].mean()) if count else None,
            }
        )
    return {"total": len(labels), "points": points}


def robustness_curve(
    predict: Callable[[jnp.ndarray], np.ndarray],
    images: jnp.ndarray,
    labels: np.ndarray,
    distortion: str,
    strengths: list[float],
    index: int,
) -> dict[str, Any]:
    """Test accuracy at each strength of one distortion (models/distortions.py), averaged over its directions.

    `images` (rows ≥ len(labels), 784) may carry padding rows past the labels; `predict` maps such an array to
    predicted classes for the real rows. Strength 0 is the undistorted images' accuracy, `test_accuracy`, the plain
    test accuracy. `previews` holds test digit `index` at each strength (in the distortion's first direction)."""
    if distortion not in DISTORTION_NAMES:
        raise InvalidArgument("distortion", f"distortion must be one of {', '.join(DISTORTION_NAMES)}")
    if not 0 <= index < len(labels):
        raise InvalidArgument("index", f"index must be < {len(labels)} (the test split)")

    def accuracy(distorted: jnp.ndarray) -> float:
        return float((predict(distorted) == labels).mean())

    plain = accuracy(images)
    accuracies, previews = [], []
    for strength in strengths:
        variants = [distort(images, distortion, strength, v) for v in range(VARIANTS[distortion])] if strength else []
        accuracies.append(float(np.mean([accuracy(x) for x in variants])) if strength else plain)
        previews.append(_pixels(np.asarray((variants[0] if strength else images)[index])))
    return {
        "test_accuracy": plain,
        "distortion": distortion,
        "strengths": list(strengths),
        "accuracy": accuracies,
        "directions": VARIANTS[distortion],
        "index": index,
        "label": int(labels[index]),
        "previews": previews,
    }


def layer_widths(spec, params) -> dict[str, int]:
    """The representations `spec.layer_outputs` offers, input first, with their values per digit (traced for shapes
    only: nothing is computed)."""
    names: list[str] = []

    def in_order(params, x):  # a dict comes back from a JAX transformation with its keys sorted: keep the model's
        outputs = spec.layer_outputs(params, x)
        names.extend(outputs)
        return [outputs[name] for name in names]

    shapes = jax.eval_shape(in_order, params, jax.ShapeDtypeStruct((1, 28 * 28), jnp.float32))
    return {name: int(np.prod(shape.shape[1:])) for name, shape in zip(names, shapes, strict=True)}


@partial(jax.jit, static_argnames=("spec", "layer"))
def _layer_map(spec, layer: str, params, images: jnp.ndarray, count: jnp.ndarray):
    outputs = spec.layer_outputs(params, images)
    coordinates, explained = principal_coordinates(outputs[layer].reshape(images.shape[0], -1), count)
    return coordinates, explained, outputs["output"].argmax(axis=1)


def embedding_map(spec, params, images: np.ndarray, labels: np.ndarray, layer: str) -> dict[str, Any]:
    """The digits `images` (n, 784) as the layer `layer` represents them, on that representation's top two principal
    axes (models/pca.py), with their labels and the model's predictions."""
    widths = layer_widths(spec, params)
    if layer not in widths:
        raise InvalidArgument("layer", f"layer must be one of this model's layers: {', '.join(widths)}")
    count = len(labels)
    padded = np.zeros((bucket_size(count), images.shape[1]), np.float32)  # a few row counts, so a few compiles
    padded[:count] = images
    answer = _layer_map(spec, layer, params, jnp.asarray(padded), jnp.int32(count))
    coordinates, explained, predicted = jax.device_get(answer)
    return {
        "layer": layer,
        "layers": list(widths),
        "dimensions": widths[layer],
        "count": count,
        "points": np.round(coordinates[:count].astype(np.float64), 4).tolist(),
        "explained_variance": np.round(explained.astype(np.float64), 5).tolist(),
        "labels": labels.tolist(),
        "predicted": predicted[:count].tolist(),
    }
