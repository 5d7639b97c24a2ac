// A small live line chart over training steps: several series, an optional log y-axis, exponential smoothing
// (debiased, as TensorBoard does), a hover readout, the previous run's curves kept faintly for comparison, and
// any earlier runs the page lays beside them (overlays, each in its own colour).

import { t } from "../i18n.js";
import { coalesced, fitCanvas, formatCompact, formatNumber, formatSteps, niceTicks, strokeLines } from "../util.js";

const MARGIN = { left: 40, right: 10, top: 8, bottom: 20 };
const MAX_POINTS = 4000;
const LOG_FLOOR = 1e-6;

function emptyRecord(seriesCount) {
  return { steps: [], values: Array.from({ length: seriesCount }, () => []) };
}

/** Debiased exponential moving average; nulls stay null. */
function smooth(values, weight) {
  if (weight <= 0) return values;
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - weight ** count);
  });
}

function decimate(record) {
  record.steps = record.steps.filter((_, i) => i % 2 === 0);
  record.values = record.values.map((column) => column.filter((_, i) => i % 2 === 0));
}

/** The index of the recorded step nearest `step` (binary search), or -1 when nothing is recorded. */
function indexAt(record, step) {
  const { steps } = record;
  if (!steps.length) return -1;
  let lo = 0;
  let hi = steps.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) lo = mid;
    else hi = mid;
  }
  return Math.abs(steps[hi] - step) < Math.abs(steps[lo] - step) ? hi : lo;
}

/** The y-axis range in transformed units: fixed, whole decades on a log axis, or from 0 to just above the top. */
function yBounds(records, xMax, transform, { yRange, log }) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const record of records) {
    record.steps.forEach((step, i) => {
      if (step > xMax) return;
      for (const column of record.values) {
        const v = column[i];
        if (v === null || !Number.isFinite(v)) continue;
        lo = Math.min(lo, transform(v));
        hi = Math.max(hi, transform(v));
      }
    });
  }
  if (yRange) return yRange.map(transform);
  if (!Number.isFinite(lo)) return log ? [-2, 0] : [0, 1];
  if (log) return [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)];
  return [0, hi > 0 ? hi * 1.05 : 1];
}

/** Horizontal grid lines with their labels: decades (1e−2) on a log axis, else nice values. */
function drawYAxis(ctx, box, [lo, hi], { log, yRange, format }) {
  Object.assign(ctx, { font: "10px system-ui, sans-serif", fillStyle: "#7a7f88", strokeStyle: "#eceef1" });
  Object.assign(ctx, { lineWidth: 1, textAlign: "right", textBaseline: "middle" });
  const decades = log && !yRange;
  const yTicks = decades ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : niceTicks(lo, hi, 4);
  const tickDigits = Math.max(0, -Math.floor(Math.log10(Math.abs(yTicks[1] - yTicks[0]) || 1)));
  for (const tick of yTicks) {
    const py = box.y + box.h - ((tick - lo) / (hi - lo || 1)) * box.h;
    strokeLines(ctx, [box.x, Math.round(py) + 0.5, box.x + box.w, Math.round(py) + 0.5]);
    const label = decades ? `1e${tick}` : yRange ? format(tick) : formatNumber(tick, tickDigits);
    ctx.fillText(label, box.x - 5, py);
  }
}

/** Step labels under the plot (powers of ten on a log axis, kept ~34 px apart) and the baseline. */
function drawXAxis(ctx, box, xMax, logSteps, toX) {
  Object.assign(ctx, { textAlign: "center", textBaseline: "top" });
  const decades = Math.floor(Math.log10(xMax)) + 1;
  const every = Math.max(1, Math.ceil((decades * 34) / box.w));
  const xTicks = logSteps
    ? Array.from({ length: decades }, (_, i) => 10 ** i).filter((_, i) => (decades - 1 - i) % every === 0)
    : niceTicks(0, xMax, Math.max(2, Math.floor(box.w / 60)));
  for (const tick of xTicks) ctx.fillText(formatSteps(tick), toX(tick), box.y + box.h + 5);
  ctx.strokeStyle = "#c9ccd1";
  strokeLines(ctx, [box.x, box.y + box.h + 0.5, box.x + box.w, box.y + box.h + 0.5]);
}

