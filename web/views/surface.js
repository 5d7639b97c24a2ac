// The loss surface's panel: the training loss over two weights (GET /api/runs/{id}/surface) as a heat map with
// contour lines, the optimizer's path of those two weights over it and the current point; two selects pick the
// weights. Colour and contours follow log(loss), so the valley floor keeps its detail.

import { t } from "../i18n.js";
import { coalesced, element, fitCanvas, formatNumber, niceTicks } from "../util.js";
import { drawSegments, zeroSegments } from "./boundary.js";

const MARGIN = { left: 34, right: 8, top: 16, bottom: 24 };
const LOW = [255, 248, 231];
const HIGH = [29, 79, 122];
const LEVELS = 10;
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

/** A weight's name as the math panel writes it, class first: "w1" → "w₁", "w2_0" (feature 2, class 0) → "w₀₂". */
export function weightNotation(name) {
  const [, j, k] = /^w(\d+)(?:_(\d+))?$/.exec(name) ?? [null, name];
  return `w${`${k ?? ""}${j}`.replace(/\d/g, (digit) => SUBSCRIPTS[digit])}`;
}

/** The heat map at the grid's own resolution, row 0 at the bottom (y_values[0]). */
function paintHeat(layer, surface, range) {
  const n = surface.resolution;
  layer.width = layer.height = n;
  const ctx = layer.getContext("2d");
  const image = ctx.createImageData(n, n);
  surface.loss.forEach((row, r) =>
    row.forEach((value, i) => {
      const f = (Math.log(value) - range[0]) / (range[1] - range[0] || 1);
      const o = ((n - 1 - r) * n + i) * 4;
      for (let c = 0; c < 3; c++) image.data[o + c] = LOW[c] + (HIGH[c] - LOW[c]) * Math.min(1, Math.max(0, f));
      image.data[o + 3] = 255;
    }),
  );
  ctx.putImageData(image, 0, 0);
}

/** Contour lines at evenly spaced levels of log(loss), in weight units. */
function contours(surface, range) {
  const n = surface.resolution;
  const logs = surface.loss.flat().map(Math.log);
  const x = (c) => surface.x_values[0] + (c / (n - 1)) * (surface.x_values[n - 1] - surface.x_values[0]);
  const y = (r) => surface.y_values[0] + (r / (n - 1)) * (surface.y_values[n - 1] - surface.y_values[0]);
  const segments = [];
  for (let level = 1; level < LEVELS; level++) {
    const at = range[0] + (level / LEVELS) * (range[1] - range[0]);
    segments.push(...zeroSegments(logs.map((v) => v - at), n, x, y));
  }
  return segments;
}

function drawAxes(ctx, box, surface, { toX, toY }) {
  const n = surface.resolution;
  Object.assign(ctx, { font: "10px system-ui, sans-serif", fillStyle: "#6b7079", textAlign: "center" });
  ctx.textBaseline = "top";
  for (const tick of niceTicks(surface.x_values[0], surface.x_values[n - 1], 4))
    ctx.fillText(formatNumber(tick, 1), toX(tick), box.y + box.h + 4);
  Object.assign(ctx, { textAlign: "right", textBaseline: "middle" });
  for (const tick of niceTicks(surface.y_values[0], surface.y_values[n - 1], 4))
    ctx.fillText(formatNumber(tick, 1), box.x - 4, toY(tick));
  Object.assign(ctx, { font: "italic 12px Georgia, serif", fillStyle: "#4a4f57", textAlign: "right" });
  ctx.fillText(weightNotation(surface.x), box.x + box.w, box.y + box.h + 16);
  Object.assign(ctx, { textAlign: "left", textBaseline: "top" });
  ctx.fillText(weightNotation(surface.y), box.x - 30, 0);
}

