// One run full-size, read-only (a tile clicked in the class view): the run's own event stream drawn as its
// decision regions at the frame's full resolution, or a digits run's first-layer images large, with its step,
// losses and accuracies. Nothing here changes the run; closing the dialog closes the stream.

import * as api from "../api.js";
import { t } from "../i18n.js";
import { CLASS_RGB } from "../palette.js";
import { decodeBase64, formatNumber } from "../util.js";

const $ = (id) => document.getElementById(id);
let closeStream = null;

/** The grid's (N, N, K) probabilities as an N×N image: each cell in its likeliest class's colour, paler when unsure. */
function drawGrid(canvas, grid) {
  const n = grid.resolution;
  const k = grid.classes;
  const probs = decodeBase64(grid.probs);
  canvas.width = canvas.height = n;
  const context = canvas.getContext("2d");
  const image = context.createImageData(n, n);
  for (let cell = 0; cell < n * n; cell++) {
    let best = 0;
    let confidence = probs[cell * k] / 255;
    if (k === 1) [best, confidence] = confidence >= 0.5 ? [1, confidence] : [0, 1 - confidence];
    for (let c = 1; c < k; c++) {
      const p = probs[cell * k + c] / 255;
      if (p > confidence) [best, confidence] = [c, p];
    }
    const rgb = CLASS_RGB[best] ?? [128, 128, 128];
    const strength = 0.25 + 0.6 * (k === 1 ? 2 * confidence - 1 : confidence);
    for (let c = 0; c < 3; c++) image.data[4 * cell + c] = Math.round(255 - strength * (255 - rgb[c]));
    image.data[4 * cell + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/** A digits run's first-layer images (templates or conv1 kernels), side by side in grey at their own size. */
function drawImages(canvas, stack) {
  const [height, width] = stack.shape.slice(-2);
  const count = Math.min(stack.shape[0], 16);
  const bytes = decodeBase64(stack.data);
  canvas.width = count * (width + 1);
  canvas.height = height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(canvas.width, height);
  image.data.fill(255);
  for (let i = 0; i < count; i++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const value = bytes[(i * height + y) * width + x];
        const at = 4 * (y * canvas.width + i * (width + 1) + x);
        image.data.fill(value, at, at + 3);
      }
  context.putImageData(image, 0, 0);
}

function showFacts(frame) {
  const value = (x) => (x === null || x === undefined ? "–" : formatNumber(x, 3));
  $("watch-facts").textContent = t("classview.watch_facts", {
    step: frame.step,
    train_loss: value(frame.train_loss),
    test_accuracy: value(frame.test_accuracy),
    status: t(`status.state.${frame.status === "queued" ? "starting" : frame.status}`),
  });
}

function showFrame(frame) {
  const canvas = $("watch-canvas");
  const first = frame.digits?.weights ?? frame.digits?.filters?.conv1;
  if (frame.grid) drawGrid(canvas, frame.grid);
  else if (first) drawImages(canvas, first);
  canvas.classList.toggle("wide", !frame.grid);
  showFacts(frame);
}

function stop() {
  closeStream?.();
  closeStream = null;
}

/** Open the dialog on `run` (a class-view tile's run) and follow its frames until it is closed. */
export function watchRun(run) {
  stop();
  const dialog = $("watch");
  $("watch-title").textContent = t("classview.watching", { name: run.learner_name ?? t("classview.teacher_run") });
  $("watch-facts").textContent = t("classview.watch_waiting");
  $("watch-canvas").getContext("2d").clearRect(0, 0, 1e4, 1e4);
  closeStream = api.subscribe(run.id, {
    onFrame: showFrame,
    onEnd: showFacts,
    onDropped: () => {},
    onResumed: () => {},
    onLost: () => ($("watch-facts").textContent = t("classview.watch_lost")),
  });
  if (!dialog.open) dialog.showModal();
}

export function wireWatch() {
  $("watch").addEventListener("close", stop);
  $("watch-close").addEventListener("click", () => $("watch").close());
}
