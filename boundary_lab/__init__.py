"""Boundary Lab from Python: start runs, watch their frames, steer them, sweep settings — over HTTP, without JAX.

import boundary_lab
lab = boundary_lab.connect("http://127.0.0.1:8000")
run = lab.train(dataset={"name": "linear"}, model={"kind": "logistic"}, max_steps=2000)
run.wait()
print(run.metrics.train_accuracy)
"""

from boundary_lab.errors import AuthError, ConflictError, FieldError, LabError, NotFoundError, RunLimitError
from boundary_lab.frames import End, Frame, Metrics
from boundary_lab.lab import Lab, connect
from boundary_lab.run import Prediction, Run, RunInfo

__all__ = [
    "AuthError",
    "ConflictError",
    "End",
    "FieldError",
    "Frame",
    "Lab",
    "LabError",
    "Metrics",
    "NotFoundError",
    "Prediction",
    "Run",
    "RunInfo",
    "RunLimitError",
    "connect",
]
