// The only module that talks to the network: the REST calls of /api (runs and what looks inside them: the next
// step, the loss surface, the history; the 2D datasets, the digits lab's MNIST samples, convolutions and
// drawn-image predictions, uploaded pictures, and what a digits model is asked about itself: a confusion cell's
// digits, robustness, confidence, its layers mapped) and the event stream of a run.
// Every failure becomes an ApiError whose message a learner can read ("optimizer.batch_size: must be ≤ …").

import { token } from "./credentials.js";
import { t } from "./i18n.js";

/**
 * `reason` is a string or a function giving one: the page's own words are read from the catalogues when the
 * message is shown, since the first call (GET /api/limits) can fail before the page has loaded its language.
 */
export class ApiError extends Error {
  constructor(status, reason, retryAfterSeconds = null) {
    super();
    this.name = "ApiError";
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.reason = reason;
  }

  get message() {
    return typeof this.reason === "function" ? this.reason() : this.reason;
  }
}

/** EventSource cannot send headers, so only the event stream carries the token in its URL (the server accepts
 * `?token=` there and nowhere else). */
function eventStreamUrl(path) {
  if (!token) return path;
  return `${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

/** FastAPI errors → one line: 422 entries become "field.path: reason"; others keep their detail string. */
export function readableError(status, body) {
  const detail = body?.detail;
  if (Array.isArray(detail)) {
    return detail
      .map((entry) => {
        const path = (entry.loc ?? []).filter((part) => part !== "body").join(".");
        return path ? `${path}: ${entry.msg}` : entry.msg;
      })
      .join("; ");
  }
  if (typeof detail === "string") return detail;
  return t("api.answered", { status });
}

async function request(method, path, body, { keepalive = false, signal } = {}) {
  const init = { method, headers: { accept: "application/json" }, keepalive, signal };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, () => t("api.unreachable"));
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const retry = Number.parseFloat(response.headers.get("retry-after") ?? "");
    const reason = () => readableError(response.status, data);
    throw new ApiError(response.status, reason, Number.isFinite(retry) ? retry : null);
  }
  return data;
}

const runPath = (id, suffix = "") => `/api/runs/${encodeURIComponent(id)}${suffix}`;

export const health = () => request("GET", "/api/health");
export const datasets = () => request("GET", "/api/datasets");
/** The one vocabulary: names and every numeric bound a run accepts (models/vocabulary.py). */
export const limits = () => request("GET", "/api/limits");
/** A 2D dataset's points and split, exactly as a run on it would use them, without a run. */
export const datasetPoints = (dataset) => request("POST", "/api/datasets/points", dataset);
/** Created paused, so the page can subscribe before the first update and see the curve from step 0. */
export const createPausedRun = (config) => request("POST", "/api/runs?paused=true", config);
export const getRun = (id) => request("GET", runPath(id));
export const patchRun = (id, patch) => request("PATCH", runPath(id), patch);
export const stepRun = (id, steps) => request("POST", runPath(id, "/step"), { steps });
export const predict = (id, points) => request("POST", runPath(id, "/predict"), { points });
export const params = (id) => request("GET", runPath(id, "/params"));
/** The run's own training and test points ({train, test, classes, extent}): the rows the inspector's indices name. */
export const runPoints = (id) => request("GET", runPath(id, "/points"));
/** A paused 2D run's next update in numbers, without making it; `example` is a position in its minibatch. */
export const inspectRun = (id, example = 0) => request("POST", runPath(id, "/inspect"), { example });
/** The training loss over weights `x` and `y` (names w1, w2_0, …; null: the server's default) of a linear run. */
export function lossSurface(id, { x = null, y = null, resolution }) {
  const query = new URLSearchParams({ resolution: String(resolution) });
  if (x) query.set("x", x);
  if (y) query.set("y", y);
  return request("GET", runPath(id, `/surface?${query}`));
}
/** The run's metrics so far, thinned to at most 1,000 points per series: {step, train_loss, test_loss, …}. */
export const runHistory = (id) => request("GET", runPath(id, "/history"));
export const deleteRun = (id) => request("DELETE", runPath(id));

/**
 * Compile ahead: up to 8 run configs a learner may start next; the server compiles their programs in the background
 * so the run that follows starts from compiled code. Answers {accepted, pending, prepared, failed, programs_compiled}.
 */
export const prepareRuns = (configs) => request("POST", "/api/prepare", { runs: configs });
/** How far compiling ahead has got: {pending, prepared, failed, programs_compiled}. */
export const prepareStatus = () => request("GET", "/api/prepare");

/**
 * The run as standalone code (GET /api/runs/{id}/export): format "py" or "ipynb", comments in `lang`. Answers
 * {filename, blob}; the token goes in the header, as with every other call.
 */
export async function exportRun(id, format, lang) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  let response;
  try {
    response = await fetch(runPath(id, `/export?format=${format}&lang=${lang}`), { headers });
  } catch {
    throw new ApiError(0, () => t("api.unreachable"));
  }
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    throw new ApiError(response.status, () => readableError(response.status, data));
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "");
  return { filename: named?.[1] ?? `boundary-lab-${id}.${format}`, blob: await response.blob() };
}

/** Up to 100 labelled digits from a split: {split, total, offset, labels, images: [[784 values in 0..1]], source}. */
export const samples = (split, offset, limit) =>
  request("GET", `/api/digits/samples?split=${split}&offset=${offset}&limit=${limit}`);

/** The classic 3×3 kernels by name: {presets: {identity: [[…]], …}}. */
export const kernelPresets = () => request("GET", "/api/convolve/presets");

/**
 * One k×k kernel over one digit (a test index, or a 784-value image), optionally ReLU and 2×2 max-pool:
 * {size, output: [[…]], minimum, maximum, image, label}.
 */
export const convolve = ({ index = null, image = null, kernel, relu = false, pool = false }, signal) =>
  request("POST", "/api/convolve", { ...(image ? { image } : { index }), kernel, relu, pool }, { signal });

/** P(digit | image) for up to 64 images of 784 values in 0..1: {probabilities: [[10]], predicted, step}. */
export const predictImages = (runId, images) => request("POST", runPath(runId, "/predict"), { images });

/**
 * The test digits of one confusion-matrix cell (true `trueLabel`, predicted `predicted`), a page at a time:
 * {step, true, predicted, total, offset, examples: [{index, label, predicted, probability, probabilities, pixels}]}.
 */
export function confusionExamples(runId, { trueLabel, predicted, offset = 0, limit = 20 }) {
  const query = new URLSearchParams({ true: trueLabel, predicted, offset, limit });
  return request("GET", runPath(runId, `/examples?${query}`));
}

/** Test accuracy under a distortion at up to 8 strengths, with digit `index` as distorted at each. */
export const robustness = (runId, { distortion, strengths, index }) =>
  request("POST", runPath(runId, "/robustness"), { distortion, strengths, index });

/** The abstention curve: {step, test_accuracy, total, points: [{threshold, coverage, answered, accuracy}]}. */
export const confidence = (runId) => request("GET", runPath(runId, "/confidence"));

/** The first `limit` test digits on one layer's top two principal axes: {layer, layers, points, labels, predicted}. */
export const embedding = (runId, { layer, limit }) =>
  request("GET", runPath(runId, `/embedding?${new URLSearchParams({ layer, limit })}`));

/**
 * A PNG or JPEG file made MNIST-like by the server, every stage shown: {stages: [{name, width, height, pixels}],
 * image: [784], …}. The body is the file itself; a 413 (too large) or 422 (not a picture) becomes an ApiError.
 */
export async function preprocessPicture(file) {
  const headers = { accept: "application/json", "content-type": file.type || "application/octet-stream" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch("/api/digits/preprocess", { method: "POST", headers, body: file });
  } catch {
    throw new ApiError(0, () => t("api.unreachable"));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, () => readableError(response.status, data));
  return data;
}

/** Fire-and-forget delete that survives the page closing, so an abandoned tab frees its run slot. */
export function deleteRunOnExit(id) {
  request("DELETE", runPath(id), undefined, { keepalive: true }).catch(() => {});
}

/**
 * Follow a run's frames. `onFrame(frame)` ~30/s; `onEnd(event)` once, for `done` (finished or stopped) and
 * `error` (diverged or failed); `onDropped()` when the connection drops and the browser starts reconnecting, and
 * `onResumed()` once it is back (the server sends the latest frame at once); `onLost()` if the connection ends for
 * good (the server came back without the run, e.g. after a restart). Returns `close()`. The stream is closed on
 * its last event, or the browser would reconnect forever.
 */
export function subscribe(id, { onFrame, onEnd, onDropped, onResumed, onLost }) {
  const source = new EventSource(eventStreamUrl(runPath(id, "/events")));
  let open = true;
  let dropped = false;
  const close = () => {
    open = false;
    source.close();
  };
  const finish = (event) => {
    close();
    onEnd(JSON.parse(event.data));
  };
  source.addEventListener("frame", (event) => {
    if (open) onFrame(JSON.parse(event.data));
  });
  source.addEventListener("done", finish);
  source.addEventListener("open", () => {
    if (open && dropped) {
      dropped = false;
      onResumed();
    }
  });
  source.addEventListener("error", (event) => {
    if (!open) return;
    if (event.data) finish(event);
    else if (source.readyState === EventSource.CLOSED) {
      close();
      onLost();
    } else if (!dropped) {
      dropped = true;
      onDropped();
    }
  });
  return close;
}

/** The teacher's class view (teacher only): every run as a tile with a thumbnail, and the challenge's ranking. */
export const classRuns = () => request("GET", "/api/class/runs");
export const pauseClass = () => request("POST", "/api/class/pause");
/** {dataset, threshold, tie_break: "fewest_parameters" | "earliest_step"} → the challenge with its ranking. */
export const setChallenge = (rule) => request("POST", "/api/class/challenge", rule);
export const endChallenge = () => request("DELETE", "/api/class/challenge");
/** In a class: the learner chooses the name the teacher sees, or leaves (their runs and cookie are dropped). */
export const renameLearner = (name) => request("PATCH", "/api/learners/me", { name });
export const leaveClass = () => request("DELETE", "/api/learners/me");
