// The training settings of a digits lesson, from a declarative list: each control names its setting, its widget
// and how its value reads; `show(lesson)` says which lessons have it. `update(state)` makes every widget show the
// state; input calls onChange({key: value}). Same classes as the 2D lab's panel, so the two pages look alike.

import { t } from "../../i18n.js";
import { element, formatSteps } from "../../util.js";
import { ACTIVATIONS, bound, logSliderOf, OPTIMIZERS, pageSpan, sliderOf } from "../../vocabulary.js";
import { WIDGETS as SHARED_WIDGETS } from "../../views/widgets.js";

// Slider stops: a readable subset of each range, up to the server's limit.
const upTo = (name, values) => values.filter((v) => v <= bound(name).high);
const BATCH_SIZES = upTo("batch_size", [1, 5, 10, 20, 50, 100, 200, 500, 1000]);
const MAX_STEPS = upTo("max_steps", [500, 1000, 2000, 2400, 3000, 5000, 8000, 10_000, 20_000, 50_000, 100_000]);
const UNITS = upTo("units_per_layer", [1, 2, 4, 8, 16, 32]);
const DENSE_UNITS = upTo("dense_units", [8, 16, 32, 64, 128, 256, 512]);
/** The learning-rate slider's top, 10^0.5 ≈ 3: digits nets diverge well before the server's limit. */
/** Activations the hidden-layer lesson offers: a linear hidden layer would teach nothing a softmax does not. */
const HIDDEN_ACTIVATIONS = ACTIVATIONS.filter((name) => name !== "linear");
const rate = (v) => (v < 0.001 ? v.toExponential(0) : String(v));
const plain = (v) => String(v);
const MLP = (lesson) => lesson === "mlp";
const CNN = (lesson) => lesson === "cnn";
const CONV_NET = (lesson) => lesson === "cnn" || lesson === "conv1"; // conv1: one stage, no dense layer
const ALL = () => true;
/** [value, label] options whose labels are catalogue keys under `prefix`. */
const named = (prefix, values) => values.map((value) => [value, t(`${prefix}.${value}`)]);
/** A range slider over a vocabulary bound, `low` raised where the lesson itself needs at least that. */
const rangeOf = (name, low = pageSpan(name)[0]) => ({ ...sliderOf(name), min: low });

const WIDGETS = {
  ...SHARED_WIDGETS,
  number(control, emit) {
    const { key, min, max, step } = control;
    const input = element("input", { type: "number", id: `control-${key}`, min, max, step });
    input.addEventListener("change", () => {
      const value = Number(input.value);
      if (input.value !== "" && Number.isInteger(value)) emit(value);
    });
    return { node: input, set: (value) => (input.value = String(value)) };
  },
};

function layout(epochSteps) {
  return [
    {
      key: "learningRate",
      label: t("controls.learning_rate"),
      ...logSliderOf("learning_rate", 0.05),
      show: ALL,
      format: rate,
      title: () => t("digits.settings.learning_rate_title"),
    },
    {
      key: "optimizer",
      label: t("controls.optimizer"),
      widget: "segmented",
      show: ALL,
      options: named("controls.optimizers", OPTIMIZERS),
    },
    { key: "batchSize", label: t("controls.batch_size"), widget: "steps", values: BATCH_SIZES, show: ALL },
    {
      key: "maxSteps",
      label: t("controls.stop_after"),
      widget: "steps",
      values: MAX_STEPS,
      show: ALL,
      format: (v) => t("controls.steps", { steps: formatSteps(v) }),
      title: (state) =>
        t("digits.settings.steps_title", {
          steps: formatSteps(state.maxSteps),
          epochs: (state.maxSteps / epochSteps(state)).toFixed(1),
        }),
    },
    {
      key: "speed",
      label: t("digits.settings.speed"),
      widget: "segmented",
      show: ALL,
      options: [
        ["1", "1"],
        ["10", "10"],
        ["100", "100"],
        ["full", t("digits.settings.speed_all")],
      ],
      title: () => t("digits.settings.speed_title"),
    },
    {
      key: "hidden",
      label: t("digits.settings.hidden_layers"),
      ...rangeOf("hidden_layers", 1), // the MLP lesson has a hidden layer: with none it is No.3, softmax regression
      show: MLP,
      read: (state) => state.hidden.length,
      write: (value, state) => Array(value).fill(state.hidden[0]),
    },
    {
      key: "hidden",
      id: "units",
      label: t("digits.settings.units"),
      widget: "steps",
      values: UNITS,
      show: MLP,
      read: (state) => state.hidden[0],
      write: (value, state) => state.hidden.map(() => value),
    },
    {
      key: "activation",
      label: t("controls.activation"),
      widget: "segmented",
      show: MLP,
      options: named("controls.activations", HIDDEN_ACTIVATIONS),
    },
    { key: "conv1", label: t("digits.settings.conv1"), ...rangeOf("conv1_filters"), show: CONV_NET },
    { key: "conv2", label: t("digits.settings.conv2"), ...rangeOf("conv2_filters"), show: CNN },
    {
      key: "kernelSize",
      label: t("digits.settings.kernel_size"),
      ...rangeOf("kernel_size"),
      show: CONV_NET,
      format: (v) => `${v}×${v}`,
    },
    { key: "dense", label: t("digits.settings.dense"), widget: "steps", values: DENSE_UNITS, show: CNN },
    {
      key: "seed",
      label: t("controls.weight_seed"),
      widget: "number",
      min: bound("seed").low,
      max: bound("seed").high,
      step: 1,
      show: ALL,
      format: () => "",
    },
  ];
}

/** epochSteps(state): updates per pass over the training split, for the "stop after" hint. */
export function createSettings(root, { onChange, epochSteps }) {
  const rows = layout(epochSteps).map((control) => {
    const id = control.id ?? control.key;
    let state = null;
    const emit = (value) => onChange({ [control.key]: control.write ? control.write(value, state) : value });
    const widget = WIDGETS[control.widget]({ ...control, key: id }, emit);
    const output = element("output", { for: `control-${id}` });
    const label = element("label", { for: `control-${id}`, text: control.label });
    const row = element("div", { class: `control control-${control.widget}`, "data-key": id });
    row.append(label, widget.node);
    if (control.widget !== "segmented") row.append(output);
    return {
      row,
      update(next) {
        state = next;
        row.hidden = !control.show(next.lesson);
        row.title = control.title ? control.title(next) : "";
        const value = control.read ? control.read(next) : next[control.key];
        widget.set(value);
        output.textContent = (control.format ?? plain)(value, next);
      },
    };
  });
  root.append(...rows.map((r) => r.row));
  return {
    update(state) {
      for (const row of rows) row.update(state);
    },
  };
}
