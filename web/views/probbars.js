// P(class | input) as one bar per class, the most likely one marked, under a caption that says what the input is:
// the plane's readout under the cursor, and the digits page's bars for a drawing or the shown test digit.
// Each row keeps its exact probability in data-probability (the text shows it rounded); the root names the most
// likely class in data-predicted.

import { element, formatPercent } from "../util.js";

/**
 * classes: [{label, color?}] per class (setClasses replaces them); className: extra classes for the bar list
 * (a page's own styling).
 */
export function createProbBars(root, { classes = [], className = "" } = {}) {
  const caption = element("div", { class: "bars-caption" });
  const bars = element("div", { class: `prob-bars ${className}`.trim() });
  root.append(caption, bars);
  let rows = [];

  function layout(list) {
    bars.replaceChildren();
    rows = list.map(({ label, color }, k) => {
      const fill = element("span", { class: "bar-fill" });
      const value = element("span", { class: "bar-value" });
      const name = element("span", { class: "bar-label", text: label });
      if (color) {
        fill.style.background = color;
        name.style.color = color;
      }
      const row = element("div", { class: "bar-row", "data-class": String(k) }, name, element("span", { class: "bar-track" }, fill), value);
      bars.append(row);
      return { row, fill, value };
    });
  }

  function idle(text) {
    root.classList.add("idle");
    caption.textContent = text;
    for (const { row, fill, value } of rows) {
      fill.style.width = "0%";
      value.textContent = "";
      delete row.dataset.probability;
      row.classList.remove("best");
    }
    delete root.dataset.predicted;
  }

  /** probabilities: one number per class, summing to 1; text: what they are about. */
  function show(probabilities, text) {
    root.classList.remove("idle");
    caption.textContent = text;
    const best = probabilities.indexOf(Math.max(...probabilities));
    probabilities.forEach((p, k) => {
      rows[k].fill.style.width = `${(100 * p).toFixed(1)}%`;
      rows[k].value.textContent = formatPercent(p);
      rows[k].row.dataset.probability = String(p);
      rows[k].row.classList.toggle("best", k === best);
    });
    root.dataset.predicted = String(best);
  }

  layout(classes);
  return {
    setClasses(list) {
      if (list.length !== rows.length) layout(list);
    },
    show,
    idle,
    get count() {
      return rows.length;
    },
  };
}
