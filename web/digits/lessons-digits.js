// The digits half of the course, numbered as in the course: softmax regression (No.2) and a hidden layer (No.3)
// now on 28×28 digits, then convolution filters — one fixed filter by hand (No.6), one layer of filters learned
// from the digits (No.7) — and the stacked CNN (No.8). Each lesson's training presets live in state-digits.js
// (LESSON_SETTINGS); they are models/lessons.py's `digits.<id>` presets (GET /api/lessons), which
// tests/web/test_lesson_presets.py checks body for body.

export const LESSONS = [
  { id: "softmax", number: "2", title: "Softmax on digits", hint: "784 → 10" },
  { id: "mlp", number: "3", title: "Hidden layer", hint: "784 → 32 → 10" },
  { id: "conv", number: "6", title: "Convolution filters", hint: "no training" },
  { id: "conv1", number: "7", title: "Learned filters", hint: "conv · pool · softmax" },
  { id: "cnn", number: "8", title: "CNN", hint: "conv · pool · conv · pool" },
];

/** Layer widths and parameter count of the model a state trains, for the settings card's heading. */
export function modelSummary(state) {
  const k2 = state.kernelSize ** 2;
  if (state.lesson === "conv1") {
    const parameters = k2 * state.conv1 + state.conv1 + 14 * 14 * state.conv1 * 10 + 10;
    return { shape: `${state.conv1} filters ${state.kernelSize}×${state.kernelSize} → pool → 10`, parameters };
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
    return { shape: `${state.conv1}→${state.conv2} filters → ${state.dense} → 10`, parameters: count };
  }
  const sizes = [784, ...(state.lesson === "mlp" ? state.hidden : []), 10];
  const parameters = sizes.slice(1).reduce((sum, n, i) => sum + sizes[i] * n + n, 0);
  return { shape: sizes.join(" → "), parameters };
}
