"""Server stream windows interleaved with PyTorch rounds: several paired samples instead of one window per run.

Round i streams one fresh run of ours for a window (measured at the SSE client, the server alone on the machine),
then trains the PyTorch peer in this process for about as long at 1 and at 2 threads (the server idle). Each round
gives a paired ratio, ours / the faster thread count of that round, so a neighbour's burst of load that lands on
one round lands on both sides of its ratio; the report gives the median and the min–max of every series.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from bench import peers_torch
from bench.timing import median


def rate_for(trainer, seconds: float, chunk: int) -> float:
    """Steps/s of `trainer` over about `seconds`, in chunks of `chunk` steps (a warm-up chunk first, untimed)."""
    trainer.train(chunk)
    steps, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        trainer.train(chunk)
        steps += chunk
    return steps / (time.perf_counter() - started)


def spread(values: list[float]) -> dict[str, float]:
    finite = [v for v in values if v == v]  # drop nan (a window that saw too few frames)
    if not finite:
        return {"median": float("nan"), "min": float("nan"), "max": float("nan"), "n": 0}
    return {"median": median(finite), "min": min(finite), "max": max(finite), "n": len(finite)}


async def paired_rounds(
    window: Callable[[int], object], make_torch: Callable[[int], object] | None, rounds: int, seconds: float, chunk: int
) -> dict:
    """`rounds` × (await window(i) → ours' steps/s; then torch at 1 and 2 threads for `seconds` each)."""
    trainers = {t: make_torch(t) for t in (1, 2)} if make_torch and peers_torch.available() else {}
    ours, torch_by_round, ratios = [], [], []
    for i in range(rounds):
        rate = await window(i)
        ours.append(rate)
        peer = {t: await asyncio.to_thread(rate_for, tr, seconds, chunk) for t, tr in trainers.items()}
        torch_by_round.append(peer)
        if peer:
            ratios.append(rate / max(peer.values()))
    best = [max(p.values()) for p in torch_by_round if p]
    return {
        "ours": spread(ours),
        "ours_rounds": ours,
        "torch": spread(best),
        "torch_rounds": torch_by_round,
        "ratio": spread(ratios),
        "ratio_rounds": ratios,
    }
