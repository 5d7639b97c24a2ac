// The settings panel, built from a declarative list: each control names its setting, its widget and how its
// value reads. `update(state)` makes every widget show the state; user input calls onChange({key: value}).

import { batchSizeOf, classesOf, trainSizeOf } from "../runconfig.js";
import { FEATURES, MAX_STEPS, MULTICLASS_DATASETS, SPEEDS } from "../state.js";
import { element, formatSteps } from "../util.js";
import { FEATURE_LABELS } from "./neurons.js";
import { WIDGETS as SHARED_WIDGETS } from "./widgets.js";

const POINT_COUNTS = [20, 50, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000];
const BATCH_SIZES = [1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000];
const REG_RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const SPEED_LABELS = {
  full: "full speed",
  1000: "1,000 steps/frame",
  100: "100 steps/frame",
  10: "10 steps/frame",
  1: "1 step/frame",
};

const plain = (v) => String(v);
const rate = (v) => (v < 0.001 ? v.toExponential(0) : String(v));

/** The panel's layout: sections of controls; `when(state)` hides a control, `enabled(state)` greys it out. */
function layout(datasetOptions) {
  return [
    {
      title: "Data",
      controls: [
        { key: "dataset", label: "Dataset", widget: "select", options: datasetOptions },
        {
          key: "classes",
          label: "Classes",
          widget: "range",
          min: 2,
          max: 5,
          step: 1,
          enabled: (s) => MULTICLASS_DATASETS.has(s.dataset),
          show: (s) => String(classesOf(s)),
        },
        {
          key: "noise",
          label: "Noise",
          widget: "range",
          min: 0,
          max: 1,
          step: 0.05,
          format: (v) => v.toFixed(2),
          enabled: (s) => s.dataset !== "custom",
        },
        {
          key: "nPoints",
          label: "Points",
          widget: "steps",
          values: POINT_COUNTS,
          enabled: (s) => s.dataset !== "custom",
          show: (s) => (s.dataset === "custom" ? String(s.points.length) : String(s.nPoints)),
        },
        {
          key: "trainPercent",
          label: "Train %",
          widget: "range",
          min: 5,
          max: 100,
          step: 5,
          show: (s) => `${s.trainPercent}% · ${trainSizeOf(s)}`,
        },
        { key: "dataSeed", label: "Data seed", widget: "seed" },
      ],
    },
    {
      title: "Model",
      controls: [
        { key: "features", label: "Features", widget: "chips", options: FEATURES.map((f) => [f, FEATURE_LABELS[f]]) },
        {
          key: "model",
          label: "Model",
          widget: "segmented",
          options: [
            ["logistic", "Logistic"],
            ["softmax", "Softmax"],
            ["mlp", "Network"],
          ],
        },
        { key: "hidden", label: "Hidden", widget: "layers", when: (s) => s.model === "mlp" },
        {
          key: "activation",
          label: "Activation",
          widget: "select",
          options: [
            ["tanh", "tanh"],
            ["relu", "ReLU"],
            ["sigmoid", "sigmoid"],
            ["linear", "linear"],
          ],
          when: (s) => s.model === "mlp",
        },
      ],
    },
    {
      title: "Training",
      controls: [
        {
          key: "learningRate",
          label: "Learning rate",
          widget: "log",
          min: -5,
          max: 1,
          step: 0.05,
          format: rate,
          hint: "applies to the running run",
        },
        {
          key: "optimizer",
          label: "Optimizer",
          widget: "segmented",
          options: [
            ["sgd", "SGD"],
            ["momentum", "Momentum"],
            ["adam", "Adam"],
          ],
        },
        {
          key: "batchSize",
          label: "Batch size",
          widget: "steps",
          values: BATCH_SIZES,
          show: (s) =>
            trainSizeOf(s) && batchSizeOf(s) < s.batchSize ? `${batchSizeOf(s)} (all)` : String(s.batchSize),
        },
        {
          key: "regularization",
          label: "Regularizer",
          widget: "segmented",
          options: [
            ["none", "None"],
            ["l1", "L1"],
            ["l2", "L2"],
          ],
        },
        {
          key: "regRate",
          label: "Reg. rate",
          widget: "steps",
          values: REG_RATES,
          format: rate,
          enabled: (s) => s.regularization !== "none",
        },
        { key: "seed", label: "Weight seed", widget: "seed" },
        {
          key: "maxSteps",
          label: "Stop after",
          widget: "select",
          options: MAX_STEPS.map((n) => [n, `${formatSteps(n)} steps`]),
        },
        { key: "speed", label: "Speed", widget: "select", options: SPEEDS.map((v) => [v, SPEED_LABELS[v]]) },
      ],
    },
  ];
}

