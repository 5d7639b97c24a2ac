"""The entry point: `boundary_lab.connect(url, token=...)` gives a Lab that starts runs and answers lesson questions."""

from __future__ import annotations

import copy
from contextlib import AbstractContextManager

import httpx
import numpy as np

from boundary_lab.errors import raise_for_answer
from boundary_lab.run import Run, RunInfo

DEFAULT_URL = "http://127.0.0.1:8000"
SECTIONS = ("dataset", "model", "optimizer")  # the run body's nested parts; every other field is a plain value


class Lab(AbstractContextManager):
    """A connection to one Boundary Lab server. The token travels as an `Authorization: Bearer` header.

    `with connect(...) as lab:` closes the connection at the end of the block."""

    def __init__(self, url: str = DEFAULT_URL, token: str | None = None, timeout: float = 30.0):
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self.url = url.rstrip("/")
        self._client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)
        self._lessons: dict[str, dict] | None = None

    def __repr__(self) -> str:
        return f"<Lab {self.url}>"

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _get(self, path: str, **params) -> dict:
        return raise_for_answer(self._client.get(path, params=params)).json()

    def health(self) -> dict:
        """Server status: live runs, the live-run cap (`max_live_runs`), the JAX device."""
        return self._get("/api/health")

    def train(self, paused: bool = False, **config) -> Run:
        """Start a run: the fields of POST /api/runs (`dataset`, `model`, `optimizer`, `max_steps`, `seed`, …).

        Bad fields raise FieldError naming them; a full lab raises RunLimitError with its `retry_after`."""
        response = self._client.post("/api/runs", json=config, params={"paused": "true"} if paused else None)
        return Run(self._client, RunInfo.from_json(raise_for_answer(response).json()))

    def run(self, run_id: str) -> Run:
        """An existing run by id (e.g. one started from the page)."""
        return Run(self._client, RunInfo.from_json(self._get(f"/api/runs/{run_id}")))

    def runs(self) -> list[Run]:
        return [Run(self._client, RunInfo.from_json(item)) for item in self._get("/api/runs")["runs"]]

    def lessons(self) -> dict[str, dict]:
        """The course's lessons by id (`plane.logistic`, `digits.cnn`, …), each with the run the page would start."""
        if self._lessons is None:
            self._lessons = {lesson["id"]: lesson for lesson in self._get("/api/lessons")["lessons"]}
        return self._lessons

    def lesson_config(self, lesson_id: str, **overrides) -> dict:
        """A lesson's preset run body, with top-level fields replaced and section fields merged:
        `lab.lesson_config("plane.logistic", max_steps=2000, optimizer={"learning_rate": 0.1})`."""
        lessons = self.lessons()
        if lesson_id not in lessons:
            raise KeyError(f"no lesson {lesson_id!r}; the lab has {', '.join(lessons)}")
        config = copy.deepcopy(lessons[lesson_id]["run"])
        if config is None:
            raise ValueError(f"lesson {lesson_id} trains nothing (see lab.convolve)")
        for key, value in overrides.items():
            config[key] = {**config[key], **value} if key in SECTIONS else value
        return config

    def samples(self, split: str = "test", offset: int = 0, limit: int = 20) -> dict:
        """MNIST digits: `images` (n, 28, 28) floats in [0, 1], `labels` (n,), and the split's `total`."""
        data = self._get("/api/digits/samples", split=split, offset=offset, limit=limit)
        data["images"] = np.asarray(data["images"]).reshape(-1, 28, 28)
        data["labels"] = np.asarray(data["labels"])
        return data

    def convolve(self, kernel, index: int | None = None, image=None, relu: bool = False, pool: bool = False) -> dict:
        """Apply a k×k kernel to a test digit (`index`) or your own 28×28 `image`, optionally ReLU and 2×2 pool."""
        body = {"kernel": np.asarray(kernel, np.float64).tolist(), "relu": relu, "pool": pool}
        if index is not None:
            body["index"] = index
        if image is not None:
            body["image"] = np.asarray(image, np.float64).reshape(784).tolist()
        data = raise_for_answer(self._client.post("/api/convolve", json=body)).json()
        data["output"], data["image"] = np.asarray(data["output"]), np.asarray(data["image"])
        return data

    def kernel_presets(self) -> dict[str, np.ndarray]:
        return {name: np.asarray(k) for name, k in self._get("/api/convolve/presets")["presets"].items()}

    def config_fields(self) -> dict[str, str]:
        """Which section each run setting lives in (`learning_rate` -> `optimizer`), read from the API's schema."""
        schemas = self._get("/openapi.json")["components"]["schemas"]
        where = {name: "" for name in schemas["RunConfig"]["properties"]}
        for section in SECTIONS:
            for name in schemas[f"{section.capitalize()}Config"]["properties"]:
                where.setdefault(name, section)
        return where

    def sweep(self, base: dict, max_seconds: float | None = None, **grid):
        """Train every combination of the swept settings on top of `base`; see boundary_lab.sweep.run_sweep."""
        from boundary_lab.sweep import run_sweep

        return run_sweep(self, base, grid, max_seconds=max_seconds)


def connect(url: str = DEFAULT_URL, token: str | None = None, timeout: float = 30.0) -> Lab:
    """A Lab client for the server at `url`; `timeout` bounds every call except streams and waits."""
    return Lab(url, token=token, timeout=timeout)
