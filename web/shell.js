// The page shell both labs share: the top bar, the words, the status line (with the page's one steps/s
// estimate, status.rate()), the run controller and its transport buttons, the loss and accuracy curves, the Space
// key, the lesson bar and the course panel (and compiling a lesson's steps ahead), the "export as code" buttons,
// the debounced restart, error reporting and the read-only test hook `window.__lab`. A page's main module builds
// its own views around it and hands it what only the page knows: its URL state, what a restart does, what a frame
// shows, its run config and its lessons.
//
// A lesson record, on either page: {id (the course's, web/course/lessons.js), number, title, hint,
// choose(state) → the state after choosing it, matches(state) → whether a state still has its settings}.

import * as api from "./api.js";
import { showClassroom } from "./classroom.js";
import { BY_ID } from "./course/lessons.js";
import { carryTokenInLinks } from "./credentials.js";
import { renderCodeExports, wireCodeExports } from "./exporting.js";
import { t, useLanguage } from "./i18n.js";
import { RunController } from "./run.js";
import { settingsFlow } from "./urlhash.js";
import { formatInt } from "./util.js";
import { createCourse } from "./views/course.js";
import { createTrainingCurves, renderCharts } from "./views/curves.js";
import { createLanguageSwitch, translateStatic } from "./views/langswitch.js";
import { createLessonBar } from "./views/lessonbar.js";
import { createStatus } from "./views/status.js";
import { renderTopBar } from "./views/topbar.js";
import { createTransport } from "./views/transport.js";
import { bound } from "./vocabulary.js";

const RESTART_DEBOUNCE_MS = 250;
/** How many run configs one POST /api/prepare may carry. */
const PREPARE_MAX = bound("prepare_configs").high;
/** Where the Space key keeps its own meaning instead of playing or pausing. */
const OWN_SPACE = "input, select, button, textarea, canvas";

export const $ = (id) => document.getElementById(id);

/**
 * The top bar and the words, then `load()` (the page's first data): its answer, or null after the status line
 * says why it failed. `lab`: "plane" or "digits".
 */
export async function openPage(lab, load) {
  renderTopBar(document.querySelector(".topbar"), lab);
  renderCharts(document.querySelector(".charts"));
  renderCodeExports(document.querySelector(".code-export"));
  await useLanguage();
  translateStatic();
  carryTokenInLinks();
  showClassroom(document.querySelector(".topbar"));
  const status = createStatus($("status"));
  try {
    return { status, data: await load() };
  } catch (error) {
    status.setState("failed");
    status.setMessage(error.message);
    return null;
  }
}

/**
 * The page's settings, kept in the URL: sets `page.url`, `page.shown` (the settings on screen, the page keeps it
 * current) and `page.change(patch)`, which applies a patch through `apply(page, before, after)`.
 */
export function followUrl(page, createUrlState, apply) {
  const show = (before, after) => apply(page, before, after);
  const { url, change } = settingsFlow(createUrlState, () => page.shown, show);
  Object.assign(page, { url, shown: url.get(), change });
}

/**
 * owner: the page object followUrl filled (its url and change() reach the shell). pageParts: {lab, facts
 * (course/runfacts.js), restart() (start the run the settings ask for),
 * courseChange(patch, state) → the patch a course step applies, lessons (records, above), playable() (whether
 * Space should play; default always), onFrame(frame), runConfig(state) → the body of POST /api/runs that state
 * trains (null when it trains nothing; the lesson's steps are compiled ahead from it), and optionally onStarted(),
 * onProblem(text), onWaiting(text), onStatus(status) (the run's status after every change of it).
 */
