// The one vocabulary (models/vocabulary.py), read once from GET /api/limits as the page loads: dataset names,
// features, model kinds, activations, optimizers and every numeric bound. The settings tables (state.js,
// digits/state-digits.js) and the panels build their lists and ranges from it, so the page never keeps a copy
// that could drift from what the server accepts (tests/web/test_vocabulary.py reads both).
// A top-level await: every module that imports this one waits for the answer, which arrives with the token
// header through api.js like any other call.

import { limits } from "./api.js";
import { t, useLanguage } from "./i18n.js";

async function load() {
  try {
    return await limits();
  } catch (error) {
    // Nothing can be built without it; say so on the page instead of leaving it blank.
    const note = document.createElement("p");
    note.className = "load-error";
    note.setAttribute("role", "alert");
    await useLanguage().catch(() => null); // the words of the note; the page loads its language after this module
    note.textContent = t("vocabulary.load_error", { reason: error.message });
    document.body.prepend(note);
    throw error;
  }
}

const vocabulary = Object.freeze(await load());

/** {name, title, classes, description, lab} per dataset, in the server's order. */
export const DATASETS = vocabulary.datasets;
export const FEATURES = vocabulary.features;
export const MODEL_KINDS = vocabulary.model_kinds;
export const ACTIVATIONS = vocabulary.activations;
export const OPTIMIZERS = vocabulary.optimizers;
export const REGULARIZATIONS = vocabulary.regularizations;

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
/** A feature as formulas write it: "x1^2" → "x₁²", "x1*x2" → "x₁x₂", "sin_x1" → "sin x₁" (language-neutral). */
export const featureNotation = (name) =>
  name
    .replace("^2", "²")
    .replace("*", "")
    .replace("_", " ")
    .replace(/\d/g, (digit) => SUBSCRIPT_DIGITS[digit]);

/** The names of the datasets one lab trains on ("plane" or "digits"). */
export const datasetNamesOf = (lab) => DATASETS.filter((d) => d.lab === lab).map((d) => d.name);

/**
 * A named bound {low, high, lowExclusive, pageLow} (both ends inclusive unless lowExclusive; pageLow, or null, is
 * where the pages' sliders start when that is above low); an unknown name is a bug.
 */
export function bound(name) {
  const found = vocabulary.bounds[name];
  if (!found) throw new Error(`vocabulary: no bound named ${name}`);
  return { low: found.low, high: found.high, lowExclusive: found.low_exclusive, pageLow: found.page_low ?? null };
}

/** [low, high] of a bound whose ends are both allowed (as intIn/floatIn in urlhash.js take them). */
export function span(name) {
  const { low, high, lowExclusive } = bound(name);
  if (lowExclusive) throw new Error(`vocabulary: ${name} excludes its low end; use pageSpan`);
  return [low, high];
}

/** [where the page's slider starts, high]: the bound's page_low where it has one, else span(name). */
export function pageSpan(name) {
  const { pageLow, high } = bound(name);
  return pageLow === null ? span(name) : [pageLow, high];
}

/** A slider over a bound, from where the pages start it: {widget: "range", min, max, step} (controls.js). */
export function sliderOf(name, step = 1) {
  const [min, max] = pageSpan(name);
  return { widget: "range", min, max, step };
}

/** A log-scale slider over a bound: its ends as exponents of ten. */
export function logSliderOf(name, step) {
  const [low, high] = pageSpan(name);
  return { widget: "log", min: Math.log10(low), max: Math.log10(high), step };
}

/** The model kinds a lab ("plane" or "digits") trains, in the vocabulary's order. */
export const modelKindsOf = (lab) => vocabulary.model_kinds_by_lab[lab];
