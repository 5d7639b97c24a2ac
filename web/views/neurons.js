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

/** handlers: onHover(map | null) where map = {label, resolution, values, scale}. */
export function createNeurons(root, handlers) {
  let thumbs = []; // {canvas, label, map}
  let inputEntries = [];
  let hiddenEntries = [];
  let scoreEntries = [];
  let features = [];
  let featureMaps = null; // {resolution, maps: {name: [R·R values]}} from the points answer
  let coefficients = null;
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
    paintBytes(entry.canvas, map.values, map.resolution, map.resolution, COLORS);
    if (hovered === entry) handlers.onHover(map);
  }

  /** The chosen features' values, one column per feature, or null until the data's maps have arrived. */
  const columns = () => (featureMaps ? features.map((name) => featureMaps.maps[name]) : null);

  function showInputs() {
    const cols = columns();
    if (!cols) return;
    inputEntries.forEach((entry, i) => {
      setMap(entry, { label: entry.label, resolution: featureMaps.resolution, ...encode(cols[i]) });
    });
  }

  function showScores() {
    const cols = columns();
    if (!cols || !coefficients || coefficients.length !== scoreEntries.length) return;
    coefficients.forEach((row, k) => {
      const entry = scoreEntries[k];
      setMap(entry, { label: entry.label, resolution: featureMaps.resolution, ...encode(scoreMap(row, cols)) });
    });
  }

  return {
    /**
     * Rebuild the rows for a model: its input features, then its hidden layers, or, for a linear model, its
     * scores (one f for logistic regression, one f_k per class for softmax) drawn from the live coefficients.
     */
    setNetwork({ features: chosen, hidden, activation, scores }) {
      const next = JSON.stringify([chosen, hidden, activation, scores]);
      if (next === signature) return;
      signature = next;
      features = chosen;
      coefficients = null;
      // 32 px maps fit 8 to a row; a network needing more than 4 such rows (3 × 32 units needs 12) gets 16 px maps
      // so its layers fit the card instead of being cut off
      const rowsAtFullSize = hidden.reduce((n, units) => n + Math.ceil(units / 8), 2);
      root.classList.toggle("dense", rowsAtFullSize > 4);
      if (hovered) handlers.onHover(null);
      hovered = null;
      const act = t(`controls.activations.${activation}`);
      inputEntries = features.map((name) => thumb(t("plane.neurons.input", { feature: featureNotation(name) })));
      const layers = hidden.map((units, l) =>
        Array.from({ length: units }, (_, u) =>
          thumb(t("plane.neurons.unit", { layer: l + 1, unit: u + 1, activation: act })),
        ),
      );
      scoreEntries = Array.from({ length: hidden.length ? 0 : scores }, (_, k) =>
        thumb(
          scores === 1
            ? t("plane.neurons.score")
            : t("plane.neurons.class_score", { k: SUBSCRIPTS[k], glyph: CLASS_GLYPHS[k] }),
        ),
      );
      const rows = [row(t("plane.neurons.inputs"), `${features.length}`, inputEntries)];
      layers.forEach((entries, l) =>
        rows.push(
          row(
            t("plane.neurons.layer", { n: l + 1 }),
            t("plane.neurons.layer_detail", { units: entries.length, activation: act }),
            entries,
          ),
        ),
      );
      if (scoreEntries.length)
        rows.push(
          row(t("plane.neurons.scores"), scores === 1 ? "f" : t("plane.neurons.per_class"), scoreEntries),
        );
      root.replaceChildren(...rows);
      thumbs = [...inputEntries, ...layers.flat(), ...scoreEntries];
      hiddenEntries = layers.flat();
      showInputs();
    },
    /** The data's feature values over the plane (the points answer's `feature_maps`). */
    setFeatureMaps(maps) {
      featureMaps = maps ?? null;
      showInputs();
      showScores();
    },
    /** A linear model's live coefficients ([w0, w1, …] per score) → its score maps. */
    setCoefficients(rows) {
      if (!rows || rows.length !== scoreEntries.length) return;
      coefficients = rows;
      showScores();
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
          label: entry.label,
          resolution: r,
          values: bytes.subarray(u * r * r, (u + 1) * r * r),
          scale: units.scales[u],
        });
      }
    },
    count: () => thumbs.length,
  };
}
