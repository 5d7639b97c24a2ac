// The convolution lesson: one digit, one k×k kernel the learner picks from presets or types, and what comes out
// (the feature map, after ReLU, after 2×2 max-pool): the first layer of a CNN, done by hand. Hovering an output
// pixel frames the input pixels it was computed from.
//
//   map[i, j] = Σ_u Σ_v image[i + u − p, j + v − p] · kernel[u, v],   p = ⌊(k − 1)/2⌋, zeros outside the image

import { t } from "../../i18n.js";
import { element, formatNumber, roundSignificant } from "../../util.js";
import { KERNEL_VALUE } from "../state-digits.js";
import { imageCanvas, INK_TABLE, paintBytes, SIGNED_TABLE, signedBytes, unitBytes } from "../images.js";

const SIZES = [3, 5];
const SLIDER_RANGE = 10;

/** A k×k kernel resized to n×n: centred, cropped or padded with zeros. */
export function resizeKernel(values, n) {
  const k = Math.round(Math.sqrt(values.length));
  const shift = Math.floor((n - k) / 2);
  return Array.from({ length: n * n }, (_, i) => {
    const [r, c] = [Math.floor(i / n) - shift, (i % n) - shift];
    return r >= 0 && r < k && c >= 0 && c < k ? values[r * k + c] : 0;
  });
}

function figure(canvas, title, extra = []) {
  const caption = element("figcaption", {}, element("strong", { text: title }), element("span", { class: "stats" }));
  const frame = element("div", { class: "conv-frame" }, canvas, ...extra);
  return { node: element("figure", { class: "conv-figure" }, frame, caption), stats: caption.lastChild };
}

