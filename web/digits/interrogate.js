// Questions put to the digits model while it trains (issue 13): a confusion cell's digits, robustness to
// distortions, confidence and abstention, its layers mapped, and the learner's own picture. Each view is built here
// and fed from the run; main.js only calls createInterrogation(page) and passes it frames.

import { confidence, confusionExamples, embedding, robustness } from "../api.js";
import { $ } from "../shell.js";
import { TRAINING_LESSONS } from "./state-digits.js";
import { createCellExamples } from "./views/cellexamples.js";
import { createConfidence } from "./views/confidence.js";
import { createEmbedding } from "./views/embedding.js";
import { createRobustness, strengthsFor } from "./views/robustness.js";
import { createUpload } from "./views/upload.js";

const EXAMPLES_PAGE = 20;
const REFRESH_MS = 3000; // while training, a shown question is asked again at most this often
const EMBEDDING_LIMIT = 1000;
const QUESTIONS = ["model", "robustness", "confidence", "embedding"];

/**
 * One question to the run: never two requests in flight, the newest wins. ask() → a promise, or null without a
 * run; request() now (or as soon as the one in flight is back); due() again if REFRESH_MS have passed.
 */
function createAsker(ask, onAnswer, onProblem) {
  let inFlight = false;
  let pending = false;
  let lastAt = -Infinity;
  async function pump() {
    if (inFlight || !pending) return;
    pending = false;
    const request = ask();
    if (!request) return;
    inFlight = true;
    lastAt = performance.now();
    try {
      onAnswer(await request);
    } catch (error) {
      onProblem(error.message);
    } finally {
      inFlight = false;
      pump();
    }
  }
  return {
    request() {
      pending = true;
      pump();
    },
    due() {
      if (performance.now() - lastAt >= REFRESH_MS) this.request();
    },
  };
}

/** The browser card shows either every test digit or one confusion cell's. */
function createCellView(page, onPick) {
  const { shell } = page;
  const showCell = (open) => {
    $("browser").hidden = open;
    $("cell-examples").hidden = !open;
    if (!open) page.views.confusion.select(null);
  };
  let refreshedAt = -Infinity;
  const examples = createCellExamples($("cell-examples"), {
    perPage: EXAMPLES_PAGE,
    ask: (query) => shell.controller.withRun((id) => confusionExamples(id, query)),
    onPick,
    onClose: () => showCell(false),
    onProblem: shell.report,
  });
  return {
    open(r, c) {
      showCell(true);
      page.views.confusion.select([r, c]);
      examples.open(r, c);
    },
    close: () => showCell(false),
    select: (index) => examples.select(index),
    /** A frame with a new confusion matrix: the open cell's digits follow it, at most every REFRESH_MS. */
    frame(frame) {
      if (!frame.digits?.confusion || performance.now() - refreshedAt < REFRESH_MS) return;
      refreshedAt = performance.now();
      examples.refresh();
    },
  };
}

/** The stage's question tabs: the lesson's own views, or one question's panel in their place. */
function createQuestions(page, onShow) {
  const buttons = [...$("questions").querySelectorAll("button")];
  let shown = "model";
  const show = (name) => {
    shown = name;
    $("lab").dataset.question = name;
    for (const button of buttons) button.setAttribute("aria-pressed", String(button.dataset.question === name));
    for (const other of QUESTIONS.slice(1)) $(`question-${other}`).hidden = other !== name;
    onShow(name);
  };
  for (const button of buttons) button.addEventListener("click", () => show(button.dataset.question));
  show("model");
  return { shown: () => shown, show };
}

/** Robustness, confidence and the layers' map, each asked of the run while its panel shows. */
function createPanels(page, onPick) {
  const { shell, url } = page;
  const withRun = (request) => shell.controller.withRun(request);
  const panels = {};
  panels.robustness = createRobustness($("question-robustness"), { onChange: () => askers.robustness.request() });
  panels.confidence = createConfidence($("question-confidence"));
  panels.embedding = createEmbedding($("question-embedding"), { onPick, onLayer: () => askers.embedding.request() });
  const questions = {
    robustness() {
      const { distortion, strength } = panels.robustness.get();
      return withRun((id) => robustness(id, { distortion, strengths: strengthsFor(distortion, strength), index: url.get().probe }));
    },
    confidence: () => withRun((id) => confidence(id)),
    embedding: () => withRun((id) => embedding(id, { layer: panels.embedding.layer(), limit: EMBEDDING_LIMIT })),
  };
  const askers = Object.fromEntries(
    Object.entries(questions).map(([name, ask]) => [name, createAsker(ask, (answer) => panels[name].set(answer), shell.report)]),
  );
  return { askers, panels };
}

/** page: the digits page record (url, shell, views, …); onPick(index) probes a test digit. */
export function createInterrogation(page, { onPick }) {
  const cells = createCellView(page, onPick);
  const { askers, panels } = createPanels(page, onPick);
  const questions = createQuestions(page, (name) => {
    askers[name]?.request();
    if (name === "embedding") panels.embedding.redraw();
  });
  const upload = createUpload(
    { button: $("upload"), input: $("upload-file"), stages: $("upload-stages") },
    { onImage: (image) => page.pad.setImage(image), onProblem: page.shell.report },
  );
  return {
    /** The pad was cleared or drawn on: an uploaded picture's stages go. */
    pictureGone: () => upload.hide(),
    openCell: (r, c) => cells.open(r, c),
    /** The probed digit changed: mark it wherever it shows. */
    select(index) {
      cells.select(index);
    },
    /** A new run: what was asked of the last one is gone. */
    restart() {
      cells.close();
      if (!TRAINING_LESSONS.has(page.url.get().lesson)) questions.show("model");
      else askers[questions.shown()]?.request();
    },
    /** A frame of the current run: the shown question is asked again, at most every REFRESH_MS. */
    frame(frame) {
      cells.frame(frame);
      askers[questions.shown()]?.due();
    },
  };
}
