// Class colours and markers, shared by every view that shows a class: the plane, the bars, the math, the tools.
// Blue, orange, bluish green, yellow, crimson: Okabe–Ito's families, re-tuned so every pair stays apart (CIELAB
// ΔE76 ≥ 28) for normal vision and under Machado et al. (2009) protanopia, deuteranopia and tritanopia
// (tests/web/test_palette.py). The softer purple the set had merged with the blue for protanopes (ΔE ≈ 4).
// Markers differ too, so colour is never the only cue.

export const CLASS_COLORS = ["#2d60a7", "#e07d3a", "#0cae87", "#eac103", "#c0173e"];
export const CLASS_GLYPHS = ["○", "✕", "△", "□", "◇"];
export const CLASS_TEX = ["\\circ", "\\times", "\\triangle", "\\square", "\\diamond"];
export const MARKERS = ["circle", "cross", "triangle", "square", "diamond"];

/** Signed activations of hidden units: negative → rose, 0 → white, positive → teal. */
export const DIVERGING = { negative: "#b4476e", zero: "#ffffff", positive: "#1f7f7a" };

export const PLANE_BACKGROUND = "#ffffff";

export function hexToRgb(hex) {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export const CLASS_RGB = CLASS_COLORS.map(hexToRgb);

/** Markers a shade darker than their region, so a point stands out on its own class's colour. */
export const MARKER_COLORS = CLASS_RGB.map((rgb) => `rgb(${rgb.map((c) => Math.round(c * 0.82)).join(",")})`);

/** A lookup table of 256 RGB triples for unit maps encoded as round(127.5·(a/scale + 1)). */
export function divergingTable() {
  const [neg, zero, pos] = [DIVERGING.negative, DIVERGING.zero, DIVERGING.positive].map(hexToRgb);
  const table = new Uint8ClampedArray(256 * 3);
  for (let v = 0; v < 256; v++) {
    const a = v / 127.5 - 1;
    const end = a < 0 ? neg : pos;
    const t = Math.min(1, Math.abs(a));
    for (let c = 0; c < 3; c++) table[v * 3 + c] = zero[c] + (end[c] - zero[c]) * t;
  }
  return table;
}