/** handlers: onKernel(values) for an edited or chosen kernel (row-major, k² numbers). */
export function createConvLesson(root, handlers) {
  const presetBar = element("div", {
    class: "preset-bar",
    role: "group",
    "aria-label": t("digits.conv.presets_label"),
  });
  const sizeBar = element("div", {
    class: "segmented size-bar",
    role: "radiogroup",
    "aria-label": t("digits.settings.kernel_size"),
  });
  const sizeButtons = SIZES.map((n) => {
    const button = element("button", { type: "button", role: "radio", "data-size": String(n), text: `${n}×${n}` });
    button.addEventListener("click", () => handlers.onKernel(resizeKernel(kernel, n)));
    return button;
  });
  sizeBar.append(...sizeButtons);

  const grid = element("div", { class: "kernel-grid" });
  const slider = element("input", {
    type: "range",
    id: "kernel-slider",
    min: String(-SLIDER_RANGE),
    max: String(SLIDER_RANGE),
    step: "0.05",
    "aria-label": t("digits.conv.slider"),
  });
  const sliderLabel = element("span", { class: "slider-label" });
  const kernelBox = element(
    "figure",
    { class: "conv-figure kernel-figure" },
    grid,
    element("div", { class: "kernel-slider" }, sliderLabel, slider),
    element(
      "figcaption",
      {},
      element("strong", { text: t("digits.conv.kernel") }),
      element("span", { class: "stats", text: t("digits.conv.kernel_hint") }),
    ),
  );

  const input = imageCanvas("conv-canvas", t("digits.conv.input_alt"));
  input.id = "conv-input";
  const window_ = element("div", { class: "receptive-field", hidden: "" });
  const map = imageCanvas("conv-canvas", t("digits.conv.map_alt"));
  map.id = "conv-output";
  const relu = imageCanvas("conv-canvas", t("digits.conv.relu_alt"));
  relu.id = "conv-relu";
  const pool = imageCanvas("conv-canvas", t("digits.conv.pool_alt"));
  pool.id = "conv-pool";
  const inputFigure = figure(input, t("digits.conv.input"), [window_]);
  const mapFigure = figure(map, t("digits.conv.map"));
  const reluFigure = figure(relu, "ReLU");
  const poolFigure = figure(pool, t("digits.conv.pool"));
  const readout = element("div", { class: "conv-readout", "aria-live": "polite" });
  const op = (text) => element("span", { class: "conv-op", text });

  root.append(
    element(
      "div",
      { class: "conv-tools" },
      element("span", { class: "tool-label", text: t("digits.conv.kernel_tool") }),
      presetBar,
      sizeBar,
    ),
    element(
      "div",
      { class: "conv-pipeline" },
      inputFigure.node,
      op("⊛"),
      kernelBox,
      op("="),
      mapFigure.node,
      op("→"),
      reluFigure.node,
      op("→"),
      poolFigure.node,
    ),
    readout,
  );

  let kernel = [];
  let presets = {};
  let active = 4;
  let cells = [];
  let result = null; // {image, map, relu, pool} as returned by /api/convolve
  let hovered = null;

  function setPresets(next) {
    presets = next;
    presetBar.replaceChildren(
      ...Object.entries(presets).map(([name, rows]) => {
        const button = element("button", {
          type: "button",
          class: "chip",
          "data-preset": name,
          text: t(`digits.conv.presets.${name}`),
        });
        button.addEventListener("click", () => handlers.onKernel(rows.flat()));
        return button;
      }),
    );
    markPreset();
  }

  function markPreset() {
    const k = Math.sqrt(kernel.length);
    for (const button of presetBar.children) {
      const rows = presets[button.dataset.preset];
      const same = rows.flat().length === kernel.length && rows.flat().every((v, i) => v === kernel[i]);
      button.setAttribute("aria-pressed", String(same));
    }
    sizeButtons.forEach((b) => b.setAttribute("aria-checked", String(Number(b.dataset.size) === k)));
  }

  function tint(cell, value) {
    const [rgb, strength] = value < 0 ? ["207, 79, 98", -value] : ["47, 111, 179", value];
    cell.style.background = value ? `rgba(${rgb}, ${Math.min(0.45, 0.08 + strength / 12).toFixed(3)})` : "";
  }

  function layoutGrid(k) {
    grid.style.setProperty("--k", String(k));
    cells = Array.from({ length: k * k }, (_, i) => {
      const cell = element("input", {
        type: "number",
        class: "kernel-cell",
        step: "0.1",
        min: String(KERNEL_VALUE.low),
        max: String(KERNEL_VALUE.high),
        "aria-label": t("digits.conv.cell", { row: Math.floor(i / k) + 1, col: (i % k) + 1 }),
      });
      cell.addEventListener("focus", () => selectCell(i));
      cell.addEventListener("input", () => {
        const value = Number(cell.value);
        if (cell.value === "" || !Number.isFinite(value)) return;
        emitCell(i, value);
      });
      return cell;
    });
    grid.replaceChildren(...cells);
  }

  function emitCell(i, value) {
    const next = [...kernel];
    next[i] = Math.min(KERNEL_VALUE.high, Math.max(KERNEL_VALUE.low, value));
    handlers.onKernel(next);
  }

  function selectCell(i) {
    active = i;
    cells.forEach((cell, j) => cell.classList.toggle("active", j === i));
    const k = Math.sqrt(kernel.length);
    sliderLabel.textContent = t("digits.conv.cell_short", { row: Math.floor(i / k) + 1, col: (i % k) + 1 });
    slider.value = String(kernel[i]);
  }

  slider.addEventListener("input", () => emitCell(active, roundSignificant(Number(slider.value), 3)));

  function paintSigned(canvas, rows, size) {
    const { bytes } = signedBytes(rows.flat());
    paintBytes(canvas, bytes, size, size, SIGNED_TABLE);
  }

  function statsText(answer) {
    return `${answer.size}×${answer.size} · ${formatNumber(answer.minimum, 2)} … ${formatNumber(answer.maximum, 2)}`;
  }

  function describe(canvas, answer) {
    const flat = answer.output.flat();
    canvas.dataset.size = String(answer.size);
    canvas.dataset.minimum = String(answer.minimum);
    canvas.dataset.maximum = String(answer.maximum);
    canvas.dataset.sum = String(flat.reduce((a, b) => a + b, 0));
  }

  /** Frame the input pixels behind output pixel (row, col) of a map `size` wide (28, or 14 after pooling). */
  function showWindow(row, col, size) {
    const k = Math.sqrt(kernel.length);
    const p = Math.floor((k - 1) / 2);
    const stride = 28 / size;
    const top = row * stride - p;
    const left = col * stride - p;
    const extent = k + stride - 1;
    Object.assign(window_.style, {
      top: `${(100 * top) / 28}%`,
      left: `${(100 * left) / 28}%`,
      width: `${(100 * extent) / 28}%`,
      height: `${(100 * extent) / 28}%`,
    });
    window_.hidden = false;
  }

  function hover(name, canvas) {
    canvas.addEventListener("mousemove", (event) => {
      if (!result) return;
      const answer = result[name];
      const rect = canvas.getBoundingClientRect();
      const col = Math.min(answer.size - 1, Math.floor(((event.clientX - rect.left) / rect.width) * answer.size));
      const row = Math.min(answer.size - 1, Math.floor(((event.clientY - rect.top) / rect.height) * answer.size));
      hovered = { name, row, col };
      showWindow(row, col, answer.size);
      showReadout();
    });
    canvas.addEventListener("mouseleave", () => {
      hovered = null;
      window_.hidden = true;
      showReadout();
    });
  }
  hover("map", map);
  hover("relu", relu);
  hover("pool", pool);

  function showReadout() {
    const k = Math.sqrt(kernel.length);
    if (!hovered || !result) {
      const p = Math.floor((k - 1) / 2);
      readout.textContent = t("digits.conv.readout_idle", {
        formula: `map[i, j] = Σ image[i+u−${p}, j+v−${p}] · kernel[u, v]`,
      });
      return;
    }
    const { name, row, col } = hovered;
    const value = result[name].output[row][col];
    readout.textContent = t(`digits.conv.readout_${name}`, { row, col, value: formatNumber(value, 3) });
  }

  return {
    setPresets,
    /** Show the kernel (k² numbers) in the editor. */
    setKernel(values) {
      const k = Math.sqrt(values.length);
      if (values.length !== kernel.length) {
        layoutGrid(k);
        active = Math.floor((k * k) / 2);
      }
      kernel = [...values];
      cells.forEach((cell, i) => {
        if (document.activeElement !== cell || Number(cell.value) !== kernel[i]) cell.value = String(kernel[i]);
        tint(cell, kernel[i]);
      });
      root.dataset.kernel = JSON.stringify(kernel);
      selectCell(active);
      markPreset();
      showReadout();
    },
    /** What the input is: a caption such as "test digit #12 · a 3". */
    setSource(text, source) {
      inputFigure.stats.textContent = text;
      root.dataset.source = source;
    },
    /** The three answers of /api/convolve for the current input and kernel. */
    setResult(next) {
      result = next;
      paintBytes(input, unitBytes(next.map.image.flat()), 28, 28, INK_TABLE);
      paintSigned(map, next.map.output, next.map.size);
      paintSigned(relu, next.relu.output, next.relu.size);
      paintSigned(pool, next.pool.output, next.pool.size);
      describe(map, next.map);
      describe(relu, next.relu);
      describe(pool, next.pool);
      mapFigure.stats.textContent = statsText(next.map);
      reluFigure.stats.textContent = statsText(next.relu);
      poolFigure.stats.textContent = statsText(next.pool);
      root.dataset.results = String(Number(root.dataset.results ?? 0) + 1);
      showReadout();
    },
  };
}
