"""GET /api/lessons: the course's presets (models/lessons.py), each a RunConfig the page can POST as it is."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from models.vocabulary import LAB_NAMES
from server.schemas.config import RunConfig


class LessonInfo(BaseModel):
    id: str = Field(description="Stable key, `<lab>.<name>`; the page's own name for the lesson follows the dot.")
    lab: Literal[LAB_NAMES] = Field(description="plane: the 2D lab at /; digits: /digits.html.")
    number: str = Field(description="The course's numbering, shown as No.<number>.")
    title: str
    hint: str
    run: RunConfig | None = Field(description="The body the page POSTs to /api/runs; null: nothing trains.")
    checkpoints: list[int] = Field(description="Steps at which the README reports where the preset stands.")


class LessonCatalog(BaseModel):
    lessons: list[LessonInfo]
