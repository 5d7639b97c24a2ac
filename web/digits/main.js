// The digits lab's composition root: builds the digits views around the shared page shell (../shell.js) and
// connects them to the URL state, the run and the convolution lesson, and nothing else.
//
// "The shown digit" is the test digit the bars, the feature maps and the evidence are about while the pad is
// empty: the URL's `probe=` and the run's `probe_index` (both public names, kept).

import { convolve, kernelPresets, predictImages, samples } from "../api.js";
import { digitsFacts } from "../course/runfacts.js";
import { t } from "../i18n.js";
import { $, createShell, followUrl, openPage } from "../shell.js";
import { formatInt, formatPercent } from "../util.js";
import { createProbBars } from "../views/probbars.js";
import { LESSONS, modelSummary } from "./lessons-digits.js";
import { createInterrogation } from "./interrogate.js";
import { createOwnProbe } from "./ownprobe.js";
import { createPredictor } from "./predictor.js";
import { createSampleStore } from "./samples.js";
import { applyLesson, changedKeys, CONV_NETS, createUrlState, effectsOf, runConfigOf, TRAINING_LESSONS } from "./state-digits.js";
import { createDigitBrowser } from "./views/browser.js";
import { createConfusion } from "./views/confusion.js";
import { createConvLesson } from "./views/convlesson.js";
import { createDrawPad } from "./views/drawpad.js";
import { createEvidence } from "./views/evidence.js";
import { createFeatureMaps } from "./views/featuremaps.js";
import { createFilters } from "./views/filters.js";
import { createMistakes } from "./views/mistakes.js";
import { createSettings } from "./views/settings.js";
import { createTemplates } from "./views/templates.js";

const CONVOLVE_DEBOUNCE_MS = 40;
const DRAW_PREDICT_MS = 100;
const FRAME_PREDICT_MS = 400;
const BROWSER_PAGE = { training: 30, conv: 48 };
const DIGIT_CLASSES = Array.from({ length: 10 }, (_, digit) => ({ label: String(digit) }));
/** Each model in one or two lines of math (KaTeX, vendored, when it has loaded; else the TeX source). */
const MODEL_TEX = {
  softmax: () => [
    String.raw`P(d \mid x) = \operatorname{softmax}_d\Big(\textstyle\sum_{i=1}^{784} W_{d,i}\, x_i + b_d\Big)`,
    String.raw`\text{loss} = -\log P(\text{${t("math.true_digit")}} \mid x)`,
  ],
  mlp: (state) => [
    String.raw`h = \operatorname{${state.activation === "relu" ? "ReLU" : state.activation}}(W_1 x + b_1)`,
    String.raw`P(d \mid x) = \operatorname{softmax}_d(W_2\, h + b_2)`,
  ],
  conv1: () => [String.raw`x \to \operatorname{conv}\to\operatorname{ReLU}\to\operatorname{pool} \to \operatorname{softmax}`],
  cnn: () => [
    String.raw`x \to \underbrace{\operatorname{conv}\to\operatorname{ReLU}\to\operatorname{pool}}_{\times 2}` +
      String.raw` \to \operatorname{dense} \to \operatorname{softmax}`,
  ],
  conv: () => [],
};
const best = (probabilities) => probabilities.indexOf(Math.max(...probabilities));

/** The split's sizes and where the digits come from (the first training sample carries both). */
async function loadSplit(store) {
  const [first, testSize] = await Promise.all([samples("train", 0, 1), store.count()]);
  return { trainSize: first.total, testSize, source: first.source };
}

/** Which digits train and test: learners compare accuracies with tutorials run on full MNIST. */
function showDataNote({ trainSize, testSize, source }) {
  const sizes = { train: formatInt(trainSize), test: formatInt(testSize) };
  const subset = /subset/i.test(source);
  $("data-note").textContent = t(subset ? "shell.digits.data_subset" : "shell.digits.data_mnist", sizes);
  $("data-note").title = t(subset ? "shell.digits.source_subset" : "shell.digits.source_idx");
}