/** One series as a polyline, lifted over missing values and steps beyond the axis. */
function trace(ctx, { xMax, toX, toY }, steps, column, { color, alpha, lineWidth }) {
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = lineWidth;
  ctx.beginPath();
  let pen = false;
  steps.forEach((step, i) => {
    const v = column[i];
    if (step > xMax || v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    if (pen) ctx.lineTo(toX(step), toY(v));
    else ctx.moveTo(toX(step), toY(v));
    pen = true;
  });
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Earlier runs laid beside this one ({steps, values, color}): faint, each in its own colour, test dashed. */
function drawOverlays(ctx, scale, { overlays, options }) {
  for (const overlay of overlays) {
    overlay.values.forEach((column, k) => {
      ctx.setLineDash(k ? [3, 3] : []);
      trace(ctx, scale, overlay.steps, smooth(column, options.smoothing), { color: overlay.color, alpha: 0.5, lineWidth: 1.2 });
    });
  }
  ctx.setLineDash([]);
}

/** The previous run dashed and faint, then this run (raw faintly under its smoothed curve when smoothing). */
function drawCurves(ctx, scale, { current, previous, options }, series) {
  if (previous) {
    ctx.setLineDash([4, 3]);
    previous.values.forEach((column, k) => {
      const faint = { color: series[k].color, alpha: 0.3, lineWidth: 1.2 };
      trace(ctx, scale, previous.steps, smooth(column, options.smoothing), faint);
    });
    ctx.setLineDash([]);
  }
  current.values.forEach((column, k) => {
    const { color } = series[k];
    if (options.smoothing > 0) trace(ctx, scale, current.steps, column, { color, alpha: 0.22, lineWidth: 1 });
    trace(ctx, scale, current.steps, smooth(column, options.smoothing), { color, alpha: 1, lineWidth: 1.8 });
  });
}

/** The hovered step: a vertical line and a dot on each series. */
function drawHover(ctx, { box, toX, toY }, { current, hoverStep }, series) {
  if (hoverStep === null) return;
  const i = indexAt(current, hoverStep);
  if (i < 0) return;
  const px = toX(current.steps[i]);
  Object.assign(ctx, { strokeStyle: "rgba(40,44,52,0.35)", lineWidth: 1 });
  strokeLines(ctx, [px, box.y, px, box.y + box.h]);
  current.values.forEach((column, k) => {
    const v = column[i];
    if (v === null || !Number.isFinite(v)) return;
    ctx.fillStyle = series[k].color;
    ctx.beginPath();
    ctx.arc(px, toY(v), 3, 0, 2 * Math.PI);
    ctx.fill();
  });
}

/** The whole chart: axes from the records in view, the curves and the hover clipped to the plot, the readout. */
function draw(canvas, chart, config) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const box = {
    x: MARGIN.left,
    y: MARGIN.top,
    w: width - MARGIN.left - MARGIN.right,
    h: height - MARGIN.top - MARGIN.bottom,
  };
  const { current, previous, options } = chart;
  const xMax = Math.max(current.steps.at(-1) ?? 0, 10);
  const records = [current, ...(previous ? [previous] : []), ...chart.overlays];
  const transform = options.log ? (v) => Math.log10(Math.max(v, LOG_FLOOR)) : (v) => v;
  const [lo, hi] = yBounds(records, xMax, transform, { yRange: config.yRange, log: options.log });
  const xScale = options.logSteps ? (step) => Math.log10(Math.max(step, 1)) : (step) => step;
  const toX = (step) => box.x + (xScale(step) / (xScale(xMax) || 1)) * box.w;
  const toY = (v) => box.y + box.h - ((transform(v) - lo) / (hi - lo || 1)) * box.h;
  const scale = { box, xMax, toX, toY };

  drawYAxis(ctx, box, [lo, hi], { log: options.log, yRange: config.yRange, format: config.format });
  drawXAxis(ctx, box, xMax, options.logSteps, toX);
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y - 2, box.w + 2, box.h + 4);
  ctx.clip();
  drawOverlays(ctx, scale, chart);
  drawCurves(ctx, scale, chart, config.series);
  drawHover(ctx, scale, chart, config.series);
  ctx.restore();
  showReadout(chart, config);
}

