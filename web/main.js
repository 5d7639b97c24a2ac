// The 2D lab's composition root: builds the plane's views around the shared page shell (web/shell.js) and
// connects them to the URL state and the run, and nothing else.

import * as api from "./api.js";
import { planeFacts } from "./course/runfacts.js";
import { downloadCanvas, downloadRunJson, downloadText } from "./exporting.js";
import { t } from "./i18n.js";
import { LESSONS } from "./lessons.js";
import { CLASS_COLORS, CLASS_GLYPHS } from "./palette.js";
import {
  batchSizeOf,
  blockerOf,
  classesOf,
  layerSizesOf,
  parameterCountOf,
  runConfigOf,
  trainSizeOf,
} from "./runconfig.js";
import { $, createShell, followUrl, openPage } from "./shell.js";
import { changedKeys, createUrlState, effectsOf } from "./state.js";
import { createLossSurface } from "./losssurface.js";
import { createRunsCompared } from "./runscompared.js";
import { createStepInspector } from "./stepinspector.js";
import { decodeBase64, formatNumber } from "./util.js";
import { bindInputs, createControls } from "./views/controls.js";
import { createHeatmap } from "./views/heatmap.js";
import { createMathPanel } from "./views/mathpanel.js";
import { createNeurons } from "./views/neurons.js";
import { createPointTools, nearestPoint, parseCsv, roundPoint, toCsv } from "./views/points.js";
import { createProbBars } from "./views/probbars.js";

/** The readout's bars for `classes` classes: P(○), P(✕), … in the classes' colours. */
const planeClasses = (classes) =>
  CLASS_GLYPHS.slice(0, classes).map((glyph, k) => ({ label: `P(${glyph})`, color: CLASS_COLORS[k] }));

/** What the model says under the cursor, or where the cursor is while no grid has come. */
function showReadout(readout, x, y, probabilities) {
  const where = t("shell.readout_at", { x: formatNumber(x, 2), y: formatNumber(y, 2) });
  if (!probabilities) return readout.idle(where);
  readout.setClasses(planeClasses(probabilities.length));
  readout.show(probabilities, where);
}

/**
 * The data the page draws: the server's points for a generated dataset (`server`, {train, test, classes,
 * extent}, once fetched), or the learner's own rows (`custom`); `edit(rows)` makes them the learner's.
 */
function createPointData(url, change) {
  const data = { server: null };
  data.rows = (state) =>
    state.dataset === "custom"
      ? state.points
      : data.server
        ? [...data.server.train, ...data.server.test].map(roundPoint)
        : [];
  data.edit = (state, rows) =>
    change({ dataset: "custom", classes: state.dataset === "custom" ? state.classes : classesOf(state), points: rows });
  data.classesOf = (state) => (state.dataset === "custom" ? state.classes : classesOf(state));
  data.url = url;
  return data;
}

/**
 * The plane with its mouse: hover reads the readout, click adds a point (unless `claim(x, y, radius)` takes the
 * click: the step inspector picks a point with it), shift-click removes the nearest.
 */
function createPlane(data, readout, hover, claim) {
  const plane = createHeatmap($("plane"), {
    onHover(x, y) {
      hover.at = { x, y };
      showReadout(readout, x, y, plane.probabilitiesAt(x, y));
    },
    onLeave() {
      hover.at = null;
      readout.idle(t("shell.readout_idle"));
    },
    onAdd(x, y, radius) {
      if (claim(x, y, radius)) return;
      const state = data.url.get();
      const label = Math.min(state.addClass, data.classesOf(state) - 1);
      data.edit(state, [...data.rows(state), roundPoint([x, y, label])]);
    },
    onRemove(x, y, radius) {
      const state = data.url.get();
      const rows = data.rows(state);
      const index = nearestPoint(rows, x, y, radius);
      if (index >= 0)
        data.edit(
          state,
          rows.filter((_, i) => i !== index),
        );
    },
  });
  return plane;
}

/** The point tools: the class a click adds, clear, and CSV out and in. */
function createPoints(data, change, report) {
  return createPointTools($("point-tools"), {
    onPick: (label) => change({ addClass: label }),
    onClear: () => data.edit(data.url.get(), []),
    onExport: () => downloadText("boundary-lab-points.csv", toCsv(data.rows(data.url.get()))),
    onImport(text) {
      try {
        const { points, classes } = parseCsv(text);
        change({ dataset: "custom", classes, points });
      } catch (error) {
        report(`CSV: ${error.message}`);
      }
    },
  });
}

