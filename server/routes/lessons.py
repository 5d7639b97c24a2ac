"""The course's lesson presets, served from models/lessons.py so every client trains the same thing."""

from __future__ import annotations

import functools

from fastapi import APIRouter

from models.lessons import LESSONS
from server.schemas.config import RunConfig
from server.schemas.lessons import LessonCatalog, LessonInfo

router = APIRouter(prefix="/api", tags=["lessons"])


@functools.cache
def _catalog() -> LessonCatalog:
    """Validated once: a preset the RunConfig schema refuses fails the first request (and the tests), loudly."""
    return LessonCatalog(
        lessons=[
            LessonInfo(
                id=lesson.id,
                lab=lesson.lab,
                number=lesson.number,
                title=lesson.title,
                hint=lesson.hint,
                run=RunConfig.model_validate(lesson.run) if lesson.run is not None else None,
                checkpoints=list(lesson.checkpoints),
            )
            for lesson in LESSONS
        ]
    )


@router.get("/lessons")
def list_lessons() -> LessonCatalog:
    return _catalog()
