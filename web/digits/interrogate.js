// Questions put to the digits model while it trains (issue 13): a confusion cell's digits, robustness to
// distortions, confidence and abstention, its layers mapped, and the learner's own picture. Each view is built here
// and fed from the run; main.js only calls createInterrogation(page) and passes it frames.

import { confusionExamples } from "../api.js";
import { $ } from "../shell.js";
import { createCellExamples } from "./views/cellexamples.js";
import { createUpload } from "./views/upload.js";

const EXAMPLES_PAGE = 20;

/** The browser card shows either every test digit or one confusion cell's. */
function createCellView(page, onPick) {
  const { shell } = page;
  const showCell = (open) => {
    $("browser").hidden = open;
    $("cell-examples").hidden = !open;
    if (!open) page.views.confusion.select(null);
  };
  const examples = createCellExamples($("cell-examples"), {
    perPage: EXAMPLES_PAGE,
    ask: (query) => shell.controller.withRun((id) => confusionExamples(id, query)),
    onPick,
    onClose: () => showCell(false),
    onProblem: shell.report,
  });
  return {
    open(r, c) {
      showCell(true);
      page.views.confusion.select([r, c]);
      examples.open(r, c);
    },
    close: () => showCell(false),
    select: (index) => examples.select(index),
  };
}

/** page: the digits page record (url, shell, views, …); onPick(index) probes a test digit. */
export function createInterrogation(page, { onPick }) {
  const cells = createCellView(page, onPick);
  const upload = createUpload(
    { button: $("upload"), input: $("upload-file"), stages: $("upload-stages") },
    { onImage: (image) => page.pad.setImage(image), onProblem: page.shell.report },
  );
  return {
    /** The pad was cleared or drawn on: an uploaded picture's stages go. */
    pictureGone: () => upload.hide(),
    openCell: (r, c) => cells.open(r, c),
    /** The probed digit changed: mark it wherever it shows. */
    select(index) {
      cells.select(index);
    },
    /** A new run: what was asked of the last one is gone. */
    restart() {
      cells.close();
    },
    /** A frame of the current run. */
    frame() {},
  };
}
