// The course panel: the open lesson's idea (collapsible, with its formulas typeset by the vendored KaTeX), the
// "predict first" question, the guided steps with their buttons and checkpoints, the progress and the credit.
// It only draws: which steps are done is the progress store's (web/course/progress.js), and what a button
// does is the page's (`onStep`). Every word comes from the catalogues (course.* keys, web/course/lessons.js).

import { checkParams } from "../course/checkpoints.js";
import { FORMULA_EVENT, FORMULAS } from "../course/formulas.js";
import { stepIds } from "../course/lessons.js";
import { t } from "../i18n.js";
import { element } from "../util.js";

function typeset(tex, { display = true } = {}) {
  const node = element("span", { class: display ? "formula" : "formula inline" });
  if (window.katex) window.katex.render(tex, node, { throwOnError: false, displayMode: display, strict: "ignore" });
  else node.textContent = tex;
  return node;
}

/** A lesson formula, typeset; pointing at it (hover or focus) tells the page which formula it is about. */
function formulaFigure(id) {
  const figure = typeset(FORMULAS[id]);
  figure.dataset.formula = id;
  figure.tabIndex = 0;
  figure.title = t("course.formula_hint");
  const point = (on) =>
    figure.dispatchEvent(new CustomEvent(FORMULA_EVENT, { bubbles: true, detail: { id: on ? id : null } }));
  for (const type of ["mouseenter", "focus"]) figure.addEventListener(type, () => point(true));
  for (const type of ["mouseleave", "blur"]) figure.addEventListener(type, () => point(false));
  return figure;
}

/** The idea: its paragraphs (which may quote the live accuracy, `params`) and its formulas, folded or not. */
function ideaBlock(lesson, params, fold) {
  const details = element("details", { class: "course-idea", id: "course-idea" });
  details.open = fold.open;
  details.addEventListener("toggle", () => (fold.open = details.open));
  details.append(element("summary", { text: t("course.idea") }));
  for (let p = 1; p <= lesson.paragraphs; p++) {
    const key = `${lesson.key}.idea.p${p}`;
    details.append(element("p", { "data-key": key, text: t(key, params()) }));
  }
  const formulas = element("div", { class: "course-formulas", "aria-label": t("course.formula") });
  formulas.append(...lesson.formulas.map(formulaFigure));
  details.append(formulas);
  return details;
}

function predictOption(lesson, option, given, onPredict) {
  const label = lesson.predict.labels?.[option];
  const button = element("button", {
    type: "button",
    class: "tool",
    "data-option": option,
    "aria-pressed": String(given === option),
  });
  if (label) button.append(typeset(label, { display: false }));
  else button.textContent = t(`${lesson.key}.predict.options.${option}`);
  button.disabled = given !== null;
  button.addEventListener("click", () => onPredict(lesson, option));
  return button;
}

/** "Predict first": the question and its options; once answered, right or wrong, and why once a step is done. */
function predictBlock(lesson, progress, onPredict) {
  const { predict } = lesson;
  const box = element("section", { class: "course-predict", "aria-label": t("course.predict_title") });
  box.append(
    element("h3", { text: t("course.predict_title") }),
    element("p", { text: t(`${lesson.key}.predict.question`) }),
  );
  const given = progress.answer(lesson.id);
  const options = element("div", { class: "predict-options" });
  options.append(...predict.options.map((option) => predictOption(lesson, option, given, onPredict)));
  box.append(options);
  if (given === null) return box;
  const right = given === predict.answer;
  const verdict = t(right ? "course.predict_right" : "course.predict_wrong");
  box.append(element("p", { class: `predict-verdict ${right ? "right" : "wrong"}`, text: verdict }));
  const answered = stepIds(lesson).some((id) => progress.isDone(lesson.id, id));
  if (answered) box.append(element("p", { class: "predict-explain", text: t(`${lesson.key}.predict.explain`) }));
  return box;
}

