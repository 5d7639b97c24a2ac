// Downloads: the run as JSON (settings, link, server config, curves, learned parameters), the points as CSV, the
// plane as PNG, and the run as standalone code (a script or a notebook that trains it with plain JAX and optax).

import * as api from "./api.js";
import { linkWithoutToken } from "./credentials.js";
import { currentLanguage } from "./i18n.js";
import { download, element } from "./util.js";

/** Merge two charts' rows (same steps) into one curve table. */
function mergeCurves(lossRows, accuracyRows) {
  const byStep = new Map(lossRows.map((row) => [row.step, { ...row }]));
  for (const row of accuracyRows) byStep.set(row.step, { ...byStep.get(row.step), ...row });
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export async function downloadRunJson({ runId, settings, lossRows, accuracyRows }) {
  const [run, params] = await Promise.all([api.getRun(runId), api.params(runId)]);
  const document = {
    exported_at: new Date().toISOString(),
    link: linkWithoutToken(), // a shared file must not carry the server's token
    settings,
    run,
    curves: mergeCurves(lossRows, accuracyRows),
    params,
  };
  download(`boundary-lab-${runId}.json`, new Blob([JSON.stringify(document, null, 2)], { type: "application/json" }));
}

export function downloadText(filename, text, type = "text/csv") {
  download(filename, new Blob([text], { type }));
}

export async function downloadCanvas(filename, blobPromise) {
  const blob = await blobPromise;
  if (blob) download(filename, blob);
}

/** The "Code ↓" menu's markup inside `details` (a `.code-export` box): the same ids and words on both pages. */
export function renderCodeExports(details) {
  const choice = (format, key, words) =>
    element(
      "button",
      { id: `export-${format}`, type: "button", class: "tool", "data-i18n": key, "data-i18n-title": `${key}_title` },
      words,
    );
  details.replaceChildren(
    element(
      "summary",
      { class: "tool", "data-i18n": "export.code", "data-i18n-title": "export.code_title" },
      "Code ↓",
    ),
    element(
      "div",
      { class: "code-export-menu" },
      choice("py", "export.python", "Export as Python"),
      choice("ipynb", "export.notebook", "Export as notebook"),
    ),
  );
}

/** The "export as code" buttons both pages have (#export-py, #export-ipynb): the current run, in the page's language. */
export function wireCodeExports(runId, report) {
  for (const format of ["py", "ipynb"]) {
    const button = document.getElementById(`export-${format}`);
    button.addEventListener("click", async () => {
      button.closest("details").open = false; // the "Code ↓" menu closes once a format is chosen
      const id = runId();
      if (!id) return;
      try {
        const { filename, blob } = await api.exportRun(id, format, currentLanguage());
        download(filename, blob);
      } catch (error) {
        report(error.message);
      }
    });
  }
}
