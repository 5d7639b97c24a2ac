// The course's structure, read from course.json (plain data, so the catalogue test reads it without a browser).
// Per lesson: its id (models/lessons.py's; `digits.conv1` is the one learned convolution layer), where its text
// lives in the catalogues (web/i18n/*.json under `key`: title, hint, idea.p1…, stepN.do/check/button,
// predict.*), the formulas the text refers to (formulas.js), the "predict first" question and the guided steps.
//
// A step: `action` = the settings its button applies, in the page's own setting keys (web/state.js,
// web/digits/state-digits.js); `requires` = the settings a run must have for its frames to count (default: the
// action); `restart` = the action changes a live setting, but the check needs a run started with it;
// `check` = the checkpoint (checkpoints.js), with the `basis` for its threshold: a claim models/lessons.py makes
// and tests/models/test_lessons.py asserts, or what bench.lessons.metrics_at measured on the step's variant;
// `quiet` = coach rules the step expects to fire (logistic regression failing on purpose). A lesson with
// `trains: false` (No.6's fixed filters) has no run, so its panel offers no full speed.

import COURSE_DATA from "./course.json" with { type: "json" };

export const COURSE = COURSE_DATA;

export const BY_ID = Object.fromEntries(COURSE.map((lesson) => [lesson.id, lesson]));

/** The settings a step's frames must come from: its `requires`, else its `action`, else anything. */
export const requiredSettings = (step) => step.requires ?? step.action ?? {};

/** Stable step ids ("step1", …): the catalogue keys and the progress store use them. */
export const stepIds = (lesson) => lesson.steps.map((_, i) => `step${i + 1}`);

/** The course lessons of one page ("plane" or "digits"), in course order. */
export const lessonsOf = (lab) => COURSE.filter((lesson) => lesson.lab === lab);
