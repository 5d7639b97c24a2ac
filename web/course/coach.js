// The coach: rules that read the live run's recent frames and say what went wrong, why, and what to try.
// Each rule is a pure function (history, facts) → advice | null, where
//   history: summaries of the run's frames, oldest first (FrameHistory below keeps them bounded)
//   facts:   what the page knows about the run's settings (web/course/runfacts.js), incl. the fixes it can apply
//   advice:  {rule, params, fix: {setting: value} | null, label, restart, why}; `params` fill both the message
//            (`coach.<rule>.say`) and the fix button (`label`); `why` is the lesson whose text explains it.
// Thresholds are in epochs, so a rule means the same at any speed, and they are crossed within seconds by the
// runs that should trigger them (measured with bench.lessons.metrics_at):
//   - diverged: a ReLU [8] net on the circle at learning rate 10 has a NaN loss by epoch 10;
//   - flat loss: logistic regression at 1e-4 keeps train loss 0.43–1.17 after 50 epochs (preset 0.03: < 0.07);
//     MNIST softmax at 0.001 is still at 2.17 after 2 epochs (preset 0.5 reaches 0.89 test accuracy by epoch 13);
//   - linear stuck: logistic regression on circle, xor and spiral stays at ≤ 0.71 train accuracy after 50 epochs;
//   - dead units: ReLU [8, 8] on the spiral at learning rate 3 has 8 of 16 units dead from epoch 8 on (0.03: none);
//   - overfitting: a ReLU [32, 32, 32] net with Adam 0.01 on 40 noisy circle points (n 200, train 20 %, noise 0.5)
//     has test loss 1.4 → 2.6 by epoch 250 and trails train accuracy by 24–29 points. The 2D presets left running
//     to 1,000,000 steps drift too, but by little: the circle's 4 tanh units go from test loss 0.085 to 0.32 with a
//     train/test accuracy gap of at most 7.5 points, xor's at most 9, the spiral's 7 once its test loss has risen —
//     a test loss creeping up late in a long run is not the memorising the course warns about, so the rule asks
//     for a clear rise (relative and absolute), held for a while, and a real gap between the two accuracies.

import { roundSignificant } from "../util.js";

export const THRESHOLDS = {
  plane: {
    flatEpochs: 50,
    flatLoss: 0.2,
    stuckEpochs: 50,
    stuckAccuracy: 0.85,
    overfitEpochs: 20,
    overfitRise: 0.25,
    overfitLossRise: 0.15,
    overfitGap: 0.12,
    deadEpochs: 5,
    deadFraction: 0.5,
  },
  digits: {
    flatEpochs: 2,
    flatLoss: 0.5,
    stuckEpochs: 2,
    stuckAccuracy: 0.85,
    overfitEpochs: 1,
    overfitRise: 0.25,
    overfitLossRise: 0.15,
    overfitGap: 0.12,
    deadEpochs: 1,
    deadFraction: 0.5,
  },
};
/** A unit whose largest |activation| over the whole map is below this outputs zero everywhere: it is dead. */
export const DEAD_SCALE = 1e-6;
/** Below a third of the usual rate, a loss that hardly moves is the learning rate's fault. */
const LOW_RATE_FACTOR = 3;

/** The lesson whose text explains each rule (web/course/lessons.js ids). */
export const WHY = {
  diverged: "digits.softmax",
  flat_loss: "digits.softmax",
  linear_stuck: "plane.circle",
  overfitting: "plane.spiral",
  dead_units: "digits.mlp",
};

const finite = (x) => typeof x === "number" && Number.isFinite(x);
const percent = (x) => `${Math.round(x * 100)}%`;

/** The part of a frame (or end event) the rules read; unit scales from the 2D lab's units or a CNN's conv1 maps. */
export function summarize(frame, previous = null) {
  return {
    step: frame.step ?? previous?.step ?? 0,
    epoch: frame.epoch ?? previous?.epoch ?? 0,
    status: frame.status ?? null,
    learning_rate: frame.learning_rate ?? previous?.learning_rate ?? null,
    train_loss: frame.train_loss ?? null,
    test_loss: frame.test_loss ?? null,
    train_accuracy: frame.train_accuracy ?? null,
    test_accuracy: frame.test_accuracy ?? null,
    unit_scales: frame.units?.scales ?? frame.digits?.feature_maps?.conv1?.scales ?? null,
  };
}

/**
 * A run's frame summaries, bounded: when `limit` is reached the older half is thinned to every other entry, so
 * the history always spans the whole run (a best test loss from long ago is kept) in O(limit) memory.
 */
export class FrameHistory {
  constructor(limit = 512) {
    this.limit = Math.max(8, limit);
    this.frames = [];
  }

  push(frame) {
    this.frames.push(summarize(frame, this.frames.at(-1)));
    if (this.frames.length > this.limit) {
      const half = Math.floor(this.frames.length / 2);
      this.frames = [...this.frames.slice(0, half).filter((_, i) => i % 2 === 0), ...this.frames.slice(half)];
    }
  }

  clear() {
    this.frames = [];
  }
}

const thresholdsOf = (facts) => THRESHOLDS[facts.lab] ?? THRESHOLDS.plane;

/** The last frame at or before `epoch` (null when the history does not reach back that far). */
const frameAtEpoch = (history, epoch) => history.findLast((f) => f.epoch <= epoch) ?? null;

function advice(rule, params, fix) {
  return {
    rule,
    params,
    fix: fix?.settings ?? null,
    label: fix?.label ?? null,
    restart: fix?.restart ?? false,
    why: WHY[rule],
  };
}

