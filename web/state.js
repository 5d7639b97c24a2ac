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
  hiddenLayers,
  intIn,
  settingsTable,
} from "./urlhash.js";
import { round, roundSignificant } from "./util.js";

export const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2"];
const FEATURE_HASH = {
  x1: "x1",
  x2: "x2",
  "x1^2": "x1sq",
  "x2^2": "x2sq",
  "x1*x2": "x1x2",
  sin_x1: "sinx1",
  sin_x2: "sinx2",
};
export const DATASETS = ["linear", "blobs3", "circle", "xor", "gauss", "spiral", "moons", "custom"];
export const MULTICLASS_DATASETS = new Set(["blobs3", "spiral", "custom"]);
export const SPEEDS = ["full", "1000", "100", "10", "1"];
export const MAX_STEPS = [10_000, 100_000, 1_000_000, 10_000_000];
const MAX_SEED = 2 ** 31 - 1;

const featureSet = {
  parse: (text) => {
    const byHash = Object.fromEntries(Object.entries(FEATURE_HASH).map(([name, short]) => [short, name]));
    const chosen = new Set(text.split(",").map((short) => byHash[short]));
    const names = FEATURES.filter((name) => chosen.has(name));
    return names.length ? names : undefined;
  },
  format: (names) => names.map((name) => FEATURE_HASH[name]).join(","),
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
        label < 5,
    );
    return ok ? rows.map(([x1, x2, label]) => [round(x1, 3), round(x2, 3), label]) : undefined;
  },
  format: (rows) => rows.map((row) => row.join(",")).join(";"),
};

export const SETTINGS = [
  { key: "dataset", hash: "data", effect: "run", default: "linear", ...enumOf(DATASETS) },
  { key: "classes", hash: "classes", effect: "run", default: 2, ...intIn(2, 5) },
  { key: "noise", hash: "noise", effect: "run", default: 0.2, ...floatIn(0, 1, (x) => round(x, 2)) },
  { key: "nPoints", hash: "n", effect: "run", default: 400, ...intIn(4, 5000) },
  { key: "trainPercent", hash: "train", effect: "run", default: 50, ...intIn(1, 100) },
  { key: "dataSeed", hash: "dseed", effect: "run", default: 0, ...intIn(0, MAX_SEED) },
  { key: "points", hash: "pts", effect: "run", default: [], ...pointList },
  { key: "model", hash: "model", effect: "run", default: "logistic", ...enumOf(["logistic", "softmax", "mlp"]) },
  { key: "hidden", hash: "hidden", effect: "run", default: [4], ...hiddenLayers },
  { key: "activation", hash: "act", effect: "run", default: "tanh", ...enumOf(["tanh", "relu", "sigmoid", "linear"]) },
  { key: "features", hash: "feat", effect: "run", default: ["x1", "x2"], ...featureSet },
  { key: "learningRate", hash: "lr", effect: "live", default: 0.03, ...floatIn(1e-5, 10, roundSignificant) },
  { key: "optimizer", hash: "opt", effect: "run", default: "sgd", ...enumOf(["sgd", "momentum", "adam"]) },
  { key: "batchSize", hash: "batch", effect: "run", default: 10, ...intIn(1, 1000) },
  { key: "regularization", hash: "reg", effect: "run", default: "none", ...enumOf(["none", "l1", "l2"]) },
  { key: "regRate", hash: "rrate", effect: "run", default: 0.001, ...floatIn(0, 10, roundSignificant) },
  { key: "seed", hash: "seed", effect: "run", default: 0, ...intIn(0, MAX_SEED) },
  { key: "maxSteps", hash: "steps", effect: "run", default: 1_000_000, ...intIn(1, 10_000_000) },
  { key: "speed", hash: "speed", effect: "pace", default: "full", ...enumOf(SPEEDS) },
  { key: "showTest", hash: "test", effect: "view", default: false, ...bool },
  { key: "discretize", hash: "disc", effect: "view", default: false, ...bool },
  { key: "logLoss", hash: "logy", effect: "view", default: false, ...bool },
  { key: "logSteps", hash: "logx", effect: "view", default: true, ...bool },
  { key: "smoothing", hash: "smooth", effect: "view", default: 0, ...floatIn(0, 0.99, (x) => round(x, 2)) },
  { key: "addClass", hash: "add", effect: "view", default: 0, ...intIn(0, 4) },
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
