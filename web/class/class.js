// The teacher's class view (/class/?token=…): every learner's run as a tile (name, dataset, step, test accuracy
// and a thumbnail the server cuts from the run's latest frame, server/routes/class_view.py), refreshed a few
// times a second; pause every run; set a challenge and see its ranking.

import * as api from "../api.js";
import { t, useLanguage } from "../i18n.js";
import { CLASS_RGB } from "../palette.js";
import { decodeBase64, formatNumber } from "../util.js";
import { translateStatic } from "../views/langswitch.js";
import { watchRun, wireWatch } from "./watch.js";

const REFRESH_MS = 300;
let latest = []; // the runs of the last refresh, for the tile a click opens
const $ = (id) => document.getElementById(id);

/** A regions thumbnail: byte = 32·class + round(31·confidence), drawn in the class's colour, paler when unsure. */
function drawRegions(image, thumb) {
  const cells = decodeBase64(thumb.data);
  for (let i = 0; i < cells.length; i++) {
    const rgb = CLASS_RGB[cells[i] >> 5] ?? [128, 128, 128];
    const strength = 0.25 + 0.6 * ((cells[i] & 31) / 31);
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = Math.round(255 - strength * (255 - rgb[c]));
    image.data[4 * i + 3] = 255;
  }
}

/** A filters thumbnail: signed bytes around 127.5, drawn grey. */
function drawFilters(image, thumb) {
  const cells = decodeBase64(thumb.data);
  for (let i = 0; i < cells.length; i++) {
    image.data.fill(cells[i], 4 * i, 4 * i + 3);
    image.data[4 * i + 3] = 255;
  }
}

function drawThumbnail(canvas, thumb) {
  if (!thumb) return;
  canvas.width = thumb.width;
  canvas.height = thumb.height;
  const context = canvas.getContext("2d");
  const image = context.createImageData(thumb.width, thumb.height);
  (thumb.kind === "regions" ? drawRegions : drawFilters)(image, thumb);
  context.putImageData(image, 0, 0);
}

function tileFor(grid, run) {
  let tile = grid.querySelector(`[data-run="${run.id}"]`);
  if (!tile) {
    tile = document.createElement("article");
    tile.className = "tile";
    tile.dataset.run = run.id;
    tile.innerHTML = '<div class="who"></div><canvas></canvas><div class="facts"></div>';
    tile.tabIndex = 0;
    tile.title = t("classview.open_tile");
    grid.append(tile);
  }
  return tile;
}

function renderRuns(runs, ranked) {
  const grid = $("grid");
  const shown = new Set(runs.map((run) => run.id));
  for (const tile of grid.querySelectorAll(".tile")) if (!shown.has(tile.dataset.run)) tile.remove();
  for (const run of runs) {
    const tile = tileFor(grid, run);
    tile.classList.toggle("ranked", ranked.has(run.id));
    tile.querySelector(".who").textContent = run.learner_name ?? t("classview.teacher_run");
    drawThumbnail(tile.querySelector("canvas"), run.thumbnail);
    const accuracy = run.test_accuracy === null ? "–" : formatNumber(run.test_accuracy, 3);
    tile.querySelector(".facts").textContent = t("classview.tile_facts", {
      dataset: run.dataset,
      step: run.step,
      accuracy,
      status: t(`status.state.${run.status === "queued" ? "starting" : run.status}`),
    });
  }
  $("class-status").textContent = t("classview.count", { runs: runs.length });
}

function renderRanking(challenge) {
  const list = $("ranking");
  list.replaceChildren();
  for (const entry of challenge?.ranking ?? []) {
    const item = document.createElement("li");
    item.textContent = t("classview.ranked", {
      name: entry.learner_name ?? t("classview.teacher_run"),
      accuracy: formatNumber(entry.test_accuracy, 3),
      parameters: entry.parameters,
      step: entry.step,
    });
    list.append(item);
  }
}

async function refresh() {
  try {
    const view = await api.classRuns();
    latest = view.runs;
    renderRuns(view.runs, new Set((view.challenge?.ranking ?? []).map((entry) => entry.run_id)));
    renderRanking(view.challenge);
  } catch (error) {
    $("class-status").textContent = error.message;
  }
  setTimeout(refresh, REFRESH_MS);
}

function wireControls() {
  wireWatch();
  const open = (event) => {
    const tile = event.target.closest(".tile");
    if (tile) watchRun(latest.find((run) => run.id === tile.dataset.run) ?? { id: tile.dataset.run });
  };
  $("grid").addEventListener("click", open);
  $("grid").addEventListener("keydown", (event) => event.key === "Enter" && open(event));
  $("pause-all").addEventListener("click", () => api.pauseClass());
  $("end-challenge").addEventListener("click", () => api.endChallenge());
  $("challenge-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    api.setChallenge({
      dataset: form.get("dataset"),
      threshold: Number(form.get("threshold")),
      tie_break: form.get("tie_break"),
    });
  });
}

await useLanguage();
translateStatic();
wireControls();
refresh();
