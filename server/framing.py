"""Turn a lab's probe into the JSON text of one SSE event, serialised once for all subscribers."""

from __future__ import annotations

import base64

from models.plane_lab import PlaneLab, PlaneProbe
from server.broadcast import Event
from server.schemas.frames import EndEvent, Frame, GridPayload, UnitsPayload


def _b64(array) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


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


def frame_event(run, lab, probe) -> Event:
    frame = Frame(
        run_id=run.id,
        status=run.status,
        step=lab.step,
        epoch=round(lab.epoch, 4),
        learning_rate=run.learning_rate,
        steps_per_second=round(run.steps_per_second, 1),
        **probe.metrics,
        **plane_payload(lab, probe),
    )
    return Event("frame", frame.model_dump_json())


def end_event(run) -> Event:
    event = EndEvent(run_id=run.id, status=run.status, step=run.step, message=run.message, **run.metrics.model_dump())
    return Event("error" if run.status in ("diverged", "failed") else "done", event.model_dump_json())
