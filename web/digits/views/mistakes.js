// The test digits the model gets most confidently wrong (up to 16, refreshed with the confusion matrix): each
// with its true label, the model's answer and the probability it gave that answer. Click one to probe it.

import { t } from "../../i18n.js";
import { element, formatPercent } from "../../util.js";
import { digitThumb } from "./thumbs.js";

export function createMistakes(root, { store, onPick }) {
  let signature = "";
  let selected = null;

  function mark() {
    for (const button of root.querySelectorAll(".thumb"))
      button.setAttribute("aria-pressed", String(Number(button.dataset.index) === selected));
  }

  return {
    /** list: [{index, label, predicted, probability}], most confident mistakes first; null: no new evaluation. */
    set(list) {
      if (!list) return;
      const next = JSON.stringify(list.map(({ index, predicted }) => [index, predicted]));
      if (next === signature) {
        list.forEach(({ index, probability }) => {
          const p = root.querySelector(`.thumb[data-index="${index}"] .thumb-p`);
          if (p) p.textContent = formatPercent(probability, 0);
        });
        return;
      }
      signature = next;
      root.replaceChildren();
      if (!list.length) root.append(element("p", { class: "empty-note", text: t("digits.mistake.none") }));
      for (const { index, label, predicted, probability } of list) {
        const thumb = digitThumb({
          index,
          caption: [
            element("span", { class: "thumb-truth", text: String(label) }),
            "→",
            element("span", { class: "thumb-wrong", text: String(predicted) }),
            element("span", { class: "thumb-p", text: formatPercent(probability, 0) }),
          ],
          title: t("digits.mistake.title", { index, label, predicted, p: formatPercent(probability) }),
          onPick,
        });
        root.append(thumb.button);
        store.digit(index).then(
          (digit) => thumb.paint(digit.pixels),
          () => {},
        );
      }
      root.dataset.count = String(list.length);
      mark();
    },
    select(index) {
      selected = index;
      mark();
    },
    clear() {
      signature = "";
      root.replaceChildren();
      root.dataset.count = "0";
    },
  };
}
