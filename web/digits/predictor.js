// Ask the run what it makes of the learner's drawing: at most one request in flight, the latest drawing wins, and
// no more often than `interval` ms (a stroke sends a few requests a second, not one per mouse move).

import { predictImages } from "../api.js";
import { round } from "../util.js";

/**
 * image(): the drawing (784 values) or null; withRun(request): runs request(runId) against the current run and
 * returns its promise, or null when there is none; onAnswer(probabilities, step).
 */
export function createPredictor({ image, withRun, onAnswer, onProblem }) {
  let inFlight = false;
  let pending = false;
  let lastAt = -Infinity;
  let timer = 0;
  let answers = 0;

  async function pump(interval) {
    if (inFlight || !pending) return;
    const wait = lastAt + interval - performance.now();
    if (wait > 0) {
      clearTimeout(timer);
      timer = setTimeout(() => pump(interval), wait);
      return;
    }
    const drawing = image();
    pending = false;
    const request = drawing && withRun((id) => predictImages(id, [Array.from(drawing, (v) => round(v, 3))]));
    if (!request) return;
    inFlight = true;
    lastAt = performance.now();
    try {
      const answer = await request;
      if (image()) {
        answers++;
        onAnswer(answer.probabilities[0], answer.step);
      }
    } catch (error) {
      onProblem(error.message);
    } finally {
      inFlight = false;
      pump(interval);
    }
  }

  return {
    /** The drawing changed, or the model did: predict again within `interval` ms. */
    request(interval) {
      pending = true;
      pump(interval);
    },
    /** When the last answer came, so frames can refresh the bars at a calmer pace than strokes. */
    sinceLast: () => performance.now() - lastAt,
    get answers() {
      return answers;
    },
  };
}
