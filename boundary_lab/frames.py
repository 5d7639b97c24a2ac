"""Typed frames: the event stream's JSON with its packed arrays decoded to numpy.

The wire format is the server's (server/schemas/frames.py): arrays travel as base64 of uint8 so a 100×100 frame stays
a few KB. Decoding undoes that packing; the values come back to within one byte step (1/255 of the range).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import numpy as np

METRIC_NAMES = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
PROGRESS_NAMES = ("status", "step", "epoch", "learning_rate")  # where a run stands: in its frames and in its info


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.uint8)


def progress(data: dict) -> dict:
    """The PROGRESS_NAMES fields of a frame or a run's info, as keyword arguments."""
    return {name: data[name] for name in PROGRESS_NAMES}


@dataclass(frozen=True)
class Metrics:
    """Mean cross-entropy and accuracy per split; None where a split does not exist (yet)."""

    train_loss: float | None = None
    test_loss: float | None = None
    train_accuracy: float | None = None
    test_accuracy: float | None = None

    @classmethod
    def from_json(cls, data: dict) -> Metrics:
        return cls(**{name: data.get(name) for name in METRIC_NAMES})


@dataclass(frozen=True)
class Grid:
    """Class probabilities over the plane: `probs` (N, N, K), row 0 = largest y; `extent` = xmin, xmax, ymin, ymax."""

    probs: np.ndarray
    extent: tuple[float, float, float, float]

    @classmethod
    def from_json(cls, data: dict) -> Grid:
        n, k = data["resolution"], data["classes"]
        return cls(_bytes(data["probs"]).reshape(n, n, k) / 255.0, tuple(data["extent"]))


@dataclass(frozen=True)
class UnitMaps:
    """Hidden-unit activations over the same extent: `maps` (units, R, R) in true units; `layers` = units per layer."""

    maps: np.ndarray
    layers: list[int]

    @classmethod
    def from_json(cls, data: dict) -> UnitMaps:
        r = data["resolution"]
        scales = np.asarray(data["scales"], np.float64)
        unit = _bytes(data["maps"]).reshape(-1, r, r) / 127.5 - 1.0
        return cls(unit * scales[:, None, None], list(data["layers"]))


def image_stack(data: dict) -> np.ndarray:
    """An ImageStack back to floats of its `shape`, each leading slice multiplied by its own scale."""
    raw = _bytes(data["data"]).astype(np.float64)
    flat = raw.reshape(len(data["scales"]), -1)
    unit = flat / 127.5 - 1.0 if data["encoding"] == "signed" else flat / 255.0
    return (unit * np.asarray(data["scales"])[:, None]).reshape(data["shape"])


@dataclass(frozen=True)
class Digits:
    """What a digits frame shows: templates (dense), filters and feature maps (CNN), the probe digit's answer."""

    weights: np.ndarray | None
    filters: dict[str, np.ndarray]
    feature_maps: dict[str, np.ndarray]
    probe_index: int
    probe_label: int
    probe_probabilities: np.ndarray
    confusion: np.ndarray | None

    @classmethod
    def from_json(cls, data: dict) -> Digits:
        probe = data["probe"]
        return cls(
            weights=image_stack(data["weights"]) if data.get("weights") else None,
            filters={name: image_stack(stack) for name, stack in data.get("filters", {}).items()},
            feature_maps={name: image_stack(stack) for name, stack in data.get("feature_maps", {}).items()},
            probe_index=probe["index"],
            probe_label=probe["label"],
            probe_probabilities=np.asarray(probe["probabilities"]),
            confusion=np.asarray(data["confusion"]) if data.get("confusion") is not None else None,
        )


@dataclass(frozen=True)
class Frame:
    """One `frame` event: where training stands and what the page would draw."""

    run_id: str
    status: str
    step: int
    epoch: float
    learning_rate: float
    metrics: Metrics
    grid: Grid | None = None
    units: UnitMaps | None = None
    coefficients: np.ndarray | None = None
    digits: Digits | None = None
    raw: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, data: dict) -> Frame:
        return cls(
            run_id=data["run_id"],
            **progress(data),
            metrics=Metrics.from_json(data),
            grid=Grid.from_json(data["grid"]) if data.get("grid") else None,
            units=UnitMaps.from_json(data["units"]) if data.get("units") else None,
            coefficients=np.asarray(data["coefficients"]) if data.get("coefficients") else None,
            digits=Digits.from_json(data["digits"]) if data.get("digits") else None,
            raw=data,
        )


@dataclass(frozen=True)
class End:
    """The stream's last event: `done` (finished or stopped) or `error` (diverged or failed)."""

    run_id: str
    status: str
    step: int
    metrics: Metrics
    message: str | None = None

    @classmethod
    def from_json(cls, data: dict) -> End:
        return cls(data["run_id"], data["status"], data["step"], Metrics.from_json(data), data.get("message"))
