// The composition root: builds the views, connects them to the URL state and the run, and nothing else.

import * as api from "./api.js";
import { carryTokenInLinks } from "./credentials.js";
import { downloadCanvas, downloadRunJson, downloadText } from "./exporting.js";
import { BY_ID } from "./course/lessons.js";
import { planeFacts } from "./course/runfacts.js";
import { t, useLanguage } from "./i18n.js";
import { applyLesson, LESSONS } from "./lessons.js";
import { CLASS_COLORS } from "./palette.js";
import { RunController } from "./run.js";
import {
  batchSizeOf,
  blockerOf,
  classesOf,
  layerSizesOf,
  parameterCountOf,
  runConfigOf,
  trainSizeOf,
} from "./runconfig.js";
import { changedKeys, createUrlState, effectsOf, sameRun } from "./state.js";
import { decodeBase64 } from "./util.js";
import { bindInputs, createControls } from "./views/controls.js";
import { createCourse } from "./views/course.js";
import { createHeatmap } from "./views/heatmap.js";
import { createLanguageSwitch, translateStatic } from "./views/langswitch.js";
import { createLessonBar } from "./views/lessonbar.js";
import { createTrainingCurves } from "./views/curves.js";
import { createMathPanel } from "./views/mathpanel.js";
import { createNeurons } from "./views/neurons.js";
import { createPointTools, nearestPoint, parseCsv, roundPoint, toCsv } from "./views/points.js";
import { createProbBars } from "./views/probbars.js";
import { createStatus } from "./views/status.js";
import { createTransport } from "./views/transport.js";

const RESTART_DEBOUNCE_MS = 250;
const $ = (id) => document.getElementById(id);

