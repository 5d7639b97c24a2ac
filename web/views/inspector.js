// The step inspector's panel: the next update of a paused run in numbers (POST /api/runs/{id}/inspect). The
// minibatch as a list of buttons (p(true class) before → after), one example's forward pass, the gradient of
// every weight and bias as cell grids (beside the closed form for the linear models), the optimizer's update and
// the new values; Apply makes exactly that update.

import { t } from "../i18n.js";
import { CLASS_GLYPHS } from "../palette.js";
import { element, formatNumber } from "../util.js";
import { featureNotation } from "../vocabulary.js";
import { cellGrid } from "./cellgrid.js";

/** optax's hyperparameter names → the symbols of the update rules. */
const SYMBOLS = { learning_rate: "η", momentum: "μ", b1: "β₁", b2: "β₂", eps: "ε" };
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[d]);
const numbers = (values, digits = 3) => values.map((v) => formatNumber(v, digits)).join(", ");

/** Row and column labels of each layer: features, then units h₁…, and the classes' glyphs (or f) last. */
function layerLabels(inspection) {
  const sizes = inspection.layer_sizes;
  const outputs = (n, last) =>
    last ? (n === 1 ? ["f"] : CLASS_GLYPHS.slice(0, n)) : Array.from({ length: n }, (_, j) => `h${sub(j + 1)}`);
  return sizes.slice(1).map((n, l) => ({
    rows: l === 0 ? inspection.features.map(featureNotation) : outputs(sizes[l], false),
    columns: outputs(n, l === sizes.length - 2),
  }));
}

function section(title, ...children) {
  return element("section", { class: "inspect-section" }, element("h3", { text: title }), ...children);
}

/** One labelled row of numbers: "z = 0.12, −0.4". */
const numberRow = (label, values, digits) =>
  element("div", { class: "number-row" }, element("span", { class: "muted", text: label }), ` ${numbers(values, digits)}`);

/** The batch: one button per point, the picked one pressed; p(true class) before → after on each. */
function batchList(inspection, onPick) {
  const { batch, example, probabilities_before: before, probabilities_after: after } = inspection;
  const list = element("div", { class: "batch-list", role: "group", "aria-label": t("inspect.batch_hint") });
  batch.indices.forEach((index, position) => {
    const label = batch.labels[position];
    const change = `${formatNumber(before[position][label], 3)} → ${formatNumber(after[position][label], 3)}`;
    const button = element("button", {
      type: "button",
      class: "batch-point",
      "data-position": String(position),
      "aria-pressed": String(position === example.position),
      title: t("inspect.point_title", { index, glyph: CLASS_GLYPHS[label], change }),
    });
    button.append(element("span", { class: `glyph class-${label}`, text: CLASS_GLYPHS[label] }), ` ${change}`);
    button.addEventListener("click", () => onPick(position));
    list.append(button);
  });
  return section(
    t("inspect.batch", { n: batch.indices.length }),
    element("p", { class: "muted", text: t("inspect.batch_hint") }),
    list,
  );
}

/** One example through the model: inputs, each hidden layer's z and h, the scores, probabilities and loss. */
function exampleTrace(inspection) {
  const { example } = inspection;
  const rows = [
    numberRow(t("inspect.point"), example.point, 3),
    ...example.features.map((f) => numberRow(featureNotation(f.name), [f.value], 4)),
  ];
  example.hidden.forEach((layer, l) => {
    rows.push(element("div", { class: "layer-name", text: t("inspect.hidden_layer", { n: l + 1 }) }));
    rows.push(numberRow(t("inspect.weighted_sums"), layer.weighted_sums));
    const activation = t(`controls.activations.${example.activation}`);
    rows.push(numberRow(t("inspect.activations", { activation }), layer.activations));
  });
  rows.push(numberRow(t("inspect.scores"), example.scores, 4));
  rows.push(numberRow(t(`inspect.output.${example.output}`), example.probabilities, 4));
  rows.push(
    element("div", {
      class: "number-row loss",
      text: t("inspect.example_loss", { glyph: CLASS_GLYPHS[example.label], loss: formatNumber(example.loss, 4) }),
    }),
  );
  return section(t("inspect.example", { index: example.index, glyph: CLASS_GLYPHS[example.label] }), ...rows);
}

