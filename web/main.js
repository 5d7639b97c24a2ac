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
import { $, createShell, openPage } from "./shell.js";
import { changedKeys, createUrlState, effectsOf } from "./state.js";
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

/** The plane with its mouse: hover reads the readout, click adds a point, shift-click removes the nearest. */
function createPlane(data, readout, hover) {
  const plane = createHeatmap($("plane"), {
    onHover(x, y) {
      hover.at = { x, y };
      showReadout(readout, x, y, plane.probabilitiesAt(x, y));
    },
    onLeave() {
      hover.at = null;
      readout.idle(t("shell.readout_idle"));
    },
    onAdd(x, y) {
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

async function start() {
  const opened = await openPage("plane", () => api.datasets());
  if (!opened) return;
  const datasets = opened.data.datasets.filter((d) => Math.max(...d.classes) <= 5).map((d) => [d.name, d.title]);
  const url = createUrlState((state) => apply(shown, state));
  let shown = url.get();
  let runState = null; // the settings the current run was started with
  const hover = { at: null };
  const change = (patch) => apply(url.get(), url.update(patch));
  const data = createPointData(url, change);

  const shell = createShell(opened.status, {
    lab: "plane",
    facts: planeFacts,
    url,
    change,
    restart,
    courseChange: (patch) => patch,
    runConfig: (state) => (blockerOf(state) ? null : runConfigOf(state)),
    lessons: LESSONS,
    onFrame,
    onProblem: () => shell.controller.runId || plane.clearGrid(), // no run: the last run's regions are not current
    onWaiting: (text) => text && plane.clearGrid(),
  });
  const controls = createControls($("controls"), { datasets, onChange: change });
  const viewOptions = bindViewOptions(change);
  const readout = createProbBars($("readout"));
  readout.idle(t("shell.readout_idle"));
  const plane = createPlane(data, readout, hover);
  const pointTools = createPoints(data, change, shell.report);
  const neurons = createNeurons($("units"), { onHover: (map) => plane.showUnit(map) });
  const math = createMathPanel($("math"));
  shell.controller.setSpeed(shown.speed);
  const showNetwork = (state, extent) =>
    neurons.setNetwork(networkOf(state, extent ?? data.server?.extent ?? [-6, 6, -6, 6]));

  function onFrame(frame) {
    if (frame.grid) {
      plane.setGrid({ ...frame.grid, probs: decodeBase64(frame.grid.probs) });
      showNetwork(runState, frame.grid.extent);
    }
    neurons.setUnits(frame.units);
    neurons.setCoefficients(frame.coefficients);
    math.setFrame(frame);
    if (hover.at) showReadout(readout, hover.at.x, hover.at.y, plane.probabilitiesAt(hover.at.x, hover.at.y));
  }

  let pointsSerial = 0;
  /** The data and its split come from the server without a run, so they are drawn even while no slot is free. */
  function loadPoints(state) {
    const serial = ++pointsSerial;
    if (state.dataset === "custom" && blockerOf(state)) return;
    api.datasetPoints(runConfigOf(state).dataset).then(
      (points) => {
        if (serial !== pointsSerial) return;
        data.server = points;
        plane.setPoints(points);
        neurons.setFeatureMaps(points.feature_maps);
      },
      (error) => serial === pointsSerial && shell.report(error.message),
    );
  }

  function restart() {
    const state = url.get();
    const blocker = blockerOf(state);
    runState = state;
    data.server = null;
    plane.setPoints(state.dataset === "custom" ? { train: state.points, test: [] } : null);
    loadPoints(state);
    if (blocker) {
      plane.clearGrid();
      shell.lossChart.archive();
      shell.accuracyChart.archive();
    }
    math.setModel(modelOf(state));
    showNetwork(state);
    readout.setClasses(planeClasses(classesOf(state)));
    if (!blocker) shell.course.runStarted(state);
    shell.controller.restart(blocker ? null : runConfigOf(state), {
      epochSteps: Math.ceil(trainSizeOf(state) / batchSizeOf(state)),
    });
    if (blocker) shell.status.setMessage(blocker, "info");
  }

  /** Show `after` everywhere, then do what the changed settings require (restart, PATCH, pace, or nothing). */
  function apply(before, after) {
    shown = after;
    controls.update(after);
    shell.settingsChanged(after);
    viewOptions.update(after);
    pointTools.update(data.classesOf(after), after.addClass);
    showCustomSplit(after.dataset === "custom");
    plane.setOptions({ showTest: after.showTest || after.dataset === "custom", discretize: after.discretize });
    shell.lossChart.setOptions({ log: after.logLoss, logSteps: after.logSteps, smoothing: after.smoothing });
    shell.accuracyChart.setOptions({ logSteps: after.logSteps, smoothing: after.smoothing });
    const keys = changedKeys(before, after);
    const effects = effectsOf(keys);
    if (keys.includes("points") && after.dataset === "custom") plane.setPoints({ train: after.points, test: [] });
    if (effects.has("run")) shell.restartSoon();
    else if (effects.has("live")) shell.controller.setLearningRate(after.learningRate);
    if (effects.has("pace")) shell.controller.setSpeed(after.speed);
  }

  wireExports(shell, url, plane);
  apply(shown, shown);
  shell.restartNow();
  shell.expose({
    get gridFrames() {
      return plane.stats().frames;
    },
    get drawnPoints() {
      return plane.stats().drawnPoints;
    },
    get split() {
      return data.server ? { train: data.server.train.length, test: data.server.test.length } : null;
    },
    get unitMaps() {
      return neurons.count();
    },
    classColors: CLASS_COLORS,
  });
}

start();
