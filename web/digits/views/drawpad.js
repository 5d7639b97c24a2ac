// Draw a digit: a large pad with a soft round brush over a 28×28 field underneath. Every stroke is turned into an
// MNIST-style image (see preprocess.js), shown small beside the pad as "what the model sees".

import { INK_COLOR, INK_TABLE, paintBytes, unitBytes } from "../images.js";
import { FIELD, mnistStyle } from "../preprocess.js";

const PAD = 280; // the pad's own pixels: 10 per MNIST pixel
const BRUSH = 21; // ≈2 MNIST pixels once a digit is scaled into its 20×20 box, like MNIST's pen
const SOFTNESS = 7;

/** handlers: onDraw(image | null) after every stroke segment (image: 784 values in 0..1), onClear(). */
export function createDrawPad({ pad, preview, clear }, handlers) {
  pad.width = pad.height = PAD;
  const ctx = pad.getContext("2d", { willReadFrequently: true });
  let last = null;
  let image = null;
  let drawing = false;

  function ink() {
    const { data } = ctx.getImageData(0, 0, PAD, PAD);
    const values = new Float32Array(PAD * PAD);
    for (let i = 0; i < values.length; i++) values[i] = data[i * 4 + 3] / 255;
    return values;
  }

  function showPreview(values) {
    paintBytes(preview, values ? unitBytes(values) : new Uint8Array(FIELD * FIELD), FIELD, FIELD, INK_TABLE);
  }

  function at(event) {
    const rect = pad.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * PAD, ((event.clientY - rect.top) / rect.height) * PAD];
  }

  function segment(from, to) {
    ctx.save();
    ctx.strokeStyle = INK_COLOR;
    ctx.fillStyle = INK_COLOR;
    ctx.lineWidth = BRUSH;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.shadowColor = INK_COLOR;
    ctx.shadowBlur = SOFTNESS;
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
    ctx.restore();
  }

  function changed() {
    image = mnistStyle(ink(), PAD, PAD);
    showPreview(image);
    handlers.onDraw(image);
  }

  pad.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    last = at(event);
    segment(last, last);
    changed();
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const point = at(event);
    segment(last, point);
    last = point;
    changed();
  });
  const stop = () => {
    drawing = false;
    last = null;
  };
  pad.addEventListener("pointerup", stop);
  pad.addEventListener("pointercancel", stop);

  function reset() {
    ctx.clearRect(0, 0, PAD, PAD);
    image = null;
    showPreview(null);
  }
  clear.addEventListener("click", () => {
    reset();
    handlers.onClear();
  });
  reset();

  return {
    /** The current MNIST-style image (784 values in 0..1), or null when the pad is empty. */
    image: () => image,
    /** Show a test digit in the preview while the pad is empty (what the bars are about then). */
    showDigit(values) {
      if (!image) showPreview(values);
    },
  };
}
