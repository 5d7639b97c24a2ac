// The learner's own picture: a PNG or JPEG chosen with the upload button or pasted from the clipboard is sent to
// the server (POST /api/digits/preprocess), which makes it MNIST-like with the drawing pad's steps (grayscale,
// inverted on a light background, cropped to the ink, fitted into 20×20, centred by mass in 28×28). Each stage is
// shown small; the 784 values go wherever a drawing goes (onImage).

import { preprocessPicture } from "../../api.js";
import { t } from "../../i18n.js";
import { element } from "../../util.js";
import { imageCanvas, INK_TABLE, paintBytes, unitBytes } from "../images.js";

const say = (key, params) => t(`interrogate.upload.${key}`, params);
/** The grayscale stage is brightness (1 = white paper); every later stage is ink (1 = black). */
const inkOf = (stage) => (stage.name === "grayscale" ? stage.pixels.map((v) => 1 - v) : stage.pixels);

function stageFigure(stage) {
  const name = say(`stages.${stage.name}`);
  const canvas = imageCanvas("stage-image", `${name}: ${stage.width}×${stage.height}`);
  paintBytes(canvas, unitBytes(inkOf(stage)), stage.width, stage.height, INK_TABLE);
  canvas.style.aspectRatio = `${stage.width} / ${stage.height}`;
  return element("figure", { class: "upload-stage", "data-stage": stage.name }, canvas, element("figcaption", { text: name }));
}

/** The first picture among a paste's items, or null. */
function pastedPicture(event) {
  for (const item of event.clipboardData?.items ?? []) {
    if (item.kind === "file" && item.type.startsWith("image/")) return item.getAsFile();
  }
  return null;
}

/**
 * button, input (type=file), stages (where the stages show): elements. onImage(image, answer) with the 784
 * values; onProblem(text) with the server's reason for a picture it refused.
 */
export function createUpload({ button, input, stages }, { onImage, onProblem }) {
  let serial = 0;
  let uploads = 0;

  async function send(file) {
    const mine = ++serial;
    stages.dataset.state = "busy";
    try {
      const answer = await preprocessPicture(file);
      if (mine !== serial) return;
      stages.replaceChildren(...answer.stages.map(stageFigure));
      stages.title = say(answer.inverted ? "inverted" : "as_is", { width: answer.width, height: answer.height });
      stages.hidden = false;
      stages.dataset.state = "done";
      stages.dataset.uploads = String(++uploads);
      onImage(Float32Array.from(answer.image), answer);
    } catch (error) {
      if (mine !== serial) return;
      stages.dataset.state = "refused";
      onProblem(say("refused", { name: file.name || say("pasted"), reason: error.message }));
    }
  }

  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    if (input.files?.[0]) send(input.files[0]);
    input.value = ""; // the same file chosen again is sent again
  });
  document.addEventListener("paste", (event) => {
    const file = pastedPicture(event);
    if (!file || event.target.closest?.("input, textarea")) return;
    event.preventDefault();
    send(file);
  });

  return {
    /** The pad was cleared or drawn on: the picture's stages go. */
    hide() {
      serial++;
      stages.hidden = true;
      stages.replaceChildren();
    },
  };
}
