// The lessons across the top. The lesson whose settings the page still has is marked; after any change none is.

import { element } from "../util.js";

export function createLessonBar(root, { lessons, onChoose, matches }) {
  const buttons = lessons.map((lesson) => {
    const button = element(
      "button",
      {
        type: "button",
        class: "lesson",
        "data-lesson": String(lesson.number),
        title: `${lesson.title} (${lesson.hint})`,
      },
      element("span", { class: "lesson-number", text: `No.${lesson.number}` }),
      element("span", { class: "lesson-title", text: lesson.title }),
      element("span", { class: "lesson-hint", text: lesson.hint }),
    );
    button.addEventListener("click", () => onChoose(lesson));
    return button;
  });
  root.append(...buttons);
  return {
    update(state) {
      lessons.forEach((lesson, i) => buttons[i].setAttribute("aria-current", String(matches(state, lesson))));
    },
  };
}
