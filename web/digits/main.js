// The digits lab's composition root: builds the views, connects them to the URL state, the run and the
// convolution lesson, and nothing else.

import { convolve, health, kernelPresets, predictImages, samples } from "../api.js";
import { carryTokenInLinks } from "../credentials.js";
import { BY_ID } from "../course/lessons.js";
import { digitsFacts } from "../course/runfacts.js";
import { t, useLanguage } from "../i18n.js";
import { RunController } from "../run.js";
import { formatInt, formatPercent } from "../util.js";
import { createLessonBar } from "../views/lessonbar.js";
import { createTrainingCurves } from "../views/curves.js";
import { createCourse } from "../views/course.js";
import { createLanguageSwitch, translateStatic } from "../views/langswitch.js";
import { createStatus } from "../views/status.js";
import { createTransport } from "../views/transport.js";
import { LESSONS, modelSummary } from "./lessons-digits.js";
import { createPredictor } from "./predictor.js";
import { createSampleStore } from "./samples.js";
import {
  applyLesson,
  changedKeys,
  CONV_NETS,
  createUrlState,
  effectsOf,
  runConfigOf,
  TRAINING_LESSONS,
} from "./state-digits.js";
import { createDigitBrowser } from "./views/browser.js";
import { createConfusion } from "./views/confusion.js";
import { createConvLesson } from "./views/convlesson.js";
import { createDigitBars } from "./views/digitbars.js";
import { createDrawPad } from "./views/drawpad.js";
import { createEvidence } from "./views/evidence.js";
import { createFeatureMaps } from "./views/featuremaps.js";
import { createFilters } from "./views/filters.js";
import { createMistakes } from "./views/mistakes.js";
import { createSettings } from "./views/settings.js";
import { createTemplates } from "./views/templates.js";

const RESTART_DEBOUNCE_MS = 250;
const CONVOLVE_DEBOUNCE_MS = 40;
const DRAW_PREDICT_MS = 100;
const FRAME_PREDICT_MS = 400;
const BROWSER_PAGE = { training: 30, conv: 48 };
/** The stage's heading per lesson: catalogue keys digits.stage_title.<lesson> and digits.stage_note.<lesson>. */
const stageWords = (lesson) => [t(`digits.stage_title.${lesson}`), t(`digits.stage_note.${lesson}`)];
/** Each model in one or two lines of math (KaTeX, vendored, when it has loaded; else the TeX source). */
const MODEL_TEX = {
  softmax: () => [
    String.raw`P(d \mid x) = \operatorname{softmax}_d\Big(\textstyle\sum_{i=1}^{784} W_{d,i}\, x_i + b_d\Big)`,
    String.raw`\text{loss} = -\log P(\text{true digit} \mid x)`,
  ],
  mlp: (state) => [
    String.raw`h = \operatorname{${state.activation === "relu" ? "ReLU" : state.activation}}(W_1 x + b_1)`,
    String.raw`P(d \mid x) = \operatorname{softmax}_d(W_2\, h + b_2)`,
  ],
  conv1: () => [String.raw`x \to \text{conv}\to\text{ReLU}\to\text{pool} \to \operatorname{softmax}`],
  cnn: () => [
    String.raw`x \to \underbrace{\text{conv}\to\text{ReLU}\to\text{pool}}_{\times 2}` +
      String.raw` \to \text{dense} \to \operatorname{softmax}`,
  ],
  conv: () => [],
};
const $ = (id) => document.getElementById(id);

/** Which digits train and test: learners compare accuracies with tutorials run on full MNIST. */
function showDataNote(trainSize, testSize, source) {
  const subset = /subset/i.test(source);
  $("data-note").textContent =
    `Data: ${formatInt(trainSize)} training and ${formatInt(testSize)} test digits` +
    (subset ? ", a subset of MNIST, so accuracies differ a little from results on the full set." : " (MNIST).");
  $("data-note").title = source;
}

