// The course as presets: each lesson sets every training setting (from the defaults), then the learner is free.
// View preferences (toggles, chart options) are left as the learner set them. `pace` is the speed a lesson
// starts at (steps per frame, web/run.js): the boundary forms over roughly 10–30 s instead of being done before
// the learner looks (at full speed a lesson is past step 100k within seconds); full speed is one click away.
// The presets are models/lessons.py's (GET /api/lessons), keyed by `id`: tests/web/test_lesson_presets.py checks
// that choosing a lesson here POSTs exactly the body that file defines, so the README's numbers are this page's.

import { defaults, sameRun, SETTINGS } from "./state.js";

/** A lesson record (web/shell.js): choosing it sets its settings at its pace; it stays marked while they hold. */
const planeLesson = (lesson) => ({
  ...lesson,
  choose: (state) => ({ ...applyLesson(state, lesson), speed: lesson.pace }),
  matches: (state) => sameRun(state, applyLesson(state, lesson)),
});

export const LESSONS = [
  {
    id: "plane.logistic",
    pace: "10",
    number: "1",
    title: "Logistic regression",
    hint: "○ vs ✕",
    settings: { dataset: "linear", model: "logistic", noise: 0.2 },
  },
  {
    id: "plane.softmax",
    pace: "10",
    number: "2",
    title: "Softmax",
    hint: "3 classes",
    settings: { dataset: "blobs3", classes: 3, model: "softmax", noise: 0.3 },
  },
  {
    id: "plane.circle",
    pace: "10",
    number: "3",
    title: "One hidden layer",
    hint: "circle",
    settings: { dataset: "circle", model: "mlp", hidden: [4], activation: "tanh", noise: 0.1 },
  },
  {
    id: "plane.xor",
    pace: "10",
    number: "4",
    title: "One hidden layer",
    hint: "xor",
    settings: { dataset: "xor", model: "mlp", hidden: [4], activation: "tanh", noise: 0.1 },
  },
  {
    id: "plane.spiral",
    pace: "100",
    number: "5",
    title: "Deep network",
    hint: "spiral",
    settings: { dataset: "spiral", model: "mlp", hidden: [8, 8], activation: "tanh", noise: 0, nPoints: 500 },
  },
].map(planeLesson);

const TRAINING_KEYS = SETTINGS.filter(({ effect }) => effect === "run" || effect === "live").map(({ key }) => key);

/** The state after choosing `lesson`: its settings over the defaults, keeping the learner's view settings. */
export function applyLesson(state, lesson) {
  const base = defaults();
  const next = { ...state };
  for (const key of TRAINING_KEYS)
    next[key] = key in lesson.settings ? structuredClone(lesson.settings[key]) : base[key];
  return next;
}
