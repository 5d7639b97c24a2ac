// The life of a page's one training run: create it paused, follow its frames, resume it once the first frame
// (step 0) is in, steer it (play, pause, one epoch, learning rate, shown digit) and delete it when it is replaced,
// when there is nothing to train, or when the page closes. Restarts are queued, so at most two runs of the page
// are live at any moment, and two only while the old one is being deleted. The server caps live runs: a 429 is
// retried once the old run is gone, then after its Retry-After for as long as the page wants that run, so it
// starts as soon as a slot frees. A run left paused gives its slot back after the server's
// idle TTL (GET /api/health's idle_ttl_s): the page ends it then, as the server does with unwatched paused runs.
//
// Every run is created paused and resumed once its first frame has arrived, so no early frame is missed; then
// `onReady(runId)` lets the page fetch what only exists once the run does (the 2D page: the run's points).
// Speed: "full" lets the server train freely. Any other speed keeps the run paused on the server and asks for
// exactly `speed` steps per tick, so a learner can watch single updates (and a digits run, which ends each such
// request with a test evaluation, draws a test curve with every point).

import * as api from "./api.js";
import { t } from "./i18n.js";

const TICK_MS = 1000 / 30;
const DEFAULT_RETRY_S = 5;

export class RunController {
  /**
   * handlers: onStarting(), onStarted(info), onFrame(frame), onReady?(runId) after the first frame, onEnd(event),
   * onProblem(text), onWaiting(text) while every run slot is taken (null once it ends), onNotice(text), onChange()
   */
  constructor(handlers) {
    this.handlers = handlers;
    this.playing = true;
    this.speed = "full";
    this.run = null;
    this.starting = false;
    this.queue = Promise.resolve();
    this.generation = 0;
    this.latest = { learning_rate: null, probe_index: null };
    this.patching = new Set();
    this.waiting = false;
    this.retrySeconds = DEFAULT_RETRY_S;
    this.idleTtlS = null;
    this.idleTimer = 0;
    window.addEventListener("pagehide", () => {
      if (this.run) api.deleteRunOnExit(this.run.id);
    });
  }

