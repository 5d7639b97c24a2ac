// In a class (`serve --class`), the learner's corner of the top bar: the name the teacher sees (asked for on
// joining, changeable), and leaving the class. A page that is not a learner's (no class, the teacher) shows nothing:
// /api/health names the learner asking, or no one.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { element } from "./util.js";

function nameForm(learner, onNamed) {
  const input = element("input", { name: "learner-name", maxlength: "40", value: learner.named ? learner.name : "" });
  input.setAttribute("aria-label", t("classroom.name_label"));
  const form = element(
    "form",
    { class: "learner-name" },
    element("span", { text: t("classroom.name_prompt") }),
    input,
    element("button", { type: "submit", class: "tool primary", text: t("classroom.save_name") }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    onNamed(await api.renameLearner(input.value));
  });
  return form;
}

function nameBadge(learner, box) {
  const change = element("button", { type: "button", class: "tool", text: t("classroom.change_name") });
  const leave = element("button", { type: "button", class: "tool", text: t("classroom.leave") });
  change.addEventListener("click", () => show(box, learner, true));
  leave.addEventListener("click", async () => {
    await api.leaveClass();
    box.replaceChildren(element("span", { text: t("classroom.left") }));
  });
  return [element("span", { class: "learner-badge", text: t("classroom.you_are", { name: learner.name }) }), change, leave];
}

function show(box, learner, editing = false) {
  const named = (answer) => show(box, answer);
  box.replaceChildren(...(learner.named && !editing ? nameBadge(learner, box) : [nameForm(learner, named)]));
}

/** Add the learner's name and the leave button to `topbar`, asking for a name until one is chosen. */
export async function showClassroom(topbar) {
  const { learner } = await api.health().catch(() => ({ learner: null }));
  if (!learner || !topbar) return;
  const box = element("div", { class: "classroom", id: "classroom" });
  topbar.append(box);
  show(box, learner, !learner.named);
}
