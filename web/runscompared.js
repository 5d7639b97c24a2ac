// Runs compared (issue 12 part 3): when the page replaces its run, the old run's settings and metric history
// (GET /history, asked as the run is deleted: the server keeps it a while) join the tab's recent runs (the last
// RECENT, in sessionStorage);
// a pinned run is kept in localStorage and survives reloads. Their curves are laid faintly over the loss and
// accuracy charts, each in its own colour, and a legend under the charts says how each differs from the current
// run ("learning rate 0.03 → 0.3", "tanh → ReLU"); clicking an entry restores its settings through change().

import * as api from "./api.js";
import { t } from "./i18n.js";
import { SETTINGS } from "./state.js";
import { element, formatNumber } from "./util.js";
import { featureNotation } from "./vocabulary.js";

const RECENT = 5;
const RECENT_KEY = "boundary-lab.recent-runs";
const PINNED_KEY = "boundary-lab.pinned-runs";
const COLORS = ["#8a63b8", "#3d8c40", "#b5651d", "#2b8a99", "#a8326e", "#6b7a1f", "#5c6bc0"];
/** The settings a run is made of: those that restart it, and the live learning rate. */
const RUN_KEYS = SETTINGS.filter(({ effect }) => effect === "run" || effect === "live").map(({ key }) => key);
/** Settings whose values are names with their own words in the catalogue (controls.<group>.<value>). */
const NAMED = { dataset: "datasets", model: "models", activation: "activations", optimizer: "optimizers" };
NAMED.regularization = "regularizations";

function load(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) ?? "[]");
  } catch {
    return [];
  }
}

function save(storage, key, runs) {
  try {
    storage.setItem(key, JSON.stringify(runs));
  } catch {
    // storage full or disabled: the runs stay for this page only
  }
}

/** One setting's value as the legend writes it. */
function valueText(key, value) {
  if (NAMED[key]) return t(`controls.${NAMED[key]}.${value}`);
  if (key === "features") return value.map(featureNotation).join(", ");
  if (key === "hidden") return value.join(", ");
  if (key === "points") return String(value.length);
  return typeof value === "number" ? formatNumber(value, 4).replace(/\.?0+$/, "") : String(value);
}

/** "learning rate 0.03 → 0.3 · tanh → ReLU": how `earlier` differs from `current`. */
export function differences(earlier, current) {
  const changed = RUN_KEYS.filter((key) => JSON.stringify(earlier[key]) !== JSON.stringify(current[key]));
  if (!changed.length) return t("compare.same");
  return changed
    .map((key) => {
      const change = `${valueText(key, earlier[key])} → ${valueText(key, current[key])}`;
      return NAMED[key] && key !== "dataset" ? change : `${t(`compare.setting.${key}`)} ${change}`;
    })
    .join(" · ");
}

/** The history's columns as chart records: loss (train, test) and accuracy (train, test). */
function recordsOf(run, color) {
  const { step, train_loss, test_loss, train_accuracy, test_accuracy } = run.history;
  return {
    loss: { steps: step, values: [train_loss, test_loss], color },
    accuracy: { steps: step, values: [train_accuracy, test_accuracy], color },
  };
}

/** One legend entry: the colour, the differences (a button that restores), and the pin. */
function legendEntry(run, color, current, { onRestore, onPin }) {
  const restore = element("button", { type: "button", class: "compare-entry", title: t("compare.restore_title") });
  restore.append(element("span", { class: "swatch", style: `background:${color}` }), differences(run.settings, current));
  restore.addEventListener("click", () => onRestore(run));
  const pin = element("button", {
    type: "button",
    class: "compare-pin",
    "aria-pressed": String(run.pinned),
    title: t(run.pinned ? "compare.unpin_title" : "compare.pin_title"),
    text: run.pinned ? "★" : "☆",
  });
  pin.ariaLabel = pin.title;
  pin.addEventListener("click", () => onPin(run));
  return element("li", { class: "compare-item" }, restore, pin);
}

/** page: the 2D lab's page object (shell's charts and controller, change). Returns {archive, render, stats}. */
export function createRunsCompared(page) {
  const legend = element("ul", { id: "compare-legend", class: "compare-legend", "aria-label": t("compare.legend") });
  document.querySelector(".curves .charts").after(legend);
  const runs = { recent: load(sessionStorage, RECENT_KEY), pinned: load(localStorage, PINNED_KEY) };

  function persist() {
    save(sessionStorage, RECENT_KEY, runs.recent);
    save(localStorage, PINNED_KEY, runs.pinned);
    render();
  }

  function render() {
    const current = page.runState ?? page.url.get();
    const shown = [...runs.pinned, ...runs.recent.filter((run) => !runs.pinned.some((p) => p.id === run.id))];
    const colored = shown.map((run, i) => ({ run, color: COLORS[i % COLORS.length] }));
    const handlers = { onRestore: restore, onPin: pin };
    legend.replaceChildren(...colored.map(({ run, color }) => legendEntry(run, color, current, handlers)));
    legend.hidden = !shown.length;
    const records = colored.map(({ run, color }) => recordsOf(run, color));
    page.shell.lossChart.setOverlays(records.map((r) => r.loss));
    page.shell.accuracyChart.setOverlays(records.map((r) => r.accuracy));
  }

  function restore(run) {
    page.change(Object.fromEntries(RUN_KEYS.map((key) => [key, run.settings[key]])));
  }

  function pin(run) {
    const pinned = runs.pinned.some((p) => p.id === run.id);
    runs.pinned = pinned ? runs.pinned.filter((p) => p.id !== run.id) : [...runs.pinned, { ...run, pinned: true }];
    runs.recent = runs.recent.map((r) => (r.id === run.id ? { ...r, pinned: !pinned } : r));
    persist();
  }

  return {
    /**
     * The run is being replaced: keep its settings and history. The request is not one the deletion waits for:
     * the server keeps a deleted run's history a while, so the next run starts without waiting for this answer.
     */
    archive(settings) {
      const id = page.shell.controller.readyRunId;
      const asked = id && api.runHistory(id).then((history) => ({ id, history }));
      asked?.then(
        ({ id, history }) => {
          if (history.step.length < 2) return;
          const live = { ...settings, learningRate: history.learning_rate.at(-1) ?? settings.learningRate };
          runs.recent = [{ id, settings: live, history, pinned: false }, ...runs.recent].slice(0, RECENT);
          persist();
        },
        () => {}, // a run that could not answer is simply not compared
      );
    },
    render,
    stats: () => ({ recent: runs.recent.length, pinned: runs.pinned.length, legend: legend.children.length }),
  };
}
