// The lessons across the top. The lesson whose settings the page still has is marked; after any change none is.
// `describe(lesson)` gives its words in the page's language and its course progress ({done, total} or null).

import { element } from "../util.js";

export function createLessonBar(root, { lessons, onChoose, matches, describe }) {
  const parts = lessons.map((lesson) => {
    const progress = element("span", { class: "lesson-progress" });
    const title = element("span", { class: "lesson-title" });
    const hint = element("span", { class: "lesson-hint" });
    const button = element(
      "button",
      { type: "button", class: "lesson", "data-lesson": String(lesson.number), "data-id": lesson.id },
      element("span", { class: "lesson-number", text: `No.${lesson.number}` }),
      title,
      hint,
      progress,
    );
    button.addEventListener("click", () => onChoose(lesson));
    return { lesson, button, title, hint, progress };
  });
  root.append(...parts.map(({ button }) => button));

  function refresh() {
    for (const { lesson, button, title, hint, progress } of parts) {
      const words = describe(lesson);
      title.textContent = words.title;
      hint.textContent = words.hint;
      button.title = `${words.title} (${words.hint})`;
      const count = words.progress;
      progress.textContent = count && count.done ? (count.done === count.total ? "✓" : `${count.done}/${count.total}`) : "";
      progress.classList.toggle("complete", Boolean(count && count.done === count.total));
    }
  }
  refresh();
  return {
    update(state) {
      for (const { lesson, button } of parts) button.setAttribute("aria-current", String(matches(state, lesson)));
    },
    refresh,
  };
}
