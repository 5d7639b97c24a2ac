// The pair of training charts both labs show: loss and accuracy over steps, train and test in the same colours.
import { t } from "../i18n.js";
import { element, formatPercent } from "../util.js";
import { createLineChart } from "./linechart.js";

export const TRAIN_COLOR = "#33475b";
export const TEST_COLOR = "#c2587e";

/** The two charts' markup inside `root` (a `.charts` box): the same ids and words on both pages. */
export function renderCharts(root) {
  const chart = (id, extraClass, heading) =>
    element(
      "div",
      { class: `chart${extraClass}` },
      ...(heading ? [element("h3", { "data-i18n": heading }, "Accuracy")] : []),
      element("canvas", { id, "aria-label": `${id} over training steps`, "data-i18n-aria": `page.${id}_canvas` }),
      element("div", { id: `${id}-readout`, class: "readout" }),
    );
  root.replaceChildren(chart("loss", "", null), chart("accuracy", " accuracy", "page.accuracy"));
}

/** Loss and accuracy charts on the given canvases, each with its hover readout element. */
export function createTrainingCurves({ loss, lossReadout, accuracy, accuracyReadout }) {
  const lossChart = createLineChart(loss, {
    series: [
      { label: t("curves.train"), key: "train_loss", color: TRAIN_COLOR },
      { label: t("curves.test"), key: "test_loss", color: TEST_COLOR },
    ],
    readout: lossReadout,
  });
  const accuracyChart = createLineChart(accuracy, {
    series: [
      { label: t("curves.train"), key: "train_accuracy", color: TRAIN_COLOR },
      { label: t("curves.test"), key: "test_accuracy", color: TEST_COLOR },
    ],
    yRange: [0, 1],
    format: (v) => formatPercent(v, 0),
    readout: accuracyReadout,
  });
  return { lossChart, accuracyChart };
}
