// A layer's numbers laid out like its weight matrix: one coloured cell per weight (rows: the layer's inputs,
// columns: its units) and a last row for the biases. Colour is diverging around 0 (rose −, white 0, teal +),
// scaled by the largest |value| in the grid; each cell is focusable and carries its number in its title, and
// the grid's readout line shows the hovered or focused cell's number (a grid of up to three units writes them in).

import { divergingTable } from "../palette.js";
import { element, formatNumber } from "../util.js";

const COLORS = divergingTable();
/** Up to this many units a grid is wide enough to write each cell's number in it. */
const WIDE_COLUMNS = 3;

function cellColor(value, scale) {
  const v = Math.max(0, Math.min(255, Math.round(127.5 * (value / (scale || 1) + 1))));
  return `rgb(${COLORS[v * 3]}, ${COLORS[v * 3 + 1]}, ${COLORS[v * 3 + 2]})`;
}

/** A cell: its colour, and "x₁ → 2: 0.0123" on hover and focus; a wide cell also writes its number. */
function cell(value, scale, text, wide) {
  const dark = Math.abs(value) > 0.6 * scale;
  return element("span", {
    class: `cell${dark ? " dark" : ""}`,
    tabindex: "0",
    title: text,
    "data-value": String(value),
    style: `background:${cellColor(value, scale)}`,
    ...(wide ? { text: formatNumber(value, 3) } : {}),
  });
}

/**
 * layer: {weights: in×out nested, bias: out}; rows: the inputs' labels (x₁, …), columns: the units' labels,
 * caption: the grid's name. Returns the grid's node.
 */
export function cellGrid({ weights, bias }, { rows, columns, caption, digits = 4 }) {
  const scale = Math.max(...weights.flat().map(Math.abs), ...bias.map(Math.abs));
  const text = (row, k, value) => `${row} → ${columns[k]}: ${formatNumber(value, digits)}`;
  const wide = bias.length <= WIDE_COLUMNS;
  const grid = element("div", { class: `cell-grid${wide ? " wide" : ""}`, style: `--columns:${bias.length}` });
  weights.forEach((row, i) => {
    grid.append(element("span", { class: "cell-label", text: rows[i] }));
    row.forEach((value, k) => grid.append(cell(value, scale, text(rows[i], k, value), wide)));
  });
  grid.append(element("span", { class: "cell-label bias", text: "b" }));
  bias.forEach((value, k) => grid.append(cell(value, scale, text("b", k, value), wide)));
  const readout = element("div", { class: "cell-readout", "aria-live": "polite", text: "\u00a0" });
  const show = (event) => {
    if (event.target.classList?.contains("cell")) readout.textContent = event.target.title;
  };
  grid.addEventListener("mouseover", show);
  grid.addEventListener("focusin", show);
  return element("figure", { class: "cell-figure" }, element("figcaption", { text: caption }), grid, readout);
}
