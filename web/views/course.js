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

/** The lesson the panel opened last time on this page, or the page's first lesson. */
function storedLesson(lab) {
  const id = (stored(OPEN_KEY) ?? {})[lab];
  return BY_ID[id]?.lab === lab ? BY_ID[id] : lessonsOf(lab)[0];
}

function rememberLesson(lab, lessonId) {
  store(OPEN_KEY, { ...(stored(OPEN_KEY) ?? {}), [lab]: lessonId });
}

/** The top bar's Course button; a click switches between the course and the free lab. */
function courseToggle(root, onClick) {
  const toggle = element("button", {
    type: "button",
    class: "tool course-toggle",
    id: "course-toggle",
    text: t("course.open"),
    title: t("course.title"),
  });
  toggle.addEventListener("click", onClick);
  root.append(toggle);
  return toggle;
}

/** The steps (with their ids) of the open lesson that this run's settings allow to tick and that are not done. */
function tickable({ open, runSettings }, progress) {
  return open.steps
    .map((step, i) => [step, `step${i + 1}`])
    .filter(([step, id]) => !progress.isDone(open.id, id) && settingsMatch(runSettings, requiredSettings(step)));
}

/** Tick the steps a frame meets; whether any tick changed. */
function tickFrame(course, progress, frame) {
  let any = false;
  for (const [step, id] of tickable(course, progress)) {
    if (step.check.metric === undefined || !frameMeets(step.check, frame)) continue;
    any = progress.markDone(course.open.id, id) || any;
  }
  return any;
}

/** Tick the steps that the settings themselves reach (lessons that train nothing); whether any tick changed. */
function tickSettings({ open }, progress, state) {
  let any = false;
  open.steps.forEach((step, i) => {
    if (step.check.setting === undefined || progress.isDone(open.id, `step${i + 1}`)) return;
    if (stepReached(step, { settings: state })) any = progress.markDone(open.id, `step${i + 1}`) || any;
  });
  return any;
}

/** Coach rules the open lesson's current steps expect (logistic regression failing on purpose). */
function quietRules({ mode, runSettings, open }) {
  if (mode !== "course" || !runSettings) return [];
  return open.steps.filter((step) => settingsMatch(runSettings, requiredSettings(step))).flatMap((s) => s.quiet ?? []);
}

/** The panel: a step's button applies its settings; a prediction is stored and shown. */
function coursePanel(root, progress, { apply, fullSpeed, onFreeLab }) {
  const panel = createCoursePanel(root, {
    progress,
    onStep: (lesson, step) => apply(step.action, { restart: Boolean(step.restart) }),
    onFullSpeed: fullSpeed,
    onFreeLab,
    onPredict(lesson, option) {
      progress.setAnswer(lesson.id, option);
      panel.refresh();
    },
  });
  return panel;
}

/**
 * lab: "plane" | "digits". roots: {panel, coach, toggle (top bar)}. facts(settings): runfacts.js for this page.
 * apply(settings, {restart}): the page applies a step's or a fix's settings. fullSpeed(): the page runs at full
 * speed. onProgress(): a tick changed the counts the lesson bar shows. onMode(open): the panel was shown or hidden.
 */
export function createCourse({ lab, roots, facts, apply, fullSpeed, onProgress = () => {}, onMode = () => {} }) {
  const progress = createProgress();
  const history = new FrameHistory();
  const course = { open: storedLesson(lab), mode: stored(MODE_KEY) === "free" ? "free" : "course", runSettings: null };
  const panel = coursePanel(roots.panel, progress, { apply, fullSpeed, onFreeLab: () => setMode("free") });
  roots.panel.addEventListener("course-progress", () => onProgress());
  const coach = createCoachCard(roots.coach, { onFix: (advice) => apply(advice.fix, { restart: advice.restart }) });
  const toggle = courseToggle(roots.toggle, () => setMode(course.mode === "course" ? "free" : "course"));
  function setMode(next) {
    course.mode = next;
    store(MODE_KEY, next);
    roots.panel.hidden = next !== "course";
    toggle.setAttribute("aria-pressed", String(next === "course"));
    onMode(next === "course");
  }
  const ticked = (any) => {
    if (!any) return;
    panel.refresh();
    onProgress();
  };
  const openLesson = (lessonId) => {
    course.open = BY_ID[lessonId];
    rememberLesson(lab, lessonId);
    panel.show(course.open);
  };
  const advise = () => coach.say(coachAdvice(history.frames, facts(course.runSettings), { quiet: quietRules(course) }));
  panel.show(course.open);
  setMode(course.mode);

  return {
    progress,
    /** The page shows a lesson's settings (at load, or a lesson chosen on the page): open it, mode unchanged. */
    follow(lessonId) {
      if (BY_ID[lessonId]?.lab === lab && course.open.id !== lessonId) openLesson(lessonId);
    },
    /** The learner chose a lesson (by its course id): open it in the panel, and show the panel. */
    choose(lessonId) {
      if (!BY_ID[lessonId]) return;
      openLesson(lessonId);
      if (course.mode !== "course") setMode("course");
    },
    runStarted(settings) {
      course.runSettings = structuredClone(settings);
      history.clear();
      coach.reset();
      panel.setAccuracy(null);
    },
    frame(frame) {
      history.push(frame);
      ticked(tickFrame(course, progress, frame));
      if (typeof frame.test_accuracy === "number") panel.setAccuracy(formatPercent(frame.test_accuracy, 1));
      advise();
    },
    ended(event) {
      if (!course.runSettings) return;
      history.push(event);
      advise();
    },
    /** Lessons that train nothing tick from the settings themselves. */
    settingsChanged: (state) => ticked(tickSettings(course, progress, state)),
    /** "2/3" for the lesson bar. */
    countOf: (lessonId) => (BY_ID[lessonId] ? progress.count(lessonId) : null),
    get open() {
      return course.open;
    },
    stepIds,
  };
}
