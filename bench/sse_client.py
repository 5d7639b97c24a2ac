"""An SSE client that times what a page would see from a real uvicorn, and a /api/health poller.

Every number is measured at the client: a frame counts when its `data:` line has arrived and parsed, and
"updates/s" is the step counter the frames carry, differenced over the client's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bench.timing import median, percentile


@dataclass(frozen=True)
class Seen:
    """One event as the client received it; `t` is seconds since the POST that created the run was sent."""

    t: float
    event: str
    step: int
    test_accuracy: float | None
    nbytes: int


@dataclass
class Watched:
    run_id: str
    posted_at: float  # perf_counter() just before the POST
    events: list[Seen]

    @property
    def frames(self) -> list[Seen]:
        return [e for e in self.events if e.event == "frame"]

    @property
    def first_frame_s(self) -> float:
        return self.frames[0].t if self.frames else float("nan")

    def first_trained_frame_s(self) -> float:
        return next((e.t for e in self.frames if e.step > 0), float("nan"))

    def end(self) -> Seen | None:
        return next((e for e in self.events if e.event != "frame"), None)

    def steady(self, after_s: float) -> dict[str, float]:
        """Updates/s, frames/s and bytes/frame over the frames received after `after_s` seconds."""
        window = [f for f in self.frames if f.t >= after_s]
        if len(window) < 3:
            return {
                "updates_per_s": float("nan"),
                "frames_per_s": float("nan"),
                "bytes_per_frame": float("nan"),
                "max_gap_ms": float("nan"),
                "frames": len(window),
            }
        span = window[-1].t - window[0].t
        gaps = [b.t - a.t for a, b in zip(window, window[1:], strict=False)]
        return {
            "updates_per_s": (window[-1].step - window[0].step) / span,
            "frames_per_s": (len(window) - 1) / span,
            "bytes_per_frame": median([f.nbytes for f in window]),
            "max_gap_ms": max(gaps) * 1e3,
            "frames": len(window),
        }


class Client:
    """POSTs on one keep-alive connection; each event stream on its own, like a browser's EventSource."""

    def __init__(self, base: str):
        self.base = base
        self.http = httpx.AsyncClient(base_url=base, timeout=120)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def post_run(self, body: dict) -> tuple[str, float]:
        posted_at = time.perf_counter()
        response = await self.http.post("/api/runs", json=body)
        response.raise_for_status()
        return response.json()["id"], posted_at

    async def delete_run(self, run_id: str) -> None:
        await self.http.delete(f"/api/runs/{run_id}")

    async def watch(
        self, run_id: str, posted_at: float, stop: Callable[[Seen], bool] | None = None, timeout_s: float = 60.0
    ) -> Watched:
        """Collect events until the stream ends, `stop(event)` is true, or `timeout_s` after the POST."""
        watched = Watched(run_id, posted_at, [])
        remaining = timeout_s - (time.perf_counter() - posted_at)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._collect(watched, stop), max(0.01, remaining))
        return watched

    async def _collect(self, watched: Watched, stop: Callable[[Seen], bool] | None) -> None:
        async with self.http.stream("GET", f"/api/runs/{watched.run_id}/events", timeout=None) as response:
            name = "message"
            async for line in response.aiter_lines():
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data = json.loads(line[5:])
                    seen = Seen(
                        time.perf_counter() - watched.posted_at,
                        name,
                        int(data.get("step") or 0),
                        data.get("test_accuracy"),
                        len(line) - 5,
                    )
                    watched.events.append(seen)
                    if name != "frame" or (stop is not None and stop(seen)):
                        return

    async def run(
        self, body: dict, stop: Callable[[Seen], bool] | None = None, timeout_s: float = 60.0, delete: bool = True
    ) -> Watched:
        run_id, posted_at = await self.post_run(body)
        watched = await self.watch(run_id, posted_at, stop, timeout_s)
        if delete:
            await self.delete_run(run_id)
        return watched


class HealthProbe:
    """Polls /api/health from its own thread and connection while a scenario runs; latencies in ms."""

    def __init__(self, base: str, interval_s: float = 0.02):
        self.base, self.interval_s = base, interval_s
        self.latencies_ms: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        with httpx.Client(base_url=self.base, timeout=10) as http:
            while not self._stop.is_set():
                started = time.perf_counter()
                http.get("/api/health").raise_for_status()
                self.latencies_ms.append((time.perf_counter() - started) * 1e3)
                self._stop.wait(self.interval_s)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)

    def summary(self) -> dict[str, float]:
        lat = self.latencies_ms
        return {
            "p50_ms": percentile(lat, 50),
            "p99_ms": percentile(lat, 99),
            "max_ms": max(lat, default=float("nan")),
            "samples": len(lat),
        }
