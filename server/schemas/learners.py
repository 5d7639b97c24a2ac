"""A class's learners as the API shows them: the display name a learner chooses, and the token that is them."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from server.schemas.config import Strict

NAME_MAX_CHARS = 40


def _printable(name: str) -> str:
    if not name.isprintable():
        raise ValueError("a name is one line of visible characters (no tabs, line breaks or control characters)")
    return name


DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX_CHARS),
    AfterValidator(_printable),
    Field(description=f"The name the teacher sees beside this learner's runs: 1 to {NAME_MAX_CHARS} characters."),
]


class LearnerName(Strict):
    name: DisplayName


class LearnerInfo(BaseModel):
    id: str = Field(description="What runs show as `owner`.")
    name: str
    named: bool = Field(description='False while the name is the default one ("learner 3"), until one is chosen.')


class LearnerJoined(LearnerInfo):
    token: str = Field(
        description="This learner's own token: send it as 'Authorization: Bearer <token>' (or ?token= on an event "
        "stream). The answer also sets it as an HttpOnly cookie, so a browser needs nothing more. Keep it secret: "
        "it is the learner."
    )


class LearnerList(BaseModel):
    learners: list[LearnerInfo]
