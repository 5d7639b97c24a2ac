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
const OUTPUTS = ["map", "relu", "pool"];

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
  return { canvas, node: element("figure", { class: "conv-figure" }, frame, caption), stats: caption.lastChild };
}

/** Cell i of a k×k kernel as the 1-based {row, col} its labels name. */
const cellPosition = (i, k) => ({ row: Math.floor(i / k) + 1, col: (i % k) + 1 });

/** A cell's background: rose for negative, blue for positive, stronger with the size of the value. */
function tint(cell, value) {
  const [rgb, strength] = value < 0 ? ["207, 79, 98", -value] : ["47, 111, 179", value];
  cell.style.background = value ? `rgba(${rgb}, ${Math.min(0.45, 0.08 + strength / 12).toFixed(3)})` : "";
}

/** The 3×3 / 5×5 buttons; a click asks for the kernel at that size. */
function createSizeChoice(onSize) {
  const bar = element("div", {
    class: "segmented size-bar",
    role: "radiogroup",
    "aria-label": t("digits.settings.kernel_size"),
  });
  const buttons = SIZES.map((n) => {
    const button = element("button", { type: "button", role: "radio", "data-size": String(n), text: `${n}×${n}` });
    button.addEventListener("click", () => onSize(n));
    return button;
  });
  bar.append(...buttons);
  return { bar, buttons };
}

function presetButton(name, rows, onKernel) {
  const button = element("button", {
    type: "button",
    class: "chip",
    "data-preset": name,
    text: t(`digits.conv.presets.${name}`),
  });
  button.addEventListener("click", () => onKernel(rows.flat()));
  return button;
}

/** Press the preset equal to the kernel (if any) and the size button of its size. */
function markChoices(presetBar, presets, sizeButtons, kernel) {
  const k = Math.sqrt(kernel.length);
  for (const button of presetBar.children) {
    const rows = presets[button.dataset.preset];
    const same = rows.flat().length === kernel.length && rows.flat().every((v, i) => v === kernel[i]);
    button.setAttribute("aria-pressed", String(same));
  }
  sizeButtons.forEach((b) => b.setAttribute("aria-checked", String(Number(b.dataset.size) === k)));
}

/** One number of a k×k kernel: focus selects it, a typed finite value is handed on. */
function kernelCell(i, k, { onFocus, onValue }) {
  const cell = element("input", {
    type: "number",
    class: "kernel-cell",
    step: "0.1",
    min: String(KERNEL_VALUE.low),
    max: String(KERNEL_VALUE.high),
    "aria-label": t("digits.conv.cell", cellPosition(i, k)),
  });
  cell.addEventListener("focus", () => onFocus(i));
  cell.addEventListener("input", () => {
    const value = Number(cell.value);
    if (cell.value === "" || !Number.isFinite(value)) return;
    onValue(i, value);
  });
  return cell;
}

function kernelSlider() {
  return element("input", {
    type: "range",
    id: "kernel-slider",
    min: String(-SLIDER_RANGE),
    max: String(SLIDER_RANGE),
    step: "0.05",
    "aria-label": t("digits.conv.slider"),
  });
}