/** The lesson's model in words and math: the settings card's parameter count, the stage's formula. */
function showModel(state) {
  const summary = modelSummary(state);
  $("model-size").textContent = t("shell.digits.parameters", { count: formatInt(summary.parameters) });
  $("model-size").title = summary.shape;
  const note = $("model-note");
  const heading = document.createElement("span");
  heading.textContent = t("shell.digits.model", { shape: summary.shape });
  note.replaceChildren(heading);
  for (const tex of MODEL_TEX[state.lesson](state)) {
    const line = document.createElement("div");
    line.className = "model-math";
    if (window.katex) window.katex.render(tex, line, { throwOnError: false, trust: false, strict: "ignore" });
    else line.textContent = tex;
    note.append(line);
  }
}

/** Move the views a lesson needs into place and title the stage: training lessons and the convolution lesson. */
function placeLesson(state, browser, status) {
  $("lab").dataset.lesson = state.lesson;
  const training = TRAINING_LESSONS.has(state.lesson);
  const card = $("browser-card");
  if (training) $("right").append(card);
  else $("left").prepend(card);
  $("browser-hint").textContent = t(training ? "digits.browser_probe" : "digits.browser_convolve");
  browser.setPerPage(training ? BROWSER_PAGE.training : BROWSER_PAGE.conv);
  $("draw-title").textContent = t(training ? "digits.draw" : "digits.draw_or");
  $("stage-title").textContent = t(`digits.stage_title.${state.lesson}`);
  $("stage-note").textContent = t(`digits.stage_note.${state.lesson}`);
  showModel(state);
  if (!training) {
    status.setState("idle");
    status.setMessage(t("shell.digits.nothing_trains"), "info");
  }
}

/** The progress line: epoch of all, images per second (the status line's one rate × the batch), test accuracy. */
function showProgress(frame, state, epochSteps, stepsPerSecond) {
  const epochs = state.maxSteps / epochSteps;
  const images = stepsPerSecond * state.batchSize;
  $("progress").textContent =
    t("shell.digits.epoch_of", { epoch: frame.epoch.toFixed(1), epochs: epochs.toFixed(epochs < 10 ? 1 : 0) }) +
    (images > 0 ? t("shell.digits.images_per_s", { images: formatInt(images) }) : "") +
    (frame.test_accuracy === null ? "" : t("shell.digits.test", { accuracy: formatPercent(frame.test_accuracy, 1) }));
  $("progress-bar").style.width = `${Math.min(100, (100 * frame.step) / state.maxSteps).toFixed(1)}%`;
  $("test-accuracy").textContent = frame.test_accuracy === null ? "–" : formatPercent(frame.test_accuracy, 1);
}

function clearProgress() {
  $("progress").textContent = "";
  $("progress-bar").style.width = "0%";
  $("test-accuracy").textContent = "–";
}

/**
 * The convolution lesson: three debounced calls (map, ReLU, pool) on the drawing or a test digit, the newest
 * answer wins. `drawn` is the drawing being convolved, or null: the URL's test digit.
 */
function createConvolver({ url, conv, browser, report }) {
  let timer = 0;
  let serial = 0;
  const convolver = { drawn: null };
  async function now() {
    const state = url.get();
    if (state.lesson !== "conv") return;
    const mine = ++serial;
    const drawn = convolver.drawn;
    const k = Math.sqrt(state.kernel.length);
    const kernel = Array.from({ length: k }, (_, r) => state.kernel.slice(r * k, (r + 1) * k));
    const source = drawn ? { image: Array.from(drawn, (v) => Math.round(v * 1000) / 1000) } : { index: state.digit };
    try {
      const [map, relu, pool] = await Promise.all([
        convolve({ ...source, kernel }),
        convolve({ ...source, kernel, relu: true }),
        convolve({ ...source, kernel, relu: true, pool: true }),
      ]);
      if (mine !== serial) return;
      conv.setSource(
        drawn ? t("shell.digits.conv_drawing") : t("shell.digits.conv_digit", { index: state.digit, label: map.label }),
        drawn ? "drawing" : `digit:${state.digit}`,
      );
      conv.setResult({ map, relu, pool });
      browser.mark(drawn ? null : state.digit);
    } catch (error) {
      if (mine === serial) report(error.message);
    }
  }
  convolver.soon = () => {
    clearTimeout(timer);
    timer = setTimeout(now, CONVOLVE_DEBOUNCE_MS);
  };
  return convolver;
}

