"""`run.show()`: the run drawn with matplotlib — decision region and points (2D) or templates/filters (digits), and
the loss curves.

Why matplotlib: every Jupyter front end renders its PNGs with no extension to install, and the same figure saves to a
file outside Jupyter. In a notebook one display handle is updated in place (a few times a second, not per frame:
a PNG costs tens of milliseconds), so the cell shows one live picture and the kernel returns when the run ends.
"""

from __future__ import annotations

import io
import time

import numpy as np

CLASS_COLOURS = np.array(  # class k's colour on the page's palette order (blue, orange, green, purple, red)
    [[0.23, 0.45, 0.72], [0.93, 0.55, 0.20], [0.30, 0.65, 0.35], [0.55, 0.40, 0.70], [0.85, 0.30, 0.30]]
)
REDRAW_EVERY_S = 0.3


def in_jupyter() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


def region_rgb(probs: np.ndarray) -> np.ndarray:
    """(N, N, K) probabilities -> (N, N, 3): each class's colour mixed by its probability, pale where unsure."""
    mixed = probs @ CLASS_COLOURS[: probs.shape[-1]]
    confidence = probs.max(axis=-1, keepdims=True)
    return 1.0 - (1.0 - mixed) * (0.25 + 0.5 * confidence)


def mosaic(images: np.ndarray, columns: int = 8) -> np.ndarray:
    """(n, h, w) images side by side with a 1-pixel gap, each scaled to [-1, 1] by its own largest |value|."""
    n, h, w = images.shape
    rows = -(-n // columns)
    sheet = np.full((rows * (h + 1) - 1, min(n, columns) * (w + 1) - 1), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        sheet[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = image / max(np.abs(image).max(), 1e-8)
    return sheet


def _draw_plane(ax, frame, points: dict | None) -> None:
    xmin, xmax, ymin, ymax = frame.grid.extent
    ax.imshow(region_rgb(frame.grid.probs), extent=(xmin, xmax, ymin, ymax), origin="upper", interpolation="bilinear")
    if points is not None:
        for split, marker_fill in (("train", True), ("test", False)):
            xy = points[split]
            colours = CLASS_COLOURS[xy[:, 2].astype(int)] if len(xy) else "k"
            ax.scatter(
                xy[:, 0], xy[:, 1], s=14, c=colours if marker_fill else "none", edgecolors=colours, linewidths=0.8
            )
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_title("decision region (filled: train, rings: test)")


def _draw_digits(ax, frame) -> None:
    digits = frame.digits
    if digits.weights is not None:
        images, title = digits.weights[:32], "first-layer weights as 28×28 templates"
    else:
        images, title = digits.filters["conv1"], "conv1 filters"
    ax.imshow(mosaic(images, columns=5 if len(images) <= 10 else 8), cmap="RdBu_r", vmin=-1, vmax=1)
    ax.set_axis_off()
    ax.set_title(title)


def _draw_curves(ax, history: list[dict]) -> None:
    steps = [row["step"] for row in history]
    for name, style in (("train_loss", "-"), ("test_loss", "--")):
        values = [np.nan if row[name] is None else row[name] for row in history]
        if any(np.isfinite(values)):
            ax.plot(steps, values, style, label=name.replace("_", " "))
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy")
    ax.legend(loc="upper right")


def draw(fig, frame, history: list[dict], points: dict | None, status: str | None = None) -> None:
    fig.clear()
    left, right = fig.subplots(1, 2)
    if frame.digits is not None:
        _draw_digits(left, frame)
    else:
        _draw_plane(left, frame, points)
    _draw_curves(right, history)
    metrics = frame.metrics
    accuracy = "" if metrics.train_accuracy is None else f", train accuracy {metrics.train_accuracy:.3f}"
    fig.suptitle(f"run {frame.run_id} · {status or frame.status} · step {frame.step}{accuracy}")


def show_run(run, path: str | None = None, max_seconds: float | None = None):
    """Watch `run` until it ends (or `max_seconds`, or Ctrl-C / the notebook's stop button) and draw it.

    Jupyter: one figure updated in place, returns the last Frame. Elsewhere: returns the saved PNG's path."""
    import matplotlib

    live = in_jupyter()
    if not live:
        matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4.2), layout="constrained")
    points = None if run.config["dataset"]["name"] == "mnist" else run.points()
    handle, last, drawn_at = None, None, 0.0
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    try:
        for frame in run.frames():
            last = frame
            now = time.monotonic()
            if live and now - drawn_at > REDRAW_EVERY_S:
                handle = _refresh(fig, handle, frame, run, points)
                drawn_at = now
            if deadline is not None and now > deadline:
                break
    except KeyboardInterrupt:
        pass
    if last is None:
        return None
    if live:
        _refresh(fig, handle, last, run, points, run.end.status if run.end else None)
        return last
    draw(fig, last, run._history, points, run.end.status if run.end else None)
    path = path or f"run-{run.id}.png"
    fig.savefig(path, dpi=100)
    return path


def _refresh(fig, handle, frame, run, points, status: str | None = None):
    """Draw and send the figure as PNG bytes: works whatever matplotlib backend the kernel has (or none)."""
    from IPython.display import Image, display

    draw(fig, frame, run._history, points, status)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    picture = Image(data=buffer.getvalue(), format="png")
    if handle is None:
        return display(picture, display_id=True)
    handle.update(picture)
    return handle
