"""Load: many runs and subscribers against a real uvicorn, then create/delete churn (memory returns near baseline)."""

import asyncio
import json
import statistics
import subprocess
import sys
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


FRAME_MARKER = b"event: frame"


async def _subscriber(http: httpx.AsyncClient, run_id: str, index: int, counts: dict, stop: asyncio.Event) -> None:
    """Counts frames in the raw bytes: splitting 50 streams of ~35 KB frames into lines would make this process, not
    the server, the bottleneck (newest-wins then skips frames a faster client would have got)."""
    counts[index], tail = 0, b""
    async with http.stream("GET", f"/api/runs/{run_id}/events") as response:
        assert response.status_code == 200
        async for chunk in response.aiter_raw():
            window = tail + chunk
            counts[index] += window.count(FRAME_MARKER)
            tail = window[-(len(FRAME_MARKER) - 1) :]
            if stop.is_set():
                return


PROBE_HEALTH = """
import json, sys, time, httpx
latencies = []
with httpx.Client(base_url=sys.argv[1], timeout=30) as http:
    deadline = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        started = time.perf_counter()
        assert http.get("/api/health").status_code == 200
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
print(json.dumps(latencies))
"""


def _probe_health(base: str, seconds: float) -> list[float]:
    """Latencies of /api/health from a separate process: the subscribers' parsing here holds this process's GIL."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE_HEALTH, base, str(seconds)], capture_output=True, text=True, timeout=seconds + 60
    )
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout)


async def _load(base: str, runs: int, subscribers: int, seconds: float):
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        ids = []
        for _ in range(runs):
            response = await http.post("/api/runs", json=SMALL)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        counts: dict[str, int] = {}
        stop = asyncio.Event()
        tasks = [asyncio.create_task(_subscriber(http, ids[i % runs], i, counts, stop)) for i in range(subscribers)]
        # health is probed from its own thread and client, so the subscribers' parsing does not skew it
        latencies = await asyncio.to_thread(_probe_health, base, seconds)
        statuses = [(await http.get(f"/api/runs/{run_id}")).json()["status"] for run_id in ids]
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
        for run_id in ids:
            assert (await http.delete(f"/api/runs/{run_id}")).status_code == 204
        return counts, latencies, statuses


# README's promises, and the margins these thresholds leave on this shared 2-core machine (measured at load average
# 8-14, where an idle server's own health p99 was already 90 ms):
# - 160 frames/s shared, so 20 runs for 30 s give each subscriber ~240 frames: measured 127-185, asserted >= 40 %,
#   and <= 110 % (the budget holds);
# - health p99 < 50 ms (bench, 4 runs): with 20 runs the median keeps it (measured 11-16 ms, asserted < 50 ms) while the
#   tail is the machine's (measured 159-432 ms): p99 < 750 ms still catches a blocked event loop, which costs seconds;
# - memory returns near baseline: measured +12-14 MiB after the load and +0 from 500 create/deletes.
RUNS, SUBSCRIBERS, SECONDS = 20, 50, 30
FRAMES_PER_SUBSCRIBER = 160 / RUNS * SECONDS
MAX_HEALTH_P50_S, MAX_HEALTH_P99_S = 0.050, 0.750
MAX_RSS_GROWTH_MIB, MAX_CHURN_GROWTH_MIB = 40, 10


@pytest.mark.slow
def test_twenty_runs_fifty_subscribers_then_churn():
    with live_server_process(env={"BOUNDARY_LAB_MAX_LIVE_RUNS": "32"}) as (base, proc):
        with httpx.Client(base_url=base, timeout=30) as http:  # warm the compiled shapes first
            warm = http.post("/api/runs", json={**SMALL, "max_steps": 50}).json()["id"]
            http.get(f"/api/runs/{warm}", params={"wait": "true"})
            http.delete(f"/api/runs/{warm}")
        baseline = rss_mib(proc.pid)
        counts, latencies, statuses = asyncio.run(_load(base, RUNS, SUBSCRIBERS, SECONDS))
        loaded = rss_mib(proc.pid)
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(500):
                run_id = http.post("/api/runs", json=SMALL).json()["id"]
                assert http.delete(f"/api/runs/{run_id}").status_code == 204
            assert http.get("/api/runs").json()["runs"] == []
        after = rss_mib(proc.pid)
        p50, p99 = statistics.median(latencies), statistics.quantiles(latencies, n=100)[98]
        print(
            f"load: health p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms over {len(latencies)} probes, "
            f"frames per subscriber {min(counts.values())}-{max(counts.values())}, "
            f"RSS {baseline:.0f}→{loaded:.0f}→{after:.0f} MiB"
        )
        assert set(statuses) == {"running"}
        frames = sorted(counts.values())
        assert len(frames) == SUBSCRIBERS and frames[0] >= 0.4 * FRAMES_PER_SUBSCRIBER, frames
        assert frames[-1] <= 1.1 * FRAMES_PER_SUBSCRIBER, f"the runs together exceeded the frame budget: {frames}"
        assert p50 < MAX_HEALTH_P50_S and p99 < MAX_HEALTH_P99_S, f"health p50 {p50:.3f} s, p99 {p99:.3f} s under load"
        assert after - loaded < MAX_CHURN_GROWTH_MIB, f"500 create/deletes grew RSS from {loaded:.0f} to {after:.0f}"
        assert after - baseline < MAX_RSS_GROWTH_MIB, f"RSS grew from {baseline:.0f} to {after:.0f} MiB"