export function createShell(status, owner, pageParts) {
  const page = {
    url: owner.url,
    change: owner.change,
    playable: () => true,
    runConfig: () => null,
    onStarted() {},
    onProblem() {},
    onWaiting() {},
    onStatus() {},
    ...pageParts,
  };
  const curves = createTrainingCurves({
    loss: $("loss"),
    lossReadout: $("loss-readout"),
    accuracy: $("accuracy"),
    accuracyReadout: $("accuracy-readout"),
  });
  const parts = { latest: null, frames: 0 }; // the controller's handlers reach the transport and course through it
  const restarts = createRestarts(() => {
    parts.latest = null; // the next frame is the new run's
    page.restart();
  });
  const controller = new RunController(runHandlers(status, curves, page, parts));
  parts.controller = controller;
  parts.transport = createTransport(
    { play: $("play"), step: $("step"), reset: $("reset") },
    {
      onPlayPause: () => (controller.playing ? controller.pause() : controller.play()),
      onStep: () => controller.step(),
      onReset: restarts.now,
    },
  );
  const { course, lessons } = createCourseAndLessons(page, controller, restarts);
  parts.course = course;
  wireCodeExports(() => controller.runId, (text) => status.setMessage(text));
  api.health().then(
    (health) => controller.endWhenPausedFor(health.idle_ttl_s),
    () => {}, // an older server without the field: paused runs then wait for the server's own sweep
  );
  createLanguageSwitch($("langswitch"), { beforeSwitch: () => page.url.flush() });
  listenToThePage(page);
  const shown = page.lessons.find((lesson) => lesson.matches(page.url.get()));
  if (shown) {
    course.follow(shown.id);
    prepareLesson(page, shown.id);
  }
  const hook = {
    controller,
    curves,
    restarts,
    url: page.url,
    latest: () => parts.latest,
    frames: () => parts.frames,
  };
  return {
    status,
    /** A reason the learner can read, in the status line. */
    report: (text) => status.setMessage(text),
    controller,
    course,
    /** The current run's latest frame (null until its first). */
    latest: () => parts.latest,
    lossChart: curves.lossChart,
    accuracyChart: curves.accuracyChart,
    restartNow: restarts.now,
    restartSoon: restarts.soon,
    /** Show a state's lesson marks and let the course check its steps against it. */
    settingsChanged(state) {
      lessons.update(state);
      course.settingsChanged(state);
    },
    /** Install `window.__lab`: the shell's counts and ids, plus the page's own getters in `extra`. */
    expose: (extra) => exposeHook(hook, extra),
  };
}

/** A restart now, or once the settings have been still for a moment (a slider drag restarts once). */
function createRestarts(restart) {
  let timer = 0;
  let count = 0;
  function now() {
    clearTimeout(timer);
    timer = 0;
    count++;
    restart();
  }
  return {
    now,
    soon() {
      clearTimeout(timer);
      timer = setTimeout(now, RESTART_DEBOUNCE_MS);
    },
    count: () => count,
    pending: () => timer !== 0,
  };
}

/** What every page does on the run's events (curves, status line, course, messages), then what the page does. */
function runHandlers(status, { lossChart, accuracyChart }, page, parts) {
  const refresh = () => {
    parts.transport.update({ playing: parts.controller.playing, status: parts.controller.status });
    status.setState(parts.controller.status);
    page.onStatus(parts.controller.status);
  };
  return {
    onStarting: () => status.setMessage(null),
    onStarted() {
      lossChart.archive();
      accuracyChart.archive();
      parts.latest = null;
      page.onStarted();
      refresh();
    },
    onFrame(frame) {
      parts.latest = frame;
      parts.frames++;
      parts.course.frame(frame);
      lossChart.push(frame.step, [frame.train_loss, frame.test_loss]);
      accuracyChart.push(frame.step, [frame.train_accuracy, frame.test_accuracy]);
      status.setFrame(frame);
      page.onFrame(frame);
    },
    onEnd(event) {
      parts.course.ended(event);
      if (event.status === "diverged") status.setMessage(t("run.diverged", { step: formatInt(event.step) }));
      else if (event.message && event.status !== "stopped") status.setMessage(event.message);
      else if (event.status === "done") status.setMessage(t("shell.finished", { steps: formatInt(event.step) }), "info");
    },
    onProblem(text) {
      status.setMessage(text);
      page.onProblem(text);
    },
    onWaiting(text) {
      status.setMessage(text, "info");
      page.onWaiting(text);
    },
    onNotice: (text) => status.setMessage(text, "info"),
    onChange: refresh,
  };
}