/** The loss became NaN/∞ (or the server ended the run as diverged): the steps were far too big. */
export function diverged(history, facts) {
  const last = history.at(-1);
  if (!last) return null;
  const blewUp = last.status === "diverged" || (last.step > 0 && !finite(last.train_loss));
  if (!blewUp) return null;
  const current = last.learning_rate ?? facts.learningRate;
  const value = roundSignificant(current / 10);
  return advice(
    "diverged",
    { step: last.step.toLocaleString("en-US"), current, value },
    { settings: { learningRate: value }, label: "coach.diverged.fix", restart: true },
  );
}

/** The loss hardly moved for many epochs while the rate is far below the usual one for this model. */
export function flatLoss(history, facts) {
  const { flatEpochs, flatLoss: lowLoss } = thresholdsOf(facts);
  const last = history.at(-1);
  const current = last?.learning_rate ?? facts.learningRate;
  const usual = facts.typicalLearningRate;
  if (!last || !usual || !(current < usual / LOW_RATE_FACTOR)) return null;
  const start = frameAtEpoch(history, last.epoch - flatEpochs);
  if (!start || !finite(start.train_loss) || !finite(last.train_loss)) return null;
  const stalled = last.train_loss > lowLoss && last.train_loss > start.train_loss / 2;
  if (!stalled) return null;
  return advice(
    "flat_loss",
    { epochs: flatEpochs, current, value: usual },
    { settings: { learningRate: usual }, label: "coach.flat_loss.fix" },
  );
}

/** A linear model on data no line can split stays well below 100 % whatever the rate. */
export function linearStuck(history, facts) {
  const { stuckEpochs, stuckAccuracy } = thresholdsOf(facts);
  const last = history.at(-1);
  if (!facts.lineCannotSplit || !last || last.epoch < stuckEpochs) return null;
  if (!finite(last.train_accuracy) || last.train_accuracy >= stuckAccuracy) return null;
  return advice(
    "linear_stuck",
    { epochs: Math.floor(last.epoch), accuracy: percent(last.train_accuracy) },
    facts.fixes?.linear_stuck,
  );
}

const mean = (values) => values.reduce((sum, x) => sum + x, 0) / values.length;

/**
 * Memorising: the test loss stands well above its best — by `overfitRise` of it and by `overfitLossRise` nats —
 * and has stood above half that rise for `overfitEpochs`, while the training loss kept falling and the test accuracy trails the training
 * accuracy by `overfitGap` or more. All four, so a small late creep of a well-fitting net stays quiet.
 */
export function overfitting(history, facts) {
  const { overfitEpochs, overfitRise, overfitLossRise, overfitGap } = thresholdsOf(facts);
  const tested = history.filter((f) => finite(f.test_loss) && finite(f.train_loss));
  if (tested.length < 4) return null;
  const best = tested.reduce((a, b) => (b.test_loss < a.test_loss ? b : a));
  const last = tested.at(-1);
  const recentFrames = tested.slice(-3);
  const recent = mean(recentFrames.map((f) => f.test_loss));
  const risen = (loss, part = 1) =>
    loss >= best.test_loss * (1 + overfitRise * part) && loss >= best.test_loss + overfitLossRise * part;
  const lately = tested.filter((f) => f.epoch >= last.epoch - overfitEpochs);
  const held = lately.every((f) => risen(f.test_loss, 0.5));
  const gaps = recentFrames.map((f) => f.train_accuracy - f.test_accuracy);
  const gap = gaps.every(finite) ? mean(gaps) : null;
  const trainFalling = last.train_loss < best.train_loss;
  if (last.epoch - best.epoch < overfitEpochs || !risen(recent) || !held) return null;
  if (!trainFalling || gap === null || gap < overfitGap) return null;
  return advice(
    "overfitting",
    { epoch: Math.round(best.epoch), rise: percent(recent / best.test_loss - 1), gap: Math.round(gap * 100) },
    facts.fixes?.overfitting,
  );
}

const deadCount = (scales) => scales.filter((s) => !(s > DEAD_SCALE)).length;

/** At least half of the ReLU units output zero everywhere, and have for `deadEpochs`: they will not recover. */
export function deadUnits(history, facts) {
  const { deadEpochs, deadFraction } = thresholdsOf(facts);
  const last = history.at(-1);
  if (facts.activation !== "relu" || !last?.unit_scales?.length) return null;
  if (!frameAtEpoch(history, last.epoch - deadEpochs)) return null;
  const window = history.filter((f) => f.epoch >= last.epoch - deadEpochs);
  const mostlyDead = (scales) => scales?.length && deadCount(scales) / scales.length >= deadFraction;
  const allDead = window.every((f) => mostlyDead(f.unit_scales));
  if (!allDead) return null;
  return advice(
    "dead_units",
    {
      dead: deadCount(last.unit_scales),
      total: last.unit_scales.length,
      value: roundSignificant((last.learning_rate ?? facts.learningRate) / 10),
    },
    facts.fixes?.dead_units,
  );
}

/** In order of precedence: the first rule that fires is the one the coach says. */
export const RULES = [
  ["diverged", diverged],
  ["dead_units", deadUnits],
  ["linear_stuck", linearStuck],
  ["flat_loss", flatLoss],
  ["overfitting", overfitting],
];

/** The coach's advice for this history (null: all is well); `quiet` names rules the current step expects. */
export function coachAdvice(history, facts, { quiet = [] } = {}) {
  for (const [name, rule] of RULES) {
    if (quiet.includes(name)) continue;
    const said = rule(history, facts);
    if (said) return said;
  }
  return null;
}
