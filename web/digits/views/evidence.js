// How softmax regression reads one digit: the image multiplied pixel by pixel with each template, W_d ⊙ x. Blue
// is evidence for digit d, red against; the sum of each map is the digit's score before the bias and the softmax,
// so the largest sum (marked) is usually the answer. All ten share one colour scale, so they compare.

import { t } from "../../i18n.js";
import { element, formatNumber } from "../../util.js";
import { decodeStack, imageCanvas, paintBytes, SIGNED_TABLE } from "../images.js";

export function createEvidence(root, { caption }) {
  const tiles = Array.from({ length: 10 }, (_, d) => {
    const canvas = imageCanvas("template evidence", t("digits.views.evidence.tile", { digit: d }));
    const sum = element("figcaption");
    root.append(element("figure", { class: "template-tile evidence-tile" }, canvas, sum));
    return { canvas, sum };
  });

  return {
    /** weights: the frame's ImageStack [10, 28, 28]; image: 784 values in 0..1; what: the image's name. */
    set(weights, image, what) {
      if (!weights || !image || weights.shape[0] !== 10) return;
      const stack = decodeStack(weights);
      const products = Array.from({ length: 10 }, (_, d) => {
        const map = new Float32Array(784);
        for (let j = 0; j < 784; j++) if (image[j]) map[j] = stack.value(d, j) * image[j];
        return map;
      });
      let scale = 0;
      for (const map of products) for (const v of map) scale = Math.max(scale, Math.abs(v));
      const sums = products.map((map) => map.reduce((a, b) => a + b, 0));
      const best = sums.indexOf(Math.max(...sums));
      products.forEach((map, d) => {
        const bytes = new Uint8Array(784);
        for (let j = 0; j < 784; j++) bytes[j] = Math.round(127.5 * (map[j] / (scale || 1) + 1));
        paintBytes(tiles[d].canvas, bytes, 28, 28, SIGNED_TABLE);
        tiles[d].sum.textContent = `${d}: ${formatNumber(sums[d], 1)}`;
        tiles[d].sum.classList.toggle("best", d === best);
      });
      caption.textContent = t("digits.views.evidence.caption", { what });
      root.dataset.best = String(best);
    },
  };
}
