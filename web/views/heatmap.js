// The plane: decision regions from the frame's probability grid, the data points on top, axes with ticks,
// and the mouse (hover reads probabilities, click adds a point, shift-click or right-click removes one).
// A hidden unit's map can take the plane's place while the learner hovers its thumbnail.
//
// Colour: each cell takes its most likely class's colour with an opacity that grows with the margin over a
// uniform guess, (p_max − 1/K)/(1 − 1/K): white where the model is unsure, saturated where it is sure.

import { CLASS_RGB, divergingTable, hexToRgb, PLANE_BACKGROUND } from "../palette.js";
import { coalesced, fitCanvas, formatNumber, niceTicks } from "../util.js";
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

/** handlers: onHover(x, y) | onLeave() | onAdd(x, y) | onRemove(x, y, radius) — coordinates in data units. */
export function createHeatmap(canvas, handlers) {
  const heat = document.createElement("canvas");
  const unitLayer = document.createElement("canvas");
  let grid = null; // {resolution, extent, classes, probs: Uint8Array}
  let points = null; // {train, test} rows [x1, x2, label]
  let options = { showTest: false, discretize: false };
  let unit = null; // {label, resolution, values: Uint8Array, scale}
  let hover = null;
  let frames = 0;
  let drawnPoints = 0;
  const markers = { canvas: document.createElement("canvas"), key: "", points: null };

  const extent = () => grid?.extent ?? points?.extent ?? DEFAULT_EXTENT;
  /** The plot is square (one data unit is as long on both axes), centred in whatever box the page gives. */
  const plotBox = (width, height) => {
    const side = Math.max(10, Math.min(width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom));
    return {
      x: MARGIN.left + Math.floor((width - MARGIN.left - MARGIN.right - side) / 2),
      y: MARGIN.top + Math.floor((height - MARGIN.top - MARGIN.bottom - side) / 2),
      w: side,
      h: side,
    };
  };

  function repaintHeat() {
    if (!grid) return;
    const n = grid.resolution;
    if (heat.width !== n) heat.width = heat.height = n;
    const ctx = heat.getContext("2d");
    const image = ctx.createImageData(n, n);
    paintGrid(image, grid.probs, n, grid.classes, options.discretize);
    ctx.putImageData(image, 0, 0);
  }

  function repaintUnit() {
    if (!unit) return;
    paintBytes(unitLayer, unit.values, unit.resolution, unit.resolution, UNIT_COLORS);
  }

  function drawAxes(ctx, box, [xmin, xmax, ymin, ymax]) {
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#6b7079";
    ctx.strokeStyle = "#b9bcc2";
    ctx.lineWidth = 1;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const t of niceTicks(xmin, xmax, 6)) {
      const px = box.x + ((t - xmin) / (xmax - xmin)) * box.w;
      ctx.beginPath();
      ctx.moveTo(px, box.y + box.h);
      ctx.lineTo(px, box.y + box.h + 4);
      ctx.stroke();
      ctx.fillText(formatNumber(t, 0), px, box.y + box.h + 6);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (const t of niceTicks(ymin, ymax, 6)) {
      const py = box.y + ((ymax - t) / (ymax - ymin)) * box.h;
      ctx.beginPath();
      ctx.moveTo(box.x - 4, py);
      ctx.lineTo(box.x, py);
      ctx.stroke();
      ctx.fillText(formatNumber(t, 0), box.x - 6, py);
    }
    ctx.font = "italic 12px Georgia, serif";
    ctx.fillStyle = "#4a4f57";
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText("x₁", box.x + box.w, box.y + box.h + 17);
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText("x₂", box.x - 30, box.y - 2);
  }

  function drawCaption(ctx, box, text) {
    ctx.font = "12px system-ui, sans-serif";
    const width = ctx.measureText(text).width + 16;
    ctx.fillStyle = "rgba(255,255,255,0.9)";
    ctx.fillRect(box.x + 8, box.y + 8, width, 22);
    ctx.fillStyle = "#2c3038";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(text, box.x + 16, box.y + 19);
  }

  /**
   * The points, drawn once into their own layer and reused for every frame until they, the view or the size
   * change: thousands of markers would otherwise be redrawn 30 times a second.
   */
  function markerLayer(pixelWidth, pixelHeight, toX, toY, box) {
    const key = [pixelWidth, pixelHeight, ...extent(), options.showTest].join();
    if (markers.key === key && markers.points === points) return markers.canvas;
    Object.assign(markers, { key, points });
    markers.canvas.width = pixelWidth;
    markers.canvas.height = pixelHeight;
    const ctx = markers.canvas.getContext("2d");
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawnPoints = 0;
    const shown = points ? points.train.length + (options.showTest ? points.test.length : 0) : 0;
    const radius = (box.w > 420 ? 4.5 : 3.6) * (shown > 1500 ? 0.7 : 1);
    if (points) {
      for (const [x, y, label] of points.train) drawMarker(ctx, toX(x), toY(y), label, { radius });
      drawnPoints += points.train.length;
      if (options.showTest) {
        for (const [x, y, label] of points.test) drawMarker(ctx, toX(x), toY(y), label, { test: true, radius });
        drawnPoints += points.test.length;
      }
    }
    return markers.canvas;
  }

  function draw() {
    const { ctx, width, height } = fitCanvas(canvas);
    const box = plotBox(width, height);
    const [xmin, xmax, ymin, ymax] = extent();
    const toX = (x) => box.x + ((x - xmin) / (xmax - xmin)) * box.w;
    const toY = (y) => box.y + ((ymax - y) / (ymax - ymin)) * box.h;
    ctx.clearRect(0, 0, width, height);
    ctx.fillStyle = PLANE_BACKGROUND;
    ctx.fillRect(box.x, box.y, box.w, box.h);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    if (unit) ctx.drawImage(unitLayer, box.x, box.y, box.w, box.h);
    else if (grid) ctx.drawImage(heat, box.x, box.y, box.w, box.h);

    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y, box.w, box.h);
    ctx.clip();
    ctx.strokeStyle = "rgba(40,44,52,0.14)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(toX(0), box.y);
    ctx.lineTo(toX(0), box.y + box.h);
    ctx.moveTo(box.x, toY(0));
    ctx.lineTo(box.x + box.w, toY(0));
    ctx.stroke();
    ctx.drawImage(markerLayer(canvas.width, canvas.height, toX, toY, box), 0, 0, width, height);
    if (hover) {
      ctx.strokeStyle = "rgba(30,34,40,0.35)";
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(toX(hover.x), box.y);
      ctx.lineTo(toX(hover.x), box.y + box.h);
      ctx.moveTo(box.x, toY(hover.y));
      ctx.lineTo(box.x + box.w, toY(hover.y));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.restore();
    ctx.strokeStyle = "#c9ccd1";
    ctx.lineWidth = 1;
    ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.w - 1, box.h - 1);
    drawAxes(ctx, box, [xmin, xmax, ymin, ymax]);
    if (unit) drawCaption(ctx, box, `${unit.label} · max |a| = ${formatNumber(unit.scale, 2)}`);
  }

  const redraw = coalesced(draw);
  new ResizeObserver(redraw).observe(canvas);

  function dataAt(event) {
    const rect = canvas.getBoundingClientRect();
    const box = plotBox(rect.width, rect.height);
    const px = event.clientX - rect.left - box.x;
    const py = event.clientY - rect.top - box.y;
    if (px < 0 || py < 0 || px > box.w || py > box.h) return null;
    const [xmin, xmax, ymin, ymax] = extent();
    return {
      x: xmin + (px / box.w) * (xmax - xmin),
      y: ymax - (py / box.h) * (ymax - ymin),
      radius: (REMOVE_RADIUS_PX / box.w) * (xmax - xmin),
    };
  }

  canvas.addEventListener("mousemove", (event) => {
    const at = dataAt(event);
    hover = at && { x: at.x, y: at.y };
    redraw();
    if (at) handlers.onHover(at.x, at.y);
    else handlers.onLeave();
  });
  canvas.addEventListener("mouseleave", () => {
    hover = null;
    redraw();
    handlers.onLeave();
  });
  canvas.addEventListener("click", (event) => {
    const at = dataAt(event);
    if (!at) return;
    if (event.shiftKey) handlers.onRemove(at.x, at.y, at.radius);
    else handlers.onAdd(at.x, at.y);
  });
  canvas.addEventListener("contextmenu", (event) => {
    const at = dataAt(event);
    if (!at) return;
    event.preventDefault();
    handlers.onRemove(at.x, at.y, at.radius);
  });

  return {
    setGrid(next) {
      grid = next;
      frames++;
      repaintHeat();
      redraw();
    },
    clearGrid() {
      grid = null;
      redraw();
    },
    setPoints(next) {
      points = next;
      redraw();
    },
    setOptions(next) {
      const repaint = next.discretize !== options.discretize;
      options = { ...options, ...next };
      if (repaint) repaintHeat();
      redraw();
    },
    showUnit(next) {
      unit = next;
      repaintUnit();
      redraw();
    },
    /** Bilinear interpolation of the grid between cell centres: P(class | x1, x2) for each class. */
    probabilitiesAt(x, y) {
      if (!grid) return null;
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
    },
    toBlob: () => new Promise((resolve) => canvas.toBlob(resolve, "image/png")),
    stats: () => ({ frames, drawnPoints, hasGrid: Boolean(grid) }),
  };
}
