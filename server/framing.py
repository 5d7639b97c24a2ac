"""Turn a lab's probe into the JSON text of one SSE event, serialised once for all subscribers."""

from __future__ import annotations

import base64

import numpy as np

from models.digits_lab import DigitsLab, DigitsProbe
from models.plane_lab import PlaneLab, PlaneProbe
from server.broadcast import Event
from server.schemas.frames import (
    DigitProbe,
    DigitsPayload,
    EndEvent,
    Frame,
    GridPayload,
    ImageStack,
    Misclassified,
    UnitsPayload,
)


def _b64(array) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def image_stack(array: np.ndarray, signed: bool) -> ImageStack:
    """Pack (n, ...) floats as bytes with one scale per leading index."""
    flat = array.reshape(array.shape[0], -1).astype(np.float32)
    scales = np.maximum(np.abs(flat).max(axis=1), 1e-8)
    unit = flat / scales[:, None]
    encoded = np.round(127.5 * (unit + 1.0)) if signed else np.round(255.0 * np.clip(unit, 0.0, 1.0))
    return ImageStack(
        shape=list(array.shape),
        encoding="signed" if signed else "unsigned",
        scales=[float(f"{s:.5g}") for s in scales],
        data=_b64(np.clip(encoded, 0, 255).astype(np.uint8)),
    )


def plane_payload(lab: PlaneLab, probe: PlaneProbe) -> dict:
    units = None
    if len(probe.unit_maps):
        units = UnitsPayload(
            resolution=lab.setup.unit_resolution,
            layers=list(lab.spec.hidden),
            maps=_b64(probe.unit_maps),
            scales=[round(float(s), 5) for s in probe.unit_scales],
        )
    return {
        "grid": GridPayload(
            resolution=lab.setup.grid_resolution,
            extent=lab.points.extent,
            classes=lab.spec.classes,
            probs=_b64(probe.grid),
        ),
        "units": units,
        "coefficients": lab.coefficients(),
    }


def digits_payload(probe: DigitsProbe) -> dict:
    report = probe.report
    payload = DigitsPayload(
        weights=image_stack(probe.weights, signed=True) if probe.weights is not None else None,
        filters={name: image_stack(w, signed=True) for name, w in probe.filters.items()},
        feature_maps={name: image_stack(m, signed=False) for name, m in probe.feature_maps.items()},
        probe=DigitProbe(
            index=probe.probe_index,
            label=probe.probe_label,
            probabilities=[round(float(p), 5) for p in probe.probe_probabilities],
        ),
        confusion=report.confusion.tolist() if report else None,
        misclassified=[
            Misclassified(index=i, label=t, predicted=p, probability=round(q, 4)) for i, t, p, q in report.misclassified
        ]
        if report
        else None,
    )
    return {"digits": payload}


def frame_event(run, lab, probe) -> Event:
    payload = digits_payload(probe) if isinstance(lab, DigitsLab) else plane_payload(lab, probe)
    frame = Frame(
        run_id=run.id,
        status=run.status,
        step=lab.step,
        epoch=round(lab.epoch, 4),
        learning_rate=lab.learning_rate,  # the rate the lab trains with, not the one last asked for
        steps_per_second=round(run.steps_per_second, 1),
        **probe.metrics,
        **payload,
    )
    return Event("frame", frame.model_dump_json())


def end_event(run) -> Event:
    event = EndEvent(run_id=run.id, status=run.status, step=run.step, message=run.message, **run.metrics.model_dump())
    return Event("error" if run.status in ("diverged", "failed") else "done", event.model_dump_json())
