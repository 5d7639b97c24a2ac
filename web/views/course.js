// The course on a page: the panel, the coach and the ticks, driven by the page's run. The page tells it when a
// run starts (with the settings it started with), every frame and the end, and every settings change; it tells
// the page which settings a step or a fix applies. Ticks come only from the live run's numbers
// (web/course/checkpoints.js), never from a clock. "Free lab" hides the panel; the top bar's Course button
// brings it back (the choice is remembered). The coach speaks in both modes.

import { coachAdvice, FrameHistory } from "../course/coach.js";
import { frameMeets, settingsMatch, stepReached } from "../course/checkpoints.js";
import { BY_ID, lessonsOf, requiredSettings, stepIds } from "../course/lessons.js";
import { createProgress } from "../course/progress.js";
import { t } from "../i18n.js";
import { element, formatPercent } from "../util.js";
import { createCoachCard } from "./coach.js";
import { createCoursePanel } from "./coursepanel.js";

const MODE_KEY = "boundary-lab.course.mode";
const OPEN_KEY = "boundary-lab.course.open";

function stored(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}
function store(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage disabled: the choice lasts for this page
  }
}

/**
 * lab: "plane" | "digits". roots: {panel, coach, toggle (top bar)}. facts(settings): runfacts.js for this page.
 * apply(settings, {restart}): the page applies a step's or a fix's settings. fullSpeed(): the page runs at full
 * speed. onProgress(): a tick changed the counts the lesson bar shows. onMode(open): the panel was shown or hidden.
 */
export function createCourse({ lab, roots, facts, apply, fullSpeed, onProgress = () => {}, onMode = () => {} }) {
  const progress = createProgress();
  const history = new FrameHistory();
  let runSettings = null;
  const openStore = stored(OPEN_KEY) ?? {};
  let open = BY_ID[openStore[lab]]?.lab === lab ? BY_ID[openStore[lab]] : lessonsOf(lab)[0];
  let mode = stored(MODE_KEY) === "free" ? "free" : "course";

  const changed = () => {
    panel.refresh();
    onProgress();
  };
  const panel = createCoursePanel(roots.panel, {
    progress,
    onStep: (lesson, step) => apply(step.action, { restart: Boolean(step.restart) }),
    onFullSpeed: fullSpeed,
    onFreeLab: () => setMode("free"),
    onPredict(lesson, option) {
      progress.setAnswer(lesson.id, option);
      panel.refresh();
    },
  });
  roots.panel.addEventListener("course-progress", () => onProgress());
  const coach = createCoachCard(roots.coach, {
    onFix: (advice) => apply(advice.fix, { restart: advice.restart }),
  });
  const toggle = element("button", {
    type: "button",
    class: "tool course-toggle",
    id: "course-toggle",
    text: t("course.open"),
    title: t("course.title"),
  });
  toggle.addEventListener("click", () => setMode(mode === "course" ? "free" : "course"));
  roots.toggle.append(toggle);

  function setMode(next) {
    mode = next;
    store(MODE_KEY, mode);
    roots.panel.hidden = mode !== "course";
    toggle.setAttribute("aria-pressed", String(mode === "course"));
    onMode(mode === "course");
  }

  /** The step ids of the open lesson whose frames this run can tick. */
  function tickable() {
    return open.steps
      .map((step, i) => [step, `step${i + 1}`])
      .filter(([step, id]) => !progress.isDone(open.id, id) && settingsMatch(runSettings, requiredSettings(step)));
  }

  function tick(frame) {
    let any = false;
    for (const [step, id] of tickable()) {
      if (step.check.metric === undefined || !frameMeets(step.check, frame)) continue;
      any = progress.markDone(open.id, id) || any;
    }
    if (any) changed();
  }

  /** Coach rules the open lesson's current steps expect (logistic regression failing on purpose). */
  function quietRules() {
    if (mode !== "course" || !runSettings) return [];
    return open.steps.filter((step) => settingsMatch(runSettings, requiredSettings(step))).flatMap((s) => s.quiet ?? []);
  }

  panel.show(open);
  setMode(mode);

  return {
    progress,
    /** The page shows a lesson's settings (at load, or a lesson chosen on the page): open it, mode unchanged. */
    follow(lessonId) {
      if (BY_ID[lessonId]?.lab !== lab || open.id === lessonId) return;
      open = BY_ID[lessonId];
      store(OPEN_KEY, { ...(stored(OPEN_KEY) ?? {}), [lab]: lessonId });
      panel.show(open);
    },
    /** The learner chose a lesson (by its course id): open it in the panel, and show the panel. */
    choose(lessonId) {
      if (!BY_ID[lessonId]) return;
      open = BY_ID[lessonId];
      store(OPEN_KEY, { ...(stored(OPEN_KEY) ?? {}), [lab]: lessonId });
      panel.show(open);
      if (mode !== "course") setMode("course");
    },
    runStarted(settings) {
      runSettings = structuredClone(settings);
      history.clear();
      coach.reset();
      panel.setAccuracy(null);
    },
    frame(frame) {
      history.push(frame);
      tick(frame);
      if (typeof frame.test_accuracy === "number") panel.setAccuracy(formatPercent(frame.test_accuracy, 1));
      coach.say(coachAdvice(history.frames, facts(runSettings), { quiet: quietRules() }));
    },
    ended(event) {
      if (!runSettings) return;
      history.push(event);
      coach.say(coachAdvice(history.frames, facts(runSettings), { quiet: quietRules() }));
    },
    /** Lessons that train nothing tick from the settings themselves. */
    settingsChanged(state) {
      let any = false;
      open.steps.forEach((step, i) => {
        if (step.check.setting === undefined || progress.isDone(open.id, `step${i + 1}`)) return;
        if (stepReached(step, { settings: state })) any = progress.markDone(open.id, `step${i + 1}`) || any;
      });
      if (any) changed();
    },
    /** "2/3" for the lesson bar. */
    countOf: (lessonId) => (BY_ID[lessonId] ? progress.count(lessonId) : null),
    get open() {
      return open;
    },
    stepIds,
  };
}