/** The view toggles under the plane and over the curves, kept in the URL like every setting. */
function bindViewOptions(change) {
  return bindInputs(
    [
      { key: "showTest", input: $("show-test") },
      { key: "discretize", input: $("discretize") },
      { key: "logLoss", input: $("log-loss") },
      { key: "logSteps", input: $("log-steps") },
      { key: "smoothing", input: $("smoothing"), readout: $("smoothing-value"), format: (v) => v.toFixed(2) },
    ],
    change,
  );
}

/** The network diagram's shape for a state: features, hidden widths, the scores it outputs, over the extent. */
function networkOf(state, extent) {
  return {
    features: state.features,
    hidden: state.model === "mlp" ? state.hidden : [],
    activation: state.activation,
    extent,
    scores: state.model === "logistic" ? 1 : classesOf(state),
  };
}

/** The math panel's model for a state: its kind, layer sizes, parameter count and regularization. */
function modelOf(state) {
  const sizes = layerSizesOf(state);
  return {
    kind: state.model,
    features: state.features,
    sizes,
    parameterCount: parameterCountOf(sizes),
    activation: state.activation,
    nTrain: trainSizeOf(state),
    regularization: state.regularization,
    regRate: state.regRate,
  };
}

/**
 * Custom data: every point is drawn, the held-out ones hollow. A point the learner places lands in either split
 * (by the data seed), and a click that shows nothing would read as a click that did nothing.
 */
function showCustomSplit(custom) {
  $("show-test").disabled = custom;
  if (custom) $("show-test").checked = true;
  $("split-note").hidden = !custom;
}

/** The two downloads: the run as JSON (settings, curves, parameters) and the plane as a PNG. */
function wireExports(shell, url, plane) {
  $("export-json").addEventListener("click", () => {
    const runId = shell.controller.runId;
    if (!runId) return;
    downloadRunJson({
      runId,
      settings: url.get(),
      lossRows: shell.lossChart.rows(),
      accuracyRows: shell.accuracyChart.rows(),
    }).catch((error) => shell.report(error.message));
  });
  $("export-png").addEventListener("click", () => downloadCanvas("boundary-lab-plane.png", plane.toBlob()));
}

/** The network diagram for a state, over the given extent, the data's, or the default plane. */
function showNetwork(page, state, extent) {
  page.views.neurons.setNetwork(networkOf(state, extent ?? page.data.server?.extent ?? [-6, 6, -6, 6]));
}

/** A frame: the regions and the diagram's extent, the units, the math, and the readout under a resting cursor. */
function showFrame(page, frame) {
  const { plane, neurons, math, readout } = page.views;
  if (frame.grid) {
    plane.setGrid({ ...frame.grid, probs: decodeBase64(frame.grid.probs) });
    showNetwork(page, page.runState, frame.grid.extent);
  }
  neurons.setUnits(frame.units);
  neurons.setCoefficients(frame.coefficients);
  math.setFrame(frame);
  page.surface.frame(frame);
  const at = page.hover.at;
  if (at) showReadout(readout, at.x, at.y, plane.probabilitiesAt(at.x, at.y));
}

/** The data and its split come from the server without a run, so they are drawn even while no slot is free. */
function loadPoints(page, state) {
  const serial = ++page.pointsSerial;
  if (state.dataset === "custom" && blockerOf(state)) return;
  api.datasetPoints(runConfigOf(state).dataset).then(
    (points) => {
      if (serial !== page.pointsSerial) return;
      page.data.server = points;
      page.views.plane.setPoints(points);
      page.views.neurons.setFeatureMaps(points.feature_maps);
    },
    (error) => serial === page.pointsSerial && page.shell.report(error.message),
  );
}

/** Start the run the settings ask for, or, when something blocks it, say why and keep the last curves faintly. */
function restartRun(page) {
  const { shell, views } = page;
  const state = page.url.get();
  const blocker = blockerOf(state);
  if (page.runState) page.compare.archive(page.runState);
  page.runState = state;
  page.compare.render();
  page.data.server = null;
  views.plane.setPoints(state.dataset === "custom" ? { train: state.points, test: [] } : null);
  loadPoints(page, state);
  if (blocker) {
    views.plane.clearGrid();
    shell.lossChart.archive();
    shell.accuracyChart.archive();
  }
  views.math.setModel(modelOf(state));
  page.surface.runStarted(state);
  showNetwork(page, state);
  views.readout.setClasses(planeClasses(classesOf(state)));
  if (!blocker) shell.course.runStarted(state);
  shell.controller.restart(blocker ? null : runConfigOf(state), {
    epochSteps: Math.ceil(trainSizeOf(state) / batchSizeOf(state)),
  });
  if (blocker) shell.status.setMessage(blocker, "info");
}

