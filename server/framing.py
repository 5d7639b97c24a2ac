"""Turn a lab's measurement into the JSON text of one SSE event, serialised once for all subscribers.

The lab builds its own payload (models/lab.py: `Measurement.payload`); the Frame schema validates it, so a 2D frame
and a digits frame take the same path.
"""

from __future__ import annotations

from models.lab import Lab, Measurement
from server.broadcast import Event
from server.schemas.frames import EndEvent, Frame


def frame_json(lab: Lab, measurement: Measurement, run_id: str, status: str, steps_per_second: float) -> str:
    """One frame as JSON text: the run's state, the lab's step and rate, the measurement's metrics and drawings."""
    frame = Frame(
        run_id=run_id,
        status=status,
        step=lab.step,
        epoch=round(lab.epoch, 4),
        learning_rate=lab.learning_rate,  # the rate the lab trains with, not the one last asked for
        steps_per_second=round(steps_per_second, 1),
        **measurement.metrics,
        **measurement.payload(),
    )
    return frame.model_dump_json()


def frame_event(run, lab: Lab, measurement: Measurement) -> Event:
    return Event("frame", frame_json(lab, measurement, run.id, run.status, run.steps_per_second))


def end_event(run) -> Event:
    event = EndEvent(run_id=run.id, status=run.status, step=run.step, message=run.message, **run.metrics.model_dump())
    return Event("error" if run.status in ("diverged", "failed") else "done", event.model_dump_json())
