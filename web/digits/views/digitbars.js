// P(digit | image) as ten bars, the most likely one marked: for the learner's drawing, or the probed test digit.
// Each row keeps its exact probability in data-probability (the text shows it rounded).

import { element, formatPercent } from "../../util.js";

export function createDigitBars(root) {
  const caption = element("div", { class: "digit-bars-caption" });
  const bars = element("div", { class: "probe-bars digit-bars" });
  const rows = Array.from({ length: 10 }, (_, digit) => {
    const fill = element("span", { class: "bar-fill" });
    const value = element("span", { class: "bar-value" });
    const row = element(
      "div",
      { class: "bar-row", "data-digit": String(digit) },
      element("span", { class: "bar-label", text: String(digit) }),
      element("span", { class: "bar-track" }, fill),
      value,
    );
    bars.append(row);
    return { row, fill, value };
  });
  root.append(caption, bars);

  return {
    /** probabilities: 10 numbers summing to 1; caption: what they are about. */
    show(probabilities, text) {
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
    },
    idle(text) {
      root.classList.add("idle");
      caption.textContent = text;
      for (const { row, fill, value } of rows) {
        fill.style.width = "0%";
        value.textContent = "";
        delete row.dataset.probability;
        row.classList.remove("best");
      }
      delete root.dataset.predicted;
    },
  };
}
