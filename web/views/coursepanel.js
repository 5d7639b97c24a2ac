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

/**
 * root: the panel's element. progress: the store. handlers: onStep(lesson, step) applies a step's settings,
 * onFullSpeed(), onFreeLab(), onPredict(lesson, option).
 */
export function createCoursePanel(root, { progress, onStep, onFullSpeed, onFreeLab, onPredict }) {
  let lesson = null;
  let accuracy = null;
  let ideaOpen = true;
  const params = () => ({ accuracy: accuracy ?? t("course.no_value_yet") });

  function ideaBlock() {
    const details = element("details", { class: "course-idea", id: "course-idea" });
    details.open = ideaOpen;
    details.addEventListener("toggle", () => (ideaOpen = details.open));
    details.append(element("summary", { text: t("course.idea") }));
    for (let p = 1; p <= lesson.paragraphs; p++) {
      details.append(element("p", { "data-key": `${lesson.key}.idea.p${p}`, text: t(`${lesson.key}.idea.p${p}`, params()) }));
    }
    const formulas = element("div", { class: "course-formulas", "aria-label": t("course.formula") });
    for (const id of lesson.formulas) {
      const figure = typeset(FORMULAS[id]);
      figure.dataset.formula = id;
      figure.tabIndex = 0;
      figure.title = t("course.formula_hint");
      const point = (on) =>
        figure.dispatchEvent(new CustomEvent(FORMULA_EVENT, { bubbles: true, detail: { id: on ? id : null } }));
      for (const type of ["mouseenter", "focus"]) figure.addEventListener(type, () => point(true));
      for (const type of ["mouseleave", "blur"]) figure.addEventListener(type, () => point(false));
      formulas.append(figure);
    }
    details.append(formulas);
    return details;
  }

  function predictBlock() {
    const { predict } = lesson;
    const box = element("section", { class: "course-predict", "aria-label": t("course.predict_title") });
    box.append(element("h3", { text: t("course.predict_title") }), element("p", { text: t(`${lesson.key}.predict.question`) }));
    const given = progress.answer(lesson.id);
    const options = element("div", { class: "predict-options" });
    for (const option of predict.options) {
      const label = predict.labels?.[option];
      const button = element("button", { type: "button", class: "tool", "data-option": option, "aria-pressed": String(given === option) });
      if (label) button.append(typeset(label, { display: false }));
      else button.textContent = t(`${lesson.key}.predict.options.${option}`);
      button.disabled = given !== null;
      button.addEventListener("click", () => onPredict(lesson, option));
      options.append(button);
    }
    box.append(options);
    if (given !== null) {
      const right = given === predict.answer;
      box.append(element("p", { class: `predict-verdict ${right ? "right" : "wrong"}`, text: t(right ? "course.predict_right" : "course.predict_wrong") }));
      const answered = stepIds(lesson).some((id) => progress.isDone(lesson.id, id));
      if (answered) box.append(element("p", { class: "predict-explain", text: t(`${lesson.key}.predict.explain`) }));
    }
    return box;
  }

  function stepsBlock() {
    const list = element("ol", { class: "course-steps", "aria-label": t("course.experiment") });
    lesson.steps.forEach((step, i) => {
      const id = `step${i + 1}`;
      const done = progress.isDone(lesson.id, id);
      const item = element("li", { class: `course-step${done ? " done" : ""}`, "data-step": id });
      item.append(element("p", { class: "step-do", text: t(`${lesson.key}.${id}.do`) }));
      if (step.action) {
        const button = element("button", { type: "button", class: "tool step-button", text: t(`${lesson.key}.${id}.button`) });
        button.addEventListener("click", () => onStep(lesson, step));
        item.append(button);
      }
      const mark = element("span", { class: "step-mark", "aria-hidden": "true", text: done ? "✓" : "○" });
      const state = element("span", { class: "visually-hidden", text: t(done ? "course.step_done" : "course.step_open") });
      item.append(
        element("p", { class: "step-check" }, mark, " ", element("span", { text: t(`${lesson.key}.${id}.check`, checkParams(step.check)) }), state),
      );
      list.append(item);
    });
    return list;
  }

  function footer() {
    const { done, total } = progress.count(lesson.id);
    const bar = element("div", { class: "course-footer" });
    const reset = element("button", { type: "button", class: "tool", id: "course-reset", text: t("course.reset") });
    reset.addEventListener("click", () => {
      if (window.confirm(t("course.reset_confirm"))) {
        progress.reset();
        render();
        root.dispatchEvent(new CustomEvent("course-progress"));
      }
    });
    const fast = element("button", { type: "button", class: "tool", id: "course-full-speed", text: t("course.full_speed") });
    fast.addEventListener("click", onFullSpeed);
    const free = element("button", { type: "button", class: "tool", id: "course-free-lab", text: t("course.free_lab") });
    free.addEventListener("click", onFreeLab);
    bar.append(element("span", { class: "course-progress", text: t("course.progress", { done, total }) }), fast, reset, free);
    return bar;
  }

  function render() {
    root.replaceChildren();
    if (!lesson) return;
    const head = element("header", { class: "card-head course-head" });
    head.append(element("h2", { text: `No.${lesson.number} ${t(`${lesson.key}.title`)}` }));
    root.append(head, ideaBlock());
    if (lesson.predict) root.append(predictBlock());
    root.append(element("h3", { class: "course-try", text: t("course.experiment") }), stepsBlock(), footer());
    root.append(element("p", { class: "course-credit", text: t("course.credit") }));
  }

  return {
    show(next) {
      if (next !== lesson) ideaOpen = true;
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
