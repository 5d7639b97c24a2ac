// The digits half of the course, numbered as in the course: softmax regression (No.2) and a hidden layer (No.3)
// now on 28×28 digits, then convolution filters — one fixed filter by hand (No.6), one layer of filters learned
// from the digits (No.7) — and the stacked CNN (No.8). Each lesson's training presets live in state-digits.js
// (LESSON_SETTINGS); they are models/lessons.py's `digits.<id>` presets (GET /api/lessons), which
// tests/web/test_lesson_presets.py checks body for body.
// A lesson record (web/shell.js) has the course's id; `name` is the page's own lesson setting (#lesson=…).

import { t } from "../i18n.js";
import { applyLesson } from "./state-digits.js";

/** Choosing it sets its presets (LESSON_SETTINGS), keeping the chosen digits; it is marked while it is shown. */
const digitsLesson = (name, number, title, hint) => ({
  id: `digits.${name}`,
  name,
  number,
  title,
  hint,
  choose: (state) => applyLesson(state, name),
  matches: (state) => state.lesson === name,
});

export const LESSONS = [
  digitsLesson("softmax", "2", "Softmax on digits", "784 → 10"),
  digitsLesson("mlp", "3", "Hidden layer", "784 → 32 → 10"),
  digitsLesson("conv", "6", "Convolution filters", "no training"),
  digitsLesson("conv1", "7", "Learned filters", "conv · pool · softmax"),
  digitsLesson("cnn", "8", "CNN", "conv · pool · conv · pool"),
];

/** Layer widths and parameter count of the model a state trains, for the settings card's heading. */
export function modelSummary(state) {
  const k2 = state.kernelSize ** 2;
  if (state.lesson === "conv1") {
    const parameters = k2 * state.conv1 + state.conv1 + 14 * 14 * state.conv1 * 10 + 10;
    return { shape: t("digits.settings.shape_conv1", { filters: state.conv1, k: state.kernelSize }), parameters };
  }
  if (state.lesson === "cnn") {
    const count =
      k2 * state.conv1 +
      state.conv1 +
      k2 * state.conv1 * state.conv2 +
      state.conv2 +
      49 * state.conv2 * state.dense +
      state.dense +
      state.dense * 10 +
      10;
    const shape = t("digits.settings.shape_cnn", { conv1: state.conv1, conv2: state.conv2, dense: state.dense });
    return { shape, parameters: count };
  }
  const sizes = [784, ...(state.lesson === "mlp" ? state.hidden : []), 10];
  const parameters = sizes.slice(1).reduce((sum, n, i) => sum + sizes[i] * n + n, 0);
  return { shape: sizes.join(" → "), parameters };
}
