// Every setting of the lab, declared once, and kept in the URL hash so that a link reproduces the run.
// Each row says how a setting is parsed, bounded and written, and what a change does:
//   run  → restart training (debounced), deleting the old run
//   live → applied to the running run (the learning rate, via PATCH)
//   pace → how fast the page drives training (no restart)
//   view → only redraws
// History: a settled change pushes one entry, so Back returns to the previous settings (and retrains them).

import {
  bool,
  createUrlState as urlStateOf,
  enumOf,
  floatIn,
  hashPairs,
  intIn,
  layerWidths,
  settingsTable,
} from "./urlhash.js";
import { round, roundSignificant } from "./util.js";
import {
  ACTIVATIONS,
  bound,
  DATASETS as ALL_DATASETS,
  datasetNamesOf,
  FEATURES,
  modelKindsOf,
  OPTIMIZERS,
  pageSpan,
  REGULARIZATIONS,
  span,
} from "./vocabulary.js";

export { FEATURES };
/** A feature's name in the hash: letters and digits only ("x1^2" → "x1sq", "sin_x1" → "sinx1"). */
const featureHash = (name) => name.replace("^2", "sq").replace(/[^A-Za-z0-9]/g, "");
export const DATASETS = datasetNamesOf("plane");
export const MULTICLASS_DATASETS = new Set(
  ALL_DATASETS.filter((d) => d.lab === "plane" && d.classes.length > 1).map((d) => d.name),
);
/** The kinds the 2D panel offers (a CNN needs images). */
export const PLANE_MODELS = modelKindsOf("plane");
export const SPEEDS = ["full", "1000", "100", "10", "1"];
/** "Stop after" choices: every power of ten from 10,000 up to the server's limit. */
export const MAX_STEPS = Array.from({ length: Math.log10(bound("max_steps").high) - 3 }, (_, i) => 10 ** (i + 4));
const CLASSES = bound("classes");
const HIDDEN_LAYERS = bound("hidden_layers");
const UNITS = bound("units_per_layer");

const featureSet = {
  parse: (text) => {
    const chosen = new Set(text.split(","));
    const names = FEATURES.filter((name) => chosen.has(featureHash(name)));
    return names.length ? names : undefined;
  },
  format: (names) => names.map(featureHash).join(","),
};
/** Custom points as "x1,x2,label;…" with three decimals: state always holds rounded points, so links are exact. */
const pointList = {
  parse: (text) => {
    if (text === "") return [];
    const rows = text.split(";").map((row) => row.split(",").map(Number));
    const ok = rows.every(
      ([x1, x2, label, ...rest]) =>
        rest.length === 0 &&
        Number.isFinite(x1) &&
        Number.isFinite(x2) &&
        Number.isInteger(label) &&
        label >= 0 &&
        label < CLASSES.high,
    );
    return ok ? rows.map(([x1, x2, label]) => [round(x1, 3), round(x2, 3), label]) : undefined;
  },
  format: (rows) => rows.map((row) => row.join(",")).join(";"),
};

export const SETTINGS = [
  { key: "dataset", hash: "data", effect: "run", default: "linear", ...enumOf(DATASETS) },
  { key: "classes", hash: "classes", effect: "run", default: 2, ...intIn(...span("classes")) },
  { key: "noise", hash: "noise", effect: "run", default: 0.2, ...floatIn(...span("noise"), (x) => round(x, 2)) },
  { key: "nPoints", hash: "n", effect: "run", default: 400, ...intIn(...span("n_points")) },
  // a whole percent: 1 % is the smallest above the server's exclusive 0
  { key: "trainPercent", hash: "train", effect: "run", default: 50, ...intIn(...pageSpan("train_fraction").map((fraction) => Math.round(100 * fraction))) },
  { key: "dataSeed", hash: "dseed", effect: "run", default: 0, ...intIn(...span("seed")) },
  { key: "points", hash: "pts", effect: "run", default: [], ...pointList },
  { key: "model", hash: "model", effect: "run", default: "logistic", ...enumOf(PLANE_MODELS) },
  { key: "hidden", hash: "hidden", effect: "run", default: [4], ...layerWidths(HIDDEN_LAYERS, UNITS) },
  { key: "activation", hash: "act", effect: "run", default: "tanh", ...enumOf(ACTIVATIONS) },
  { key: "features", hash: "feat", effect: "run", default: ["x1", "x2"], ...featureSet },
  {
    key: "learningRate",
    hash: "lr",
    effect: "live",
    default: 0.03,
    ...floatIn(...pageSpan("learning_rate"), roundSignificant),
  },
  { key: "optimizer", hash: "opt", effect: "run", default: "sgd", ...enumOf(OPTIMIZERS) },
  { key: "batchSize", hash: "batch", effect: "run", default: 10, ...intIn(...span("batch_size")) },
  { key: "regularization", hash: "reg", effect: "run", default: "none", ...enumOf(REGULARIZATIONS) },
  {
    key: "regRate",
    hash: "rrate",
    effect: "run",
    default: 0.001,
    ...floatIn(...span("regularization_rate"), roundSignificant),
  },
  { key: "seed", hash: "seed", effect: "run", default: 0, ...intIn(...span("seed")) },
  { key: "maxSteps", hash: "steps", effect: "run", default: 1_000_000, ...intIn(...span("max_steps")) },
  { key: "speed", hash: "speed", effect: "pace", default: "full", ...enumOf(SPEEDS) },
  { key: "showTest", hash: "test", effect: "view", default: false, ...bool },
  { key: "discretize", hash: "disc", effect: "view", default: false, ...bool },
  { key: "logLoss", hash: "logy", effect: "view", default: false, ...bool },
  { key: "logSteps", hash: "logx", effect: "view", default: true, ...bool },
  { key: "smoothing", hash: "smooth", effect: "view", default: 0, ...floatIn(0, 0.99, (x) => round(x, 2)) },
  { key: "addClass", hash: "add", effect: "view", default: 0, ...intIn(0, CLASSES.high - 1) },
];

const TABLE = settingsTable(SETTINGS);

export const defaults = TABLE.defaults;

/** Settings from a hash such as "#data=spiral&lr=0.1"; a missing or malformed value falls back to its default. */
export const parseHash = (hash) => TABLE.read(hashPairs(hash), defaults());

/** Every setting, always (a link must not depend on today's defaults); custom points only for custom data. */
export const formatHash = (state) => TABLE.write(state, ({ key }) => key !== "points" || state.dataset === "custom");

export const { changedKeys, effectsOf } = TABLE;

/** Equal in every setting that shapes a run (used to mark the lesson a state came from). */
export const sameRun = (a, b) => TABLE.sameIn(a, b, ["run", "live"]);

/** The lab's settings in the address bar (see urlhash.js). */
export const createUrlState = (onNavigate, settleMs) => urlStateOf({ parseHash, formatHash }, onNavigate, settleMs);
