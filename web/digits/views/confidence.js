// "I don't know": below a threshold on p(answer) the model abstains. The slider picks the threshold; the readout
// says what share of the test digits it still answers (coverage) and how many of those it gets right; the chart
// draws both over every threshold of the server's grid.

import { t } from "../../i18n.js";
import { CLASS_COLORS } from "../../palette.js";
import { element, formatInt, formatPercent } from "../../util.js";
import { drawSmallChart } from "./smallchart.js";

const say = (key, params) => t(`interrogate.confidence.${key}`, params);
const COVERAGE = CLASS_COLORS[1];
const ACCURACY = CLASS_COLORS[0];

export function createConfidence(root) {
  const slider = element("input", { type: "range", class: "confidence-threshold", min: "0", max: "0", step: "1", "aria-label": say("threshold") });
  const value = element("strong", { class: "confidence-value" });
  const readout = element("p", { class: "confidence-readout" });
  const chart = element("canvas", { class: "confidence-chart", "aria-label": say("chart") });
  const key = element(
    "p",
    { class: "confidence-key muted" },
    element("span", { class: "key-coverage", text: say("coverage_key") }),
    " · ",
    element("span", { class: "key-accuracy", text: say("accuracy_key") }),
  );
  key.children[0].style.color = COVERAGE;
  key.children[1].style.color = ACCURACY;
  root.append(element("label", { class: "robustness-slider" }, element("span", { text: say("threshold") }), slider, value), readout, chart, key);
  let answer = null;

  function show() {
    if (!answer) return;
    const point = answer.points[Number(slider.value)] ?? answer.points[0];
    value.textContent = formatPercent(point.threshold, 0);
    readout.textContent = say(point.accuracy === null ? "none" : "readout", {
      coverage: formatPercent(point.coverage),
      answered: formatInt(point.answered),
      total: formatInt(answer.total),
      accuracy: point.accuracy === null ? "" : formatPercent(point.accuracy),
    });
    root.dataset.coverage = String(point.coverage);
    root.dataset.accuracy = String(point.accuracy);
    drawSmallChart(chart, {
      xRange: [0, 1],
      series: [
        { points: answer.points.map((p) => [p.threshold, p.coverage]), color: COVERAGE },
        { points: answer.points.map((p) => [p.threshold, p.accuracy]), color: ACCURACY },
      ],
      marker: point.threshold,
    });
  }
  slider.addEventListener("input", show);

  return {
    /** answer: GET /confidence's curve. */
    set(next) {
      const first = !answer;
      answer = next;
      slider.max = String(next.points.length - 1);
      if (first) slider.value = String(Math.round((next.points.length - 1) / 2));
      show();
      root.dataset.step = String(next.step);
    },
  };
}
