// The test digits of one confusion-matrix cell, a page at a time, in place of the test-digit browser: each digit
// with ten small bars (its probabilities, the true digit's bar marked) under it. Click one to probe it. The
// diagonal lists the least confident right answers first, a mistake cell the most confident mistakes first.

import { t } from "../../i18n.js";
import { element, formatInt, formatPercent } from "../../util.js";
import { unitBytes } from "../images.js";
import { digitThumb } from "./thumbs.js";

const say = (key, params) => t(`interrogate.examples.${key}`, params);

/** Ten bars as tall as p(digit k); the true digit's and the answer's coloured. */
function miniBars({ label, predicted, probabilities }) {
  const bars = element("span", { class: "mini-bars", "aria-hidden": "true" });
  probabilities.forEach((p, k) => {
    const kind = k === label ? " truth" : k === predicted ? " answer" : "";
    const bar = element("span", { class: `mini-bar${kind}`, "data-class": String(k) });
    bar.style.height = `${Math.max(1, Math.round(100 * p))}%`;
    bars.append(bar);
  });
  return bars;
}

function exampleButton(example, onPick) {
  const { index, label, predicted, probability } = example;
  const thumb = digitThumb({
    index,
    caption: [miniBars(example), element("span", { class: "thumb-p", text: formatPercent(probability, 0) })],
    title: say("digit", { index, label, predicted, p: formatPercent(probability) }),
    onPick,
  });
  thumb.paint(unitBytes(example.pixels));
  return thumb.button;
}

/**
 * ask({trueLabel, predicted, offset, limit}) → the examples answer (a promise), or null without a run; onPick(index)
 * probes a digit; onClose() when the learner goes back to all test digits.
 */
export function createCellExamples(root, { perPage, ask, onPick, onClose, onProblem }) {
  const title = element("span", { class: "examples-title" });
  const back = element("button", { type: "button", class: "tool examples-back", text: say("back") });
  const grid = element("div", { class: "examples-grid" });
  const previous = element("button", { type: "button", class: "mini", text: "‹", title: say("previous") });
  const next = element("button", { type: "button", class: "mini", text: "›", title: say("next") });
  const where = element("span", { class: "browser-where" });
  root.append(element("div", { class: "examples-head" }, title, back), grid, element("div", { class: "browser-pager" }, previous, where, next));
  let cell = null; // [true, predicted]
  let offset = 0;
  let serial = 0;
  let selected = null;

  function mark() {
    for (const button of grid.querySelectorAll(".thumb"))
      button.setAttribute("aria-pressed", String(Number(button.dataset.index) === selected));
  }

  function render(answer) {
    const names = { true: answer.true, predicted: answer.predicted, count: formatInt(answer.total) };
    title.textContent = say(answer.true === answer.predicted ? "title_right" : "title_wrong", names);
    title.title = say(answer.true === answer.predicted ? "order_right" : "order_wrong", { step: formatInt(answer.step) });
    grid.replaceChildren(...answer.examples.map((example) => exampleButton(example, onPick)));
    if (!answer.examples.length) grid.append(element("p", { class: "empty-note", text: say("empty") }));
    const last = Math.min(answer.offset + perPage, answer.total);
    where.textContent = answer.total
      ? t("digits.views.browser.where", { first: formatInt(answer.offset + 1), last: formatInt(last), total: formatInt(answer.total) })
      : "";
    previous.disabled = answer.offset === 0;
    next.disabled = last >= answer.total;
    root.dataset.total = String(answer.total);
    root.dataset.shown = String(answer.examples.length);
    mark();
  }

  async function show(start) {
    const mine = ++serial;
    const request = ask({ trueLabel: cell[0], predicted: cell[1], offset: Math.max(0, start), limit: perPage });
    if (!request) return;
    try {
      const answer = await request;
      if (mine !== serial) return;
      offset = answer.offset;
      render(answer);
    } catch (error) {
      if (mine === serial) onProblem(error.message);
    }
  }

  previous.addEventListener("click", () => show(offset - perPage));
  next.addEventListener("click", () => show(offset + perPage));
  back.addEventListener("click", () => {
    cell = null;
    serial++;
    onClose();
  });

  return {
    /** Show the digits of cell (true r, predicted c) from their first page. */
    open(r, c) {
      cell = [r, c];
      title.textContent = say("loading", { true: r, predicted: c });
      grid.replaceChildren();
      return show(0);
    },
    /** The same page again, from the newest test report (the matrix was re-evaluated). */
    refresh() {
      if (cell) show(offset);
    },
    /** The cell shown, or null. */
    cell: () => cell,
    /** Mark the probed digit. */
    select(index) {
      selected = index;
      mark();
    },
  };
}
