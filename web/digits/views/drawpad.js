// Draw a digit: a large pad with a soft round brush over a 28×28 field underneath. Every stroke is turned into an
// MNIST-style image (see preprocess.js), shown small beside the pad as "what the model sees". A picture the learner
// uploads takes the drawing's place (setImage): the same preview, the same handlers.

import { INK_COLOR, INK_TABLE, paintBytes, unitBytes } from "../images.js";
import { FIELD, mnistStyle } from "../preprocess.js";

const PAD = 280; // the pad's own pixels: 10 per MNIST pixel
const BRUSH = 21; // ≈2 MNIST pixels once a digit is scaled into its 20×20 box, like MNIST's pen
const SOFTNESS = 7;

/** The pad's ink, one value in 0..1 per pad pixel (its alpha). */
function ink(ctx) {
  const { data } = ctx.getImageData(0, 0, PAD, PAD);
  const values = new Float32Array(PAD * PAD);
  for (let i = 0; i < values.length; i++) values[i] = data[i * 4 + 3] / 255;
  return values;
}

function showPreview(preview, values) {
  paintBytes(preview, values ? unitBytes(values) : new Uint8Array(FIELD * FIELD), FIELD, FIELD, INK_TABLE);
}

/** The pointer's place in the pad's own pixels. */
function at(pad, event) {
  const rect = pad.getBoundingClientRect();
  return [((event.clientX - rect.left) / rect.width) * PAD, ((event.clientY - rect.top) / rect.height) * PAD];
}

/** One stroke segment with the soft round brush. */
function segment(ctx, from, to) {
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

/** Left-button strokes on the pad: each move draws a segment from the last point, then calls onStroke(). */
function followPointer(pad, ctx, onStroke) {
  let last = null;
  let drawing = false;
  pad.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    last = at(pad, event);
    segment(ctx, last, last);
    onStroke();
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const point = at(pad, event);
    segment(ctx, last, point);
    last = point;
    onStroke();
  });
  const stop = () => {
    drawing = false;
    last = null;
  };
  pad.addEventListener("pointerup", stop);
  pad.addEventListener("pointercancel", stop);
}

/**
 * handlers: onDraw(image | null) after every stroke segment and for a picture (image: 784 values in 0..1),
 * onClear(), onStroke() when a stroke begins (optional).
 */
export function createDrawPad({ pad, preview, clear }, handlers) {
  pad.width = pad.height = PAD;
  const ctx = pad.getContext("2d", { willReadFrequently: true });
  let image = null;
  let source = "drawing";
  followPointer(pad, ctx, () => {
    if (source === "picture") handlers.onStroke?.(); // a stroke replaces the picture (the pad was wiped for it)
    source = "drawing";
    image = mnistStyle(ink(ctx), PAD, PAD);
    showPreview(preview, image);
    handlers.onDraw(image);
  });
  function reset() {
    ctx.clearRect(0, 0, PAD, PAD);
    image = null;
    source = "drawing";
    showPreview(preview, null);
  }
  clear.addEventListener("click", () => {
    reset();
    handlers.onClear();
  });
  reset();

  return {
    /** The current MNIST-style image (784 values in 0..1), or null when the pad is empty. */
    image: () => image,
    /** "drawing" or "picture": where image() came from. */
    source: () => source,
    /** An uploaded picture, already MNIST-like, in the drawing's place (the pad's ink is wiped). */
    setImage(values) {
      ctx.clearRect(0, 0, PAD, PAD);
      source = "picture";
      image = values;
      showPreview(preview, image);
      handlers.onDraw(image);
    },
    /** Show a test digit in the preview while the pad is empty (what the bars are about then). */
    showDigit(values) {
      if (!image) showPreview(preview, values);
    },
  };
}
