// The status line: run state, step, epoch, measured steps/s, and a readable reason when something went wrong.

import { t } from "../i18n.js";
import { element, formatCompact, formatInt } from "../util.js";

const RATE_WINDOW_MS = 1000;
const MIN_RATE_SPAN_MS = 250;
// A running run still at step 0 this long is compiling its training step (a CNN takes seconds, once per shape).
const COMPILING_HINT_MS = 700;

export function createStatus(root) {
  const badge = element("span", { class: "badge" });
  const numbers = element("span", { class: "status-numbers" });
  const hint = element("span", { class: "status-hint" });
  const message = element("span", { class: "status-message" });
  root.append(badge, numbers, hint, message);
  let samples = []; // recent {step, time}: the rate is taken over ~1 s, since frames can arrive in bursts
  let rate = 0;
  let fps = 0;
  let lastFrame = null;
  let hintTimer = null;

  /** "Running" with no step yet says nothing; after a moment, say that the first chunk is being compiled. */
  function updateHint() {
    const waiting = badge.dataset.state === "running" && lastFrame?.step === 0;
    if (!waiting) {
      clearTimeout(hintTimer);
      hintTimer = null;
      hint.textContent = "";
    } else if (hintTimer === null && !hint.textContent) {
      hintTimer = setTimeout(() => {
        hintTimer = null;
        hint.textContent = t("status.compiling");
        hint.title = t("status.compiling_title");
      }, COMPILING_HINT_MS);
    }
  }

  function showNumbers() {
    if (!lastFrame) return;
    const speed = rate ? t("status.speed", { rate: formatCompact(Math.round(rate)), fps: Math.round(fps) }) : "";
    numbers.textContent = t("status.numbers", { step: formatInt(lastFrame.step), epoch: lastFrame.epoch.toFixed(1) }) + speed;
  }

  return {
    /** Measured from frames (what the learner sees), so it is honest in paced mode too. */
    setFrame(frame) {
      const now = performance.now();
      if (samples.length && frame.step < samples.at(-1).step) samples = [];
      samples.push({ step: frame.step, time: now });
      while (samples.length > 2 && now - samples[1].time > RATE_WINDOW_MS) samples.shift();
      const first = samples[0];
      if (now - first.time > MIN_RATE_SPAN_MS) {
        rate = ((frame.step - first.step) * 1000) / (now - first.time);
        fps = ((samples.length - 1) * 1000) / (now - first.time);
      }
      lastFrame = frame;
      showNumbers();
      updateHint();
    },
    setState(state) {
      badge.textContent = t(`status.state.${state}`);
      badge.dataset.state = state;
      if (state === "starting" || state === "idle" || state === "waiting") {
        rate = 0;
        samples = [];
        lastFrame = null;
        numbers.textContent = "";
      }
      if (state !== "running") {
        rate = 0;
        samples = [];
        showNumbers();
      }
      updateHint();
    },
    setMessage(text, kind = "error") {
      message.textContent = text ?? "";
      message.dataset.kind = kind;
    },
    /** Steps per second over the last ~1 s of frames (0 until a run has trained for a moment): the page's one rate. */
    rate: () => rate,
  };
}