/** The views of the model's insides, each fed from the frames: templates, filters, maps, confusion, mistakes. */
function createModelViews(store, onPick, onCell) {
  return {
    templates: createTemplates($("templates")),
    evidence: createEvidence($("evidence"), { caption: $("evidence-caption") }),
    filters: createFilters({ conv1Root: $("conv1"), conv2Root: $("conv2") }),
    featureMaps: createFeatureMaps($("feature-maps")),
    confusion: createConfusion($("confusion"), { summary: $("confusion-summary"), onCell }),
    mistakes: createMistakes($("mistakes"), { store, onPick }),
  };
}

/** A frame's digits payload into the views its lesson shows. */
function showModelFrame(views, digits, lesson) {
  if (lesson === "softmax") views.templates.set(digits.weights, (i) => String(i));
  if (lesson === "mlp") views.templates.set(digits.weights, (i) => t("shell.digits.unit", { number: i + 1 }));
  if (CONV_NETS.has(lesson)) {
    views.filters.set(digits.filters);
    views.featureMaps.set(digits.feature_maps);
  }
  views.confusion.set(digits.confusion);
  views.mistakes.set(digits.misclassified);
}

function clearModelViews(views) {
  for (const name of ["templates", "filters", "featureMaps", "confusion", "mistakes"]) views[name].clear();
}

/**
 * The shown test digit in the bars, the feature maps' input, the pad's preview and the evidence, with what the
 * model says about it: from the frames, or from a prediction (a paused or finished run sends no frames).
 */
function createShownDigit({ url, store, bars, pad, views, controller, report, latest }) {
  // pad(): the drawing pad, built after this (its handlers show the digit again when it is cleared)
  const shown = { digit: null }; // {index, label, values, pixels}, once fetched
  const mapsNote = () => t("shell.digits.maps_note");
  const answer = (digit, p) => t("shell.digits.digit_answer", { index: digit.index, label: digit.label, best: best(p) });

  /** With an empty pad, the bars show the shown digit and what the latest frame says about it. */
  shown.showBars = () => {
    const framed = latest()?.digits?.probe;
    const index = url.get().probe;
    if (!framed || framed.index !== index) return bars.idle(t("shell.digits.digit_idle", { index }));
    bars.show(framed.probabilities, answer(framed, framed.probabilities));
  };
  /** Softmax: the drawing (or else the shown digit) times each of the latest templates. */
  shown.showEvidence = () => {
    const weights = latest()?.digits?.weights;
    if (url.get().lesson !== "softmax" || !weights) return;
    const drawing = pad().image();
    if (drawing) views.evidence.set(weights, drawing, t("shell.digits.your_drawing"));
    else if (shown.digit)
      views.evidence.set(weights, shown.digit.values, t("shell.digits.test_digit", { index: shown.digit.index }));
  };
  function predict(digit) {
    const request = controller.withRun((id) => predictImages(id, [Array.from(digit.values)]));
    request?.then((reply) => {
      const framed = latest()?.digits?.probe?.index === digit.index;
      if (url.get().probe !== digit.index || pad().image() || framed) return;
      bars.show(reply.probabilities[0], answer(digit, reply.probabilities[0]));
    }, (error) => report(error.message));
  }
  /** Fetch test digit `index` and show it everywhere it belongs. */
  shown.load = (index) => {
    $("maps-title").textContent = t("shell.digits.maps_of", { index, note: mapsNote() });
    store.digit(index).then((digit) => {
      if (url.get().probe !== index) return;
      shown.digit = digit;
      views.featureMaps.setInput(digit.pixels);
      pad().showDigit(digit.values);
      $("maps-title").textContent = t("shell.digits.maps_of_label", { index, label: digit.label, note: mapsNote() });
      shown.showEvidence();
      predict(digit);
    }, (error) => report(error.message));
  };
  return shown;
}

/** The pad: a drawing is predicted (training lessons) or convolved (the convolution lesson). */
function createPad({ url, convolver, predictor, shown, ownProbe, onPictureGone }) {
  const pad = createDrawPad(
    { pad: $("pad"), preview: $("seen"), clear: $("clear") },
    {
      onDraw(image) {
        if (url.get().lesson === "conv") {
          convolver.drawn = image;
          convolver.soon();
        } else {
          predictor.request(DRAW_PREDICT_MS);
          shown.showEvidence();
          ownProbe.drawn(image);
        }
      },
      onStroke: onPictureGone,
      onClear() {
        onPictureGone();
        convolver.drawn = null;
        if (url.get().lesson === "conv") return convolver.soon();
        if (ownProbe.forget()) shown.load(url.get().probe); // the maps' input and heading: the test digit's again
        shown.showBars();
        if (shown.digit) pad.showDigit(shown.digit.values);
        shown.showEvidence();
      },
    },
  );
  return pad;
}

