"""Server settings: one pydantic-settings class, read from BOUNDARY_LAB_* environment variables or the CLI."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
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
