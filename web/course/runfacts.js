// What the coach needs to know about a run, read from each page's settings (web/state.js for the 2D lab,
// web/digits/state-digits.js for digits), and the fixes each page can apply, in that page's own setting keys.
// The rules in coach.js stay page-agnostic: they only see these facts.

/** 2D data no straight line separates (the course shows each one defeating logistic regression). */
const CURVED_DATASETS = new Set(["circle", "xor", "spiral", "moons"]);
const RAW_FEATURES = new Set(["x1", "x2"]);
const SQUARES = ["x1", "x2", "x1^2", "x2^2"];

/** The usual learning rate per optimizer: the lessons' presets (models/lessons.py: SGD 0.03 on the plane). */
const PLANE_USUAL_RATE = { sgd: 0.03, momentum: 0.03, adam: 0.01 };
/** Digits presets: softmax SGD 0.5, MLP Adam 0.001 (state-digits.js LESSON_SETTINGS). */
const DIGITS_USUAL_RATE = { sgd: 0.5, momentum: 0.05, adam: 0.001 };

/** The first fix for a linear model on each curved dataset: the course's own (No.3, No.4, No.5). */
const LINEAR_FIXES = {
  circle: { settings: { features: SQUARES }, label: "coach.linear_stuck.fix_squares" },
  xor: { settings: { features: ["x1", "x2", "x1*x2"] }, label: "coach.linear_stuck.fix_product" },
  spiral: {
    settings: { model: "mlp", hidden: [8, 8], activation: "tanh", features: ["x1", "x2"] },
    label: "coach.linear_stuck.fix_hidden",
  },
  moons: {
    settings: { model: "mlp", hidden: [4], activation: "tanh", features: ["x1", "x2"] },
    label: "coach.linear_stuck.fix_hidden",
  },
};

const halved = (sizes) => sizes.map((n) => Math.max(1, Math.floor(n / 2)));

export function planeFacts(state) {
  const linear = state.model !== "mlp" && state.features.every((f) => RAW_FEATURES.has(f));
  const moreL2 = Math.min(10, (state.regularization === "l2" ? state.regRate : 0.001) * 10);
  return {
    lab: "plane",
    activation: state.model === "mlp" ? state.activation : null,
    learningRate: state.learningRate,
    typicalLearningRate: PLANE_USUAL_RATE[state.optimizer],
    lineCannotSplit: linear && CURVED_DATASETS.has(state.dataset),
    fixes: {
      linear_stuck: LINEAR_FIXES[state.dataset] ?? null,
      overfitting: { settings: { regularization: "l2", regRate: moreL2 }, label: "coach.overfitting.fix_l2" },
      dead_units: { settings: { activation: "tanh" }, label: "coach.dead_units.fix_tanh" },
    },
  };
}

export function digitsFacts(state) {
  const relu = state.lesson === "mlp" ? state.activation === "relu" : ["cnn", "conv1"].includes(state.lesson);
  const fewerUnits =
    state.lesson === "mlp"
      ? { settings: { hidden: halved(state.hidden) }, label: "coach.overfitting.fix_units" }
      : state.lesson === "cnn"
        ? { settings: { dense: Math.max(8, Math.floor(state.dense / 2)) }, label: "coach.overfitting.fix_units" }
        : null;
  return {
    lab: "digits",
    activation: relu ? "relu" : null,
    learningRate: state.learningRate,
    typicalLearningRate: DIGITS_USUAL_RATE[state.optimizer],
    lineCannotSplit: false, // a linear model on digits is the tutorial's own (≈ 0.90): not stuck
    fixes: {
      linear_stuck: null,
      overfitting: fewerUnits,
      dead_units:
        state.lesson === "mlp"
          ? { settings: { activation: "tanh" }, label: "coach.dead_units.fix_tanh" }
          : { settings: { learningRate: state.learningRate / 10 }, label: "coach.dead_units.fix_rate", restart: true },
    },
  };
}