/** Every view shows the settings `after`. */
function showSettings(page, after) {
  const { shell, views } = page;
  views.controls.update(after);
  shell.settingsChanged(after);
  views.viewOptions.update(after);
  views.pointTools.update(page.data.classesOf(after), after.addClass);
  showCustomSplit(after.dataset === "custom");
  views.plane.setOptions({ showTest: after.showTest || after.dataset === "custom", discretize: after.discretize });
  shell.lossChart.setOptions({ log: after.logLoss, logSteps: after.logSteps, smoothing: after.smoothing });
  shell.accuracyChart.setOptions({ logSteps: after.logSteps, smoothing: after.smoothing });
}

/** Show `after` everywhere, then do what the changed settings require (restart, PATCH, pace, or nothing). */
function applySettings(page, before, after) {
  page.shown = after;
  showSettings(page, after);
  const { shell } = page;
  const keys = changedKeys(before, after);
  const effects = effectsOf(keys);
  const custom = after.dataset === "custom";
  if (keys.includes("points") && custom) page.views.plane.setPoints({ train: after.points, test: [] });
  if (effects.has("run")) shell.restartSoon();
  else if (effects.has("live")) shell.controller.setLearningRate(after.learningRate);
  if (effects.has("pace")) shell.controller.setSpeed(after.speed);
}

/** The plane's views: settings, view toggles, the readout, the plane, point tools, the units and the math. */
function createViews(page, datasets, change) {
  const { data, shell } = page;
  const controls = createControls($("controls"), { datasets, onChange: change });
  const viewOptions = bindViewOptions(change);
  const readout = createProbBars($("readout"));
  readout.idle(t("shell.readout_idle"));
  const plane = createPlane(data, readout, page.hover, (x, y, radius) => page.inspector?.claimClick(x, y, radius));
  return {
    controls,
    viewOptions,
    readout,
    plane,
    pointTools: createPoints(data, change, shell.report),
    neurons: createNeurons($("units"), { onHover: (map) => plane.showUnit(map) }),
    math: createMathPanel($("math")),
  };
}

/** What the browser tests read through `window.__lab`, besides the shell's own numbers. */
function labStats({ views, data, inspector, surface, compare }) {
  return {
    get compared() {
      return compare.stats();
    },
    get surface() {
      return surface.stats();
    },
    get inspector() {
      return inspector.stats();
    },
    get gridFrames() {
      return views.plane.stats().frames;
    },
    get drawnPoints() {
      return views.plane.stats().drawnPoints;
    },
    get split() {
      return data.server ? { train: data.server.train.length, test: data.server.test.length } : null;
    },
    get unitMaps() {
      return views.neurons.count();
    },
    classColors: CLASS_COLORS,
  };
}

async function start() {
  const opened = await openPage("plane", () => api.datasets());
  if (!opened) return;
  const datasets = opened.data.datasets.filter((d) => Math.max(...d.classes) <= 5).map((d) => [d.name, d.title]);
  // shown: the settings on screen; runState: those the current run was started with
  const page = { shown: null, runState: null, hover: { at: null }, pointsSerial: 0 };
  followUrl(page, createUrlState, applySettings);
  page.data = createPointData(page.url, page.change);
  page.shell = createShell(opened.status, page, {
    lab: "plane",
    facts: planeFacts,
    restart: () => restartRun(page),
    courseChange: (patch) => patch,
    runConfig: (state) => (blockerOf(state) ? null : runConfigOf(state)),
    lessons: LESSONS,
    onFrame: (frame) => showFrame(page, frame),
    onProblem: () => page.shell.controller.runId || page.views.plane.clearGrid(), // no run: old regions are stale
    onWaiting: (text) => text && page.views.plane.clearGrid(),
    onStatus: (status) => page.inspector?.onStatus(status),
  });
  page.views = createViews(page, datasets, page.change);
  page.inspector = createStepInspector(page);
  page.surface = createLossSurface(page);
  page.compare = createRunsCompared(page);
  page.shell.controller.setSpeed(page.shown.speed);
  wireExports(page.shell, page.url, page.views.plane);
  applySettings(page, page.shown, page.shown);
  page.shell.restartNow();
  page.shell.expose(labStats(page));
}

start();
