// What the model says at the cursor: the coordinates and P(class | x1, x2) as one bar per class.

import { CLASS_COLORS, CLASS_GLYPHS } from "../palette.js";
import { element, formatNumber, formatPercent } from "../util.js";

export function createProbBars(root) {
  const coordinates = element("div", { class: "probe-coords" });
  const bars = element("div", { class: "probe-bars" });
  root.append(coordinates, bars);
  let rows = [];

  function layout(classes) {
    rows = CLASS_GLYPHS.slice(0, classes).map((glyph, k) => {
      const fill = element("span", { class: "bar-fill" });
      fill.style.background = CLASS_COLORS[k];
      const value = element("span", { class: "bar-value" });
      const label = element("span", { class: "bar-label", text: `P(${glyph})` });
      label.style.color = CLASS_COLORS[k];
      const row = element("div", { class: "bar-row" }, label, element("span", { class: "bar-track" }, fill), value);
      bars.append(row);
      return { row, fill, value };
    });
  }

  function idle(text) {
    root.classList.add("idle");
    coordinates.textContent = text;
    for (const { fill, value, row } of rows) {
      fill.style.width = "0%";
      value.textContent = "";
      row.classList.remove("best");
    }
  }

  idle("Hover the plane to read P(class | x₁, x₂)");

  return {
    setClasses(classes) {
      if (classes === rows.length) return;
      bars.replaceChildren();
      layout(classes);
    },
    show(x, y, probabilities) {
      if (!probabilities) return idle(`x₁ = ${formatNumber(x, 2)}   x₂ = ${formatNumber(y, 2)}`);
      root.classList.remove("idle");
      if (probabilities.length !== rows.length) this.setClasses(probabilities.length);
      coordinates.textContent = `x₁ = ${formatNumber(x, 2)}   x₂ = ${formatNumber(y, 2)}`;
      const best = probabilities.indexOf(Math.max(...probabilities));
      probabilities.forEach((p, k) => {
        rows[k].fill.style.width = `${(100 * p).toFixed(1)}%`;
        rows[k].value.textContent = formatPercent(p);
        rows[k].row.classList.toggle("best", k === best);
      });
    },
    clear: () => idle("Hover the plane to read P(class | x₁, x₂)"),
  };
}
