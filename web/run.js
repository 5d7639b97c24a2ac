// The life of the page's one training run: start it, follow its frames, steer it (play, pause, step, learning
// rate, speed) and delete it when it is replaced or the page closes. Restarts are queued, so at most one run of
// this page is live at any moment.
//
// Every run is created paused and resumed once its first frame (step 0) has arrived, so no early frame is missed.
// Speed: "full" lets the server train freely (it sizes chunks to ~30 frames/s). Any other speed keeps the run
// paused on the server and asks for exactly `speed` steps per tick, so a learner can watch single updates.

import * as api from "./api.js";

const TICK_MS = 1000 / 30;
const BUSY_RETRIES = 6;

export class RunController {
  /** handlers: onStarting(), onStarted(info), onFrame(frame), onPoints(points), onEnd(event), onProblem(text), onChange() */
  constructor(handlers) {
    this.handlers = handlers;
    this.playing = true;
    this.speed = "full";
    this.run = null;
    this.starting = false;
    this.queue = Promise.resolve();
    this.generation = 0;
    this.learningRate = null;
    this.patching = false;
    window.addEventListener("pagehide", () => {
      if (this.run) api.deleteRunOnExit(this.run.id);
    });
  }

  /** Replace the current run by one trained on `config` (null: no run, e.g. too few custom points). */
  restart(config, { epochSteps = 1 } = {}) {
    const generation = ++this.generation;
    this.queue = this.queue.then(() => this.#replace(config, epochSteps, generation));
    return this.queue;
  }

  get status() {
    const run = this.run;
    if (this.starting || (run && !run.ready && !run.end)) return "starting";
    if (!run) return "idle";
    if (run.end) return run.end.status;
    return this.playing ? "running" : "paused";
  }

  get runId() {
    return this.run?.id ?? null;
  }

  #serverShouldPause() {
    return !this.playing || this.speed !== "full";
  }

  async #replace(config, epochSteps, generation) {
    if (generation !== this.generation) return; // a newer restart is queued behind this one
    await this.#dispose();
    if (!config) {
      this.handlers.onChange();
      return;
    }
    this.starting = true;
    this.handlers.onStarting();
    const info = await this.#create(config, generation);
    this.starting = false;
    if (!info) {
      this.handlers.onChange();
      return;
    }
    const run = { id: info.id, info, config, epochSteps, ready: false, end: null, step: 0, stepping: false };
    this.run = run;
    this.learningRate = config.optimizer.learning_rate;
    this.handlers.onStarted(info);
    run.close = api.subscribe(run.id, {
      onFrame: (frame) => this.#onFrame(run, frame),
      onEnd: (event) => this.#onEnd(run, event),
      onLost: () => this.#onEnd(run, { status: "failed", message: "lost the connection to the server" }),
    });
  }

  async #create(config, generation) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.createPausedRun(config);
      } catch (error) {
        const busy = error.status === 429 && attempt < BUSY_RETRIES;
        this.handlers.onProblem(busy ? `${error.message} — retrying…` : error.message);
        if (!busy) return null;
        await new Promise((resolve) => setTimeout(resolve, 1000 * (error.retryAfterSeconds ?? 2)));
        if (generation !== this.generation) return null;
      }
    }
  }

  async #dispose() {
    const run = this.run;
    this.run = null;
    if (!run) return;
    run.close?.();
    run.end ??= { status: "stopped" };
    await api.deleteRun(run.id).catch(() => {});
  }

  #onFrame(run, frame) {
    if (run !== this.run) return;
    const first = !run.ready;
    run.ready = true;
    run.step = frame.step;
    this.handlers.onFrame(frame);
    if (first) {
      if (!this.#serverShouldPause()) this.#patch(run, { paused: false });
      api.points(run.id).then(
        (points) => run === this.run && this.handlers.onPoints(points),
        (error) => run === this.run && this.handlers.onProblem(error.message),
      );
      this.handlers.onChange();
      this.#tick();
    }
  }

  #onEnd(run, event) {
    if (run !== this.run || run.end) return;
    run.end = event;
    this.handlers.onEnd(event);
    this.handlers.onChange();
  }

  async #patch(run, patch) {
    try {
      return await api.patchRun(run.id, patch);
    } catch (error) {
      if (run === this.run && !run.end) this.handlers.onProblem(error.message);
      return null;
    }
  }

  /** Paced mode: one request of `speed` steps per tick, never two in flight. */
  async #tick() {
    const run = this.run;
    if (!run || !run.ready || run.end || run.stepping || !this.playing || this.speed === "full") return;
    const steps = Math.min(Number(this.speed), run.config.max_steps - run.step);
    if (steps <= 0) return;
    const started = performance.now();
    await this.#step(run, steps);
    setTimeout(() => this.#tick(), Math.max(0, TICK_MS - (performance.now() - started)));
  }

  async #step(run, steps) {
    run.stepping = true;
    try {
      const info = await api.stepRun(run.id, steps);
      run.step = Math.max(run.step, info.step);
    } catch (error) {
      if (run === this.run && !run.end) this.handlers.onProblem(error.message);
    } finally {
      run.stepping = false;
    }
  }

  play() {
    this.playing = true;
    const run = this.run;
    if (run && !run.end) {
      if (this.speed === "full") this.#patch(run, { paused: false });
      else this.#tick();
    }
    this.handlers.onChange();
  }

  pause() {
    this.playing = false;
    const run = this.run;
    if (run && !run.end && this.speed === "full") this.#patch(run, { paused: true });
    this.handlers.onChange();
  }

  /** Pause, then train exactly one epoch (Playground's step). */
  async step() {
    const run = this.run;
    if (!run || !run.ready || run.end) return;
    if (this.playing) this.playing = false;
    this.handlers.onChange();
    while (run.stepping) await new Promise((resolve) => setTimeout(resolve, 10));
    if (!(await this.#patch(run, { paused: true }))) return;
    await this.#step(run, Math.min(run.epochSteps, run.config.max_steps - run.step));
  }

  setSpeed(speed) {
    const wasFull = this.speed === "full";
    this.speed = speed;
    const run = this.run;
    if (!run || run.end || !this.playing || wasFull === (speed === "full")) return;
    if (speed === "full") this.#patch(run, { paused: false });
    else this.#patch(run, { paused: true }).then(() => this.#tick());
  }

  /** Latest value wins; at most one PATCH in flight. Weights are kept, nothing recompiles. */
  async setLearningRate(learningRate) {
    this.learningRate = learningRate;
    const run = this.run;
    if (!run || run.end || this.patching) return;
    this.patching = true;
    let sent;
    do {
      sent = this.learningRate;
      await this.#patch(run, { learning_rate: sent });
    } while (sent !== this.learningRate && run === this.run && !run.end);
    this.patching = false;
  }
}
