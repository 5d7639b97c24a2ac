// The learner's own image in the feature maps (the convolution lessons, No.7 and No.8): a drawing or an uploaded
// picture is probed by the run in the test digit's place (PATCH probe_image), so the frames' feature maps are of
// that image, live while training. An empty pad or a picked test digit gives the maps back to the test digit.
// Frames say whose maps they carry (probe.own): one that disagrees with what the page wants (a new run, a PATCH
// overtaken by another) asks again, so the page and the run come back into step by themselves.

import { t } from "../i18n.js";
import { CONV_NETS } from "./state-digits.js";

/**
 * url: the page's settings; controller: the run controller (setShownImage, setShownDigit); featureMaps: the maps
 * view; title: its heading; source(): "picture" or "drawing", whichever is on the pad now.
 */
export function createOwnProbe({ url, controller, featureMaps, title, source }) {
  let wanted = null; // the image the maps should be of, or null for the test digit
  const inLesson = () => CONV_NETS.has(url.get().lesson);
  return {
    /** The pad holds `image` (784 values in 0..1; null: no ink yet): its maps, from the next frame on. */
    drawn(image) {
      if (!image || !inLesson()) return;
      wanted = image;
      featureMaps.setInput(Uint8Array.from(image, (v) => Math.round(255 * v)));
      const key = source() === "picture" ? "ownprobe.maps_picture" : "ownprobe.maps_drawing";
      title.textContent = t(key, { note: t("shell.digits.maps_note") });
      controller.setShownImage(image);
    },
    /** The pad is empty or a test digit was picked: true when the maps were the learner's and go back now. */
    forget() {
      if (!wanted) return false;
      wanted = null;
      controller.setShownDigit(url.get().probe);
      return true;
    },
    /** A frame's probe: ask again where it is not what the page wants. */
    frame(probe) {
      if (!probe || !inLesson()) return;
      if (wanted && !probe.own) controller.setShownImage(wanted);
      else if (!wanted && probe.own) controller.setShownDigit(url.get().probe);
    },
  };
}
