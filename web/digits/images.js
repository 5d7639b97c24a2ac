// Small images on canvases: the server's ImageStacks decoded, and colour tables that turn one byte into a pixel.
// An ImageStack is {shape, encoding, scales, data}: base64 uint8 in C order, one scale per leading index;
// signed value = (byte/127.5 − 1)·scale, unsigned value = byte/255·scale. The views show each image against its
// own scale, so the byte is the colour: signed 0 → red, 127.5 → white, 255 → blue; unsigned 0 → white.

import { CLASS_COLORS, hexToRgb } from "../palette.js";
import { decodeBase64 } from "../util.js";

// The one byte-image painter, here beside the digits' colour tables that most of its callers use.
export { paintBytes } from "../views/byteimage.js";

/** Weights and kernels: negative red, zero white, positive blue (as in the TensorFlow MNIST tutorial). */
export const SIGNED_COLORS = { negative: CLASS_COLORS[4], zero: "#ffffff", positive: CLASS_COLORS[0] };
/** Digits: ink on paper. */
export const INK_COLOR = "#1f2328";
/** Activations (ReLU outputs, never negative): paper → deep teal. */
export const ACTIVATION_COLOR = "#145c73";

function ramp(stops) {
  const rgb = stops.map(hexToRgb);
  const table = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const t = (v / 255) * (rgb.length - 1);
    const i = Math.min(rgb.length - 2, Math.floor(t));
    const f = t - i;
    for (let c = 0; c < 3; c++) table[v * 3 + c] = rgb[i][c] + (rgb[i + 1][c] - rgb[i][c]) * f;
  }
  return table;
}

export const SIGNED_TABLE = ramp([SIGNED_COLORS.negative, SIGNED_COLORS.zero, SIGNED_COLORS.positive]);
export const INK_TABLE = ramp(["#ffffff", INK_COLOR]);
export const ACTIVATION_TABLE = ramp(["#ffffff", "#7fb8c9", ACTIVATION_COLOR]);

/** A decoded stack: `image(i)` is the i-th leading slice as bytes, `scale(i)` its scale. */
export function decodeStack(stack) {
  const bytes = decodeBase64(stack.data);
  const [count, ...inner] = stack.shape;
  const size = inner.reduce((a, b) => a * b, 1);
  return {
    count,
    inner,
    encoding: stack.encoding,
    bytes,
    scale: (i) => stack.scales[i],
    image: (i) => bytes.subarray(i * size, (i + 1) * size),
    /** The real value of byte `j` of image `i`. */
    value: (i, j) =>
      stack.encoding === "signed"
        ? (bytes[i * size + j] / 127.5 - 1) * stack.scales[i]
        : (bytes[i * size + j] / 255) * stack.scales[i],
  };
}

/** Real values → signed bytes against their largest magnitude (0 stays white). */
export function signedBytes(values) {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, Math.abs(v));
  const bytes = new Uint8Array(values.length);
  values.forEach((v, i) => {
    bytes[i] = Math.round(127.5 * (v / (scale || 1) + 1));
  });
  return { bytes, scale };
}

/** Pixel values in 0..1 → bytes. */
export function unitBytes(values) {
  const bytes = new Uint8Array(values.length);
  values.forEach((v, i) => {
    bytes[i] = Math.round(255 * Math.min(1, Math.max(0, v)));
  });
  return bytes;
}

/** A small canvas for one image, sized by CSS. */
export function imageCanvas(className, label) {
  const canvas = document.createElement("canvas");
  canvas.className = className;
  if (label) {
    canvas.title = label;
    canvas.setAttribute("aria-label", label);
  }
  return canvas;
}