function kernelFigure(grid, sliderLabel, slider) {
  return element(
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
}

/**
 * The kernel editor: presets and sizes (`tools`), and a k×k grid of numbers with a slider for the selected cell
 * (`figure`). `show(values)` displays a kernel; every edit goes to onKernel(values) and comes back through show.
 */
function createKernelEditor(onKernel) {
  const editor = { kernel: [], presets: {}, active: 4, cells: [] };
  const presetBar = element("div", {
    class: "preset-bar",
    role: "group",
    "aria-label": t("digits.conv.presets_label"),
  });
  const sizes = createSizeChoice((n) => onKernel(resizeKernel(editor.kernel, n)));
  const grid = element("div", { class: "kernel-grid" });
  const slider = kernelSlider();
  const sliderLabel = element("span", { class: "slider-label" });
  const mark = () => markChoices(presetBar, editor.presets, sizes.buttons, editor.kernel);
  const emitCell = (i, value) => {
    const next = [...editor.kernel];
    next[i] = Math.min(KERNEL_VALUE.high, Math.max(KERNEL_VALUE.low, value));
    onKernel(next);
  };
  const selectCell = (i) => {
    editor.active = i;
    editor.cells.forEach((cell, j) => cell.classList.toggle("active", j === i));
    sliderLabel.textContent = t("digits.conv.cell_short", cellPosition(i, Math.sqrt(editor.kernel.length)));
    slider.value = String(editor.kernel[i]);
  };
  const layoutGrid = (k) => {
    grid.style.setProperty("--k", String(k));
    const handlers = { onFocus: selectCell, onValue: emitCell };
    editor.cells = Array.from({ length: k * k }, (_, i) => kernelCell(i, k, handlers));
    grid.replaceChildren(...editor.cells);
  };
  slider.addEventListener("input", () => emitCell(editor.active, roundSignificant(Number(slider.value), 3)));

  editor.tools = element(
    "div",
    { class: "conv-tools" },
    element("span", { class: "tool-label", text: t("digits.conv.kernel_tool") }),
    presetBar,
    sizes.bar,
  );
  editor.figure = kernelFigure(grid, sliderLabel, slider);
  editor.setPresets = (presets) => {
    editor.presets = presets;
    presetBar.replaceChildren(...Object.entries(presets).map(([name, rows]) => presetButton(name, rows, onKernel)));
    mark();
  };
  editor.show = (values) => {
    const k = Math.sqrt(values.length);
    if (values.length !== editor.kernel.length) {
      layoutGrid(k);
      editor.active = Math.floor((k * k) / 2);
    }
    editor.kernel = [...values];
    editor.cells.forEach((cell, i) => {
      const value = editor.kernel[i];
      if (document.activeElement !== cell || Number(cell.value) !== value) cell.value = String(value);
      tint(cell, value);
    });
    selectCell(editor.active);
    mark();
  };
  return editor;
}

function convCanvas(id, alt) {
  const canvas = imageCanvas("conv-canvas", alt);
  canvas.id = id;
  return canvas;
}

/** The input (with the frame of a hovered pixel's receptive field) and the three outputs, each a figure. */
function createFigures() {
  const field = element("div", { class: "receptive-field", hidden: "" });
  return {
    field,
    input: figure(convCanvas("conv-input", t("digits.conv.input_alt")), t("digits.conv.input"), [field]),
    map: figure(convCanvas("conv-output", t("digits.conv.map_alt")), t("digits.conv.map")),
    relu: figure(convCanvas("conv-relu", t("digits.conv.relu_alt")), "ReLU"),
    pool: figure(convCanvas("conv-pool", t("digits.conv.pool_alt")), t("digits.conv.pool")),
  };
}

/** input ⊛ kernel = map → ReLU → pool, left to right. */
function pipeline(figures, kernelBox) {
  const op = (text) => element("span", { class: "conv-op", text });
  return element(
    "div",
    { class: "conv-pipeline" },
    figures.input.node,
    op("⊛"),
    kernelBox,
    op("="),
    figures.map.node,
    op("→"),
    figures.relu.node,
    op("→"),
    figures.pool.node,
  );
}

/** One /api/convolve answer in its figure: the signed image, its numbers for tests, its size and range. */
function showOutput({ canvas, stats }, answer) {
  const flat = answer.output.flat();
  paintBytes(canvas, signedBytes(flat).bytes, answer.size, answer.size, SIGNED_TABLE);
  canvas.dataset.size = String(answer.size);
  canvas.dataset.minimum = String(answer.minimum);
  canvas.dataset.maximum = String(answer.maximum);
  canvas.dataset.sum = String(flat.reduce((a, b) => a + b, 0));
  const range = `${formatNumber(answer.minimum, 2)} … ${formatNumber(answer.maximum, 2)}`;
  stats.textContent = `${answer.size}×${answer.size} · ${range}`;
}

/**
 * Where the input pixels behind output pixel (row, col) of a map `size` wide (28, or 14 after pooling) lie, for
 * a k×k kernel: a box in percent of the input.
 */
function receptiveField(k, row, col, size) {
  const p = Math.floor((k - 1) / 2);
  const stride = 28 / size;
  const extent = k + stride - 1;
  const percent = (pixels) => `${(100 * pixels) / 28}%`;
  return {
    top: percent(row * stride - p),
    left: percent(col * stride - p),
    width: percent(extent),
    height: percent(extent),
  };
}

/** The output pixel under the mouse on a canvas that shows a map `size` wide. */
function pixelAt(event, canvas, size) {
  const rect = canvas.getBoundingClientRect();
  return {
    row: Math.min(size - 1, Math.floor(((event.clientY - rect.top) / rect.height) * size)),
    col: Math.min(size - 1, Math.floor(((event.clientX - rect.left) / rect.width) * size)),
  };
}

/** The line under the pipeline: the formula for a k×k kernel, or the hovered output pixel's value. */
function readoutText(k, hovered, result) {
  if (!hovered || !result) {
    const p = Math.floor((k - 1) / 2);
    return t("digits.conv.readout_idle", { formula: t("digits.conv.formula", { p }) });
  }
  const { name, row, col } = hovered;
  return t(`digits.conv.readout_${name}`, { row, col, value: formatNumber(result[name].output[row][col], 3) });
}

/** Hovering an output pixel frames its receptive field in the input; `view` holds the result and the hover. */
function followHover(figures, view, showReadout) {
  for (const name of OUTPUTS) {
    const { canvas } = figures[name];
    canvas.addEventListener("mousemove", (event) => {
      if (!view.result) return;
      const { size } = view.result[name];
      const { row, col } = pixelAt(event, canvas, size);
      view.hovered = { name, row, col };
      Object.assign(figures.field.style, receptiveField(view.k(), row, col, size));
      figures.field.hidden = false;
      showReadout();
    });
    canvas.addEventListener("mouseleave", () => {
      view.hovered = null;
      figures.field.hidden = true;
      showReadout();
    });
  }
}

/** handlers: onKernel(values) for an edited or chosen kernel (row-major, k² numbers). */
export function createConvLesson(root, handlers) {
  const editor = createKernelEditor(handlers.onKernel);
  const figures = createFigures();
  const readout = element("div", { class: "conv-readout", "aria-live": "polite" });
  root.append(editor.tools, pipeline(figures, editor.figure), readout);
  // result: {map, relu, pool} as returned by /api/convolve; hovered: {name, row, col} of an output pixel
  const view = { result: null, hovered: null, k: () => Math.sqrt(editor.kernel.length) };
  const showReadout = () => {
    readout.textContent = readoutText(view.k(), view.hovered, view.result);
  };
  followHover(figures, view, showReadout);

  return {
    setPresets: editor.setPresets,
    /** Show the kernel (k² numbers) in the editor. */
    setKernel(values) {
      editor.show(values);
      root.dataset.kernel = JSON.stringify(editor.kernel);
      showReadout();
    },
    /** What the input is: a caption such as "test digit #12 · a 3". */
    setSource(text, source) {
      figures.input.stats.textContent = text;
      root.dataset.source = source;
    },
    /** The three answers of /api/convolve for the current input and kernel. */
    setResult(next) {
      view.result = next;
      paintBytes(figures.input.canvas, unitBytes(next.map.image.flat()), 28, 28, INK_TABLE);
      for (const name of OUTPUTS) showOutput(figures[name], next[name]);
      root.dataset.results = String(Number(root.dataset.results ?? 0) + 1);
      showReadout();
    },
  };
}
