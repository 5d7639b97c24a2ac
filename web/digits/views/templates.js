// The first layer's weights as 28×28 images, one per output: for softmax regression the ten digit templates W_d
// (the score of digit d is Σ W_d·x + b_d, so blue pixels vote for d where there is ink, red ones against); for an
// MLP, what each hidden unit looks for. Each image is drawn against its own largest |weight|.

import { t } from "../../i18n.js";
import { element, formatNumber } from "../../util.js";
import { decodeStack, imageCanvas, paintBytes, SIGNED_TABLE } from "../images.js";

export function createTemplates(root) {
  let tiles = [];
  let frames = 0;

  function layout(count, labelOf) {
    root.replaceChildren();
    root.dataset.count = String(count);
    root.classList.toggle("many", count > 10);
    tiles = Array.from({ length: count }, (_, i) => {
      const canvas = imageCanvas("template", t("digits.views.templates.weights_of", { name: labelOf(i) }));
      const caption = element("figcaption", { text: labelOf(i) });
      root.append(element("figure", { class: "template-tile" }, canvas, caption));
      return { canvas, caption };
    });
  }

  return {
    /** stack: the frame's `digits.weights` ImageStack [n, 28, 28]; labelOf(i) names output i. */
    set(stack, labelOf) {
      if (!stack) return;
      const images = decodeStack(stack);
      const [height, width] = images.inner;
      if (images.count !== tiles.length) layout(images.count, labelOf);
      tiles.forEach(({ canvas }, i) => {
        paintBytes(canvas, images.image(i), width, height, SIGNED_TABLE);
        canvas.title = `${labelOf(i)}: |w| ≤ ${formatNumber(images.scale(i), 3)}`;
      });
      root.dataset.frames = String(++frames);
    },
    clear() {
      root.replaceChildren();
      tiles = [];
      frames = 0;
      root.dataset.frames = "0";
    },
  };
}
