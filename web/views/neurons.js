// What each unit computes over the plane, like Playground's neuron thumbnails: one small map per input feature
// and per hidden unit. Hovering a map shows it large on the plane. The feature values come from the server with
// the data (the points answer's `feature_maps`, computed by models/features.py), the hidden units' maps with every
// frame; a linear model's score maps are its live coefficients applied to the feature values.
// Maps share the server's encoding, round(127.5·(a/scale + 1)), so 0 is white, −/+ are rose/teal.

import { t } from "../i18n.js";
import { CLASS_GLYPHS, divergingTable } from "../palette.js";
import { decodeBase64, element } from "../util.js";
import { featureNotation } from "../vocabulary.js";
import { paintBytes } from "./byteimage.js";

const COLORS = divergingTable();
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

/** Real values → the server's map encoding, round(127.5·(a/scale + 1)) with scale = max |a|. */
function encode(raw) {
  const scale = raw.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const values = new Uint8Array(raw.length);
  raw.forEach((v, i) => {
    values[i] = Math.round(127.5 * (v / (scale || 1) + 1));
  });
  return { values, scale };
}

/** A linear model's score f = w0 + Σ w_i·φ_i over the map cells (`columns`: one feature's values each). */
function scoreMap(row, columns) {
  const raw = new Float64Array(columns[0].length).fill(row[0]);
  columns.forEach((column, i) => {
    for (let c = 0; c < raw.length; c++) raw[c] += row[i + 1] * column[c];
  });
  return raw;
}

/** A unit's thumbnail: hovering it shows its map large on the plane (`view.hovered` is the entry under the mouse). */
function thumb(label, view, onHover) {
  const canvas = element("canvas", { class: "unit", title: label, "aria-label": label });
  const entry = { canvas, label, map: null };
  canvas.addEventListener("mouseenter", () => {
    view.hovered = entry;
    canvas.classList.add("hovered");
    if (entry.map) onHover(entry.map);
  });
  canvas.addEventListener("mouseleave", () => {
    view.hovered = null;
    canvas.classList.remove("hovered");
    onHover(null);
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

/** The thumbnails a network has: one per input feature, per hidden unit, and per score of a linear model. */
function networkEntries({ features, hidden, activation, scores }, makeThumb) {
  const act = t(`controls.activations.${activation}`);
  const scoreLabel = (k) =>
    scores === 1
      ? t("plane.neurons.score")
      : t("plane.neurons.class_score", { k: SUBSCRIPTS[k], glyph: CLASS_GLYPHS[k] });
  return {
    inputs: features.map((name) => makeThumb(t("plane.neurons.input", { feature: featureNotation(name) }))),
    layers: hidden.map((units, l) =>
      Array.from({ length: units }, (_, u) =>
        makeThumb(t("plane.neurons.unit", { layer: l + 1, unit: u + 1, activation: act })),
      ),
    ),
    scores: Array.from({ length: hidden.length ? 0 : scores }, (_, k) => makeThumb(scoreLabel(k))),
  };
}

/** The rows of thumbnails, each with its title: inputs, each hidden layer, the scores. */
function networkRows(entries, { features, activation, scores }) {
  const act = t(`controls.activations.${activation}`);
  const rows = [row(t("plane.neurons.inputs"), `${features.length}`, entries.inputs)];
  entries.layers.forEach((layer, l) =>
    rows.push(
      row(
        t("plane.neurons.layer", { n: l + 1 }),
        t("plane.neurons.layer_detail", { units: layer.length, activation: act }),
        layer,
      ),
    ),
  );
  if (entries.scores.length)
    rows.push(row(t("plane.neurons.scores"), scores === 1 ? "f" : t("plane.neurons.per_class"), entries.scores));
  return rows;
}

function setMap(view, entry, map) {
  entry.map = map;
  paintBytes(entry.canvas, map.values, map.resolution, map.resolution, COLORS);
  if (view.hovered === entry) view.onHover(map);
}

/** The chosen features' values, one column per feature, or null until the data's maps have arrived. */
const columnsOf = ({ featureMaps, features }) => (featureMaps ? features.map((name) => featureMaps.maps[name]) : null);

function showInputs(view) {
  const cols = columnsOf(view);
  if (!cols) return;
  view.entries.inputs.forEach((entry, i) => {
    setMap(view, entry, { label: entry.label, resolution: view.featureMaps.resolution, ...encode(cols[i]) });
  });
}

function showScores(view) {
  const cols = columnsOf(view);
  const { coefficients, entries } = view;
  if (!cols || !coefficients || coefficients.length !== entries.scores.length) return;
  coefficients.forEach((row, k) => {
    const entry = entries.scores[k];
    const map = encode(scoreMap(row, cols));
    setMap(view, entry, { label: entry.label, resolution: view.featureMaps.resolution, ...map });
  });
}

/** A frame's unit maps, (units, R, R) bytes in layer order, onto the hidden units' thumbnails. */
function showUnits(view, units) {
  const entries = view.entries.layers.flat();
  if (!units || !entries.length) return;
  const bytes = decodeBase64(units.maps);
  const r = units.resolution;
  const count = Math.min(entries.length, units.scales.length);
  for (let u = 0; u < count; u++) {
    const entry = entries[u];
    setMap(view, entry, {
      label: entry.label,
      resolution: r,
      values: bytes.subarray(u * r * r, (u + 1) * r * r),
      scale: units.scales[u],
    });
  }
}

/** handlers: onHover(map | null) where map = {label, resolution, values, scale}. */
export function createNeurons(root, handlers) {
  const view = {
    entries: { inputs: [], layers: [], scores: [] },
    features: [],
    featureMaps: null, // {resolution, maps: {name: [R·R values]}} from the points answer
    coefficients: null,
    hovered: null,
    signature: "",
    onHover: handlers.onHover,
  };

  return {
    /**
     * Rebuild the rows for a model: its input features, then its hidden layers, or, for a linear model, its
     * scores (one f for logistic regression, one f_k per class for softmax) drawn from the live coefficients.
     */
    setNetwork(network) {
      const { features, hidden, activation, scores } = network;
      const next = JSON.stringify([features, hidden, activation, scores]);
      if (next === view.signature) return;
      view.signature = next;
      view.features = features;
      view.coefficients = null;
      // 32 px maps fit 8 to a row; a network needing more than 4 such rows (3 × 32 units needs 12) gets 16 px maps
      // so its layers fit the card instead of being cut off
      const rowsAtFullSize = hidden.reduce((n, units) => n + Math.ceil(units / 8), 2);
      root.classList.toggle("dense", rowsAtFullSize > 4);
      if (view.hovered) handlers.onHover(null);
      view.hovered = null;
      view.entries = networkEntries(network, (label) => thumb(label, view, handlers.onHover));
      root.replaceChildren(...networkRows(view.entries, network));
      showInputs(view);
    },
    /** The data's feature values over the plane (the points answer's `feature_maps`). */
    setFeatureMaps(maps) {
      view.featureMaps = maps ?? null;
      showInputs(view);
      showScores(view);
    },
    /** A linear model's live coefficients ([w0, w1, …] per score) → its score maps. */
    setCoefficients(rows) {
      if (!rows || rows.length !== view.entries.scores.length) return;
      view.coefficients = rows;
      showScores(view);
    },
    /** A frame's unit maps: (units, R, R) bytes in layer order. */
    setUnits: (units) => showUnits(view, units),
    count: () => view.entries.inputs.length + view.entries.layers.flat().length + view.entries.scores.length,
  };
}
