// The learner's progress through the course, kept in localStorage so ticks survive a reload and show on the
// lesson bar: which steps are done and which "predict first" answers were given. Only ids the course defines are
// kept, so a stale or edited entry cannot grow the store or invent lessons. Storage may be unavailable (private
// modes, disabled cookies): progress then lasts for the page's life.

import { BY_ID, stepIds } from "./lessons.js";

export const STORAGE_KEY = "boundary-lab.course.v1";

const empty = () => ({ steps: {}, predictions: {} });

/** Keep only known lessons, known step ids and known answers. */
function cleaned(raw) {
  const clean = empty();
  for (const [lessonId, steps] of Object.entries(raw?.steps ?? {})) {
    const lesson = BY_ID[lessonId];
    if (!lesson || !Array.isArray(steps)) continue;
    const ids = stepIds(lesson);
    const done = ids.filter((id) => steps.includes(id));
    if (done.length) clean.steps[lessonId] = done;
  }
  for (const [lessonId, answer] of Object.entries(raw?.predictions ?? {})) {
    if (BY_ID[lessonId]?.predict?.options.includes(answer)) clean.predictions[lessonId] = answer;
  }
  return clean;
}

/** A progress store over `storage` (localStorage by default; tests pass their own). */
export function createProgress(storage = globalThis.localStorage) {
  let state = empty();
  try {
    state = cleaned(JSON.parse(storage?.getItem(STORAGE_KEY) ?? "null"));
  } catch {
    state = empty(); // unreadable JSON or storage: start fresh
  }
  const save = () => {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(state));
    } catch {
      // storage full or disabled: keep the progress in memory
    }
  };

  return {
    isDone: (lessonId, stepId) => state.steps[lessonId]?.includes(stepId) ?? false,
    /** Tick a step (idempotent); false for ids the course does not define. */
    markDone(lessonId, stepId) {
      const lesson = BY_ID[lessonId];
      if (!lesson || !stepIds(lesson).includes(stepId)) return false;
      if (!state.steps[lessonId]?.includes(stepId)) {
        const done = new Set([...(state.steps[lessonId] ?? []), stepId]);
        state.steps[lessonId] = stepIds(lesson).filter((id) => done.has(id));
        save();
      }
      return true;
    },
    /** {done, total} for one lesson, or for the whole course when no id is given. */
    count(lessonId) {
      const lessons = lessonId ? [BY_ID[lessonId]].filter(Boolean) : Object.values(BY_ID);
      const total = lessons.reduce((sum, lesson) => sum + lesson.steps.length, 0);
      const done = lessons.reduce((sum, lesson) => sum + (state.steps[lesson.id]?.length ?? 0), 0);
      return { done, total };
    },
    answer: (lessonId) => state.predictions[lessonId] ?? null,
    /** Record a prediction (the first answer counts; the run then shows whether it was right). */
    setAnswer(lessonId, option) {
      if (!BY_ID[lessonId]?.predict?.options.includes(option)) return false;
      state.predictions[lessonId] ??= option;
      save();
      return true;
    },
    reset() {
      state = empty();
      try {
        storage?.removeItem(STORAGE_KEY);
      } catch {
        // nothing stored to clear
      }
    },
  };
}
