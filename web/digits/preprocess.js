// A drawing made MNIST-like, as LeCun, Cortes and Burges prepared the digits: the ink's bounding box is scaled
// (keeping its aspect ratio, anti-aliased) to fit a 20×20 box, then placed in a 28×28 field so that its centre of
// mass sits at the centre. A model trained on MNIST only ever saw digits framed this way.

export const FIELD = 28;
export const BOX = 20;
const INK_THRESHOLD = 0.02;

/** Where the ink is: the smallest box holding every value above the threshold, or null for an empty drawing. */
export function inkBounds(ink, width, height, threshold = INK_THRESHOLD) {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Area-averaging weights from n source cells onto m target cells: target t covers source [t·n/m, (t+1)·n/m), and
 * each source cell counts by how much of it lies inside. Each target's weights sum to 1 (the mean of its area).
 */
export function areaWeights(n, m) {
  const ratio = n / m;
  return Array.from({ length: m }, (_, t) => {
    const start = t * ratio;
    const end = (t + 1) * ratio;
    const taps = [];
    for (let s = Math.floor(start); s < Math.min(n, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 1e-9) taps.push([s, overlap / ratio]);
    }
    return taps;
  });
}

/** The box of `ink` at `bounds`, resampled to targetWidth × targetHeight (rows first, then columns). */
export function resampleBox(ink, width, bounds, targetWidth, targetHeight) {
  const columns = areaWeights(bounds.width, targetWidth);
  const rows = areaWeights(bounds.height, targetHeight);
  const wide = new Float32Array(bounds.height * targetWidth);
  for (let y = 0; y < bounds.height; y++) {
    const row = (bounds.y + y) * width + bounds.x;
    for (let t = 0; t < targetWidth; t++) {
      let sum = 0;
      for (const [s, w] of columns[t]) sum += ink[row + s] * w;
      wide[y * targetWidth + t] = sum;
    }
  }
  const out = new Float32Array(targetHeight * targetWidth);
  for (let t = 0; t < targetHeight; t++) {
    for (let x = 0; x < targetWidth; x++) {
      let sum = 0;
      for (const [s, w] of rows[t]) sum += wide[s * targetWidth + x] * w;
      out[t * targetWidth + x] = sum;
    }
  }
  return out;
}

/** Centre of mass of a width×height image, in pixel units with pixel i's centre at i + 0.5. */
export function centreOfMass(values, width, height) {
  let [total, sx, sy] = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x];
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total > 0 ? { x: sx / total, y: sy / total } : { x: width / 2, y: height / 2 };
}

/**
 * ink: width×height values in 0..1 (row-major, any resolution) → 784 values in 0..1 (row-major 28×28), or null
 * when nothing is drawn. The digit's longer side becomes 20 pixels; the shift that centres its mass is rounded to
 * whole pixels and kept inside the field.
 */
export function mnistStyle(ink, width, height) {
  const bounds = inkBounds(ink, width, height);
  if (!bounds) return null;
  const scale = BOX / Math.max(bounds.width, bounds.height);
  const w = Math.max(1, Math.min(BOX, Math.round(bounds.width * scale)));
  const h = Math.max(1, Math.min(BOX, Math.round(bounds.height * scale)));
  const digit = resampleBox(ink, width, bounds, w, h);
  const mass = centreOfMass(digit, w, h);
  const left = Math.min(FIELD - w, Math.max(0, Math.round(FIELD / 2 - mass.x)));
  const top = Math.min(FIELD - h, Math.max(0, Math.round(FIELD / 2 - mass.y)));
  const field = new Float32Array(FIELD * FIELD);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      field[(top + y) * FIELD + left + x] = Math.min(1, Math.max(0, digit[y * w + x]));
    }
  }
  return field;
}