/** The step under the mouse, on a linear or a log step axis. */
function stepAt(event, canvas, chart) {
  const rect = canvas.getBoundingClientRect();
  const fraction = (event.clientX - rect.left - MARGIN.left) / (rect.width - MARGIN.left - MARGIN.right);
  const xMax = Math.max(chart.current.steps.at(-1) ?? 0, 10);
  const f = Math.min(1, Math.max(0, fraction));
  return chart.options.logSteps ? 10 ** (f * Math.log10(xMax)) : f * xMax;
}

/** A new value at `step`: the same step again replaces the last values, an earlier one is ignored. */
function record(current, step, values) {
  const last = current.steps.length - 1;
  if (last >= 0 && step <= current.steps[last]) {
    if (step < current.steps[last]) return;
    current.values.forEach((column, k) => {
      column[last] = values[k];
    });
  } else {
    current.steps.push(step);
    current.values.forEach((column, k) => column.push(values[k]));
    if (current.steps.length > MAX_POINTS) decimate(current);
  }
}

/** The hovered (or latest) values in the series' colours, the hovered step, and the key of the faint curves. */
function showReadout({ current, previous, hoverStep }, { series, format, readout }) {
  if (!readout) return;
  const i = hoverStep === null ? current.steps.length - 1 : indexAt(current, hoverStep);
  if (i < 0) {
    readout.textContent = "";
    return;
  }
  const parts = series.map((s, k) => {
    const part = document.createElement("span");
    part.style.color = s.color;
    part.textContent = `${s.label} ${format(current.values[k][i])}`;
    return part;
  });
  const step = hoverStep === null ? [] : [t("chart.step", { step: formatCompact(current.steps[i]) })];
  if (previous) {
    const key = document.createElement("span");
    key.className = "previous-run-key";
    key.textContent = t("chart.previous_run");
    key.title = t("chart.previous_run_title");
    parts.push(key);
  }
  readout.replaceChildren(...[...step, ...parts].flatMap((part, j) => (j ? [" · ", part] : [part])));
}

/**
 * series: [{label, color}]; yRange: fixed [min, max] (e.g. accuracy) or null for automatic;
 * format(v) for values; readout: element that shows the hovered (or latest) values.
 */
export function createLineChart(canvas, { series, yRange = null, format = (v) => formatNumber(v, 3), readout = null }) {
  const config = { series, yRange, format, readout };
  const chart = {
    current: emptyRecord(series.length),
    previous: null,
    overlays: [],
    options: { log: false, logSteps: false, smoothing: 0 },
    hoverStep: null,
  };
  const redraw = coalesced(() => draw(canvas, chart, config));
  new ResizeObserver(redraw).observe(canvas);
  canvas.addEventListener("mousemove", (event) => {
    chart.hoverStep = stepAt(event, canvas, chart);
    redraw();
  });
  canvas.addEventListener("mouseleave", () => {
    chart.hoverStep = null;
    redraw();
  });

  return {
    push(step, values) {
      record(chart.current, step, values);
      redraw();
    },
    /** A new run begins: keep the last one's curves faintly (if it trained at all). */
    archive() {
      if (chart.current.steps.length > 1) chart.previous = chart.current;
      chart.current = emptyRecord(series.length);
      chart.hoverStep = null;
      redraw();
    },
    setOptions(next) {
      chart.options = { ...chart.options, ...next };
      redraw();
    },
    /** Earlier runs to draw faintly beside this one: [{steps, values: one column per series, color}]. */
    setOverlays(overlays) {
      chart.overlays = overlays;
      redraw();
    },
    count: () => chart.current.steps.length,
    firstStep: () => chart.current.steps[0] ?? null,
    hasPrevious: () => chart.previous !== null,
    /** Curves as rows {step, <label>: value} for export. */
    rows: () =>
      chart.current.steps.map((step, i) =>
        Object.fromEntries([["step", step], ...series.map((s, k) => [s.key ?? s.label, chart.current.values[k][i]])]),
      ),
  };
}
