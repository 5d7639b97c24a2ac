// Small helpers shared by the views: frame-coalesced redraws, base64 decoding, number formatting, downloads.

/** Wrap `draw` so that any number of calls within one animation frame draw once. */
export function coalesced(draw) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  };
}

/** Decode the server's base64 uint8 arrays (decision grids, unit maps). */
export function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Round half to even, like Python's round(): the server sizes the training split with it. */
export function roundHalfEven(x) {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function round(x, digits) {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}

/** Two significant digits for slider values such as learning rates: 0.0312 → 0.031. */
export function roundSignificant(x, digits = 2) {
  if (x === 0) return 0;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  return round(x, Math.max(0, digits - 1 - magnitude));
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatInt(n) {
  return integer.format(n);
}

/** Axis labels for steps: 1, 10, 100, 1k, 20k, 1M. */
export function formatSteps(n) {
  if (n >= 1e6) return `${round(n / 1e6, 1)}M`;
  if (n >= 1e3) return `${round(n / 1e3, 1)}k`;
  return String(n);
}

/** 98,123 → "98.1k"; 1,234,567 → "1.23M". */
export function formatCompact(n) {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${(n / 1e3).toPrecision(3)}k`;
  return formatInt(n);
}

/** A loss or coefficient with a sensible number of digits, and a real minus sign. */
export function formatNumber(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  const abs = Math.abs(x);
  const text = abs !== 0 && (abs < 10 ** -digits || abs >= 1e5) ? x.toExponential(2) : x.toFixed(digits);
  return text.replace("-", "−");
}

export function formatPercent(p, digits = 1) {
  return p === null || p === undefined ? "–" : `${(100 * p).toFixed(digits)}%`;
}

/** Save a Blob under `filename` through a temporary link (no navigation, works offline). */
export function download(filename, blob) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

/** A canvas sized to its CSS box at the device pixel ratio; returns the context scaled to CSS pixels. */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth));
  const height = Math.max(1, Math.round(canvas.clientHeight));
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

/** Stroke straight segments [x0, y0, x1, y1] as one path in the context's current stroke style. */
export function strokeLines(ctx, ...segments) {
  ctx.beginPath();
  for (const [x0, y0, x1, y1] of segments) {
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
  }
  ctx.stroke();
}

/** Tick values at a "nice" step (1, 2 or 5 × 10^k) covering [lo, hi]. */
export function niceTicks(lo, hi, target = 6) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(round(t, 10));
  return ticks;
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}
