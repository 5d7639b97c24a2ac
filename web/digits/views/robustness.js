// How robust the current model is: the whole test split shifted, rotated, noised or its strokes thinned or
// thickened, at a handful of strengths across the distortion's range (the server's bounds), plus the strength on
// the slider. The chart is test accuracy against strength; the preview is the probed digit at the slider's strength.

import { t } from "../../i18n.js";
import { CLASS_COLORS } from "../../palette.js";
import { element, formatPercent, round } from "../../util.js";
import { span } from "../../vocabulary.js";
import { imageCanvas, INK_TABLE, paintBytes, unitBytes } from "../images.js";
import { drawSmallChart } from "./smallchart.js";

/** Each distortion: its bound in the vocabulary and the slider's step. */
export const DISTORTIONS = {
  shift: { bound: "shift_pixels", step: 0.5 },
  rotation: { bound: "rotation_degrees", step: 5 },
  noise: { bound: "noise_sigma", step: 0.05 },
  thickness: { bound: "thickness_steps", step: 1 },
};
const GRID_POINTS = 7; // plus the slider's strength: the server's limit of 8
const say = (key, params) => t(`interrogate.robustness.${key}`, params);

/** The strengths to ask for: an even grid over the range, and the chosen one, sorted, without repeats. */
export function strengthsFor(distortion, chosen) {
  const [low, high] = span(DISTORTIONS[distortion].bound);
  const grid = Array.from({ length: GRID_POINTS }, (_, i) => low + ((high - low) * i) / (GRID_POINTS - 1));
  const rounded = grid.map((v) => (distortion === "thickness" ? Math.round(v) : Number(v.toFixed(3))));
  return [...new Set([...rounded, chosen])].sort((a, b) => a - b);
}

function distortionButtons(onChoose) {
  const row = element("div", { class: "segmented robustness-kinds", role: "group", "aria-label": say("kind") });
  for (const name of Object.keys(DISTORTIONS)) {
    const button = element("button", { type: "button", "data-distortion": name, text: say(`kinds.${name}`) });
    button.addEventListener("click", () => onChoose(name));
    row.append(button);
  }
  return row;
}

/** onChange({distortion, strength}) when the learner picks either. */
export function createRobustness(root, { onChange }) {
  const state = { distortion: "shift", strength: 2 };
  const slider = element("input", { type: "range", class: "robustness-strength", "aria-label": say("strength") });
  const value = element("strong", { class: "robustness-value" });
  const preview = imageCanvas("digit robustness-preview", say("preview"));
  const chart = element("canvas", { class: "robustness-chart", "aria-label": say("chart") });
  const readout = element("p", { class: "robustness-readout muted" });
  const kinds = distortionButtons((distortion) => {
    state.distortion = distortion;
    setRange();
    onChange({ ...state });
  });
  root.append(
    kinds,
    element("label", { class: "robustness-slider" }, element("span", { text: say("strength") }), slider, value),
    element("div", { class: "robustness-body" }, element("figure", { class: "robustness-figure" }, preview), chart),
    readout,
  );
  let answers = 0;

  function setRange() {
    const [low, high] = span(DISTORTIONS[state.distortion].bound);
    Object.assign(slider, { min: low, max: high, step: DISTORTIONS[state.distortion].step });
    state.strength = Math.min(high, Math.max(low, state.strength));
    slider.value = String(state.strength);
    state.strength = Number(slider.value);
    value.textContent = say(`units.${state.distortion}`, { value: String(round(state.strength, 2)) });
    for (const button of kinds.children) button.setAttribute("aria-pressed", String(button.dataset.distortion === state.distortion));
  }
  slider.addEventListener("input", () => {
    state.strength = Number(slider.value);
    value.textContent = say(`units.${state.distortion}`, { value: String(round(state.strength, 2)) });
    onChange({ ...state });
  });
  setRange();

  return {
    get: () => ({ ...state }),
    /** answer: POST /robustness's; drawn only while it is about the chosen distortion. */
    set(answer) {
      if (answer.distortion !== state.distortion) return;
      const at = answer.strengths.indexOf(state.strength);
      const points = answer.strengths.map((s, i) => [s, answer.accuracy[i]]);
      drawSmallChart(chart, { xRange: span(DISTORTIONS[state.distortion].bound), series: [{ points, color: CLASS_COLORS[0] }], marker: state.strength });
      if (at >= 0) {
        paintBytes(preview, unitBytes(answer.previews[at]), 28, 28, INK_TABLE);
        readout.textContent = say("readout", {
          accuracy: formatPercent(answer.accuracy[at]),
          plain: formatPercent(answer.test_accuracy),
          index: answer.index,
        });
      }
      root.dataset.answers = String(++answers);
      root.dataset.accuracy = JSON.stringify(answer.accuracy);
    },
  };
}
