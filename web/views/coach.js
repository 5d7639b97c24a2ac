// The coach's card: what went wrong in the live run (web/course/coach.js decides), a button that applies the fix
// in one click, and a "why" button that opens the lesson text explaining it, right there in the card.

import { BY_ID } from "../course/lessons.js";
import { t } from "../i18n.js";
import { element } from "../util.js";

export function createCoachCard(root, { onFix }) {
  let current = null; // the advice on screen
  let dismissed = null; // a rule the learner dismissed: quiet until the next run
  root.hidden = true;

  function whyText(lessonId) {
    const lesson = BY_ID[lessonId];
    const text = element("div", { class: "coach-why-text" });
    text.append(element("h3", { text: `No.${lesson.number} ${t(`${lesson.key}.title`)}` }));
    for (let p = 1; p <= lesson.paragraphs; p++)
      text.append(element("p", { text: t(`${lesson.key}.idea.p${p}`, { accuracy: t("course.no_value_yet") }) }));
    return text;
  }

  const button = (cls, text, onClick) => {
    const node = element("button", { type: "button", class: `tool ${cls}`, text });
    node.addEventListener("click", onClick);
    return node;
  };

  function render() {
    root.replaceChildren();
    root.hidden = !current;
    if (!current) return;
    root.dataset.rule = current.rule;
    root.append(element("h2", { text: t("coach.title") }), element("p", { class: "coach-say" }));
    const actions = element("div", { class: "coach-actions" });
    if (current.fix) {
      actions.append(
        button("primary coach-fix", "", () => {
          const advice = current;
          current = null;
          render();
          onFix(advice);
        }),
      );
    }
    const why = button("coach-why", t("coach.why"), () => {
      const open = why.getAttribute("aria-expanded") !== "true";
      why.setAttribute("aria-expanded", String(open));
      root.querySelector(".coach-why-text")?.remove();
      if (open) root.append(whyText(current.why));
    });
    why.setAttribute("aria-expanded", "false");
    actions.append(
      why,
      button("coach-dismiss", t("coach.dismiss"), () => {
        dismissed = current.rule;
        current = null;
        render();
      }),
    );
    root.append(actions);
    fillWords();
  }

  /** The message and the fix's label carry live numbers: refill them without closing an open "why". */
  function fillWords() {
    root.querySelector(".coach-say").textContent = t(`coach.${current.rule}.say`, current.params);
    const fix = root.querySelector(".coach-fix");
    if (fix) fix.textContent = t(current.label, current.params);
  }

  return {
    /** Show this advice (null: all is well). */
    say(advice) {
      if (advice && advice.rule === dismissed) advice = null;
      const sameRule = (advice?.rule ?? null) === (current?.rule ?? null);
      current = advice;
      if (sameRule && advice) fillWords();
      else if (!sameRule) render();
    },
    /** A new run: forget a dismissal and the last advice. */
    reset() {
      dismissed = null;
      current = null;
      render();
    },
  };
}
