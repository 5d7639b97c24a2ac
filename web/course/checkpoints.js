// Whether a guided step's checkpoint is reached: a pure function of the run's settings and the frames it has
// streamed (web/run.js hands every frame to the page). Nothing here reads a clock: a checkpoint ticks because the
// live run's own numbers crossed the line, never because time passed.
//
// A checkpoint is one of
//   {metric, op, value, after_epochs?, after_steps?}  a frame field (train_accuracy, test_accuracy, train_loss,
//                                                     test_loss, step, epoch) compared with `value`, counted only
//                                                     in frames at or past `after_epochs` / `after_steps`
//   {setting, op, value}                              a page setting (lessons that train nothing, e.g. the
//                                                     convolution filters), compared by value

import { requiredSettings } from "./lessons.js";

export const METRICS = ["train_accuracy", "test_accuracy", "train_loss", "test_loss", "step", "epoch"];
export const OPS = [">=", ">", "<=", "<", "==", "!="];

const sameValue = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function compare(actual, op, expected) {
  if (op === "==") return sameValue(actual, expected);
  if (op === "!=") return !sameValue(actual, expected);
  if (typeof actual !== "number" || !Number.isFinite(actual)) return false; // no value yet, or a diverged loss
  if (op === ">=") return actual >= expected;
  if (op === ">") return actual > expected;
  if (op === "<=") return actual <= expected;
  if (op === "<") return actual < expected;
  throw new Error(`unknown checkpoint op ${op}`);
}

/** One frame satisfies a metric checkpoint (null/NaN metrics never do; `after_*` bounds are inclusive). */
export function frameMeets(check, frame) {
  if (!frame) return false;
  if (check.after_epochs !== undefined && !(frame.epoch >= check.after_epochs)) return false;
  if (check.after_steps !== undefined && !(frame.step >= check.after_steps)) return false;
  return compare(frame[check.metric], check.op, check.value);
}

/** The settings match everything `required` names (arrays and lists compare by value). */
export const settingsMatch = (settings, required) =>
  Object.entries(required).every(([key, value]) => sameValue(settings?.[key], value));

/**
 * Has the learner reached `step`? `settings`: the page's settings of the run that produced `frames` (all frames of
 * that one run, oldest first). Metric checks need a matching run and one frame that meets the check.
 */
export function stepReached(step, { settings, frames = [] }) {
  if (!settingsMatch(settings, requiredSettings(step))) return false;
  const { check } = step;
  if (check.setting !== undefined) return compare(settings[check.setting], check.op, check.value);
  return frames.some((frame) => frameMeets(check, frame));
}

/** Values for a checkpoint sentence's placeholders: {target} (accuracies as percent), {epochs}, {steps}. */
export function checkParams(check) {
  const params = {};
  if (typeof check.value === "number") {
    params.target = /accuracy/.test(check.metric ?? "")
      ? `${+(check.value * 100).toFixed(1)}%`
      : check.value.toLocaleString("en-US");
  }
  if (check.after_epochs !== undefined) params.epochs = check.after_epochs.toLocaleString("en-US");
  if (check.after_steps !== undefined) params.steps = check.after_steps.toLocaleString("en-US");
  return params;
}
