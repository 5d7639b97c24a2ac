// The data points: their markers on the plane (a shape per class, hollow for test points), the point tools
// (class to add, clear, CSV export/import) and the pure helpers that edit a point list.

import { t } from "../i18n.js";
import { CLASS_COLORS, CLASS_GLYPHS, MARKER_COLORS, MARKERS } from "../palette.js";
import { element, formatInt, round } from "../util.js";
import { bound } from "../vocabulary.js";

const CLASSES = bound("classes");
const COORDINATE = bound("coordinate");
const CUSTOM_POINTS = bound("custom_points");

const OUTLINE = "#ffffff";

function tracePolygon(ctx, x, y, r, corners, rotation) {
  ctx.beginPath();
  for (let i = 0; i < corners; i++) {
    const angle = rotation + (2 * Math.PI * i) / corners;
    ctx.lineTo(x + r * Math.cos(angle), y + r * Math.sin(angle));
  }
  ctx.closePath();
}

const TRACE = {
  circle: (ctx, x, y, r) => {
    ctx.beginPath();
    ctx.arc(x, y, r * 0.9, 0, 2 * Math.PI);
  },
  triangle: (ctx, x, y, r) => tracePolygon(ctx, x, y + r * 0.2, r * 1.15, 3, -Math.PI / 2),
  square: (ctx, x, y, r) => tracePolygon(ctx, x, y, r * 1.15, 4, Math.PI / 4),
  diamond: (ctx, x, y, r) => tracePolygon(ctx, x, y, r * 1.2, 4, 0),
};

/** One point: a filled shape for training points, a hollow one for test points; ✕ is drawn as two strokes. */
export function drawMarker(ctx, x, y, label, { test = false, radius = 4.5 } = {}) {
  const color = MARKER_COLORS[label % MARKER_COLORS.length];
  const shape = MARKERS[label % MARKERS.length];
  if (shape === "cross") {
    const d = radius * 0.85;
    ctx.beginPath();
    ctx.moveTo(x - d, y - d);
    ctx.lineTo(x + d, y + d);
    ctx.moveTo(x + d, y - d);
    ctx.lineTo(x - d, y + d);
    ctx.lineCap = "round";
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = test ? 4.4 : 5;
    ctx.stroke();
    ctx.strokeStyle = color;
    ctx.lineWidth = test ? 1.6 : 2.6;
    ctx.stroke();
    return;
  }
  TRACE[shape](ctx, x, y, radius);
  if (test) {
    ctx.fillStyle = OUTLINE;
    ctx.fill();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.8;
  } else {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = OUTLINE;
    ctx.lineWidth = 1.2;
  }
  ctx.stroke();
}

/** Index of the point nearest (x, y) within `maxDistance` (data units), or -1. */
export function nearestPoint(rows, x, y, maxDistance) {
  let best = -1;
  let bestDistance = maxDistance * maxDistance;
  rows.forEach(([px, py], i) => {
    const d = (px - x) ** 2 + (py - y) ** 2;
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

export const roundPoint = ([x1, x2, label]) => [round(x1, 3), round(x2, 3), label];

export function toCsv(rows) {
  return ["x1,x2,label", ...rows.map(([x1, x2, label]) => `${x1},${x2},${label}`)].join("\n") + "\n";
}

/**
 * Rows of "x1,x2,label" (comma, semicolon or tab; an optional header line) → {points, classes}.
 * Throws an Error whose message names the offending line.
 */
export function parseCsv(text) {
  const rows = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const cells = line
      .trim()
      .split(/[,;\t]/)
      .map((cell) => cell.trim());
    if (cells.length === 1 && cells[0] === "") return;
    if (i === 0 && cells.some((cell) => Number.isNaN(Number(cell)))) return; // header
    const [x1, x2, label] = cells.map(Number);
    if (cells.length !== 3 || !Number.isFinite(x1) || !Number.isFinite(x2) || !Number.isInteger(label)) {
      throw new Error(t("points.csv.bad_row", { line: i + 1, text: line.trim() }));
    }
    if (label < 0 || label >= CLASSES.high) {
      throw new Error(t("points.csv.bad_label", { line: i + 1, last: CLASSES.high - 1, classes: CLASSES.high }));
    }
    const outside = (x) => x < COORDINATE.low || x > COORDINATE.high;
    if (outside(x1) || outside(x2)) {
      throw new Error(t("points.csv.outside", { line: i + 1, low: COORDINATE.low, high: COORDINATE.high }));
    }
    rows.push(roundPoint([x1, x2, label]));
  });
  if (rows.length < CUSTOM_POINTS.low) throw new Error(t("points.csv.too_few", { count: CUSTOM_POINTS.low }));
  if (rows.length > CUSTOM_POINTS.high) {
    throw new Error(t("points.csv.too_many", { count: formatInt(CUSTOM_POINTS.high), found: formatInt(rows.length) }));
  }
  const classes = Math.max(CLASSES.low, ...rows.map(([, , label]) => label + 1));
  return { points: rows, classes };
}

/**
 * The tool row above the plane: which class a click adds, clear, CSV out/in.
 * handlers: onPick(label), onClear(), onExport(), onImport(text)
 */
export function createPointTools(root, handlers) {
  const picker = element("div", {
    class: "segmented class-picker",
    role: "radiogroup",
    "aria-label": t("controls.point_tools.class_to_add"),
  });
  const tool = (text, title) => element("button", { type: "button", class: "tool", text, title });
  const clear = tool(t("controls.point_tools.clear"), t("controls.point_tools.clear_title"));
  const exportCsv = tool("CSV ↓", t("controls.point_tools.export_title"));
  const importCsv = tool("CSV ↑", t("controls.point_tools.import_title"));
  const file = element("input", { type: "file", accept: ".csv,text/csv,text/plain", hidden: "" });
  const add = element("span", { class: "tool-label", text: t("controls.point_tools.add") });
  root.append(add, picker, clear, exportCsv, importCsv, file);

  clear.addEventListener("click", handlers.onClear);
  exportCsv.addEventListener("click", handlers.onExport);
  importCsv.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const [chosen] = file.files;
    file.value = "";
    if (chosen) handlers.onImport(await chosen.text());
  });

  let shown = -1;
  return {
    update(classes, selected) {
      if (classes !== shown) {
        shown = classes;
        picker.replaceChildren(
          ...CLASS_GLYPHS.slice(0, classes).map((glyph, label) => {
            const button = element("button", {
              type: "button",
              role: "radio",
              class: "glyph",
              "data-label": String(label),
              title: t("controls.point_tools.class_title", { label, glyph }),
              text: glyph,
            });
            button.style.color = CLASS_COLORS[label];
            button.addEventListener("click", () => handlers.onPick(label));
            return button;
          }),
        );
      }
      for (const button of picker.children) {
        button.setAttribute("aria-checked", String(Number(button.dataset.label) === selected));
      }
    },
  };
}