const WIDGETS = {
  ...SHARED_WIDGETS,
  select(control, emit) {
    const select = element("select", { id: `control-${control.key}` });
    for (const [value, label] of control.options)
      select.append(element("option", { value: String(value), text: label }));
    select.addEventListener("change", () => {
      const option = control.options.find(([value]) => String(value) === select.value);
      emit(option[0]);
    });
    return { node: select, set: (value) => (select.value = String(value)) };
  },
  chips(control, emit) {
    const group = element("div", { class: "chips", id: `control-${control.key}` });
    let chosen = [];
    const buttons = control.options.map(([value, label]) => {
      const button = element("button", { type: "button", "data-value": value, text: label, "aria-pressed": "false" });
      button.addEventListener("click", () => {
        const next = chosen.includes(value) ? chosen.filter((v) => v !== value) : [...chosen, value];
        if (next.length) emit(FEATURES.filter((f) => next.includes(f)));
      });
      return button;
    });
    group.append(...buttons);
    return {
      node: group,
      set: (value) => {
        chosen = value;
        buttons.forEach((b) => b.setAttribute("aria-pressed", String(value.includes(b.dataset.value))));
      },
    };
  },
  layers(control, emit) {
    const group = element("div", { class: "layers", id: `control-${control.key}` });
    let units = [];
    const stepper = (text, title, onClick) => {
      const button = element("button", { type: "button", class: "mini", text, title });
      button.addEventListener("click", onClick);
      return button;
    };
    const render = () => {
      const count = element(
        "div",
        { class: "layer-count" },
        stepper("−", "Remove the last hidden layer", () => units.length > 1 && emit(units.slice(0, -1))),
        element("span", { text: `${units.length} layer${units.length > 1 ? "s" : ""}` }),
        stepper("+", "Add a hidden layer", () => units.length < 6 && emit([...units, units.at(-1) ?? 4])),
      );
      const perLayer = units.map((n, i) =>
        element(
          "div",
          { class: "layer-units", title: `Units in hidden layer ${i + 1}` },
          stepper(
            "−",
            `Fewer units in layer ${i + 1}`,
            () => n > 1 && emit(units.map((u, j) => (j === i ? u - 1 : u))),
          ),
          element("span", { text: String(n) }),
          stepper(
            "+",
            `More units in layer ${i + 1}`,
            () => n < 32 && emit(units.map((u, j) => (j === i ? u + 1 : u))),
          ),
        ),
      );
      group.replaceChildren(count, element("div", { class: "layer-list" }, ...perLayer));
    };
    return {
      node: group,
      set: (value) => {
        if (JSON.stringify(value) === JSON.stringify(units)) return;
        units = value;
        render();
      },
    };
  },
  seed(control, emit) {
    const input = element("input", { type: "number", id: `control-${control.key}`, min: 0, max: 2 ** 31 - 1, step: 1 });
    const shuffle = element("button", { type: "button", class: "mini", text: "↻", title: "A new random seed" });
    input.addEventListener("change", () => {
      const n = Math.trunc(Number(input.value));
      if (Number.isFinite(n) && n >= 0 && n < 2 ** 31) emit(n);
    });
    shuffle.addEventListener("click", () => emit(Math.floor(Math.random() * 100000)));
    return { node: element("div", { class: "seed" }, input, shuffle), set: (value) => (input.value = String(value)) };
  },
};

/** Builds the panel into `root`; returns {update(state)}. */
export function createControls(root, { datasets, onChange }) {
  const rows = [];
  for (const section of layout(datasets)) {
    const body = element("div", { class: "section-body" });
    root.append(element("section", { class: "control-section" }, element("h2", { text: section.title }), body));
    for (const control of section.controls) {
      const widget = WIDGETS[control.widget](control, (value) => onChange({ [control.key]: value }));
      const readout = ["range", "log", "steps"].includes(control.widget)
        ? element("output", { for: `control-${control.key}` })
        : null;
      const label = element("label", { for: `control-${control.key}`, text: control.label });
      if (control.hint) label.title = control.hint;
      const row = element(
        "div",
        { class: `control control-${control.widget}`, "data-key": control.key },
        label,
        widget.node,
      );
      if (readout) row.append(readout);
      body.append(row);
      rows.push({ control, widget, readout, row });
    }
  }

  return {
    update(state) {
      for (const { control, widget, readout, row } of rows) {
        widget.set(state[control.key]);
        row.hidden = control.when ? !control.when(state) : false;
        const enabled = control.enabled ? control.enabled(state) : true;
        row.classList.toggle("disabled", !enabled);
        for (const input of row.querySelectorAll("input, select, button")) input.disabled = !enabled;
        if (readout)
          readout.textContent = control.show ? control.show(state) : (control.format ?? plain)(state[control.key]);
      }
    },
  };
}

/**
 * View options that live beside what they change (test points and discretize on the plane, log scale and
 * smoothing on the chart): [{key, input, readout?, format?}] with checkboxes or ranges.
 */
export function bindInputs(bindings, onChange) {
  for (const { key, input } of bindings) {
    const checkbox = input.type === "checkbox";
    input.addEventListener(checkbox ? "change" : "input", () =>
      onChange({ [key]: checkbox ? input.checked : Number(input.value) }),
    );
  }
  return {
    update(state) {
      for (const { key, input, readout, format = plain } of bindings) {
        if (input.type === "checkbox") input.checked = state[key];
        else input.value = String(state[key]);
        if (readout) readout.textContent = format(state[key]);
      }
    },
  };
}