/** Each layer's gradient grid, with the closed form's grid beside it for the linear models. */
function gradients(inspection, labels) {
  const { regularization, closed_form: closed } = inspection;
  const penalty = regularization.in_gradient ? t(`inspect.penalty.${regularization.kind}`) : "";
  const grids = inspection.gradients.map((layer, l) => {
    const autodiff = cellGrid(layer, { ...labels[l], caption: t("inspect.autodiff") });
    if (!closed) return element("div", { class: "grid-pair" }, autodiff);
    const formula = cellGrid(closed.layers[l], { ...labels[l], caption: t("inspect.closed_form") });
    return element("div", { class: "grid-pair" }, autodiff, formula);
  });
  const note = t("inspect.gradients_note", {
    n: inspection.batch.indices.length,
    loss: formatNumber(inspection.loss, 4),
    penalty,
  });
  const children = [element("p", { class: "muted", text: note }), ...grids];
  if (closed) children.push(element("p", { class: "formula", text: t("inspect.closed_formula") + penalty }));
  return section(t("inspect.gradients"), ...children);
}

/** The optimizer's rule and values, its update Δθ, and the values after it. */
function update(inspection, labels) {
  const { optimizer, hyperparameters, number } = inspection.update;
  const values = Object.entries(hyperparameters)
    .filter(([name]) => SYMBOLS[name]) // optax's eps_root (0 here) is in no formula the panel shows
    .map(([name, value]) => `${SYMBOLS[name] ?? name} = ${formatNumber(value, 4)}`)
    .join(",  ");
  const pairs = inspection.update.layers.map((layer, l) =>
    element(
      "div",
      { class: "grid-pair" },
      cellGrid(layer, { ...labels[l], caption: t("inspect.delta"), digits: 6 }),
      cellGrid(inspection.new_parameters[l], { ...labels[l], caption: t("inspect.new_values"), digits: 5 }),
    ),
  );
  return section(
    t("inspect.update", { optimizer: t(`controls.optimizers.${optimizer}`), number }),
    element("p", { class: "formula", text: t(`inspect.rule.${optimizer}`) }),
    element("p", { class: "muted", text: values }),
    ...pairs,
  );
}

/** handlers: onPick(position), onApply(), onClose(). */
export function createInspectorPanel(root, handlers) {
  const body = element("div", { class: "inspect-body" });
  const note = element("p", { class: "inspect-note muted", "aria-live": "polite" });
  const apply = element("button", { type: "button", id: "inspect-apply", class: "tool primary", text: t("inspect.apply") });
  const close = element("button", { type: "button", class: "tool inspect-close", text: "×" });
  const title = element("h2", { text: t("inspect.title_short") });
  apply.title = t("inspect.apply_title");
  close.title = close.ariaLabel = t("inspect.close");
  apply.addEventListener("click", handlers.onApply);
  close.addEventListener("click", handlers.onClose);
  const head = element("header", { class: "card-head" }, title, close);
  root.replaceChildren(head, note, body, element("footer", { class: "inspect-foot" }, apply));
  return {
    /** Show an inspection; `key` says how the plane draws the boundaries (inspect.plane_key). */
    show(inspection, key) {
      title.textContent = t("inspect.title", { step: inspection.update.number });
      note.textContent = t(key);
      const labels = layerLabels(inspection);
      body.replaceChildren(
        batchList(inspection, handlers.onPick),
        exampleTrace(inspection),
        gradients(inspection, labels),
        update(inspection, labels),
      );
    },
    /** While a request is out: Apply waits, and the note says what is happening (null: nothing). */
    busy(text) {
      apply.disabled = Boolean(text);
      if (text) note.textContent = text;
    },
  };
}
