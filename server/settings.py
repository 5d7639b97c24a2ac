"""Server settings: one pydantic-settings class, read from BOUNDARY_LAB_* environment variables or the CLI."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOUNDARY_LAB_")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    max_live_runs: int = Field(8, ge=1, le=256, description="Runs training or paused at once; more → 429.")
    finished_ttl_s: float = Field(600.0, gt=0, description="Finished runs are deleted this long after they end.")
    sweep_interval_s: float = Field(5.0, gt=0)
    mnist_dir: str | None = Field(None, description="Folder with the four MNIST IDX files (full MNIST).")
    compilation_cache_dir: str | None = Field(
        str(Path.home() / ".cache" / "boundary-lab" / "jax"),
        description="JAX persistent compile cache; '' = off.",
    )
    idle_ttl_s: float = Field(
        900.0,
        gt=0,
        description="Paused runs nobody watches are deleted after this long; the page ends its own paused run after "
        "the same time (it reads this from /api/health), so a forgotten tab frees its slot.",
    )
    max_body_bytes: int = Field(2_000_000, ge=1024, description="Larger request bodies get 413 before parsing.")
    token: str | None = Field(
        None, description="When set, /api/* requires it as a Bearer header; ?token= only on a run's /events stream."
    )
    cors_origins: list[str] = Field([], description="Origins allowed to call the API from other pages (off).")
    web_dir: Path = WEB_DIR
    classroom: bool = Field(
        False,
        description="A class: `token` is the teacher's (sees and controls every run); learners join with the class "
        "link /?join=<join_code> or POST /api/learners and see only their own runs.",
    )
    join_code: str | None = Field(None, min_length=8, description="The class link's code; it grants joining only.")
    max_live_runs_per_learner: int = Field(
        2, ge=1, le=256, description="In a class: one learner's runs training or paused at once; more → 429."
    )
    max_learners: int = Field(200, ge=1, le=10_000, description="In a class: learners who may join; more → 409.")

    @model_validator(mode="after")
    def _a_class_has_two_secrets(self) -> Settings:
        """A class needs the teacher's token and the join code, two different secrets: generated when not given."""
        if not self.classroom:
            return self
        self.token = self.token or secrets.token_urlsafe(24)
        self.join_code = self.join_code or secrets.token_urlsafe(9)
        if self.token == self.join_code:
            raise ValueError("the join code must differ from the teacher's token, or every learner is the teacher")
        return self
