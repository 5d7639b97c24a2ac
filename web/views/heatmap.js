// The plane: decision regions from the frame's probability grid, the data points on top, axes with ticks,
// and the mouse (hover reads probabilities, click adds a point, shift-click or right-click removes one).
// A hidden unit's map can take the plane's place while the learner hovers its thumbnail.
//
// Colour: each cell takes its most likely class's colour with an opacity that grows with the margin over a
// uniform guess, (p_max − 1/K)/(1 − 1/K): white where the model is unsure, saturated where it is sure.

import { CLASS_RGB, divergingTable, hexToRgb, PLANE_BACKGROUND } from "../palette.js";
import { coalesced, fitCanvas, formatNumber, niceTicks, strokeLines } from "../util.js";
import { paintBytes } from "./byteimage.js";
import { drawMarker } from "./points.js";

const MARGIN = { left: 34, right: 8, top: 8, bottom: 30 };
const DEFAULT_EXTENT = [-6, 6, -6, 6];
const MAX_OPACITY = 0.62;
const DISCRETE_OPACITY = 0.5;
const REMOVE_RADIUS_PX = 10;
const BACKGROUND_RGB = hexToRgb(PLANE_BACKGROUND);
const UNIT_COLORS = divergingTable();

function paintGrid(image, probs, resolution, classes, discretize) {
  const pixels = image.data;
  const uniform = 1 / classes;
  for (let cell = 0; cell < resolution * resolution; cell++) {
    let best = 0;
    let bestP = -1;
    for (let k = 0; k < classes; k++) {
      const p = probs[cell * classes + k];
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    const margin = Math.max(0, (bestP / 255 - uniform) / (1 - uniform));
    const alpha = discretize ? DISCRETE_OPACITY : MAX_OPACITY * margin;
    const rgb = CLASS_RGB[best % CLASS_RGB.length];
    const o = cell * 4;
    for (let c = 0; c < 3; c++) pixels[o + c] = BACKGROUND_RGB[c] + (rgb[c] - BACKGROUND_RGB[c]) * alpha;
    pixels[o + 3] = 255;
  }
}

/** The plot is square (one data unit is as long on both axes), centred in whatever box the page gives. */
function plotBox(width, height) {
  const side = Math.max(10, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
  return {
    x: MARGIN.left + Math.floor((width - MARGIN.left - MARGIN.right - side) / 2),
    y: MARGIN.top + Math.floor((height - MARGIN.top - MARGIN.bottom - side) / 2),
    w: side,
    h: side,
  };
}

/** Ticks under and left of the plot, and the axes' names x₁ and x₂. */
function drawAxes(ctx, box, [xmin, xmax, ymin, ymax]) {
  Object.assign(ctx, { font: "11px system-ui, sans-serif", fillStyle: "#6b7079", strokeStyle: "#b9bcc2" });
  Object.assign(ctx, { lineWidth: 1, textAlign: "center", textBaseline: "top" });
  for (const tick of niceTicks(xmin, xmax, 6)) {
    const px = box.x + ((tick - xmin) / (xmax - xmin)) * box.w;
    strokeLines(ctx, [px, box.y + box.h, px, box.y + box.h + 4]);
    ctx.fillText(formatNumber(tick, 0), px, box.y + box.h + 6);
  }
  Object.assign(ctx, { textAlign: "right", textBaseline: "middle" });
  for (const tick of niceTicks(ymin, ymax, 6)) {
    const py = box.y + ((ymax - tick) / (ymax - ymin)) * box.h;
    strokeLines(ctx, [box.x - 4, py, box.x, py]);
    ctx.fillText(formatNumber(tick, 0), box.x - 6, py);
  }
  Object.assign(ctx, { font: "italic 12px Georgia, serif", fillStyle: "#4a4f57", textAlign: "right" });
  ctx.textBaseline = "top";
  ctx.fillText("x₁", box.x + box.w, box.y + box.h + 17);
  ctx.textAlign = "left";
  ctx.fillText("x₂", box.x - 30, box.y - 2);
}

function drawCaption(ctx, box, text) {
  ctx.font = "12px system-ui, sans-serif";
  const width = ctx.measureText(text).width + 16;
  ctx.fillStyle = "rgba(255,255,255,0.9)";
  ctx.fillRect(box.x + 8, box.y + 8, width, 22);
  Object.assign(ctx, { fillStyle: "#2c3038", textAlign: "left", textBaseline: "middle" });
  ctx.fillText(text, box.x + 16, box.y + 19);
}

/** The training points, and the test points hollow when shown; returns how many were drawn. */
function drawMarkers(ctx, points, showTest, { toX, toY, box }) {
  if (!points) return 0;
  const shown = points.train.length + (showTest ? points.test.length : 0);
  const radius = (box.w > 420 ? 4.5 : 3.6) * (shown > 1500 ? 0.7 : 1);
  for (const [x, y, label] of points.train) drawMarker(ctx, toX(x), toY(y), label, { radius });
  if (!showTest) return points.train.length;
  for (const [x, y, label] of points.test) drawMarker(ctx, toX(x), toY(y), label, { test: true, radius });
  return shown;
}

/**
 * The points, drawn once into their own layer and reused for every frame until they, the view or the size
 * change: thousands of markers would otherwise be redrawn 30 times a second.
 */
function markerLayer(markers, view, canvas, mapping) {
  const key = [canvas.width, canvas.height, ...view.extent(), view.options.showTest].join();
  if (markers.key === key && markers.points === view.points) return markers.canvas;
  Object.assign(markers, { key, points: view.points });
  markers.canvas.width = canvas.width;
  markers.canvas.height = canvas.height;
  const ctx = markers.canvas.getContext("2d");
  const ratio = window.devicePixelRatio || 1;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  view.drawnPoints = drawMarkers(ctx, view.points, view.options.showTest, mapping);
  return markers.canvas;
}

/** Inside the plot: the zero axes, the points and the hover's dashed cross, clipped to the plot. */
function drawInside(ctx, view, layers, canvas, mapping) {
  const { box, toX, toY, width, height } = mapping;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.w, box.h);
  ctx.clip();
  Object.assign(ctx, { strokeStyle: "rgba(40,44,52,0.14)", lineWidth: 1 });
  strokeLines(ctx, [toX(0), box.y, toX(0), box.y + box.h], [box.x, toY(0), box.x + box.w, toY(0)]);
  ctx.drawImage(markerLayer(layers.markers, view, canvas, mapping), 0, 0, width, height);
  view.overlay?.(ctx, { box, toX, toY, extent: view.extent() });
  if (view.hover) {
    const { x, y } = view.hover;
    ctx.strokeStyle = "rgba(30,34,40,0.35)";
    ctx.setLineDash([3, 3]);
    strokeLines(ctx, [toX(x), box.y, toX(x), box.y + box.h], [box.x, toY(y), box.x + box.w, toY(y)]);
    ctx.setLineDash([]);
  }
  ctx.restore();
}

/** The whole plane: background, the regions (or a hovered unit's map), inside the plot, frame, axes, caption. */
function draw(canvas, view, layers) {
  const { ctx, width, height } = fitCanvas(canvas);
  const box = plotBox(width, height);
  const extent = view.extent();
  const [xmin, xmax, ymin, ymax] = extent;
  const toX = (x) => box.x + ((x - xmin) / (xmax - xmin)) * box.w;
  const toY = (y) => box.y + ((ymax - y) / (ymax - ymin)) * box.h;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = PLANE_BACKGROUND;
  ctx.fillRect(box.x, box.y, box.w, box.h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  if (view.unit) ctx.drawImage(layers.unit, box.x, box.y, box.w, box.h);
  else if (view.grid) ctx.drawImage(layers.heat, box.x, box.y, box.w, box.h);
  drawInside(ctx, view, layers, canvas, { box, toX, toY, width, height });
  Object.assign(ctx, { strokeStyle: "#c9ccd1", lineWidth: 1 });
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
  drawAxes(ctx, box, extent);
  if (view.unit) drawCaption(ctx, box, `${view.unit.label} · max |a| = ${formatNumber(view.unit.scale, 2)}`);
}

function repaintHeat(heat, grid, discretize) {
  if (!grid) return;
  const n = grid.resolution;
  if (heat.width !== n) heat.width = heat.height = n;
  const ctx = heat.getContext("2d");
  const image = ctx.createImageData(n, n);
  paintGrid(image, grid.probs, n, grid.classes, discretize);
  ctx.putImageData(image, 0, 0);
}

/** Bilinear interpolation of the grid between cell centres: P(class | x1, x2) for each class. */
function probabilitiesAt(grid, x, y) {
  const {
    resolution: n,
    extent: [xmin, xmax, ymin, ymax],
    classes,
    probs,
  } = grid;
  const fx = Math.min(n - 1, Math.max(0, ((x - xmin) / (xmax - xmin)) * n - 0.5));
  const fy = Math.min(n - 1, Math.max(0, ((ymax - y) / (ymax - ymin)) * n - 0.5));
  const c0 = Math.floor(fx);
  const r0 = Math.floor(fy);
  const c1 = Math.min(n - 1, c0 + 1);
  const r1 = Math.min(n - 1, r0 + 1);
  const tx = fx - c0;
  const ty = fy - r0;
  const at = (r, c, k) => probs[(r * n + c) * classes + k] / 255;
  const values = [];
  for (let k = 0; k < classes; k++) {
    const top = at(r0, c0, k) * (1 - tx) + at(r0, c1, k) * tx;
    const bottom = at(r1, c0, k) * (1 - tx) + at(r1, c1, k) * tx;
    values.push(top * (1 - ty) + bottom * ty);
  }
  const total = values.reduce((a, b) => a + b, 0) || 1;
  return values.map((v) => v / total);
}

/** The mouse event's place in data units (and the removal radius there), or null outside the plot. */
function dataAt(canvas, event, [xmin, xmax, ymin, ymax]) {
  const rect = canvas.getBoundingClientRect();
  const box = plotBox(rect.width, rect.height);
  const px = event.clientX - rect.left - box.x;
  const py = event.clientY - rect.top - box.y;
  if (px < 0 || py < 0 || px > box.w || py > box.h) return null;
  return {
    x: xmin + (px / box.w) * (xmax - xmin),
    y: ymax - (py / box.h) * (ymax - ymin),
    radius: (REMOVE_RADIUS_PX / box.w) * (xmax - xmin),
  };
}

/** Hover moves the cross and reads the readout; click adds, shift-click and right-click remove. */
function followMouse(canvas, view, handlers, redraw) {
  canvas.addEventListener("mousemove", (event) => {
    const at = dataAt(canvas, event, view.extent());
    view.hover = at && { x: at.x, y: at.y };
    redraw();
    if (at) handlers.onHover(at.x, at.y);
    else handlers.onLeave();
  });
  canvas.addEventListener("mouseleave", () => {
    view.hover = null;
    redraw();
    handlers.onLeave();
  });
  canvas.addEventListener("click", (event) => {
    const at = dataAt(canvas, event, view.extent());
    if (!at) return;
    if (event.shiftKey) handlers.onRemove(at.x, at.y, at.radius);
    else handlers.onAdd(at.x, at.y, at.radius);
  });
  canvas.addEventListener("contextmenu", (event) => {
    const at = dataAt(canvas, event, view.extent());
    if (!at) return;
    event.preventDefault();
    handlers.onRemove(at.x, at.y, at.radius);
  });
}

/**
 * handlers: onHover(x, y) | onLeave() | onAdd(x, y, radius) | onRemove(x, y, radius) — coordinates in data units,
 * `radius` a click's reach there.
 */
export function createHeatmap(canvas, handlers) {
  const view = {
    grid: null, // {resolution, extent, classes, probs: Uint8Array}
    points: null, // {train, test} rows [x1, x2, label]
    options: { showTest: false, discretize: false },
    unit: null, // {label, resolution, values: Uint8Array, scale}
    overlay: null, // draw(ctx, {box, toX, toY, extent}) over the points, e.g. the step inspector's boundaries
    hover: null,
    frames: 0,
    drawnPoints: 0,
    extent: () => view.grid?.extent ?? view.points?.extent ?? DEFAULT_EXTENT,
  };
  const layers = {
    heat: document.createElement("canvas"),
    unit: document.createElement("canvas"),
    markers: { canvas: document.createElement("canvas"), key: "", points: null },
  };
  const redraw = coalesced(() => draw(canvas, view, layers));
  new ResizeObserver(redraw).observe(canvas);
  followMouse(canvas, view, handlers, redraw);

  return {
    setGrid(next) {
      view.grid = next;
      view.frames++;
      repaintHeat(layers.heat, view.grid, view.options.discretize);
      redraw();
    },
    clearGrid() {
      view.grid = null;
      redraw();
    },
    setPoints(next) {
      view.points = next;
      redraw();
    },
    setOptions(next) {
      const repaint = next.discretize !== view.options.discretize;
      view.options = { ...view.options, ...next };
      if (repaint) repaintHeat(layers.heat, view.grid, view.options.discretize);
      redraw();
    },
    showUnit(next) {
      view.unit = next;
      if (next) paintBytes(layers.unit, next.values, next.resolution, next.resolution, UNIT_COLORS);
      redraw();
    },
    /** Something to draw over the points and under the cursor's cross, or null for nothing. */
    setOverlay(draw) {
      view.overlay = draw;
      redraw();
    },
    /** The current region map (the frame's grid), as a snapshot to keep. */
    grid: () => view.grid,
    /** Bilinear interpolation of the grid between cell centres: P(class | x1, x2) for each class. */
    probabilitiesAt: (x, y) => (view.grid ? probabilitiesAt(view.grid, x, y) : null),
    toBlob: () => new Promise((resolve) => canvas.toBlob(resolve, "image/png")),
    stats: () => ({ frames: view.frames, drawnPoints: view.drawnPoints, hasGrid: Boolean(view.grid) }),
  };
}