async function start() {
  await useLanguage();
  translateStatic();
  carryTokenInLinks();
  const status = createStatus($("status"));
  let catalog;
  try {
    catalog = await api.datasets();
  } catch (error) {
    status.setState("failed");
    status.setMessage(error.message);
    return;
  }
  const datasetOptions = catalog.datasets.filter((d) => Math.max(...d.classes) <= 5).map((d) => [d.name, d.title]);

  let serverPoints = null; // the current run's {train, test, classes, extent}
  let runState = null; // the settings the current run was started with
  let hoverAt = null;
  let latestStep = 0;
  let restartTimer = 0;

  const url = createUrlState((state) => apply(shown, state));
  let shown = url.get();

  const change = (patch) => apply(url.get(), url.update(patch));
  const rowsOf = (state) =>
    state.dataset === "custom"
      ? state.points
      : serverPoints
        ? [...serverPoints.train, ...serverPoints.test].map(roundPoint)
        : [];
  const editPoints = (state, rows) =>
    change({ dataset: "custom", classes: state.dataset === "custom" ? state.classes : classesOf(state), points: rows });

  const controls = createControls($("controls"), { datasets: datasetOptions, onChange: change });
  createLanguageSwitch($("langswitch"), { beforeSwitch: () => url.flush() });
  const course = createCourse({
    lab: "plane",
    roots: { panel: $("course"), coach: $("coach"), toggle: $("course-slot") },
    facts: planeFacts,
    apply(settings, { restart }) {
      change(settings);
      if (restart) restartNow();
    },
    fullSpeed: () => change({ speed: "full" }),
    onProgress: () => lessons.refresh(),
  });
  const lessons = createLessonBar($("lessons"), {
    lessons: LESSONS,
    onChoose(lesson) {
      controller.play(); // a lesson starts playing: a pause left over from the last one would read as broken
      course.choose(lesson.id);
      change({ ...applyLesson(url.get(), lesson), speed: lesson.pace }); // a pace where the boundary forms in view
    },
    matches: (state, lesson) => sameRun(state, applyLesson(state, lesson)),
    describe: (lesson) => ({
      title: t(`${BY_ID[lesson.id].key}.title`),
      hint: t(`${BY_ID[lesson.id].key}.hint`),
      progress: course.countOf(lesson.id),
    }),
  });
  const viewOptions = bindInputs(
    [
      { key: "showTest", input: $("show-test") },
      { key: "discretize", input: $("discretize") },
      { key: "logLoss", input: $("log-loss") },
      { key: "logSteps", input: $("log-steps") },
      { key: "smoothing", input: $("smoothing"), readout: $("smoothing-value"), format: (v) => v.toFixed(2) },
    ],
    change,
  );
  const probe = createProbBars($("probe"));
  const plane = createHeatmap($("plane"), {
    onHover(x, y) {
      hoverAt = { x, y };
      probe.show(x, y, plane.probabilitiesAt(x, y));
    },
    onLeave() {
      hoverAt = null;
      probe.clear();
    },
    onAdd(x, y) {
      const state = url.get();
      const classes = state.dataset === "custom" ? state.classes : classesOf(state);
      editPoints(state, [...rowsOf(state), roundPoint([x, y, Math.min(state.addClass, classes - 1)])]);
    },
    onRemove(x, y, radius) {
      const state = url.get();
      const rows = rowsOf(state);
      const index = nearestPoint(rows, x, y, radius);
      if (index >= 0)
        editPoints(
          state,
          rows.filter((_, i) => i !== index),
        );
    },
  });
  const pointTools = createPointTools($("point-tools"), {
    onPick: (label) => change({ addClass: label }),
    onClear: () => editPoints(url.get(), []),
    onExport: () => downloadText("boundary-lab-points.csv", toCsv(rowsOf(url.get()))),
    onImport(text) {
      try {
        const { points, classes } = parseCsv(text);
        change({ dataset: "custom", classes, points });
      } catch (error) {
        status.setMessage(`CSV: ${error.message}`);
      }
    },
  });
  const { lossChart, accuracyChart } = createTrainingCurves({
    loss: $("loss"),
    lossReadout: $("loss-readout"),
    accuracy: $("accuracy"),
    accuracyReadout: $("accuracy-readout"),
  });
  const neurons = createNeurons($("units"), { onHover: (map) => plane.showUnit(map) });
  const math = createMathPanel($("math"));

  const refreshRunState = () => {
    transport.update({ playing: controller.playing, status: controller.status });
    status.setState(controller.status);
  };
  const controller = new RunController({
    onStarting: () => status.setMessage(null),
    onStarted() {
      lossChart.archive();
      accuracyChart.archive();
      refreshRunState();
    },
    onFrame(frame) {
      latestStep = frame.step;
      course.frame(frame);
      if (frame.grid) {
        plane.setGrid({ ...frame.grid, probs: decodeBase64(frame.grid.probs) });
        showNetwork(runState, frame.grid.extent);
      }
      neurons.setUnits(frame.units);
      neurons.setCoefficients(frame.coefficients);
      lossChart.push(frame.step, [frame.train_loss, frame.test_loss]);
      accuracyChart.push(frame.step, [frame.train_accuracy, frame.test_accuracy]);
      math.setFrame(frame);
      status.setFrame(frame);
      if (hoverAt) probe.show(hoverAt.x, hoverAt.y, plane.probabilitiesAt(hoverAt.x, hoverAt.y));
    },
    onEnd(event) {
      course.ended(event);
      if (event.message && event.status !== "stopped") status.setMessage(event.message);
      else if (event.status === "done")
        status.setMessage(`finished: ${event.step.toLocaleString("en-US")} steps (the “stop after” setting)`, "info");
    },
    onProblem(text) {
      status.setMessage(text);
      if (!controller.runId) plane.clearGrid(); // no run: do not leave the last run's regions up as if current
    },
    onWaiting(text) {
      status.setMessage(text, "info");
      if (text) plane.clearGrid();
    },
    onNotice: (text) => status.setMessage(text, "info"),
    onChange: refreshRunState,
  });
  const transport = createTransport(
    { play: $("play"), step: $("step"), reset: $("reset") },
    {
      onPlayPause: () => (controller.playing ? controller.pause() : controller.play()),
      onStep: () => controller.step(),
      onReset: () => restartNow(),
    },
  );
  controller.setSpeed(shown.speed);
  api.health().then(
    (health) => controller.endWhenPausedFor(health.idle_ttl_s),
    () => {}, // an older server without the field: paused runs then wait for the server's own sweep
  );

  let pointsSerial = 0;
  /** The data and its split come from the server without a run, so they are drawn even while no slot is free. */
  function loadPoints(state) {
    const serial = ++pointsSerial;
    if (state.dataset === "custom" && blockerOf(state)) return;
    api.datasetPoints(runConfigOf(state).dataset).then(
      (points) => {
        if (serial !== pointsSerial) return;
        serverPoints = points;
        plane.setPoints(points);
        neurons.setFeatureMaps(points.feature_maps);
      },
      (error) => serial === pointsSerial && status.setMessage(error.message),
    );
  }

  function showNetwork(state, extent) {
    neurons.setNetwork({
      features: state.features,
      hidden: state.model === "mlp" ? state.hidden : [],
      activation: state.activation,
      extent: extent ?? serverPoints?.extent ?? [-6, 6, -6, 6],
      scores: state.model === "logistic" ? 1 : classesOf(state),
    });
  }

  function restartNow() {
    clearTimeout(restartTimer);
    const state = url.get();
    const blocker = blockerOf(state);
    runState = state;
    serverPoints = null;
    plane.setPoints(state.dataset === "custom" ? { train: state.points, test: [] } : null);
    loadPoints(state);
    if (blocker) {
      plane.clearGrid();
      lossChart.archive();
      accuracyChart.archive();
    }
    const sizes = layerSizesOf(state);
    math.setModel({
      kind: state.model,
      features: state.features,
      sizes,
      parameterCount: parameterCountOf(sizes),
      activation: state.activation,
      nTrain: trainSizeOf(state),
      regularization: state.regularization,
      regRate: state.regRate,
    });
    showNetwork(state);
    probe.setClasses(classesOf(state));
    if (!blocker) course.runStarted(state);
    controller.restart(blocker ? null : runConfigOf(state), {
      epochSteps: Math.ceil(trainSizeOf(state) / batchSizeOf(state)),
    });
    if (blocker) status.setMessage(blocker, "info");
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

  /** Show `after` everywhere, then do what the changed settings require (restart, PATCH, pace, or nothing). */
  function apply(before, after) {
    shown = after;
    controls.update(after);
    lessons.update(after);
    course.settingsChanged(after);
    viewOptions.update(after);
    pointTools.update(after.dataset === "custom" ? after.classes : classesOf(after), after.addClass);
    showCustomSplit(after.dataset === "custom");
    plane.setOptions({ showTest: after.showTest || after.dataset === "custom", discretize: after.discretize });
    lossChart.setOptions({ log: after.logLoss, logSteps: after.logSteps, smoothing: after.smoothing });
    accuracyChart.setOptions({ logSteps: after.logSteps, smoothing: after.smoothing });
    const keys = changedKeys(before, after);
    const effects = effectsOf(keys);
    if (keys.includes("points") && after.dataset === "custom") plane.setPoints({ train: after.points, test: [] });
    if (effects.has("run")) {
      clearTimeout(restartTimer);
      restartTimer = setTimeout(restartNow, RESTART_DEBOUNCE_MS);
    } else if (effects.has("live")) {
      controller.setLearningRate(after.learningRate);
    }
    if (effects.has("pace")) controller.setSpeed(after.speed);
  }

  $("export-json").addEventListener("click", () => {
    if (!controller.runId) return;
    downloadRunJson({
      runId: controller.runId,
      settings: url.get(),
      lossRows: lossChart.rows(),
      accuracyRows: accuracyChart.rows(),
    }).catch((error) => status.setMessage(error.message));
  });
  $("export-png").addEventListener("click", () => downloadCanvas("boundary-lab-plane.png", plane.toBlob()));
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload(); // back from the page cache: its run was deleted on pagehide
  });
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || event.target.closest("input, select, button, textarea")) return;
    event.preventDefault();
    $("play").click();
  });

  const shownLesson = LESSONS.find((lesson) => sameRun(shown, applyLesson(shown, lesson)));
  if (shownLesson) course.follow(shownLesson.id);
  apply(shown, shown);
  restartNow();

  /** A read-only hook for tests and the curious: counts and ids, never a way to change anything. */
  window.__lab = Object.freeze({
    get runId() {
      return controller.runId;
    },
    get status() {
      return controller.status;
    },
    get step() {
      return latestStep;
    },
    get lossPoints() {
      return lossChart.count();
    },
    get curveStart() {
      return lossChart.firstStep();
    },
    get hasPreviousCurve() {
      return lossChart.hasPrevious();
    },
    get gridFrames() {
      return plane.stats().frames;
    },
    get drawnPoints() {
      return plane.stats().drawnPoints;
    },
    get split() {
      return serverPoints ? { train: serverPoints.train.length, test: serverPoints.test.length } : null;
    },
    get unitMaps() {
      return neurons.count();
    },
    get settings() {
      return structuredClone(url.get());
    },
    classColors: CLASS_COLORS,
  });
}

start();
