// The confusion matrix on the test split: row = the true digit, column = the model's answer. The diagonal (right
// answers) is blue, mistakes red; each cell's strength is its share of the row, so a weak digit shows as a pale
// diagonal cell with red beside it. A cell is a button (click, Enter or Space): onCell(true, predicted) asks for its
// digits.

import { t } from "../../i18n.js";
import { CLASS_RGB } from "../../palette.js";
import { element, formatInt, formatPercent } from "../../util.js";

const RIGHT = CLASS_RGB[0];
const WRONG = CLASS_RGB[4];

/** Cell (true r, predicted c): a button for the mouse and the keyboard. */
function confusionCell(r, c, onCell) {
  const cell = element("span", {
    class: `confusion-cell${r === c ? " diagonal" : ""}`,
    role: "button",
    tabindex: "0",
    "data-true": String(r),
    "data-predicted": String(c),
  });
  cell.addEventListener("click", () => onCell(r, c));
  cell.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    onCell(r, c);
  });
  return cell;
}

export function createConfusion(root, { summary, onCell = () => {} }) {
  const grid = element("div", { class: "confusion-grid", role: "table", "aria-label": t("digits.confusion") });
  const cells = [];
  grid.append(element("span", { class: "confusion-corner", text: "" }));
  for (let c = 0; c < 10; c++) grid.append(element("span", { class: "confusion-head", text: String(c) }));
  for (let r = 0; r < 10; r++) {
    grid.append(element("span", { class: "confusion-head row", text: String(r) }));
    cells.push(
      Array.from({ length: 10 }, (_, c) => {
        const cell = confusionCell(r, c, onCell);
        grid.append(cell);
        return cell;
      }),
    );
  }
  const legend = element("p", {
    class: "confusion-legend",
    text: `${t("digits.views.confusion.legend")} · ${t("interrogate.examples.click_cell")}`,
  });
  root.append(grid, legend);
  let updates = 0;

  function idle() {
    for (const row of cells)
      for (const cell of row) {
        cell.textContent = "";
        cell.style.background = "";
        cell.style.color = "";
        cell.title = "";
      }
    summary.textContent = "";
    root.dataset.updates = "0";
    updates = 0;
  }
  idle();

  return {
    /** matrix: 10×10 counts, rows = true digit (only on frames where the server re-evaluated the test split). */
    set(matrix) {
      if (!matrix) return;
      let right = 0;
      let total = 0;
      matrix.forEach((row, r) => {
        const rowTotal = row.reduce((a, b) => a + b, 0);
        row.forEach((count, c) => {
          const share = rowTotal ? count / rowTotal : 0;
          const cell = cells[r][c];
          const [red, green, blue] = r === c ? RIGHT : WRONG;
          const alpha = count ? Math.max(0.08, r === c ? share : Math.min(1, share * 4)) : 0;
          cell.style.background = alpha ? `rgba(${red}, ${green}, ${blue}, ${alpha.toFixed(3)})` : "";
          cell.style.color = alpha > 0.55 ? "#fff" : "";
          cell.textContent = count ? String(count) : "";
          cell.title = t("digits.views.confusion.cell", {
            true: r,
            predicted: c,
            count: formatInt(count),
            total: formatInt(rowTotal),
            share: formatPercent(share),
          });
          cell.setAttribute("aria-label", cell.title);
          if (r === c) right += count;
          total += count;
        });
      });
      summary.textContent = t("digits.views.confusion.summary", { right: formatInt(right), total: formatInt(total) });
      root.dataset.updates = String(++updates);
    },
    clear: idle,
    /** Mark the cell whose digits are shown (null: none). */
    select(cell) {
      for (const [r, row] of cells.entries())
        for (const [c, node] of row.entries()) node.setAttribute("aria-pressed", String(cell?.[0] === r && cell?.[1] === c));
    },
  };
}