/** The course panel and the lesson bar: choosing a lesson plays it and lets the course follow it. */
function createCourseAndLessons(page, controller, restarts) {
  const course = createCourse({
    lab: page.lab,
    roots: { panel: $("course"), coach: $("coach"), toggle: $("course-slot") },
    facts: page.facts,
    apply(patch, { restart }) {
      page.change(page.courseChange(patch, page.url.get()));
      // a click is not a drag: a restart the page put off until the settings settle starts at once
      if (restart || restarts.pending()) restarts.now();
    },
    fullSpeed: () => page.change({ speed: "full" }),
    onProgress: () => lessons.refresh(),
  });
  const lessons = createLessonBar($("lessons"), {
    lessons: page.lessons,
    onChoose(lesson) {
      controller.play(); // a lesson starts playing: a pause left over from the last one would read as broken
      course.choose(lesson.id);
      const restartsBefore = restarts.count();
      page.change(lesson.choose(page.url.get()));
      // and it starts from step 0: settings it already had (only its pace changed) would keep a run that may be
      // far along, with the lesson's first thing to watch long gone
      if (restarts.pending() || restarts.count() === restartsBefore) restarts.now();
      prepareLesson(page, lesson.id);
    },
    matches: (state, lesson) => lesson.matches(state),
    describe: (lesson) => ({
      title: t(`${BY_ID[lesson.id].key}.title`),
      hint: t(`${BY_ID[lesson.id].key}.hint`),
      progress: course.countOf(lesson.id),
    }),
  });
  return { course, lessons };
}

/**
 * Compile ahead (issue 11 item 6): when a lesson opens, the server is asked to compile the runs its guided steps
 * will start (each step's action over the current settings), so a step's new depth or width shows its first frame
 * without waiting for XLA. Best effort: a full queue or an older server only means the step compiles when clicked.
 */
function prepareLesson(page, lessonId) {
  const lesson = BY_ID[lessonId];
  if (lesson?.lab !== page.lab) return;
  const state = page.url.get();
  const current = JSON.stringify(page.runConfig(state));
  const configs = new Map();
  for (const { action } of lesson.steps) {
    if (!action) continue;
    const config = page.runConfig({ ...state, ...page.courseChange(action, state) });
    const key = JSON.stringify(config);
    if (config && key !== current) configs.set(key, config);
  }
  if (configs.size) api.prepareRuns([...configs.values()].slice(0, PREPARE_MAX)).catch(() => {});
}

/** Space plays or pauses (unless a control has the focus); back from the page cache, the page starts afresh. */
function listenToThePage(page) {
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || event.target.closest(OWN_SPACE) || !page.playable()) return;
    event.preventDefault();
    $("play").click();
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload(); // its run was deleted on pagehide (web/run.js)
  });
}

/** A read-only hook for tests and the curious: counts and ids, never a way to change anything. */
function exposeHook({ controller, curves, restarts, url, latest, frames }, extra) {
  const common = {
    get runId() {
      return controller.runId;
    },
    get status() {
      return controller.status;
    },
    get step() {
      return latest()?.step ?? 0;
    },
    get frames() {
      return frames();
    },
    get lossPoints() {
      return curves.lossChart.count();
    },
    get curveStart() {
      return curves.lossChart.firstStep();
    },
    get hasPreviousCurve() {
      return curves.lossChart.hasPrevious();
    },
    /** Restarts the page has made (debounced ones once they fire), and whether one is waiting out its debounce. */
    get restarts() {
      return restarts.count();
    },
    get restartPending() {
      return restarts.pending();
    },
    get settings() {
      return structuredClone(url.get());
    },
  };
  const descriptors = { ...Object.getOwnPropertyDescriptors(common), ...Object.getOwnPropertyDescriptors(extra) };
  window.__lab = Object.freeze(Object.defineProperties({}, descriptors));
}
