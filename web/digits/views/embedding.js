// The test digits as one layer of the model represents them, on that representation's top two principal axes (PCA,
// computed by the server): each digit drawn as its own label in its own colour, so the clusters read without a
// legend. Watching them separate from the input to the output is "a hidden layer makes new features". Hover names
// a digit and the model's answer; a click probes it.

import { t } from "../../i18n.js";
import { element, fitCanvas, formatPercent } from "../../util.js";

const DIGIT_COLORS = ["#2d60a7", "#e07d3a", "#0cae87", "#c9a400", "#c0173e", "#7b4fa0", "#8c564b", "#d462a6", "#5f6b78", "#1aa0b8"];
const say = (key, params) => t(`interrogate.embedding.${key}`, params);
const PAD = 10;
const HIT = 6; // px: how near the pointer a digit must be to be named

/** Where each point lands on a width×height canvas (the points' box, padded, one scale for both axes). */
function project(points, width, height) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * PAD) / (x1 - x0 || 1), (height - 2 * PAD) / (y1 - y0 || 1));
  const cx = (width - scale * (x1 + x0)) / 2;
  const cy = (height + scale * (y1 + y0)) / 2;
  return points.map(([x, y]) => [cx + scale * x, cy - scale * y]);
}

/** onPick(index) probes a test digit; onLayer(name) when the learner picks a layer. */
export function createEmbedding(root, { onPick, onLayer }) {
  const select = element("select", { class: "embedding-layer", "aria-label": say("layer") });
  const canvas = element("canvas", { class: "embedding-map", "aria-label": say("map") });
  const readout = element("p", { class: "embedding-readout muted", text: say("hint") });
  root.append(element("label", { class: "robustness-slider" }, element("span", { text: say("layer") }), select), canvas, readout);
  let answer = null;
  let placed = [];
  let answers = 0;
  select.addEventListener("change", () => onLayer(select.value));

  function draw() {
    const { ctx, width, height } = fitCanvas(canvas);
    ctx.clearRect(0, 0, width, height);
    if (!answer) return;
    placed = project(answer.points, width, height);
    ctx.font = "bold 9px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    placed.forEach(([x, y], i) => {
      ctx.fillStyle = DIGIT_COLORS[answer.labels[i]];
      ctx.fillText(String(answer.labels[i]), x, y);
    });
  }

  function nearest(event) {
    const box = canvas.getBoundingClientRect();
    const [px, py] = [event.clientX - box.left, event.clientY - box.top];
    let [best, bestD] = [-1, HIT * HIT];
    placed.forEach(([x, y], i) => {
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD) [best, bestD] = [i, d];
    });
    return best;
  }
  canvas.addEventListener("pointermove", (event) => {
    const i = nearest(event);
    canvas.style.cursor = i < 0 ? "" : "pointer";
    readout.textContent = i < 0 ? say("hint") : say("digit", { index: i, label: answer.labels[i], predicted: answer.predicted[i] });
  });
  canvas.addEventListener("click", (event) => {
    const i = nearest(event);
    if (i >= 0) onPick(i); // the map's points are the first test digits, in order: point i is test digit i
  });

  return {
    layer: () => select.value || "input",
    /** answer: GET /embedding's. */
    set(next) {
      answer = next;
      if (select.options.length !== next.layers.length) {
        select.replaceChildren(...next.layers.map((name) => element("option", { value: name, text: say(`layers.${name.replace(/\d+$/, "")}`, { n: name.match(/\d+$/)?.[0] ?? "" }) })));
      }
      select.value = next.layer;
      canvas.title = say("variance", { share: formatPercent(next.explained_variance.reduce((a, b) => a + b, 0)) });
      draw();
      root.dataset.answers = String(++answers);
      root.dataset.layer = next.layer;
    },
    redraw: draw,
  };
}
