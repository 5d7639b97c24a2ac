"""A sweep that is just Python: every combination of a few settings, trained within the server's live-run cap.

The server answers 429 with `Retry-After` when its cap is reached; the sweep then waits that long (or until one of its
own runs ends) before asking again, so it never holds more slots than the server grants and never hammers it.
"""

from __future__ import annotations

import copy
import itertools
import time

from boundary_lab.errors import RunLimitError

POLL_S = 0.2


def expand(base: dict, grid: dict[str, list], where: dict[str, str]) -> list[tuple[dict, dict]]:
    """(swept values, full run body) for every combination; `where` maps a setting to its section ('' = top level)."""
    unknown = [name for name in grid if name not in where]
    if unknown:
        raise KeyError(f"not a run setting: {', '.join(unknown)}; settings are {', '.join(sorted(where))}")
    names = list(grid)
    combos = []
    for values in itertools.product(*(grid[name] for name in names)):
        body = copy.deepcopy(base)
        for name, value in zip(names, values, strict=True):
            section = where[name]
            if section:
                body.setdefault(section, {})[name] = value
            else:
                body[name] = value
        combos.append((dict(zip(names, values, strict=True)), body))
    return combos


def _row(swept: dict, info) -> dict:
    return {**swept, "status": info.status, "step": info.step, **info.metrics.__dict__, "message": info.message}


def run_sweep(lab, base: dict, grid: dict[str, list], max_seconds: float | None = None):
    """Train each combination to its end (or `max_seconds` per run), one row each, in the order of the grid.

    Returns a list of dicts, or a pandas DataFrame when pandas is installed. Runs are deleted once read."""
    pending = list(enumerate(expand(base, grid, lab.config_fields())))
    rows: list[dict | None] = [None] * len(pending)
    active: list[tuple[int, dict, object, float]] = []
    not_before = 0.0
    while pending or active:
        now = time.monotonic()
        if pending and now >= not_before:
            index, (swept, body) = pending[0]
            try:
                active.append((index, swept, lab.train(**body), now))
                pending.pop(0)
                continue
            except RunLimitError as full:
                not_before = now + full.retry_after
        for entry in list(active):
            index, swept, run, started = entry
            info = run.info()
            timed_out = max_seconds is not None and now - started > max_seconds
            if info.ended or timed_out:
                rows[index] = _row(swept, info)
                run.delete()
                active.remove(entry)
                not_before = 0.0  # a slot of ours just freed: ask again at once
        time.sleep(POLL_S)
    return _table(rows)


def _table(rows: list[dict]):
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows)
