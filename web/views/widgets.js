// The settings widgets both pages' panels build from their declarative lists (views/controls.js,
// digits/views/settings.js): each takes a control {key, min, max, step, values, options} and emit(value), and
// returns {node, set(value)}.

import { element, roundSignificant } from "../util.js";

/** The index of the value in `values` nearest to `value` on a log scale. */
export function nearestIndex(values, value) {
  let best = 0;
  values.forEach((v, i) => {
    if (Math.abs(Math.log(v / value)) < Math.abs(Math.log(values[best] / value))) best = i;
  });
  return best;
}

const slider = (control, min = control.min, max = control.max, step = control.step) =>
  element("input", { type: "range", id: `control-${control.key}`, min, max, step });

export const WIDGETS = {
  range(control, emit) {
    const input = slider(control);
    input.addEventListener("input", () => emit(Number(input.value)));
    return { node: input, set: (value) => (input.value = String(value)) };
  },
  /** A slider over log10 of the value (learning rates). */
  log(control, emit) {
    const input = slider(control);
    input.addEventListener("input", () => emit(roundSignificant(10 ** Number(input.value), 2)));
    return { node: input, set: (value) => (input.value = String(Math.log10(value))) };
  },
  /** A slider over the indices of `control.values` (batch sizes, step counts). */
  steps(control, emit) {
    const input = slider(control, 0, control.values.length - 1, 1);
    input.addEventListener("input", () => emit(control.values[Number(input.value)]));
    return { node: input, set: (value) => (input.value = String(nearestIndex(control.values, value))) };
  },
  segmented(control, emit) {
    const group = element("div", { class: "segmented", role: "radiogroup", id: `control-${control.key}` });
    const buttons = control.options.map(([value, label]) => {
      const button = element("button", { type: "button", role: "radio", "data-value": value, text: label });
      button.addEventListener("click", () => emit(value));
      return button;
    });
    group.append(...buttons);
    return {
      node: group,
      set: (value) => buttons.forEach((b) => b.setAttribute("aria-checked", String(b.dataset.value === value))),
    };
  },
};
