// The training settings of a digits lesson, from a declarative list: each control names its setting, its widget
// and how its value reads; `show(lesson)` says which lessons have it. `update(state)` makes every widget show the
// state; input calls onChange({key: value}). Same classes as the 2D lab's panel, so the two pages look alike.

import { element, formatSteps } from "../../util.js";
import { WIDGETS as SHARED_WIDGETS } from "../../views/widgets.js";

const BATCH_SIZES = [1, 5, 10, 20, 50, 100, 200, 500, 1000];
const MAX_STEPS = [500, 1000, 2000, 2400, 3000, 5000, 8000, 10_000, 20_000, 50_000, 100_000];
const UNITS = [1, 2, 4, 8, 16, 32];
const DENSE_UNITS = [8, 16, 32, 64, 128, 256, 512];
const rate = (v) => (v < 0.001 ? v.toExponential(0) : String(v));
const plain = (v) => String(v);
const MLP = (lesson) => lesson === "mlp";
const CNN = (lesson) => lesson === "cnn";
const CONV_NET = (lesson) => lesson === "cnn" || lesson === "conv1"; // conv1: one stage, no dense layer
const ALL = () => true;

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
      label: "Learning rate",
      widget: "log",
      min: "-4",
      max: "0.5",
      step: "0.05",
      show: ALL,
      format: rate,
      title: () => "Applies to the running run, without a restart",
    },
    {
      key: "optimizer",
      label: "Optimizer",
      widget: "segmented",
      show: ALL,
      options: [
        ["sgd", "SGD"],
        ["momentum", "Momentum"],
        ["adam", "Adam"],
      ],
    },
    { key: "batchSize", label: "Batch size", widget: "steps", values: BATCH_SIZES, show: ALL },
    {
      key: "maxSteps",
      label: "Stop after",
      widget: "steps",
      values: MAX_STEPS,
      show: ALL,
      format: (v) => `${formatSteps(v)} steps`,
      title: (state) =>
        `${formatSteps(state.maxSteps)} steps = ${(state.maxSteps / epochSteps(state)).toFixed(1)} epochs`,
    },
    {
      key: "speed",
      label: "Steps / frame",
      widget: "segmented",
      show: ALL,
      options: [
        ["1", "1"],
        ["10", "10"],
        ["100", "100"],
        ["full", "all"],
      ],
      title: () => "How many updates between two pictures; “all” lets the server train at full speed",
    },
    {
      key: "hidden",
      label: "Hidden layers",
      widget: "range",
      min: "1",
      max: "6",
      step: "1",
      show: MLP,
      read: (state) => state.hidden.length,
      write: (value, state) => Array(value).fill(state.hidden[0]),
    },
    {
      key: "hidden",
      id: "units",
      label: "Units / layer",
      widget: "steps",
      values: UNITS,
      show: MLP,
      read: (state) => state.hidden[0],
      write: (value, state) => state.hidden.map(() => value),
    },
    {
      key: "activation",
      label: "Activation",
      widget: "segmented",
      show: MLP,
      options: [
        ["relu", "ReLU"],
        ["tanh", "tanh"],
        ["sigmoid", "sigmoid"],
      ],
    },
    { key: "conv1", label: "conv1 filters", widget: "range", min: "1", max: "32", step: "1", show: CONV_NET },
    { key: "conv2", label: "conv2 filters", widget: "range", min: "1", max: "64", step: "1", show: CNN },
    {
      key: "kernelSize",
      label: "Kernel size",
      widget: "range",
      min: "1",
      max: "7",
      step: "1",
      show: CONV_NET,
      format: (v) => `${v}×${v}`,
    },
    { key: "dense", label: "Dense units", widget: "steps", values: DENSE_UNITS, show: CNN },
    {
      key: "seed",
      label: "Weight seed",
      widget: "number",
      min: "0",
      max: String(2 ** 31 - 1),
      step: "1",
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
