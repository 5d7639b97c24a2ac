"""Load: many runs and subscribers against a real uvicorn, then create/delete churn (memory returns near baseline)."""

import asyncio
import statistics
import time
from pathlib import Path

import httpx
import pytest

from tests.live_server import live_server_process

SMALL = {"dataset": {"name": "moons", "n_points": 200}, "model": {"hidden": [6]}, "max_steps": 10_000_000}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def _subscriber(http: httpx.AsyncClient, run_id: str, counts: dict, stop: asyncio.Event) -> None:
    async with http.stream("GET", f"/api/runs/{run_id}/events") as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("event: frame"):
                counts[run_id] = counts.get(run_id, 0) + 1
            if stop.is_set():
                return


def _probe_health(base: str, seconds: float) -> list[float]:
    latencies = []
    with httpx.Client(base_url=base, timeout=30) as http:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            assert http.get("/api/health").status_code == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.1)
    return latencies


async def _load(base: str, runs: int, subscribers: int, seconds: float):
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        ids = []
        for _ in range(runs):
            response = await http.post("/api/runs", json=SMALL)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        counts: dict[str, int] = {}
        stop = asyncio.Event()
        tasks = [asyncio.create_task(_subscriber(http, ids[i % runs], counts, stop)) for i in range(subscribers)]
        # health is probed from its own thread and client, so the subscribers' parsing does not skew it
        latencies = await asyncio.to_thread(_probe_health, base, seconds)
        statuses = [(await http.get(f"/api/runs/{run_id}")).json()["status"] for run_id in ids]
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
        for run_id in ids:
            assert (await http.delete(f"/api/runs/{run_id}")).status_code == 204
        return counts, latencies, statuses


@pytest.mark.slow
def test_twenty_runs_fifty_subscribers_then_churn():
    with live_server_process(env={"BOUNDARY_LAB_MAX_LIVE_RUNS": "32"}) as (base, proc):
        with httpx.Client(base_url=base, timeout=30) as http:  # warm the compiled shapes first
            warm = http.post("/api/runs", json={**SMALL, "max_steps": 50}).json()["id"]
            http.get(f"/api/runs/{warm}", params={"wait": "true"})
            http.delete(f"/api/runs/{warm}")
        baseline = rss_mib(proc.pid)
        counts, latencies, statuses = asyncio.run(_load(base, runs=20, subscribers=50, seconds=30))
        assert len(counts) == 20 and min(counts.values()) >= 20, counts
        assert set(statuses) == {"running"}
        p99 = statistics.quantiles(latencies, n=100)[98]
        assert p99 < 1.0, f"health p99 {p99:.3f} s under load"

        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(500):
                run_id = http.post("/api/runs", json=SMALL).json()["id"]
                assert http.delete(f"/api/runs/{run_id}").status_code == 204
            assert http.get("/api/runs").json()["runs"] == []
        after = rss_mib(proc.pid)
        print(
            f"load: health p99 {p99 * 1000:.0f} ms, frames/run ≥ {min(counts.values())}, "
            f"RSS {baseline:.0f}→{after:.0f} MiB"
        )
        assert after < baseline + 150, f"RSS grew from {baseline:.0f} to {after:.0f} MiB"