  /**
   * Replace the current run by one trained on `config` (null: no run, e.g. too few custom points, or a lesson
   * that trains nothing); `speed`, when given, is the new run's pace. The old run keeps its pace until it is
   * deleted: changing it now could unpause a run mid-step.
   */
  restart(config, { epochSteps = 1, speed } = {}) {
    const generation = ++this.generation;
    this.queue = this.queue.then(() => this.#replace(config, epochSteps, speed, generation));
    return this.queue;
  }

  get status() {
    const run = this.run;
    if (this.waiting) return "waiting";
    if (this.starting || (run && !run.ready && !run.end)) return "starting";
    if (!run) return "idle";
    if (run.end) return run.end.status;
    return this.playing ? "running" : "paused";
  }

  get runId() {
    return this.run?.id ?? null;
  }

  /** The current run's id once it has shown a frame and while the server still has it, else null. */
  get readyRunId() {
    const run = this.run;
    return run && run.ready && !run.deleted ? run.id : null;
  }

  async #replace(config, epochSteps, speed, generation) {
    if (generation !== this.generation) return; // a newer restart is queued behind this one
    // the old run is closed at once and deleted meanwhile: the new one need not wait for the deletion (nor for
    // the requests it waits on, such as the history runs compared keeps) unless every slot is taken
    const disposed = this.#dispose();
    if (speed !== undefined) this.speed = speed;
    if (!config) {
      await disposed;
      this.#changed();
      return;
    }
    this.starting = true;
    this.handlers.onStarting();
    const info = await this.#create(config, generation, disposed);
    this.starting = false;
    if (!info) {
      this.#changed();
      return;
    }
    if (generation !== this.generation) {
      api.deleteRun(info.id).catch(() => {});
      return;
    }
    const run = {
      id: info.id,
      config,
      epochSteps,
      ready: false,
      end: null,
      step: 0,
      stepping: false,
      serverPaused: true, // created paused; #setServerPaused changes it, one PATCH at a time
      wantPaused: true,
      pausing: Promise.resolve(true),
      inflight: new Set(), // requests that name this run: the DELETE waits for them, so none of them meets a 404
    };
    this.run = run;
    this.latest = { learning_rate: config.optimizer.learning_rate, probe_index: config.probe_index ?? null };
    this.handlers.onStarted(info);
    run.close = api.subscribe(run.id, {
      onFrame: (frame) => this.#onFrame(run, frame),
      onEnd: (event) => this.#onEnd(run, event),
      onDropped: () => run === this.run && this.handlers.onProblem(t("run.reconnecting")),
      onResumed: () => run === this.run && this.handlers.onProblem(null),
      onLost: () => {
        run.deleted = true;
        this.#onEnd(run, {
          status: "failed",
          message: t("run.lost"),
        });
      },
    });
  }

  /**
   * Create the run; while every slot is taken (429), first let the old run's deletion (`disposed`) free one,
   * then wait Retry-After and try again until a newer restart.
   */
  async #create(config, generation, disposed) {
    let oldRunGone = false;
    try {
      for (;;) {
        try {
          return await api.createPausedRun(config);
        } catch (error) {
          if (error.status !== 429) {
            this.handlers.onProblem(error.message);
            return null;
          }
          if (!oldRunGone) {
            oldRunGone = true;
            await disposed;
            continue;
          }
          const seconds = error.retryAfterSeconds ?? DEFAULT_RETRY_S;
          this.#setWaiting(true, seconds);
          await new Promise((resolve) => setTimeout(resolve, 1000 * seconds));
          if (generation !== this.generation) return null;
        }
      }
    } finally {
      this.#setWaiting(false);
    }
  }

  #setWaiting(waiting, retrySeconds) {
    const was = this.waiting;
    this.waiting = waiting;
    if (retrySeconds !== undefined) this.retrySeconds = retrySeconds;
    if (waiting) {
      const ttl = this.idleTtlS ? t("run.waiting_ttl", { ttl: describeSeconds(this.idleTtlS) }) : "";
      this.handlers.onWaiting?.(t("run.waiting", { every: describeSeconds(retrySeconds) }) + ttl);
    } else if (was) this.handlers.onWaiting?.(null);
    if (was !== waiting) this.#changed();
  }

  /** A paused run gives its slot back after `seconds` (the server's idle TTL), so a forgotten tab holds none. */
  endWhenPausedFor(seconds) {
    this.idleTtlS = seconds > 0 ? seconds : null;
    this.#armIdleTimer();
    if (this.waiting) this.#setWaiting(true, this.retrySeconds); // the waiting message names the TTL
  }

  #armIdleTimer() {
    clearTimeout(this.idleTimer);
    const run = this.run;
    if (!this.idleTtlS || this.playing || !run || run.end) return;
    this.idleTimer = setTimeout(() => this.#endIdle(run), this.idleTtlS * 1000);
  }

  async #endIdle(run) {
    if (run !== this.run || run.end || this.playing) return;
    run.close?.();
    run.end = { status: "stopped", step: run.step };
    run.deleted = true;
    this.handlers.onNotice?.(t("run.idle_ended", { ttl: describeSeconds(this.idleTtlS) }));
    this.handlers.onEnd(run.end);
    this.#changed();
    await Promise.allSettled([...run.inflight]);
    await api.deleteRun(run.id).catch(() => {});
  }

  #changed() {
    this.#armIdleTimer();
    this.handlers.onChange();
  }

  async #dispose() {
    const run = this.run;
    this.run = null;
    if (!run) return;
    run.close?.();
    run.end ??= { status: "stopped" };
    await Promise.allSettled([...run.inflight]);
    if (!run.deleted) await api.deleteRun(run.id).catch(() => {});
  }

  /** A request about `run`, tracked until it settles. */
  #track(run, promise) {
    run.inflight.add(promise);
    promise.then(
      () => run.inflight.delete(promise),
      () => run.inflight.delete(promise),
    );
    return promise;
  }

  /**
   * Call `request(runId)` for the current run (finished runs still answer predictions) and return its promise,
   * or null when there is no run or it is being replaced.
   */
  withRun(request) {
    const run = this.run;
    if (!run || !run.ready || run.deleted) return null; // a run the server has forgotten would only answer 404
    return this.#track(run, request(run.id));
  }

  #onFrame(run, frame) {
    if (run !== this.run) return;
    const first = !run.ready;
    run.ready = true;
    run.step = frame.step;
    this.handlers.onFrame(frame);
    if (first) {
      if (!this.#serverShouldPause()) this.#setServerPaused(run, false);
      this.handlers.onReady?.(run.id);
      this.#changed();
      this.#tick();
    }
  }

  #serverShouldPause() {
    return !this.playing || this.speed !== "full";
  }

  /** Paced mode: one request of `speed` steps per tick, never two in flight. */
  async #tick() {
    const run = this.run;
    if (!run || !run.ready || run.end || run.stepping || !this.playing || this.speed === "full") return;
    if (!run.serverPaused) return; // a PATCH is still pausing it; #setServerPaused ticks again once it has
    const steps = Math.min(Number(this.speed), run.config.max_steps - run.step);
    if (steps <= 0) return;
    const started = performance.now();
    await this.#step(run, steps);
    setTimeout(() => this.#tick(), Math.max(0, TICK_MS - (performance.now() - started)));
  }

  async #step(run, steps) {
    run.stepping = true;
    try {
      const info = await this.#track(run, api.stepRun(run.id, steps));
      run.step = Math.max(run.step, info.step);
    } catch (error) {
      if (run === this.run && !run.end) this.handlers.onProblem(error.message);
    } finally {
      run.stepping = false;
    }
  }

  #onEnd(run, event) {
    if (run !== this.run || run.end) return;
    run.end = event;
    this.handlers.onEnd(event);
    this.#changed();
  }

  async #patch(run, patch) {
    try {
      return await this.#track(run, api.patchRun(run.id, patch));
    } catch (error) {
      if (run === this.run && !run.end) this.handlers.onProblem(error.message);
      return null;
    }
  }

  /** Latest value wins, at most one PATCH of a field in flight: a slider drag sends a few requests, not hundreds. */
  async #patchLatest(field, value) {
    this.latest[field] = value;
    const run = this.run;
    if (!run || run.end || this.patching.has(field)) return;
    this.patching.add(field);
    let sent;
    do {
      sent = this.latest[field];
      await this.#patch(run, { [field]: sent });
    } while (sent !== this.latest[field] && run === this.run && !run.end);
    this.patching.delete(field);
  }

  play() {
    this.playing = true;
    const run = this.run;
    if (run && run.ready && !run.end) {
      if (this.speed === "full") this.#resumeAfterStep(run);
      else this.#tick();
    }
    this.#changed();
  }

  /** Resume the server's own pace once a paced step in flight has landed (a step on a running run is a 409). */
  async #resumeAfterStep(run) {
    while (run.stepping) await new Promise((resolve) => setTimeout(resolve, 10));
    if (run !== this.run || run.end || !this.playing || this.speed !== "full") return;
    await this.#setServerPaused(run, false);
  }

  /**
   * PATCH `paused` one request at a time, in order, the latest wish winning: two in flight can land swapped, and a
   * run the server then leaves running answers the page's paced steps with 409. Resolves true once the server
   * holds `paused`.
   */
  #setServerPaused(run, paused) {
    run.wantPaused = paused;
    run.pausing = run.pausing.then(async () => {
      const wish = run.wantPaused;
      const current = run === this.run && !run.end;
      if (current && run.serverPaused !== wish && (await this.#patch(run, { paused: wish }))) run.serverPaused = wish;
      return run.serverPaused === paused;
    });
    return run.pausing;
  }

  pause() {
    this.playing = false;
    const run = this.run;
    if (run && !run.end && this.speed === "full") this.#setServerPaused(run, true);
    this.#changed();
  }

  /** Pause, then train exactly one epoch (Playground's step), or `steps` updates when given. */
  async step(steps = null) {
    const run = this.run;
    if (!(await this.hold())) return;
    await this.#step(run, Math.max(1, Math.min(steps ?? run.epochSteps, run.config.max_steps - run.step)));
  }

  /**
   * Pause and wait until the server holds the run paused with no step in flight (what the step inspector needs:
   * the next update is then fixed). Resolves true when it does for the current run.
   */
  async hold() {
    const run = this.run;
    if (!run || !run.ready || run.end) return false;
    this.playing = false;
    this.#changed();
    while (run.stepping) await new Promise((resolve) => setTimeout(resolve, 10));
    return (await this.#setServerPaused(run, true)) && run === this.run;
  }

  /** "full", or steps per tick ("100", "10", "1"): how fast the page drives training, without a restart. */
  setSpeed(speed) {
    const wasFull = this.speed === "full";
    this.speed = speed;
    const run = this.run;
    if (!run || !run.ready || run.end || !this.playing || wasFull === (speed === "full")) return;
    if (speed === "full") this.#resumeAfterStep(run);
    else this.#setServerPaused(run, true).then((paused) => paused && this.#tick());
  }

  /** Applies to the running run at its next chunk; the weights are kept, nothing recompiles. */
  setLearningRate(learningRate) {
    return this.#patchLatest("learning_rate", learningRate);
  }

  /** Which test digit the frames' feature maps and probabilities are about (digits runs: the shown digit). */
  setShownDigit(index) {
    return this.#patchLatest("probe_index", index);
  }

  /** An image of the learner's own (784 values in 0..1) in the shown digit's place, until setShownDigit. */
  setShownImage(image) {
    return this.#patchLatest("probe_image", Array.from(image, (v) => Math.round(1000 * v) / 1000));
  }
}

/** "5 s", "15 min", "1 h 30 min": how long, in words a learner reads at a glance. */
export function describeSeconds(seconds) {
  if (seconds < 90) return t("run.seconds", { n: Math.round(seconds) });
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return t("run.minutes", { n: minutes });
  const hours = t("run.hours", { n: Math.floor(minutes / 60) });
  return minutes % 60 ? `${hours} ${t("run.minutes", { n: minutes % 60 })}` : hours;
}