/** The path (oldest faint, newest dark) and the current point, clipped to the plot. */
function drawPath(ctx, path, { toX, toY }) {
  if (!path.length) return;
  Object.assign(ctx, { strokeStyle: "#c0173e", lineWidth: 1.6, lineJoin: "round" });
  ctx.beginPath();
  path.forEach(([x, y], i) => (i ? ctx.lineTo(toX(x), toY(y)) : ctx.moveTo(toX(x), toY(y))));
  ctx.stroke();
  const [x, y] = path.at(-1);
  Object.assign(ctx, { fillStyle: "#c0173e", strokeStyle: "#fff", lineWidth: 2 });
  ctx.beginPath();
  ctx.arc(toX(x), toY(y), 5, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
}

function draw(canvas, view) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const { surface, path } = view;
  if (!surface) return;
  const side = Math.max(10, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
  const box = { x: MARGIN.left + Math.floor((width - MARGIN.left - MARGIN.right - side) / 2), y: MARGIN.top, w: side, h: side };
  const n = surface.resolution;
  const [x0, x1, y0, y1] = [surface.x_values[0], surface.x_values[n - 1], surface.y_values[0], surface.y_values[n - 1]];
  const mapping = {
    toX: (x) => box.x + ((x - x0) / (x1 - x0)) * box.w,
    toY: (y) => box.y + box.h - ((y - y0) / (y1 - y0)) * box.h,
  };
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(view.heat, box.x, box.y, box.w, box.h);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  drawSegments(ctx, view.contours, mapping, { color: "rgba(255,255,255,0.55)", width: 1 });
  drawPath(ctx, path, mapping);
  ctx.restore();
  Object.assign(ctx, { strokeStyle: "#c9ccd1", lineWidth: 1 });
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
  drawAxes(ctx, box, surface, mapping);
}

function weightSelect(id, onChange) {
  const select = element("select", { id });
  select.addEventListener("change", () => onChange(select.value));
  return select;
}

/** handlers: onAxes({x, y}) when a select changes, onClose(). */
export function createSurfacePanel(root, handlers) {
  const view = { surface: null, path: [], heat: document.createElement("canvas"), contours: [] };
  const canvas = element("canvas", { id: "surface-canvas" });
  const pick = () => handlers.onAxes({ x: xSelect.value, y: ySelect.value });
  const xSelect = weightSelect("surface-x", pick);
  const ySelect = weightSelect("surface-y", pick);
  const close = element("button", { type: "button", class: "tool inspect-close", text: "×" });
  close.addEventListener("click", handlers.onClose);
  const note = element("p", { class: "surface-note muted", "aria-live": "polite" });
  const labels = [
    element("label", { class: "toggle" }, `${t("surface.across")} `, xSelect),
    element("label", { class: "toggle" }, `${t("surface.up")} `, ySelect),
  ];
  const head = element("header", { class: "card-head" }, element("h2", { text: t("surface.title") }), ...labels, close);
  close.title = close.ariaLabel = t("surface.close");
  canvas.ariaLabel = t("surface.canvas");
  xSelect.title = ySelect.title = t("surface.weight_title");
  root.replaceChildren(head, element("div", { class: "surface-plot" }, canvas), note);
  const redraw = coalesced(() => draw(canvas, view));
  new ResizeObserver(redraw).observe(canvas);
  return {
    setSurface(surface) {
      const logs = surface.loss.flat().map(Math.log);
      const range = [Math.min(...logs), Math.max(...logs)];
      Object.assign(view, { surface, contours: contours(surface, range) });
      paintHeat(view.heat, surface, range);
      for (const select of [xSelect, ySelect]) {
        if (select.options.length !== surface.weights.length)
          select.replaceChildren(...surface.weights.map((name) => element("option", { value: name, text: weightNotation(name) })));
      }
      xSelect.value = surface.x;
      ySelect.value = surface.y;
      note.textContent = t("surface.note", { loss: formatNumber(surface.current_loss, 4), step: surface.step });
      redraw();
    },
    setPath(path) {
      view.path = path;
      redraw();
    },
    clear() {
      Object.assign(view, { surface: null, path: [] });
      redraw();
    },
  };
}