async function start() {
  await useLanguage();
  translateStatic();
  carryTokenInLinks();
  const status = createStatus($("status"));
  const problem = (text) => status.setMessage(text);
  const store = createSampleStore("test");
  let trainSize = 8000;
  let testSize = 2000;
  let source = "";
  try {
    let first;
    [first, testSize] = await Promise.all([samples("train", 0, 1), store.count()]);
    [trainSize, source] = [first.total, first.source];
  } catch (error) {
    status.setState("failed");
    problem(error.message);
    return;
  }
  showDataNote(trainSize, testSize, source);
  const epochStepsOf = (state) => Math.ceil(trainSize / Math.min(state.batchSize, trainSize));

  const url = createUrlState((state) => apply(shown, state));
  let shown = url.get();
  let restartTimer = 0;
  let latestFrame = null;
  let frames = 0;
  let drawnForConv = null; // the drawing being convolved (the convolution lesson), or null: a test digit
  let probeDigit = null; // the probed test digit {index, label, values, pixels}, once fetched
  const change = (patch) => apply(url.get(), url.update(patch));
  const pickDigit = (index) => {
    if (url.get().lesson !== "conv") return change({ probe: index });
    drawnForConv = null; // a picked digit replaces the drawing as the input, even when it is the same digit
    change({ digit: index });
    convolveSoon();
  };

  createLanguageSwitch($("langswitch"), { beforeSwitch: () => url.flush() });
  const courseId = (lessonId) => `digits.${lessonId}`;
  const course = createCourse({
    lab: "digits",
    roots: { panel: $("course"), coach: $("coach"), toggle: $("course-slot") },
    facts: digitsFacts,
    apply(patch, { restart }) {
      const state = url.get();
      const base = patch.lesson && patch.lesson !== state.lesson ? applyLesson(state, patch.lesson) : {};
      change({ ...base, ...patch });
      if (restart) restartNow();
    },
    fullSpeed: () => change({ speed: "full" }),
    onProgress: () => lessons.refresh(),
  });
  const lessons = createLessonBar($("lessons"), {
    lessons: LESSONS,
    onChoose(lesson) {
      controller.play(); // a lesson starts playing: a pause left over from the last one would read as broken
      course.choose(courseId(lesson.id));
      change(applyLesson(url.get(), lesson.id));
    },
    matches: (state, lesson) => state.lesson === lesson.id,
    describe: (lesson) => {
      const known = BY_ID[courseId(lesson.id)];
      return {
        title: known ? t(`${known.key}.title`) : lesson.title,
        hint: known ? t(`${known.key}.hint`) : lesson.hint,
        progress: course.countOf(courseId(lesson.id)),
      };
    },
  });
  const settings = createSettings($("settings"), { onChange: change, epochSteps: epochStepsOf });
  const templates = createTemplates($("templates"));
  const evidence = createEvidence($("evidence"), { caption: $("evidence-caption") });
  const filters = createFilters({ conv1Root: $("conv1"), conv2Root: $("conv2") });
  const featureMaps = createFeatureMaps($("feature-maps"));
  const confusion = createConfusion($("confusion"), { summary: $("confusion-summary") });
  const mistakes = createMistakes($("mistakes"), { store, onPick: pickDigit });
  const browser = createDigitBrowser($("browser"), {
    store,
    perPage: BROWSER_PAGE.training,
    onPick: pickDigit,
    onProblem: problem,
  });
  const bars = createDigitBars($("bars"));
  const pad = createDrawPad(
    { pad: $("pad"), preview: $("seen"), clear: $("clear") },
    {
      onDraw(image) {
        if (url.get().lesson === "conv") {
          drawnForConv = image;
          convolveSoon();
        } else {
          predictor.request(DRAW_PREDICT_MS);
          showEvidence();
        }
      },
      onClear() {
        drawnForConv = null;
        if (url.get().lesson === "conv") convolveSoon();
        else {
          showProbe();
          if (probeDigit) pad.showDigit(probeDigit.values);
          showEvidence();
        }
      },
    },
  );
  const conv = createConvLesson($("conv-view"), { onKernel: (kernel) => change({ kernel }) });
  const { lossChart, accuracyChart } = createTrainingCurves({
    loss: $("loss"),
    lossReadout: $("loss-readout"),
    accuracy: $("accuracy"),
    accuracyReadout: $("accuracy-readout"),
  });

  const predictor = createPredictor({
    image: () => (TRAINING_LESSONS.has(url.get().lesson) ? pad.image() : null),
    withRun: (request) => controller.withRun(request),
    onAnswer(probabilities, step) {
      const best = probabilities.indexOf(Math.max(...probabilities));
      bars.show(probabilities, `Your drawing → ${best} (model at step ${formatInt(step)})`);
    },
    onProblem: problem,
  });

  const controller = new RunController({
    onStarting: () => status.setMessage(null),
    onStarted() {
      lossChart.archive();
      accuracyChart.archive();
      latestFrame = null;
      refreshRunState();
    },
    onFrame,
    onEnd(event) {
      course.ended(event);
      if (event.message && event.status !== "stopped") problem(event.message);
      else if (event.status === "done")
        status.setMessage(`finished: ${formatInt(event.step)} steps (the “stop after” setting)`, "info");
    },
    onProblem: problem,
    onWaiting: (text) => status.setMessage(text, "info"),
    onNotice: (text) => status.setMessage(text, "info"),
    onChange: refreshRunState,
  });
  health().then(
    (answer) => controller.endWhenPausedFor(answer.idle_ttl_s),
    () => {}, // an older server without the field: paused runs then wait for the server's own sweep
  );
  const transport = createTransport(
    { play: $("play"), step: $("step"), reset: $("reset") },
    {
      onPlayPause: () => (controller.playing ? controller.pause() : controller.play()),
      onStep: () => controller.step(),
      onReset: () => restartNow(),
    },
  );

  function refreshRunState() {
    transport.update({ playing: controller.playing, status: controller.status });
    status.setState(controller.status);
  }

  function onFrame(frame) {
    latestFrame = frame;
    course.frame(frame);
    frames++;
    const state = url.get();
    lossChart.push(frame.step, [frame.train_loss, frame.test_loss]);
    accuracyChart.push(frame.step, [frame.train_accuracy, frame.test_accuracy]);
    status.setFrame(frame);
    showProgress(frame, state);
    const digits = frame.digits ?? {};
    if (state.lesson === "softmax") {
      templates.set(digits.weights, (i) => String(i));
      showEvidence();
    }
    if (state.lesson === "mlp") templates.set(digits.weights, (i) => `unit ${i + 1}`);
    if (CONV_NETS.has(state.lesson)) {
      filters.set(digits.filters);
      featureMaps.set(digits.feature_maps);
    }
    confusion.set(digits.confusion);
    mistakes.set(digits.misclassified);
    if (pad.image()) {
      if (predictor.sinceLast() > FRAME_PREDICT_MS) predictor.request(FRAME_PREDICT_MS);
    } else showProbe();
  }

  /** Steps per second as the learner sees them (over the last ~1.5 s of frames), paced or not. */
  let rateSamples = [];
  function measuredRate(step) {
    const now = performance.now();
    if (rateSamples.length && step < rateSamples.at(-1)[0]) rateSamples = [];
    rateSamples.push([step, now]);
    while (rateSamples.length > 2 && now - rateSamples[0][1] > 1500) rateSamples.shift();
    const [firstStep, firstTime] = rateSamples[0];
    return now - firstTime > 250 ? ((step - firstStep) * 1000) / (now - firstTime) : 0;
  }

  function showProgress(frame, state) {
    const epochs = state.maxSteps / epochStepsOf(state);
    const images = measuredRate(frame.step) * state.batchSize;
    const accuracy = frame.test_accuracy === null ? "" : ` · test ${formatPercent(frame.test_accuracy, 1)}`;
    $("progress").textContent =
      `epoch ${frame.epoch.toFixed(1)} of ${epochs.toFixed(epochs < 10 ? 1 : 0)}` +
      (images > 0 ? ` · ${formatInt(images)} images/s` : "") +
      accuracy;
    $("progress-bar").style.width = `${Math.min(100, (100 * frame.step) / state.maxSteps).toFixed(1)}%`;
    $("test-accuracy").textContent = frame.test_accuracy === null ? "–" : formatPercent(frame.test_accuracy, 1);
  }

  /** With an empty pad, the bars and the small preview show the probed test digit and what the model says. */
  function showProbe() {
    const probe = latestFrame?.digits?.probe;
    const state = url.get();
    if (!probe || probe.index !== state.probe) {
      bars.idle(`Test digit #${state.probe} — draw a digit to try your own`);
      return;
    }
    const best = probe.probabilities.indexOf(Math.max(...probe.probabilities));
    bars.show(probe.probabilities, `Test digit #${probe.index} (a ${probe.label}) → ${best}`);
  }

  /** Softmax: the drawing (or else the probed test digit) times each of the latest templates. */
  function showEvidence() {
    const weights = latestFrame?.digits?.weights;
    if (url.get().lesson !== "softmax" || !weights) return;
    const drawing = pad.image();
    if (drawing) evidence.set(weights, drawing, "Your drawing");
    else if (probeDigit) evidence.set(weights, probeDigit.values, `Test digit #${probeDigit.index}`);
  }

  function showProbeDigit(index) {
    const note = "each conv is followed by ReLU; each pool keeps the largest of 2×2";
    $("probe-title").textContent = `Feature maps of test digit #${index} · ${note}`;
    store.digit(index).then(
      (digit) => {
        if (url.get().probe !== index) return;
        probeDigit = digit;
        featureMaps.setInput(digit.pixels);
        pad.showDigit(digit.values);
        $("probe-title").textContent = `Feature maps of test digit #${index} (a ${digit.label}) · ${note}`;
        showEvidence();
        predictProbe(digit);
      },
      (error) => problem(error.message),
    );
  }

  /**
   * The probe's probabilities without waiting for a frame: a paused or finished run sends none, but it still
   * answers predictions. A frame about this digit, when one comes, shows the same numbers.
   */
  function predictProbe(digit) {
    const request = controller.withRun((id) => predictImages(id, [Array.from(digit.values)]));
    request?.then(
      (answer) => {
        const framed = latestFrame?.digits?.probe?.index === digit.index;
        if (url.get().probe !== digit.index || pad.image() || framed) return;
        const p = answer.probabilities[0];
        bars.show(p, `Test digit #${digit.index} (a ${digit.label}) → ${p.indexOf(Math.max(...p))}`);
      },
      (error) => problem(error.message),
    );
  }

  function clearTraining() {
    templates.clear();
    filters.clear();
    featureMaps.clear();
    confusion.clear();
    mistakes.clear();
    latestFrame = null;
    rateSamples = [];
    $("progress").textContent = "";
    $("progress-bar").style.width = "0%";
    $("test-accuracy").textContent = "–";
  }

  function restartNow() {
    clearTimeout(restartTimer);
    const state = url.get();
    clearTraining();
    if (!TRAINING_LESSONS.has(state.lesson)) {
      controller.restart(null);
      return;
    }
    showProbeDigit(state.probe);
    showProbe();
    course.runStarted(state);
    controller.restart(runConfigOf(state), { epochSteps: epochStepsOf(state), speed: state.speed });
  }

  // ── the convolution lesson: three debounced calls (map, ReLU, pool), the newest answer wins ──
  let convolveTimer = 0;
  let convolveSerial = 0;
  function convolveSoon() {
    clearTimeout(convolveTimer);
    convolveTimer = setTimeout(convolveNow, CONVOLVE_DEBOUNCE_MS);
  }
  async function convolveNow() {
    const state = url.get();
    if (state.lesson !== "conv") return;
    const serial = ++convolveSerial;
    const k = Math.sqrt(state.kernel.length);
    const kernel = Array.from({ length: k }, (_, r) => state.kernel.slice(r * k, (r + 1) * k));
    const source = drawnForConv
      ? { image: Array.from(drawnForConv, (v) => Math.round(v * 1000) / 1000) }
      : { index: state.digit };
    try {
      const [map, relu, pool] = await Promise.all([
        convolve({ ...source, kernel }),
        convolve({ ...source, kernel, relu: true }),
        convolve({ ...source, kernel, relu: true, pool: true }),
      ]);
      if (serial !== convolveSerial) return;
      conv.setSource(
        drawnForConv ? "your drawing, MNIST-style" : `test digit #${state.digit} · a ${map.label}`,
        drawnForConv ? "drawing" : `digit:${state.digit}`,
      );
      conv.setResult({ map, relu, pool });
      browser.mark(drawnForConv ? null : state.digit);
    } catch (error) {
      if (serial === convolveSerial) problem(error.message);
    }
  }

  function showModelNote(shape, lines) {
    const note = $("model-note");
    note.replaceChildren(Object.assign(document.createElement("span"), { textContent: `The model (${shape}):` }));
    for (const tex of lines) {
      const line = document.createElement("div");
      line.className = "model-math";
      if (window.katex) window.katex.render(tex, line, { throwOnError: false, trust: false, strict: "ignore" });
      else line.textContent = tex;
      note.append(line);
    }
  }

  function placeLesson(state) {
    const lab = $("lab");
    lab.dataset.lesson = state.lesson;
    const training = TRAINING_LESSONS.has(state.lesson);
    const card = $("browser-card");
    if (training) $("right").append(card);
    else $("left").prepend(card);
    $("browser-hint").textContent = t(training ? "digits.browser_probe" : "digits.browser_convolve");
    browser.setPerPage(training ? BROWSER_PAGE.training : BROWSER_PAGE.conv);
    $("draw-title").textContent = t(training ? "digits.draw" : "digits.draw_or");
    const [title, note] = stageWords(state.lesson);
    $("stage-title").textContent = title;
    $("stage-note").textContent = note;
    const summary = modelSummary(state);
    $("model-size").textContent = `${formatInt(summary.parameters)} parameters`;
    $("model-size").title = summary.shape;
    showModelNote(summary.shape, MODEL_TEX[state.lesson](state));
    if (!training) {
      status.setState("idle");
      status.setMessage("Nothing trains in this lesson: pick a digit and a kernel, or type its numbers.", "info");
    }
  }

  /** Show `after` everywhere, then do what the changed settings require (restart, PATCH, convolve or redraw). */
  function apply(before, after) {
    const first = before === after;
    if (after.probe >= testSize) after = url.update({ probe: 0 });
    if (after.digit >= testSize) after = url.update({ digit: 0 });
    shown = after;
    settings.update(after);
    lessons.update(after);
    course.follow(courseId(after.lesson));
    course.settingsChanged(after);
    placeLesson(after);
    $("log-loss").checked = after.logLoss;
    lossChart.setOptions({ log: after.logLoss });
    const keys = changedKeys(before, after);
    const effects = effectsOf(keys);
    const training = TRAINING_LESSONS.has(after.lesson);
    if (first || effects.has("run")) {
      clearTimeout(restartTimer);
      if (keys.includes("lesson") || first) restartNow();
      else restartTimer = setTimeout(restartNow, RESTART_DEBOUNCE_MS);
    } else if (effects.has("live")) {
      controller.setLearningRate(after.learningRate);
    }
    if (effects.has("pace") && !first && !effects.has("run")) controller.setSpeed(after.speed);
    if (training && (first || keys.includes("probe"))) {
      if (!first && !effects.has("run")) controller.setProbe(after.probe);
      showProbeDigit(after.probe);
      if (!pad.image()) showProbe();
    }
    browser.select(training ? after.probe : after.digit);
    mistakes.select(after.probe);
    if (!training) {
      if (keys.includes("digit")) drawnForConv = null;
      else if (keys.includes("lesson") || first) drawnForConv = pad.image();
      conv.setKernel(after.kernel);
      if (first || keys.includes("lesson") || effects.has("conv")) convolveSoon();
    }
  }

  kernelPresets().then(
    (answer) => conv.setPresets(answer.presets),
    (error) => problem(error.message),
  );
  $("log-loss").addEventListener("change", () => change({ logLoss: $("log-loss").checked }));
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || event.target.closest("input, select, button, textarea, canvas")) return;
    if (!TRAINING_LESSONS.has(url.get().lesson)) return;
    event.preventDefault();
    $("play").click();
  });

  apply(shown, shown);

  /** A read-only hook for tests and the curious: counts and ids, never a way to change anything. */
  window.__digits = Object.freeze({
    get runId() {
      return controller.runId;
    },
    get status() {
      return controller.status;
    },
    get step() {
      return latestFrame?.step ?? 0;
    },
    get frames() {
      return frames;
    },
    get lossPoints() {
      return lossChart.count();
    },
    get predictions() {
      return predictor.answers;
    },
    get settings() {
      return structuredClone(url.get());
    },
  });
}

start();
