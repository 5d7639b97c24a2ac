"""POST /api/prepare: run configs whose programs the server compiles ahead, and how far it has got."""

from __future__ import annotations

from pydantic import BaseModel, Field

from server.schemas.bounds import length
from server.schemas.config import RunConfig, Strict


class PrepareRequest(Strict):
    runs: list[RunConfig] = Field(
        **length("prepare_configs"),
        description="Configs a learner may start next (a lesson's guided steps). Nothing trains for real: each is "
        "compiled once in the background, so the run that follows starts from compiled code.",
    )


class PrepareStatus(BaseModel):
    accepted: int = Field(0, description="Configs of this request that were new (a shape seen before is skipped).")
    pending: int = Field(description="Configs queued or compiling now.")
    prepared: int = Field(description="Configs compiled since the server started.")
    failed: int = Field(description="Configs whose warm-up failed (the real run would report why).")
    programs_compiled: int = Field(
        description="XLA programs this server process has compiled so far: a run whose shapes were prepared adds none."
    )
