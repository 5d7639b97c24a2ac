// From the page's settings to the body of POST /api/runs, and the model facts the views show beside it.

import { t } from "./i18n.js";
import { MULTICLASS_DATASETS } from "./state.js";
import { roundHalfEven } from "./util.js";

const GRID_RESOLUTION = 100;

/** Classes the chosen data really has: only blobs, spiral and custom points take more than two. */
export function classesOf(state) {
  return MULTICLASS_DATASETS.has(state.dataset) ? state.classes : 2;
}

/** Training-set size exactly as the server computes it (Python's round: half to even). */
export function trainSizeOf(state) {
  const n = state.dataset === "custom" ? state.points.length : state.nPoints;
  return Math.min(n, Math.max(1, roundHalfEven((n * state.trainPercent) / 100)));
}

/** The batch actually used: at most the training set (the server refuses more). */
export function batchSizeOf(state) {
  return Math.min(state.batchSize, trainSizeOf(state));
}

/** Layer widths from inputs to outputs, e.g. [2, 8, 8, 2]; logistic regression has a single output, f. */
export function layerSizesOf(state) {
  const outputs = state.model === "logistic" ? 1 : classesOf(state);
  const hidden = state.model === "mlp" ? state.hidden : [];
  return [state.features.length, ...hidden, outputs];
}

export function parameterCountOf(sizes) {
  let count = 0;
  for (let i = 1; i < sizes.length; i++) count += (sizes[i - 1] + 1) * sizes[i];
  return count;
}

/**
 * Why no run can start for these settings (null when one can). Mirrors the server's cross-field rules that a
 * learner meets through the controls, so the page explains them instead of sending a request bound to fail.
 */
export function blockerOf(state) {
  if (state.dataset === "custom" && state.points.length < 2) {
    return t("controls.blocker.custom_points");
  }
  if (state.model === "logistic" && classesOf(state) > 2) {
    return t("controls.blocker.binary", { classes: classesOf(state) });
  }
  const topLabel = state.dataset === "custom" ? Math.max(...state.points.map(([, , label]) => label)) : 0;
  if (topLabel >= classesOf(state)) {
    return t("controls.blocker.labels", { classes: topLabel + 1 });
  }
  return null;
}

export function runConfigOf(state) {
  return {
    dataset: {
      name: state.dataset,
      n_points: state.nPoints,
      noise: state.noise,
      train_fraction: state.trainPercent / 100,
      classes: classesOf(state),
      seed: state.dataSeed,
      points: state.dataset === "custom" ? state.points : null,
    },
    model: {
      kind: state.model,
      hidden: state.model === "mlp" ? state.hidden : [],
      activation: state.activation,
      features: state.features,
    },
    optimizer: {
      name: state.optimizer,
      learning_rate: state.learningRate,
      batch_size: batchSizeOf(state),
      regularization: state.regularization,
      regularization_rate: state.regularization === "none" ? 0 : state.regRate,
    },
    max_steps: state.maxSteps,
    grid_resolution: GRID_RESOLUTION,
    seed: state.seed,
  };
}
