// Every setting of the digits lab, declared once and kept in the URL hash, so that a link reproduces the lesson.
// A lesson fixes the defaults of the rest (softmax trains with SGD at 0.5, the CNN with Adam at 0.002), so a hash
// is read over its lesson's defaults and written with only the settings that lesson uses.
// Effects of a change:
//   run   → restart training (debounced), deleting the old run
//   live  → applied to the running run (the learning rate, via PATCH)
//   pace  → how fast the page drives training (no restart)
//   probe → which test digit the run probes (PATCH probe_index)
//   conv  → recompute the convolution lesson's maps
//   view  → only redraws

import {
  bool,
  createUrlState as urlStateOf,
  enumOf,
  floatIn,
  hashPairs,
  intIn,
  layerWidths,
  settingsTable,
} from "../urlhash.js";
import { round, roundSignificant } from "../util.js";
import { ACTIVATIONS, bound, OPTIMIZERS, pageSpan, span } from "../vocabulary.js";

export const LESSON_IDS = ["softmax", "mlp", "conv", "conv1", "cnn"];
export const TRAINING_LESSONS = new Set(["softmax", "mlp", "conv1", "cnn"]);
/** Lessons that train a CNN (POST kind "cnn"): conv1 has one learned conv stage and no dense layer, cnn two and one. */
export const CONV_NETS = new Set(["conv1", "cnn"]);
/** What one cell of the convolution lesson's kernel may hold, and its k (POST /api/convolve's bounds). */
export const KERNEL_VALUE = bound("kernel_value");
const KERNEL_SIZE = bound("convolve_kernel_size");
/** How fast the page drives training: "full" (the server's pace) or steps per frame. */
export const SPEEDS = ["1", "10", "100", "full"];

/** Vertical edges: the first kernel a learner sees. */
export const DEFAULT_KERNEL = [1, 0, -1, 1, 0, -1, 1, 0, -1];

/** A square kernel, row-major: k² numbers, k and each value within their bounds, kept to three decimals. */
const kernelValues = {
  parse: (text) => {
    const values = text.split(",").map((v) => (v.trim() === "" ? Number.NaN : Number(v)));
    const k = Math.round(Math.sqrt(values.length));
    const ok =
      k >= KERNEL_SIZE.low && k <= KERNEL_SIZE.high && k * k === values.length && values.every(Number.isFinite);
    const clamp = (v) => Math.min(KERNEL_VALUE.high, Math.max(KERNEL_VALUE.low, v));
    return ok ? values.map((v) => round(clamp(v), 3)) : undefined;
  },
  format: (values) => values.join(","),
};

const TRAINING = (lesson) => TRAINING_LESSONS.has(lesson);
const CONV_NET = (lesson) => CONV_NETS.has(lesson);

export const SETTINGS = [
  { key: "lesson", hash: "lesson", effect: "run", default: "softmax", when: () => true, ...enumOf(LESSON_IDS) },
  {
    key: "optimizer",
    hash: "opt",
    effect: "run",
    default: "sgd",
    when: TRAINING,
    ...enumOf(OPTIMIZERS),
  },
  {
    key: "learningRate",
    hash: "lr",
    effect: "live",
    default: 0.5,
    when: TRAINING,
    ...floatIn(...pageSpan("learning_rate"), roundSignificant),
  },
  { key: "batchSize", hash: "batch", effect: "run", default: 100, when: TRAINING, ...intIn(...span("batch_size")) },
  { key: "maxSteps", hash: "steps", effect: "run", default: 3000, when: TRAINING, ...intIn(...span("max_steps")) },
  { key: "seed", hash: "seed", effect: "run", default: 0, when: TRAINING, ...intIn(...span("seed")) },
  {
    key: "hidden",
    hash: "hidden",
    effect: "run",
    default: [32],
    when: (l) => l === "mlp",
    ...layerWidths(bound("hidden_layers"), bound("units_per_layer")),
  },
  {
    key: "activation",
    hash: "act",
    effect: "run",
    default: "relu",
    when: (l) => l === "mlp",
    ...enumOf(ACTIVATIONS),
  },
  { key: "conv1", hash: "f1", effect: "run", default: 8, when: CONV_NET, ...intIn(...span("conv1_filters")) },
  // the CNN lesson always stacks two stages and a dense layer (0 of either is the one-stage No.7's net); its
  // smallest dense layer is the panel's first stop, 8 units
  {
    key: "conv2",
    hash: "f2",
    effect: "run",
    default: 16,
    when: (l) => l === "cnn",
    ...intIn(...pageSpan("conv2_filters")),
  },
  { key: "kernelSize", hash: "k", effect: "run", default: 5, when: CONV_NET, ...intIn(...span("kernel_size")) },
  {
    key: "dense",
    hash: "dense",
    effect: "run",
    default: 128,
    when: (l) => l === "cnn",
    ...intIn(...pageSpan("dense_units")),
  },
  {
    key: "speed",
    hash: "speed",
    effect: "pace",
    default: "full",
    when: TRAINING,
    ...enumOf(SPEEDS),
  },
  { key: "probe", hash: "probe", effect: "probe", default: 0, when: TRAINING, ...intIn(...span("probe_index")) },
  { key: "logLoss", hash: "logy", effect: "view", default: false, when: TRAINING, ...bool },
  {
    key: "digit",
    hash: "digit",
    effect: "conv",
    default: 0,
    when: (l) => l === "conv",
    ...intIn(...span("digit_index")),
  },
  {
    key: "kernel",
    hash: "kernel",
    effect: "conv",
    default: DEFAULT_KERNEL,
    when: (l) => l === "conv",
    ...kernelValues,
  },
];

