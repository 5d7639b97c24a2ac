"""Pydantic constraints read from the one vocabulary (models/vocabulary.py), so a schema never restates a number."""

from __future__ import annotations

from models.vocabulary import BOUNDS


def limits(name: str) -> dict[str, float]:
    """`ge`/`gt` and `le` keyword arguments for `Field`, from the named range."""
    bound = BOUNDS[name]
    return {"gt" if bound.low_exclusive else "ge": bound.low, "le": bound.high}


def length(name: str) -> dict[str, int]:
    """`min_length` and `max_length` for a list whose size the named range bounds."""
    bound = BOUNDS[name]
    return {"min_length": int(bound.low), "max_length": int(bound.high)}
