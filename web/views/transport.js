// Play / pause, step one epoch, reset: the buttons that drive the current run.

export function createTransport({ play, step, reset }, handlers) {
  play.addEventListener("click", handlers.onPlayPause);
  step.addEventListener("click", handlers.onStep);
  reset.addEventListener("click", handlers.onReset);
  return {
    update({ playing, status }) {
      const ended = ["done", "stopped", "diverged", "failed"].includes(status);
      play.classList.toggle("playing", playing && !ended);
      play.setAttribute("aria-label", playing && !ended ? "Pause" : "Play");
      play.title = ended ? "This run has ended — reset to train again" : playing ? "Pause training" : "Resume training";
      play.disabled = ended || status === "idle";
      step.disabled = ended || ["idle", "starting", "waiting"].includes(status);
    },
  };
}
