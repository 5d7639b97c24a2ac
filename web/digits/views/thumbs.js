// A clickable test digit: its image, and a caption under it. Shared by the digit browser and the mistakes strip.

import { element } from "../../util.js";
import { imageCanvas, INK_TABLE, paintBytes } from "../images.js";

export function digitThumb({ index, caption, title, onPick }) {
  const canvas = imageCanvas("digit");
  const label = element("span", { class: "thumb-caption" });
  label.append(...caption);
  const button = element(
    "button",
    { type: "button", class: "thumb", "data-index": String(index), title, "aria-label": title },
    canvas,
    label,
  );
  button.addEventListener("click", () => onPick(index));
  return {
    button,
    paint: (pixels) => paintBytes(canvas, pixels, 28, 28, INK_TABLE),
  };
}
