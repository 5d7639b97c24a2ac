// Play / pause, step one epoch, reset: the buttons that drive the current run.

import { t } from "../i18n.js";

export function createTransport({ play, step, reset }, handlers) {
  play.addEventListener("click", handlers.onPlayPause);
  step.addEventListener("click", handlers.onStep);
  reset.addEventListener("click", handlers.onReset);
  return {
    update({ playing, status }) {
      const ended = ["done", "stopped", "diverged", "failed"].includes(status);
      play.classList.toggle("playing", playing && !ended);
      play.setAttribute("aria-label", t(playing && !ended ? "page.pause" : "page.play"));
      play.title = t(ended ? "page.play_title_ended" : playing ? "page.play_title_pause" : "page.play_title_resume");
      play.disabled = ended || status === "idle";
      step.disabled = ended || ["idle", "starting", "waiting"].includes(status);
    },
  };
}
