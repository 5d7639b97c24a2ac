// A small live line chart over training steps: several series, an optional log y-axis, exponential smoothing
// (debiased, as TensorBoard does), a hover readout, and the previous run's curves kept faintly for comparison.

import { t } from "../i18n.js";
import { coalesced, fitCanvas, formatCompact, formatNumber, formatSteps, niceTicks } from "../util.js";

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

/**
 * series: [{label, color}]; yRange: fixed [min, max] (e.g. accuracy) or null for automatic;
 * format(v) for values; readout: element that shows the hovered (or latest) values.
 */
export function createLineChart(canvas, { series, yRange = null, format = (v) => formatNumber(v, 3), readout = null }) {
  let current = emptyRecord(series.length);
  let previous = null;
  let options = { log: false, logSteps: false, smoothing: 0 };
  let hoverStep = null;

  function decimate(record) {
    record.steps = record.steps.filter((_, i) => i % 2 === 0);
    record.values = record.values.map((column) => column.filter((_, i) => i % 2 === 0));
  }

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

  function updateReadout() {
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

  function draw() {
    const { ctx, width, height } = fitCanvas(canvas);
    ctx.clearRect(0, 0, width, height);
    const box = {
      x: MARGIN.left,
      y: MARGIN.top,
      w: width - MARGIN.left - MARGIN.right,
      h: height - MARGIN.top - MARGIN.bottom,
    };
    const lastStep = current.steps.at(-1) ?? 0;
    const xMax = Math.max(lastStep, 10);
    const records = previous ? [current, previous] : [current];
    const transform = options.log ? (v) => Math.log10(Math.max(v, LOG_FLOOR)) : (v) => v;

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
    if (yRange) [lo, hi] = yRange.map(transform);
    else if (!Number.isFinite(lo)) [lo, hi] = options.log ? [-2, 0] : [0, 1];
    else if (options.log) [lo, hi] = [Math.floor(lo), Math.max(Math.ceil(hi), Math.floor(lo) + 1)];
    else [lo, hi] = [0, hi > 0 ? hi * 1.05 : 1];

    const xScale = options.logSteps ? (step) => Math.log10(Math.max(step, 1)) : (step) => step;
    const toX = (step) => box.x + (xScale(step) / (xScale(xMax) || 1)) * box.w;
    const toY = (v) => box.y + box.h - ((transform(v) - lo) / (hi - lo || 1)) * box.h;

    ctx.font = "10px system-ui, sans-serif";
    ctx.fillStyle = "#7a7f88";
    ctx.strokeStyle = "#eceef1";
    ctx.lineWidth = 1;
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const yTicks =
      options.log && !yRange ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : niceTicks(lo, hi, 4);
    const tickDigits = Math.max(0, -Math.floor(Math.log10(Math.abs(yTicks[1] - yTicks[0]) || 1)));
    for (const t of yTicks) {
      const py = box.y + box.h - ((t - lo) / (hi - lo || 1)) * box.h;
      ctx.beginPath();
      ctx.moveTo(box.x, Math.round(py) + 0.5);
      ctx.lineTo(box.x + box.w, Math.round(py) + 0.5);
      ctx.stroke();
      const label = options.log && !yRange ? `1e${t}` : yRange ? format(t) : formatNumber(t, tickDigits);
      ctx.fillText(label, box.x - 5, py);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const decades = Math.floor(Math.log10(xMax)) + 1;
    const every = Math.max(1, Math.ceil((decades * 34) / box.w)); // keep labels ~34 px apart
    const xTicks = options.logSteps
      ? Array.from({ length: decades }, (_, i) => 10 ** i).filter((_, i) => (decades - 1 - i) % every === 0)
      : niceTicks(0, xMax, Math.max(2, Math.floor(box.w / 60)));
    for (const t of xTicks) ctx.fillText(formatSteps(t), toX(t), box.y + box.h + 5);
    ctx.strokeStyle = "#c9ccd1";
    ctx.beginPath();
    ctx.moveTo(box.x, box.y + box.h + 0.5);
    ctx.lineTo(box.x + box.w, box.y + box.h + 0.5);
    ctx.stroke();

    const trace = (steps, column, color, alpha, lineWidth) => {
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
    };

    ctx.save();
    ctx.beginPath();
    ctx.rect(box.x, box.y - 2, box.w + 2, box.h + 4);
    ctx.clip();
    if (previous) {
      ctx.setLineDash([4, 3]);
      previous.values.forEach((column, k) =>
        trace(previous.steps, smooth(column, options.smoothing), series[k].color, 0.3, 1.2),
      );
      ctx.setLineDash([]);
    }
    current.values.forEach((column, k) => {
      if (options.smoothing > 0) trace(current.steps, column, series[k].color, 0.22, 1);
      trace(current.steps, smooth(column, options.smoothing), series[k].color, 1, 1.8);
    });
    if (hoverStep !== null) {
      const i = indexAt(current, hoverStep);
      if (i >= 0) {
        const px = toX(current.steps[i]);
        ctx.strokeStyle = "rgba(40,44,52,0.35)";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(px, box.y);
        ctx.lineTo(px, box.y + box.h);
        ctx.stroke();
        current.values.forEach((column, k) => {
          const v = column[i];
          if (v === null || !Number.isFinite(v)) return;
          ctx.fillStyle = series[k].color;
          ctx.beginPath();
          ctx.arc(px, toY(v), 3, 0, 2 * Math.PI);
          ctx.fill();
        });
      }
    }
    ctx.restore();
    updateReadout();
  }

  const redraw = coalesced(draw);
  new ResizeObserver(redraw).observe(canvas);

  canvas.addEventListener("mousemove", (event) => {
    const rect = canvas.getBoundingClientRect();
    const fraction = (event.clientX - rect.left - MARGIN.left) / (rect.width - MARGIN.left - MARGIN.right);
    const xMax = Math.max(current.steps.at(-1) ?? 0, 10);
    const f = Math.min(1, Math.max(0, fraction));
    hoverStep = options.logSteps ? 10 ** (f * Math.log10(xMax)) : f * xMax;
    redraw();
  });
  canvas.addEventListener("mouseleave", () => {
    hoverStep = null;
    redraw();
  });

  return {
    push(step, values) {
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
      redraw();
    },
    /** A new run begins: keep the last one's curves faintly (if it trained at all). */
    archive() {
      if (current.steps.length > 1) previous = current;
      current = emptyRecord(series.length);
      hoverStep = null;
      redraw();
    },
    setOptions(next) {
      options = { ...options, ...next };
      redraw();
    },
    count: () => current.steps.length,
    firstStep: () => current.steps[0] ?? null,
    hasPrevious: () => previous !== null,
    /** Curves as rows {step, <label>: value} for export. */
    rows: () =>
      current.steps.map((step, i) =>
        Object.fromEntries([["step", step], ...series.map((s, k) => [s.key ?? s.label, current.values[k][i]])]),
      ),
  };
}
