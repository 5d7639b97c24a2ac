// A CNN's learned kernels: conv1's k×k filters over the image, and conv2's as a grid (one column per conv2
// filter, one row per conv1 channel it reads). Red weights subtract, blue add; each conv2 filter is drawn against
// its own largest |weight|, so a column is comparable within itself.

import { t } from "../../i18n.js";
import { element, formatNumber } from "../../util.js";
import { decodeStack, imageCanvas, paintBytes, SIGNED_TABLE } from "../images.js";

const CONV1_ROW = 12;
const CONV1_WIDTH = 470;
const CONV2_BOX = [300, 150];

export function createFilters({ conv1Root, conv2Root }) {
  let conv1 = [];
  let conv2 = [];
  let frames = 0;

  function layout1(count) {
    conv1 = Array.from({ length: count }, (_, i) => imageCanvas("kernel", t("digits.views.filters.conv1", { filter: i + 1 })));
    conv1Root.replaceChildren(...conv1);
    const perRow = count <= CONV1_ROW ? count : Math.ceil(count / 2);
    conv1Root.style.setProperty("--size", `${Math.min(34, Math.floor(CONV1_WIDTH / perRow) - 4)}px`);
  }

  /** conv2's grid keeps to a fixed box: a bigger network gets smaller cells, not a taller page. */
  function layout2(outputs, inputs) {
    const cell = Math.max(3, Math.min(15, Math.floor(Math.min(CONV2_BOX[0] / outputs, CONV2_BOX[1] / inputs)) - 2));
    conv2Root.style.setProperty("--columns", String(outputs));
    conv2Root.style.setProperty("--cell", `${cell}px`);
    conv2 = Array.from({ length: inputs }, (_, c) =>
      Array.from({ length: outputs }, (_, f) => imageCanvas("kernel", t("digits.views.filters.conv2", { filter: f + 1, channel: c + 1 }))),
    );
    conv2Root.replaceChildren(...conv2.flat());
    conv2Root.dataset.shape = `${outputs}×${inputs}`;
  }

  return {
    /** filters: the frame's `digits.filters` = {conv1: ImageStack [F1,k,k], conv2: ImageStack [F2,F1,k,k]}. */
    set(filters) {
      if (!filters?.conv1) return;
      const first = decodeStack(filters.conv1);
      const [k] = first.inner;
      if (first.count !== conv1.length) layout1(first.count);
      conv1.forEach((canvas, i) => {
        paintBytes(canvas, first.image(i), k, k, SIGNED_TABLE);
        canvas.title = t("digits.views.filters.conv1_title", { filter: i + 1, scale: formatNumber(first.scale(i), 3) });
      });
      if (filters.conv2) {
        const second = decodeStack(filters.conv2);
        const [inputs, k2] = second.inner;
        if (!conv2.length || conv2.length !== inputs || conv2[0].length !== second.count) layout2(second.count, inputs);
        for (let f = 0; f < second.count; f++) {
          const kernels = second.image(f);
          for (let c = 0; c < inputs; c++)
            paintBytes(conv2[c][f], kernels.subarray(c * k2 * k2, (c + 1) * k2 * k2), k2, k2, SIGNED_TABLE);
        }
      }
      conv1Root.dataset.frames = String(++frames);
    },
    clear() {
      conv1Root.replaceChildren();
      conv2Root.replaceChildren();
      conv1 = [];
      conv2 = [];
      frames = 0;
      conv1Root.dataset.frames = "0";
    },
  };
}

/** A label cell for a row of maps: the layer's name and its shape. */
export function layerLabel(name, detail) {
  return element("div", { class: "layer-label" }, element("strong", { text: name }), element("span", { text: detail }));
}