const TABLE = settingsTable(SETTINGS);

/**
 * What each lesson sets over the table's defaults. Measured presets: softmax with plain SGD reaches ≈0.90 test
 * accuracy in 1,000 steps; the CNN ≈0.975 after 8–12 epochs of 160 steps (batch 50). Softmax and the MLP are
 * paced (10 and 100 steps a frame): at full speed they finish within a few of the server's ~2 s test evaluations,
 * too fast to watch and with too few points for a test curve. The one learned conv layer (No.7) is paced at 10
 * steps a frame too: at full speed its 1,600 steps take a few seconds; paced, about 30 s here, time to watch its
 * filters form (README's lesson table has its accuracy).
 */
export const LESSON_SETTINGS = {
  softmax: { optimizer: "sgd", learningRate: 0.5, batchSize: 100, maxSteps: 3000, speed: "10" },
  mlp: {
    optimizer: "adam",
    learningRate: 0.001,
    batchSize: 100,
    maxSteps: 8000,
    hidden: [32],
    activation: "relu",
    speed: "100",
  },
  conv: {},
  conv1: { optimizer: "adam", learningRate: 0.002, batchSize: 50, maxSteps: 1600, speed: "10" },
  cnn: { optimizer: "adam", learningRate: 0.002, batchSize: 50, maxSteps: 2400, speed: "full" },
};

export function defaults(lesson = "softmax") {
  return { ...TABLE.defaults(), ...structuredClone(LESSON_SETTINGS[lesson]), lesson };
}

/** Settings from a hash such as "#lesson=cnn&lr=0.001"; a missing or malformed value falls back to its default. */
export function parseHash(hash) {
  const pairs = hashPairs(hash);
  const lesson = enumOf(LESSON_IDS).parse(pairs.get("lesson") ?? "") ?? "softmax";
  return TABLE.read(pairs, defaults(lesson));
}

/** The settings the lesson uses, always all of them (a link must not depend on today's defaults). */
export const formatHash = (state) => TABLE.write(state, ({ when }) => when(state.lesson));

/** The state after choosing a lesson: its presets over the defaults, keeping the chosen digits and kernel. */
export function applyLesson(state, lesson) {
  return { ...defaults(lesson), probe: state.probe, digit: state.digit, kernel: state.kernel, logLoss: state.logLoss };
}

export const { changedKeys, effectsOf } = TABLE;

/** The lesson's settings in the address bar (see ../urlhash.js). */
export const createUrlState = (onNavigate, settleMs) => urlStateOf({ parseHash, formatHash }, onNavigate, settleMs);

/** From the settings to the body of POST /api/runs (the digits are the server's MNIST split). */
export function runConfigOf(state) {
  const model = { kind: CONV_NET(state.lesson) ? "cnn" : state.lesson };
  if (state.lesson === "mlp") Object.assign(model, { hidden: state.hidden, activation: state.activation });
  if (CONV_NET(state.lesson)) {
    const stacked = state.lesson === "cnn"; // conv1: 0 = no second stage, no dense layer
    Object.assign(model, {
      conv1_filters: state.conv1,
      conv2_filters: stacked ? state.conv2 : 0,
      kernel_size: state.kernelSize,
      dense_units: stacked ? state.dense : 0,
    });
  }
  return {
    dataset: { name: "mnist" },
    model,
    optimizer: { name: state.optimizer, learning_rate: state.learningRate, batch_size: state.batchSize },
    max_steps: state.maxSteps,
    probe_index: state.probe,
    seed: state.seed,
  };
}
