// The 日本語 | English switch in the top bar, and the page's fixed words (the HTML's headings, labels and
// tooltips) read from the catalogues. Markup names its text by key: data-i18n (text), data-i18n-title,
// data-i18n-aria (aria-label). A switch remembers the choice, writes lang= into the address and reloads: the
// page is then rebuilt in the chosen language from that address, so no view has to re-render its words live
// (the course progress lives in localStorage and survives; the run restarts from the same settings).

import { activeLanguage, LANGUAGES, switchLanguage, t } from "../i18n.js";
import { element } from "../util.js";

/** Replace every marked text, title and aria-label under `root` with the active catalogue's words. */
export function translateStatic(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
}

/** Two buttons, the active language pressed; `beforeSwitch` lets the page write its pending settings first. */
export function createLanguageSwitch(root, { beforeSwitch = () => {} } = {}) {
  const group = element("div", { class: "langswitch", role: "group", "aria-label": t("lang.label") });
  for (const lang of LANGUAGES) {
    const button = element("button", {
      type: "button",
      class: "lang",
      lang,
      "data-lang": lang,
      "aria-pressed": String(lang === activeLanguage()),
      text: t(`lang.names.${lang}`),
    });
    button.addEventListener("click", async () => {
      if (lang === activeLanguage()) return;
      beforeSwitch();
      await switchLanguage(lang);
      window.location.reload();
    });
    group.append(button);
  }
  root.append(group);
  return group;
}