/** Steps per epoch at a state's batch size (a batch never larger than the training split). */
const epochStepsOf = (split, state) => Math.ceil(split.trainSize / Math.min(state.batchSize, split.trainSize));

/** A course step's patch; one that changes the lesson brings the lesson's own settings with it. */
const courseChange = (patch, state) => ({
  ...(patch.lesson && patch.lesson !== state.lesson ? applyLesson(state, patch.lesson) : {}),
  ...patch,
});

/** A picked test digit: the one shown (training lessons), or the convolution's input in place of the drawing. */
function pickDigit(page, index) {
  if (page.url.get().lesson !== "conv") return page.change({ probe: index });
  page.convolver.drawn = null; // a picked digit replaces the drawing as the input, even when it is the same digit
  page.change({ digit: index });
  page.convolver.soon();
}

/** A frame: the progress line, the model's views, the evidence, and the bars (or a fresh prediction of the drawing). */
function showFrame(page, frame) {
  const { url, shell, views, shownDigit, pad, predictor } = page;
  const state = url.get();
  showProgress(frame, state, epochStepsOf(page.split, state), shell.status.rate());
  showModelFrame(views, frame.digits ?? {}, state.lesson);
  if (state.lesson === "softmax") shownDigit.showEvidence();
  if (!pad.image()) shownDigit.showBars();
  else if (predictor.sinceLast() > FRAME_PREDICT_MS) predictor.request(FRAME_PREDICT_MS);
  page.interrogate.frame(frame);
  page.ownProbe.frame(frame.digits?.probe);
}

/** Start the run a training lesson asks for; the convolution lesson runs nothing. */
function restartRun(page) {
  const { url, shell, views, shownDigit } = page;
  const state = url.get();
  clearModelViews(views);
  clearProgress();
  page.interrogate.restart();
  if (!TRAINING_LESSONS.has(state.lesson)) return shell.controller.restart(null);
  shownDigit.load(state.probe);
  shownDigit.showBars();
  shell.course.runStarted(state);
  shell.controller.restart(runConfigOf(state), { epochSteps: epochStepsOf(page.split, state), speed: state.speed });
}

/** What the changed settings ask of the run: restart (now, or once a drag settles), PATCH, or pace. */
function steerRun(page, keys, effects, after, first) {
  const { shell, shownDigit, pad } = page;
  const { controller } = shell;
  if (first || effects.has("run")) {
    if (keys.includes("lesson") || first) shell.restartNow();
    else shell.restartSoon();
  } else if (effects.has("live")) {
    controller.setLearningRate(after.learningRate);
  }
  if (effects.has("pace") && !first && !effects.has("run")) controller.setSpeed(after.speed);
  if (TRAINING_LESSONS.has(after.lesson) && (first || keys.includes("probe"))) {
    if (!first) page.ownProbe.forget(); // a picked test digit takes the maps back from the pad's image
    if (!first && !effects.has("run")) controller.setShownDigit(after.probe);
    shownDigit.load(after.probe);
    if (!pad.image()) shownDigit.showBars();
  }
}

/** The convolution lesson's input (a picked digit drops the drawing) and kernel; convolve again when they changed. */
function steerConvolution(page, keys, effects, after, first) {
  const { convolver, pad, conv } = page;
  if (keys.includes("digit")) convolver.drawn = null;
  else if (keys.includes("lesson") || first) convolver.drawn = pad.image();
  conv.setKernel(after.kernel);
  if (first || keys.includes("lesson") || effects.has("conv")) convolver.soon();
}

