"""The teacher's class view (issue 15, part 2): every learner's run as a small tile, a challenge and its ranking.

A tile's thumbnail is a few hundred bytes (see `Thumbnail`), so the class view of 100 runs refreshed a few times a
second stays small; the full frames are for the one run the teacher opens.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from server.schemas.config import Strict
from server.schemas.runs import RunStatus

THUMBNAIL_SIZE = 24  # cells per side of a 2D run's thumbnail (its frames' grids have 100)
MAX_FILTER_CELLS = 8  # a digits thumbnail's filters are each at most this many pixels a side


class Thumbnail(BaseModel):
    kind: Literal["regions", "filters"] = Field(
        description="'regions': a 2D run's decision regions, one byte per cell = 32·class + round(31·confidence) "
        "(row 0 = largest y); 'filters': a digits run's first-layer templates or kernels side by side, one byte "
        "per pixel = round(127.5·(w/scale + 1))."
    )
    width: int
    height: int
    classes: int = Field(0, description="'regions': the run's classes (0 for 'filters').")
    data: str = Field(description="base64 of width·height uint8, row by row.")


class ClassRun(BaseModel):
    id: str
    learner_id: str | None = Field(description="The owner; None for the teacher's own runs.")
    learner_name: str | None
    dataset: str = Field(description="What the run learns: a 2D dataset's name, or 'digits'.")
    model: str
    status: RunStatus
    step: int
    test_accuracy: float | None
    paused: bool
    thumbnail: Thumbnail | None = Field(description="None until the run's first frame.")


class ChallengeRule(Strict):
    dataset: str = Field(min_length=1, max_length=40, description="The dataset the challenge is on, e.g. 'spiral'.")
    threshold: float = Field(ge=0.0, le=1.0, description="Test accuracy a run must reach to be ranked.")
    tie_break: Literal["fewest_parameters", "earliest_step"] = Field(
        "fewest_parameters",
        description="How the runs that reach the threshold are ordered: the smallest model first, or the one that "
        "needed the fewest steps (its first step at or over the threshold).",
    )


class RankedRun(BaseModel):
    run_id: str
    learner_name: str | None
    test_accuracy: float
    parameters: int
    step: int = Field(description="The first step this run was seen at or over the threshold.")


class Challenge(ChallengeRule):
    ranking: list[RankedRun]


class ClassView(BaseModel):
    runs: list[ClassRun]
    challenge: Challenge | None


class PausedAll(BaseModel):
    paused: int = Field(description="Live runs now paused (a finished run has nothing to pause).")
