// What the CNN computes for one test digit (the probe): the image, then every channel after conv1 (+ReLU), the
// first 2×2 max-pool, conv2 (+ReLU) and the second pool. Activations are never negative; each map is drawn
// against its own maximum, so a map that stays white is a filter that found nothing on this digit.

import { t } from "../../i18n.js";
import { element, formatNumber } from "../../util.js";
import { ACTIVATION_TABLE, decodeStack, imageCanvas, INK_TABLE, paintBytes } from "../images.js";
import { layerLabel } from "./filters.js";

/** Each layer's key in the frame and what it computes (a key of digits.views.featuremaps). */
const LAYERS = [
  ["conv1", "conv"],
  ["pool1", "pool"],
  ["conv2", "conv"],
  ["pool2", "pool"],
];
const say = (key, params) => t(`digits.views.featuremaps.${key}`, params);
const nameOf = (layer) => say(`names.${layer}`);

export function createFeatureMaps(root) {
  const input = imageCanvas("map input-map", say("probe"));
  const inputLabel = layerLabel(nameOf("input"), "28²");
  const rows = new Map(); // layer → {label, maps: [canvas]}
  root.append(element("div", { class: "map-row" }, inputLabel, element("div", { class: "maps maps-input" }, input)));
  for (const [name, computes] of LAYERS) {
    const what = say(computes);
    const label = layerLabel(nameOf(name), what);
    const maps = element("div", { class: `maps maps-${name}` });
    root.append(element("div", { class: "map-row" }, label, maps));
    rows.set(name, { label, maps, what, canvases: [] });
  }
  let frames = 0;

  return {
    /** The probe digit's pixels (bytes), drawn as ink. */
    setInput(pixels) {
      paintBytes(input, pixels, 28, 28, INK_TABLE);
    },
    /** featureMaps: the frame's `digits.feature_maps` = {conv1: [F1,28,28], pool1, conv2, pool2} (unsigned). */
    set(featureMaps) {
      if (!featureMaps?.conv1) return;
      for (const [name] of LAYERS) {
        const stack = featureMaps[name];
        if (!stack) continue;
        const images = decodeStack(stack);
        const [height, width] = images.inner;
        const row = rows.get(name);
        if (row.canvases.length !== images.count) {
          row.canvases = Array.from({ length: images.count }, (_, i) => imageCanvas("map", say("map", { layer: nameOf(name), channel: i + 1 })));
          row.maps.replaceChildren(...row.canvases);
          row.maps.style.setProperty("--count", String(images.count));
          row.label.lastChild.textContent = `${images.count} × ${height}²`;
          row.label.title = say("row_title", { what: row.what, count: images.count, height, width });
        }
        row.canvases.forEach((canvas, i) => {
          paintBytes(canvas, images.image(i), width, height, ACTIVATION_TABLE);
          canvas.title = say("map_title", { layer: nameOf(name), channel: i + 1, max: formatNumber(images.scale(i), 3) });
        });
      }
      root.dataset.frames = String(++frames);
    },
    clear() {
      for (const row of rows.values()) {
        row.canvases = [];
        row.maps.replaceChildren();
      }
      frames = 0;
      root.dataset.frames = "0";
    },
  };
}
