// What each unit computes over the plane, like Playground's neuron thumbnails: one small map per input feature
// (computed here) and per hidden unit (streamed in every frame). Hovering a map shows it large on the plane.
// Maps share the server's encoding, round(127.5·(a/scale + 1)), so 0 is white, −/+ are rose/teal.

import { CLASS_GLYPHS, divergingTable } from "../palette.js";
import { decodeBase64, element } from "../util.js";

const FEATURE_RESOLUTION = 24;
const FEATURE_FUNCTIONS = {
  x1: (x1) => x1,
  x2: (x1, x2) => x2,
  "x1^2": (x1) => x1 * x1,
  "x2^2": (x1, x2) => x2 * x2,
  "x1*x2": (x1, x2) => x1 * x2,
  sin_x1: (x1) => Math.sin(x1),
  sin_x2: (x1, x2) => Math.sin(x2),
};
export const FEATURE_LABELS = {
  x1: "x₁",
  x2: "x₂",
  "x1^2": "x₁²",
  "x2^2": "x₂²",
  "x1*x2": "x₁x₂",
  sin_x1: "sin x₁",
  sin_x2: "sin x₂",
};
const COLORS = divergingTable();
const SUBSCRIPTS = ["₀", "₁", "₂", "₃", "₄"];

/** The chosen features at the centre of every map cell (row 0 at the top): cells × features. */
function featureColumns(features, [xmin, xmax, ymin, ymax], r) {
  return features.map((name) => {
    const column = new Float64Array(r * r);
    for (let row = 0; row < r; row++) {
      const x2 = ymax - ((row + 0.5) / r) * (ymax - ymin);
      for (let col = 0; col < r; col++) {
        column[row * r + col] = FEATURE_FUNCTIONS[name](xmin + ((col + 0.5) / r) * (xmax - xmin), x2);
      }
    }
    return column;
  });
}

/** Real values → the server's map encoding, round(127.5·(a/scale + 1)) with scale = max |a|. */
function encode(raw) {
  const scale = raw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const values = new Uint8Array(raw.length);
  raw.forEach((v, i) => {
    values[i] = Math.round(127.5 * (v / (scale || 1) + 1));
  });
  return { values, scale };
}

/** A linear model's score f = w0 + Σ w_i·φ_i over the map cells. */
function scoreMap(row, columns) {
  const raw = new Float64Array(columns[0].length).fill(row[0]);
  columns.forEach((column, i) => {
    for (let c = 0; c < raw.length; c++) raw[c] += row[i + 1] * column[c];
  });
  return raw;
}

function paint(canvas, values, r) {
  if (canvas.width !== r) canvas.width = canvas.height = r;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(r, r);
  for (let i = 0; i < r * r; i++) {
    const v = values[i] * 3;
    image.data.set([COLORS[v], COLORS[v + 1], COLORS[v + 2], 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
}

/** handlers: onHover(map | null) where map = {label, resolution, values, scale}. */
export function createNeurons(root, handlers) {
  let thumbs = []; // {canvas, label, map}
  let hiddenEntries = [];
  let scoreEntries = [];
  let columns = [];
  let hovered = null;
  let signature = "";

  function thumb(label) {
    const canvas = element("canvas", { class: "unit", title: label, "aria-label": label });
    const entry = { canvas, label, map: null };
    canvas.addEventListener("mouseenter", () => {
      hovered = entry;
      canvas.classList.add("hovered");
      if (entry.map) handlers.onHover(entry.map);
    });
    canvas.addEventListener("mouseleave", () => {
      hovered = null;
      canvas.classList.remove("hovered");
      handlers.onHover(null);
    });
    return entry;
  }

  function row(title, detail, entries) {
    return element(
      "div",
      { class: "net-row" },
      element("div", { class: "net-label" }, element("strong", { text: title }), element("span", { text: detail })),
      element("div", { class: "net-units" }, ...entries.map((e) => e.canvas)),
    );
  }

  function setMap(entry, map) {
    entry.map = map;
    paint(entry.canvas, map.values, map.resolution);
    if (hovered === entry) handlers.onHover(map);
  }

  return {
    /**
     * Rebuild the rows for a model: its input features, then its hidden layers, or, for a linear model, its
     * scores (one f for logistic regression, one f_k per class for softmax) drawn from the live coefficients.
     */
    setNetwork({ features, hidden, activation, extent, scores }) {
      const next = JSON.stringify([features, hidden, activation, extent, scores]);
      if (next === signature) return;
      signature = next;
      // 32 px maps fit 8 to a row; a network needing more than 4 such rows (3 × 32 units needs 12) gets 16 px maps
      // so its layers fit the card instead of being cut off
      const rowsAtFullSize = hidden.reduce((n, units) => n + Math.ceil(units / 8), 2);
      root.classList.toggle("dense", rowsAtFullSize > 4);
      if (hovered) handlers.onHover(null);
      hovered = null;
      const inputs = features.map((name) => thumb(`input ${FEATURE_LABELS[name]}`));
      const layers = hidden.map((units, l) =>
        Array.from({ length: units }, (_, u) => thumb(`layer ${l + 1} · unit ${u + 1} (${activation})`)),
      );
      scoreEntries = Array.from({ length: hidden.length ? 0 : scores }, (_, k) =>
        thumb(scores === 1 ? "score f (the boundary is f = 0)" : `score f${SUBSCRIPTS[k]} of class ${CLASS_GLYPHS[k]}`),
      );
      const rows = [row("Inputs", `${features.length}`, inputs)];
      layers.forEach((entries, l) => rows.push(row(`Layer ${l + 1}`, `${entries.length} ${activation}`, entries)));
      if (scoreEntries.length) rows.push(row("Scores", scores === 1 ? "f" : "f per class", scoreEntries));
      root.replaceChildren(...rows);
      thumbs = [...inputs, ...layers.flat(), ...scoreEntries];
      columns = featureColumns(features, extent, FEATURE_RESOLUTION);
      features.forEach((name, i) => {
        setMap(inputs[i], {
          label: `Input ${FEATURE_LABELS[name]}`,
          resolution: FEATURE_RESOLUTION,
          ...encode(columns[i]),
        });
      });
      hiddenEntries = layers.flat();
    },
    /** A linear model's live coefficients ([w0, w1, …] per score) → its score maps. */
    setCoefficients(rows) {
      if (!rows || rows.length !== scoreEntries.length) return;
      rows.forEach((row, k) => {
        const entry = scoreEntries[k];
        const label = entry.label.replace(/^score/, "Score");
        setMap(entry, { label, resolution: FEATURE_RESOLUTION, ...encode(scoreMap(row, columns)) });
      });
    },
    /** A frame's unit maps: (units, R, R) bytes in layer order. */
    setUnits(units) {
      const entries = hiddenEntries;
      if (!units || !entries.length) return;
      const bytes = decodeBase64(units.maps);
      const r = units.resolution;
      const count = Math.min(entries.length, units.scales.length);
      for (let u = 0; u < count; u++) {
        const entry = entries[u];
        setMap(entry, {
          label: entry.label.replace(/^layer/, "Layer"),
          resolution: r,
          values: bytes.subarray(u * r * r, (u + 1) * r * r),
          scale: units.scales[u],
        });
      }
    },
    count: () => thumbs.length,
  };
}
