// Browse the test split a page at a time and pick a digit (to probe it, or to convolve it).

import { t } from "../../i18n.js";
import { element, formatInt } from "../../util.js";
import { digitThumb } from "./thumbs.js";

export function createDigitBrowser(root, { store, perPage, onPick, onProblem }) {
  const grid = element("div", { class: "browser-grid" });
  const previous = element("button", { type: "button", class: "mini", text: "‹", title: t("digits.views.browser.previous") });
  const next = element("button", { type: "button", class: "mini", text: "›", title: t("digits.views.browser.next") });
  const where = element("span", { class: "browser-where" });
  root.append(grid, element("div", { class: "browser-pager" }, previous, where, next));
  let offset = 0;
  let selected = null;
  let shown = -1;
  let pageSize = perPage;

  function mark() {
    for (const button of grid.querySelectorAll(".thumb"))
      button.setAttribute("aria-pressed", String(Number(button.dataset.index) === selected));
  }

  async function show(start) {
    const total = await store.count().catch((error) => {
      onProblem(error.message);
      return null;
    });
    if (total === null) return;
    offset = Math.max(0, Math.min(start, total - 1));
    offset -= offset % pageSize;
    if (offset === shown && grid.children.length === Math.min(pageSize, total - offset)) return mark();
    shown = offset;
    const digits = await store.range(offset, pageSize);
    if (shown !== offset) return;
    grid.replaceChildren(
      ...digits.map((digit) => {
        const thumb = digitThumb({
          index: digit.index,
          caption: [String(digit.label)],
          title: t("digits.views.browser.thumb", { index: digit.index, label: digit.label }),
          onPick,
        });
        thumb.paint(digit.pixels);
        return thumb.button;
      }),
    );
    const last = Math.min(offset + pageSize, total);
    where.textContent = t("digits.views.browser.where", {
      first: formatInt(offset + 1),
      last: formatInt(last),
      total: formatInt(total),
    });
    previous.disabled = offset === 0;
    next.disabled = last >= total;
    mark();
  }

  previous.addEventListener("click", () => show(offset - pageSize));
  next.addEventListener("click", () => show(offset + pageSize));

  return {
    /** Mark `index` as the chosen digit, turning to its page. */
    select(index) {
      selected = index;
      return show(index);
    },
    /** Mark `index` (or none: null) without turning the page. */
    mark(index) {
      selected = index;
      mark();
    },
    /** Digits per page (the convolution lesson has room for more). */
    setPerPage(count) {
      if (count === pageSize) return;
      pageSize = count;
      shown = -1;
    },
  };
}