/** Show `after` everywhere, then do what the changed settings require (restart, PATCH, convolve or redraw). */
function applySettings(page, before, after) {
  const { url, split, shell } = page;
  const first = before === after;
  if (after.probe >= split.testSize) after = url.update({ probe: 0 });
  if (after.digit >= split.testSize) after = url.update({ digit: 0 });
  page.shown = after;
  page.settings.update(after);
  shell.course.follow(`digits.${after.lesson}`);
  shell.settingsChanged(after);
  placeLesson(after, page.browser, shell.status);
  $("log-loss").checked = after.logLoss;
  shell.lossChart.setOptions({ log: after.logLoss });
  const keys = changedKeys(before, after);
  const effects = effectsOf(keys);
  steerRun(page, keys, effects, after, first);
  const training = TRAINING_LESSONS.has(after.lesson);
  page.browser.select(training ? after.probe : after.digit);
  page.views.mistakes.select(after.probe);
  page.interrogate.select(after.probe);
  if (!training) steerConvolution(page, keys, effects, after, first);
}

/** What is asked of the drawing while a training lesson shows: predicted by the run, the answer in the bars. */
function createDrawingPredictor(page) {
  return createPredictor({
    image: () => (TRAINING_LESSONS.has(page.url.get().lesson) ? page.pad.image() : null),
    withRun: (request) => page.shell.controller.withRun(request),
    onAnswer(probabilities, step) {
      page.bars.show(
        probabilities,
        t(page.pad.source() === "picture" ? "interrogate.upload.answer" : "shell.digits.drawing_answer", {
          best: best(probabilities),
          step: formatInt(step),
        }),
      );
    },
    onProblem: page.shell.report,
  });
}

/** The page's views, in the page record: settings, the model's views, browser, bars, the conv lesson, the pad. */
function createViews(page) {
  const { url, store, shell, change } = page;
  const pick = (index) => pickDigit(page, index);
  page.settings = createSettings($("settings"), { onChange: change, epochSteps: (s) => epochStepsOf(page.split, s) });
  page.views = createModelViews(store, pick, (r, c) => page.interrogate.openCell(r, c));
  page.browser = createDigitBrowser($("browser"), {
    store,
    perPage: BROWSER_PAGE.training,
    onPick: pick,
    onProblem: shell.report,
  });
  page.bars = createProbBars($("bars"), { classes: DIGIT_CLASSES, className: "digit-bars" });
  page.conv = createConvLesson($("conv-view"), { onKernel: (kernel) => change({ kernel }) });
  page.convolver = createConvolver({ url, conv: page.conv, browser: page.browser, report: shell.report });
  page.predictor = createDrawingPredictor(page);
  const { controller, report } = shell;
  const parts = { url, store, bars: page.bars, pad: () => page.pad, views: page.views, controller, report };
  page.shownDigit = createShownDigit({ ...parts, latest: shell.latest });
  const onPictureGone = () => page.interrogate.pictureGone();
  page.ownProbe = createOwnProbe({
    url,
    controller,
    featureMaps: page.views.featureMaps,
    title: $("maps-title"),
    source: () => page.pad.source(),
  });
  const padParts = { url, convolver: page.convolver, predictor: page.predictor, shown: page.shownDigit };
  page.pad = createPad({ ...padParts, ownProbe: page.ownProbe, onPictureGone });
  page.interrogate = createInterrogation(page, { onPick: pick });
}

async function start() {
  const store = createSampleStore("test");
  const opened = await openPage("digits", () => loadSplit(store));
  if (!opened) return;
  const page = { store, split: opened.data, shown: null };
  showDataNote(page.split);
  followUrl(page, createUrlState, applySettings);
  page.shell = createShell(opened.status, page, {
    lab: "digits",
    facts: digitsFacts,
    restart: () => restartRun(page),
    courseChange,
    runConfig: (state) => (TRAINING_LESSONS.has(state.lesson) ? runConfigOf(state) : null),
    lessons: LESSONS,
    playable: () => TRAINING_LESSONS.has(page.url.get().lesson),
    onFrame: (frame) => showFrame(page, frame),
  });
  createViews(page);
  kernelPresets().then(
    (answer) => page.conv.setPresets(answer.presets),
    (error) => page.shell.report(error.message),
  );
  $("log-loss").addEventListener("change", () => page.change({ logLoss: $("log-loss").checked }));
  applySettings(page, page.shown, page.shown);
  page.shell.expose({
    get predictions() {
      return page.predictor.answers;
    },
    /** Whether the latest frame's probe is the pad's image (PATCH probe_image), not a test digit. */
    get probeOwn() {
      return page.shell.latest()?.digits?.probe?.own ?? null;
    },
  });
}

start();
