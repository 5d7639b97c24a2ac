// The settings panel, built from a declarative list: each control names its setting, its widget and how its
// value reads. `update(state)` makes every widget show the state; user input calls onChange({key: value}).
// Names, options and ranges come from the vocabulary (GET /api/limits), words from the catalogues: a language
// switch reloads the page, so the panel is simply built again in the new language.

import { t } from "../i18n.js";
import { batchSizeOf, classesOf, trainSizeOf } from "../runconfig.js";
import { DATASETS, FEATURES, MAX_STEPS, MULTICLASS_DATASETS, PLANE_MODELS, SPEEDS } from "../state.js";
import { element, formatSteps } from "../util.js";
import {
  ACTIVATIONS,
  bound,
  featureNotation,
  logSliderOf,
  OPTIMIZERS,
  pageSpan,
  REGULARIZATIONS,
  sliderOf,
} from "../vocabulary.js";
import { WIDGETS as SHARED_WIDGETS } from "./widgets.js";

// Slider stops: a readable subset of each range, up to the server's limit.
const upTo = (name, values) => values.filter((v) => v <= bound(name).high);
const POINT_COUNTS = upTo("n_points", [20, 50, 100, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000]);
const BATCH_SIZES = upTo("batch_size", [1, 2, 5, 10, 20, 30, 50, 100, 200, 500, 1000]);
const REG_RATES = upTo("regularization_rate", [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]);
const HIDDEN_LAYERS = bound("hidden_layers");
const UNITS = bound("units_per_layer");
const SEEDS = bound("seed");
const TRAIN_PERCENT = pageSpan("train_fraction").map((fraction) => Math.round(100 * fraction));

const plain = (v) => String(v);
const rate = (v) => (v < 0.001 ? v.toExponential(0) : String(v));
/** [value, label] options whose labels are catalogue keys under `prefix`. */
const named = (prefix, values) => values.map((value) => [value, t(`${prefix}.${value}`)]);
const speedLabel = (v) => (v === "full" ? t("controls.speeds.full") : t("controls.speeds.per_frame", { n: v }));

/** The panel's layout: sections of controls; `when(state)` hides a control, `enabled(state)` greys it out. */
function layout() {
  return [
    {
      title: t("controls.section.data"),
      controls: [
        {
          key: "dataset",
          label: t("controls.dataset"),
          widget: "select",
          options: named("controls.datasets", DATASETS),
        },
        {
          key: "classes",
          label: t("controls.classes"),
          ...sliderOf("classes"),
          enabled: (s) => MULTICLASS_DATASETS.has(s.dataset),
          show: (s) => String(classesOf(s)),
        },
        {
          key: "noise",
          label: t("controls.noise"),
          ...sliderOf("noise", 0.05),
          format: (v) => v.toFixed(2),
          enabled: (s) => s.dataset !== "custom",
        },
        {
          key: "nPoints",
          label: t("controls.points"),
          widget: "steps",
          values: POINT_COUNTS,
          enabled: (s) => s.dataset !== "custom",
          show: (s) => (s.dataset === "custom" ? String(s.points.length) : String(s.nPoints)),
        },
        {
          key: "trainPercent",
          label: t("controls.train_percent"),
          widget: "range",
          min: TRAIN_PERCENT[0],
          max: TRAIN_PERCENT[1],
          step: 5,
          show: (s) => `${s.trainPercent}% · ${trainSizeOf(s)}`,
        },
        { key: "dataSeed", label: t("controls.data_seed"), widget: "seed" },
      ],
    },
    {
      title: t("controls.section.model"),
      controls: [
        {
          key: "features",
          label: t("controls.features"),
          widget: "chips",
          options: FEATURES.map((name) => [name, featureNotation(name)]),
        },
        {
          key: "model",
          label: t("controls.model"),
          widget: "segmented",
          options: named("controls.models", PLANE_MODELS),
        },
        { key: "hidden", label: t("controls.hidden"), widget: "layers", when: (s) => s.model === "mlp" },
        {
          key: "activation",
          label: t("controls.activation"),
          widget: "select",
          options: named("controls.activations", ACTIVATIONS),
          when: (s) => s.model === "mlp",
        },
      ],
    },
    {
      title: t("controls.section.training"),
      controls: [
        {
          key: "learningRate",
          label: t("controls.learning_rate"),
          ...logSliderOf("learning_rate", 0.05),
          format: rate,
          hint: t("controls.learning_rate_hint"),
        },
        {
          key: "optimizer",
          label: t("controls.optimizer"),
          widget: "segmented",
          options: named("controls.optimizers", OPTIMIZERS),
        },
        {
          key: "batchSize",
          label: t("controls.batch_size"),
          widget: "steps",
          values: BATCH_SIZES,
          show: (s) =>
            trainSizeOf(s) && batchSizeOf(s) < s.batchSize
              ? t("controls.batch_all", { n: batchSizeOf(s) })
              : String(s.batchSize),
        },
        {
          key: "regularization",
          label: t("controls.regularizer"),
          widget: "segmented",
          options: named("controls.regularizations", REGULARIZATIONS),
        },
        {
          key: "regRate",
          label: t("controls.reg_rate"),
          widget: "steps",
          values: REG_RATES,
          format: rate,
          enabled: (s) => s.regularization !== "none",
        },
        { key: "seed", label: t("controls.weight_seed"), widget: "seed" },
        {
          key: "maxSteps",
          label: t("controls.stop_after"),
          widget: "select",
          options: MAX_STEPS.map((n) => [n, t("controls.steps", { steps: formatSteps(n) })]),
        },
        {
          key: "speed",
          label: t("controls.speed"),
          widget: "select",
          options: SPEEDS.map((v) => [v, speedLabel(v)]),
        },
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
        stepper("−", t("controls.layers.remove"), () => units.length > 1 && emit(units.slice(0, -1))),
        element("span", { text: t(`controls.layers.${units.length > 1 ? "many" : "one"}`, { n: units.length }) }),
        stepper(
          "+",
          t("controls.layers.add"),
          () => units.length < HIDDEN_LAYERS.high && emit([...units, units.at(-1) ?? 4]),
        ),
      );
      const perLayer = units.map((n, i) =>
        element(
          "div",
          { class: "layer-units", title: t("controls.layers.units", { n: i + 1 }) },
          stepper(
            "−",
            t("controls.layers.fewer", { n: i + 1 }),
            () => n > UNITS.low && emit(units.map((u, j) => (j === i ? u - 1 : u))),
          ),
          element("span", { text: String(n) }),
          stepper(
            "+",
            t("controls.layers.more", { n: i + 1 }),
            () => n < UNITS.high && emit(units.map((u, j) => (j === i ? u + 1 : u))),
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
    const input = element("input", {
      type: "number",
      id: `control-${control.key}`,
      min: SEEDS.low,
      max: SEEDS.high,
      step: 1,
    });
    const shuffle = element("button", { type: "button", class: "mini", text: "↻", title: t("controls.new_seed") });
    input.addEventListener("change", () => {
      const n = Math.trunc(Number(input.value));
      if (Number.isFinite(n) && n >= SEEDS.low && n <= SEEDS.high) emit(n);
    });
    shuffle.addEventListener("click", () => emit(Math.floor(Math.random() * 100000)));
    return { node: element("div", { class: "seed" }, input, shuffle), set: (value) => (input.value = String(value)) };
  },
};

/** Builds the panel into `root`; returns {update(state)}. (The datasets and their names come from the vocabulary.) */
export function createControls(root, { onChange }) {
  const rows = [];
  for (const section of layout()) {
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
