"""The teacher's class view (issue 15, part 2): every run as a small tile, pause all, and a challenge's ranking.

Teacher only: server/callers.py's TEACHER_ONLY refuses every /api/class/ request from a learner with 403 (and
TokenGate one without credentials with 401). A tile's thumbnail is cut from the run's latest published frame
(`run.broadcast.latest`), so no request runs a forward pass; runs are read only through the manager's public
interface (`all()`, `info()`, `broadcast.latest`, `set_paused`, `lab.describe()`), which a remote engine's
proxies offer too.
"""

from __future__ import annotations

import base64
import json
import threading
import weakref

import numpy as np
from fastapi import APIRouter, Request, status

from server.deps import Manager
from server.learners import LearnerRegistry
from server.schemas.class_view import (
    MAX_FILTER_CELLS,
    THUMBNAIL_SIZE,
    Challenge,
    ChallengeRule,
    ClassRun,
    ClassView,
    PausedAll,
    RankedRun,
    Thumbnail,
)
from server.schemas.runs import TERMINAL_STATUSES

router = APIRouter(prefix="/api/class", tags=["class"])


def _regions(grid: dict) -> Thumbnail:
    """The grid's probabilities (N, N, K) sampled at THUMBNAIL_SIZE² cells: each cell's class and confidence."""
    n, k = grid["resolution"], grid["classes"]
    probs = np.frombuffer(base64.b64decode(grid["probs"]), np.uint8).reshape(n, n, k)
    picks = (np.arange(THUMBNAIL_SIZE) * n) // THUMBNAIL_SIZE + n // (2 * THUMBNAIL_SIZE)
    cells = probs[np.ix_(picks, picks)].astype(np.float32) / 255.0
    if k == 1:  # a binary model's frames carry P(class 1) only
        cells = np.concatenate([1.0 - cells, cells], axis=-1)
    packed = 32 * cells.argmax(-1) + np.rint(31 * cells.max(-1))
    data = base64.b64encode(packed.astype(np.uint8).tobytes()).decode()
    return Thumbnail(kind="regions", width=THUMBNAIL_SIZE, height=THUMBNAIL_SIZE, classes=max(k, 2), data=data)


def _filters(stack: dict) -> Thumbnail:
    """The first-layer images (templates or kernels) side by side in one row, each pooled to ≤ MAX_FILTER_CELLS."""
    shape = stack["shape"]
    images = np.frombuffer(base64.b64decode(stack["data"]), np.uint8).reshape(-1, shape[-2], shape[-1])[:8]
    factor = max(1, -(-shape[-1] // MAX_FILTER_CELLS))
    side = shape[-1] // factor
    pooled = images[:, : side * factor, : side * factor].reshape(len(images), side, factor, side, factor)
    row = np.concatenate(list(pooled.astype(np.float32).mean((2, 4))), axis=1)
    data = base64.b64encode(np.rint(row).astype(np.uint8).tobytes()).decode()
    return Thumbnail(kind="filters", width=row.shape[1], height=side, data=data)


def thumbnail(frame_json: str) -> Thumbnail | None:
    """A frame's tile: a 2D run's regions, a digits run's first-layer weights; None for a frame with neither."""
    frame = json.loads(frame_json)
    if frame.get("grid"):
        return _regions(frame["grid"])
    digits = frame.get("digits") or {}
    first = digits.get("weights") or (digits.get("filters") or {}).get("conv1")
    return _filters(first) if first else None


class ChallengeBoard:
    """The class's one challenge, and the first step each run was seen at or over its threshold (a run's step is
    seen whenever the class view is read, a few times a second while the teacher watches)."""

    def __init__(self) -> None:
        self.rule: ChallengeRule | None = None
        self._reached: dict[str, RankedRun] = {}
        self._lock = threading.Lock()

    def set(self, rule: ChallengeRule | None) -> None:
        with self._lock:
            self.rule, self._reached = rule, {}

    def ranking(self, runs: list[tuple[object, ClassRun]]) -> Challenge | None:
        with self._lock:
            rule = self.rule
            if rule is None:
                return None
            alive = {tile.id for _, tile in runs}
            self._reached = {run_id: ranked for run_id, ranked in self._reached.items() if run_id in alive}
            for run, tile in runs:
                accuracy = tile.test_accuracy
                if tile.dataset != rule.dataset or accuracy is None or accuracy < rule.threshold:
                    continue
                first = self._reached.get(tile.id)
                self._reached[tile.id] = RankedRun(
                    run_id=tile.id,
                    learner_name=tile.learner_name,
                    test_accuracy=max(accuracy, first.test_accuracy if first else 0.0),
                    parameters=first.parameters if first else run.lab.describe()["parameter_count"],
                    step=first.step if first else tile.step,
                )
            first, second = ("parameters", "step") if rule.tie_break == "fewest_parameters" else ("step", "parameters")
            ranked = sorted(
                self._reached.values(), key=lambda r: (getattr(r, first), getattr(r, second), -r.test_accuracy)
            )
            return Challenge(**rule.model_dump(), ranking=ranked)


_BOARDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one challenge per app (server/app.py's)


def _board(request: Request) -> ChallengeBoard:
    return _BOARDS.setdefault(request.app, ChallengeBoard())


def _names(request: Request) -> dict[str, str]:
    learners: LearnerRegistry | None = request.app.state.learners
    return {learner.id: learner.name for learner in learners.all()} if learners else {}


def _tile(run, names: dict[str, str]) -> ClassRun:
    info = run.info()
    latest = run.broadcast.latest
    return ClassRun(
        id=info.id,
        learner_id=info.owner,
        learner_name=names.get(info.owner) if info.owner else None,
        dataset=info.config.dataset.name,
        model=info.config.model.kind,
        status=info.status,
        step=info.step,
        test_accuracy=info.metrics.test_accuracy,
        paused=info.status == "paused",
        thumbnail=thumbnail(latest.data) if latest is not None else None,
    )


@router.get("/runs")
def class_runs(manager: Manager, request: Request) -> ClassView:
    """Every run of the server as a tile (learner, dataset, step, test accuracy, thumbnail), and the challenge's
    ranking when one is set: the teacher's grid, a few hundred bytes a run."""
    names = _names(request)
    runs = [(run, _tile(run, names)) for run in manager.all()]
    return ClassView(runs=[tile for _, tile in runs], challenge=_board(request).ranking(runs))


@router.post("/pause")
def pause_all(manager: Manager) -> PausedAll:
    """Pause every live run of the class (each learner resumes their own)."""
    live = [run for run in manager.all() if run.info().status not in TERMINAL_STATUSES]
    for run in live:
        run.set_paused(True)
    return PausedAll(paused=len(live))


@router.post("/challenge", status_code=status.HTTP_201_CREATED)
def set_challenge(rule: ChallengeRule, manager: Manager, request: Request) -> Challenge:
    """Set the class's challenge (replacing any): runs on `dataset` at or over `threshold` test accuracy are
    ranked by `tie_break`."""
    board = _board(request)
    board.set(rule)
    names = _names(request)
    return board.ranking([(run, _tile(run, names)) for run in manager.all()])


@router.get("/challenge")
def get_challenge(manager: Manager, request: Request) -> Challenge | None:
    """The challenge and its ranking now (null when none is set)."""
    names = _names(request)
    return _board(request).ranking([(run, _tile(run, names)) for run in manager.all()])


@router.delete("/challenge", status_code=status.HTTP_204_NO_CONTENT)
def end_challenge(request: Request) -> None:
    _board(request).set(None)