/** One guided step: what to do, its button (if it applies settings), and its checkpoint, ticked or open. */
function stepItem(lesson, step, i, done, onStep) {
  const id = `step${i + 1}`;
  const item = element("li", { class: `course-step${done ? " done" : ""}`, "data-step": id });
  item.append(element("p", { class: "step-do", text: t(`${lesson.key}.${id}.do`) }));
  if (step.action) {
    const text = t(`${lesson.key}.${id}.button`);
    const button = element("button", { type: "button", class: "tool step-button", text });
    button.addEventListener("click", () => onStep(lesson, step));
    item.append(button);
  }
  const mark = element("span", { class: "step-mark", "aria-hidden": "true", text: done ? "✓" : "○" });
  const state = element("span", { class: "visually-hidden", text: t(done ? "course.step_done" : "course.step_open") });
  const check = element("span", { text: t(`${lesson.key}.${id}.check`, checkParams(step.check)) });
  item.append(element("p", { class: "step-check" }, mark, " ", check, state));
  return item;
}

function stepsBlock(lesson, progress, onStep) {
  const list = element("ol", { class: "course-steps", "aria-label": t("course.experiment") });
  lesson.steps.forEach((step, i) => {
    const done = progress.isDone(lesson.id, `step${i + 1}`);
    list.append(stepItem(lesson, step, i, done, onStep));
  });
  return list;
}

const toolButton = (id, key, onClick) => {
  const button = element("button", { type: "button", class: "tool", id, text: t(key) });
  button.addEventListener("click", onClick);
  return button;
};

/** The lesson's progress, then full speed, reset (after a confirmation) and the free lab. */
function footer(lesson, progress, { onFullSpeed, onReset, onFreeLab }) {
  const { done, total } = progress.count(lesson.id);
  const bar = element("div", { class: "course-footer" });
  bar.append(
    element("span", { class: "course-progress", text: t("course.progress", { done, total }) }),
    ...(lesson.trains === false ? [] : [toolButton("course-full-speed", "course.full_speed", onFullSpeed)]),
    toolButton("course-reset", "course.reset", () => window.confirm(t("course.reset_confirm")) && onReset()),
    toolButton("course-free-lab", "course.free_lab", onFreeLab),
  );
  return bar;
}

/**
 * root: the panel's element. progress: the store. handlers: onStep(lesson, step) applies a step's settings,
 * onFullSpeed(), onFreeLab(), onPredict(lesson, option).
 */
export function createCoursePanel(root, { progress, onStep, onFullSpeed, onFreeLab, onPredict }) {
  let lesson = null;
  let accuracy = null;
  const fold = { open: true }; // the idea's <details>, kept across redraws of the same lesson
  const params = () => ({ accuracy: accuracy ?? t("course.no_value_yet") });
  const onReset = () => {
    progress.reset();
    render();
    root.dispatchEvent(new CustomEvent("course-progress"));
  };

  function render() {
    root.replaceChildren();
    if (!lesson) return;
    const head = element("header", { class: "card-head course-head" });
    head.append(element("h2", { text: `No.${lesson.number} ${t(`${lesson.key}.title`)}` }));
    root.append(head, ideaBlock(lesson, params, fold));
    if (lesson.predict) root.append(predictBlock(lesson, progress, onPredict));
    root.append(
      element("h3", { class: "course-try", text: t("course.experiment") }),
      stepsBlock(lesson, progress, onStep),
      footer(lesson, progress, { onFullSpeed, onReset, onFreeLab }),
    );
    root.append(element("p", { class: "course-credit", text: t("course.credit") }));
  }

  return {
    show(next) {
      if (next !== lesson) fold.open = true;
      lesson = next;
      render();
    },
    refresh: render,
    get lesson() {
      return lesson;
    },
    /** The live test accuracy the idea text quotes ("this run stands at …"); redraws only those paragraphs. */
    setAccuracy(text) {
      if (text === accuracy) return;
      accuracy = text;
      for (const p of root.querySelectorAll(".course-idea p[data-key]")) p.textContent = t(p.dataset.key, params());
    },
  };
}
