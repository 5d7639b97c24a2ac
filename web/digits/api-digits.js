// The digits lab's own REST calls: MNIST samples, the convolution lesson and predictions for drawn images.
// api.js stays the page's door to runs (create, patch, step, delete, the event stream); it has no export for these
// bodies, so this module adds a small fetch wrapper that follows its conventions: the same ?token=… passing
// (Authorization: Bearer and ?token=), the same readable ApiError.

import { ApiError, readableError } from "../api.js";

const token = new URLSearchParams(window.location.search).get("token");

function withToken(path) {
  if (!token) return path;
  return `${path}${path.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}`;
}

async function request(method, path, body, { signal } = {}) {
  const init = { method, headers: { accept: "application/json" }, signal };
  if (token) init.headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(withToken(path), init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "the server cannot be reached — is `boundary-lab serve` running?");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const retry = Number.parseFloat(response.headers.get("retry-after") ?? "");
    throw new ApiError(response.status, readableError(response.status, data), Number.isFinite(retry) ? retry : null);
  }
  return data;
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
export const predictImages = (runId, images) =>
  request("POST", `/api/runs/${encodeURIComponent(runId)}/predict`, { images });
