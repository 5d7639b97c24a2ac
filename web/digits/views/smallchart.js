// A small chart of a few measured points (accuracy against a distortion's strength, coverage and accuracy against
// a threshold): y from 0 to 1 as percentages, each series a line through its dots, and a dashed mark at the
// setting the learner chose.

import { fitCanvas, niceTicks, roundSignificant, strokeLines } from "../../util.js";

const MARGIN = { left: 34, right: 16, top: 6, bottom: 18 };

function axes(ctx, box, x, xRange) {
  ctx.strokeStyle = "#e3e6ea";
  ctx.fillStyle = "#6b7280";
  ctx.font = "10px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const p of [0, 0.5, 1]) {
    const y = box.y(p);
    strokeLines(ctx, [box.left, y, box.right, y]);
    ctx.fillText(`${Math.round(100 * p)}%`, box.left - 4, y);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const tick of niceTicks(xRange[0], xRange[1], 5)) ctx.fillText(String(roundSignificant(tick, 3)), x(tick), box.bottom + 4);
}

/**
 * canvas: sized by CSS; xRange [lo, hi]; series: [{points: [[x, y]], color}] (y in 0..1, null skipped);
 * marker: the chosen x, or null.
 */
export function drawSmallChart(canvas, { xRange, series, marker = null }) {
  const { ctx, width, height } = fitCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const box = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
    y: (p) => MARGIN.top + (1 - p) * (height - MARGIN.top - MARGIN.bottom),
  };
  const span = xRange[1] - xRange[0] || 1;
  const x = (v) => box.left + ((v - xRange[0]) / span) * (box.right - box.left);
  axes(ctx, box, x, xRange);
  for (const { points, color } of series) {
    const shown = points.filter(([, y]) => y !== null && Number.isFinite(y));
    ctx.strokeStyle = ctx.fillStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    shown.forEach(([px, py], i) => (i ? ctx.lineTo(x(px), box.y(py)) : ctx.moveTo(x(px), box.y(py))));
    ctx.stroke();
    for (const [px, py] of shown) {
      ctx.beginPath();
      ctx.arc(x(px), box.y(py), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  if (marker !== null) {
    ctx.strokeStyle = "#1f2328";
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    strokeLines(ctx, [x(marker), MARGIN.top, x(marker), box.bottom]);
    ctx.setLineDash([]);
  }
}
