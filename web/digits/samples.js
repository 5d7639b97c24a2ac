// The test digits the page shows (browser, misclassified strip, probe, convolution input), fetched once per range
// and kept as bytes: 2,000 digits are 1.5 MB as bytes, several times that as JSON floats.

import { samples } from "../api.js";
import { unitBytes } from "./images.js";

const MAX_BATCH = 100;

export function createSampleStore(split = "test") {
  const cache = new Map(); // index → Promise<{index, label, pixels: Uint8Array(784), values: Float32Array(784)}>
  let total = null;

  function fetchRange(offset, limit) {
    const request = samples(split, offset, limit).then((answer) => {
      total = answer.total;
      return answer;
    });
    for (let k = 0; k < limit; k++) {
      const index = offset + k;
      const entry = request.then((answer) => {
        if (k >= answer.labels.length) throw new RangeError(`no ${split} digit ${index} (there are ${answer.total})`);
        const values = Float32Array.from(answer.images[k]);
        return { index, label: answer.labels[k], values, pixels: unitBytes(values) };
      });
      entry.catch(() => {}); // awaited where used; an unused entry must not report an unhandled rejection
      cache.set(index, entry);
    }
    request.catch(() => {
      for (let k = 0; k < limit; k++) cache.delete(offset + k);
    });
  }

  return {
    get total() {
      return total;
    },
    /** The number of digits in the split (one small request the first time). */
    async count() {
      if (total === null) total = (await samples(split, 0, 1)).total;
      return total;
    },
    /** Digits offset … offset+limit−1 (fewer at the end), fetching what is not cached in few requests. */
    async range(offset, limit) {
      if (total !== null) limit = Math.max(0, Math.min(limit, total - offset));
      for (let k = 0; k < limit; ) {
        if (cache.has(offset + k)) {
          k++;
          continue;
        }
        let end = k;
        while (end < limit && end - k < MAX_BATCH && !cache.has(offset + end)) end++;
        fetchRange(offset + k, end - k);
        k = end;
      }
      const entries = Array.from({ length: limit }, (_, k) => cache.get(offset + k));
      const settled = await Promise.allSettled(entries);
      return settled.filter((s) => s.status === "fulfilled").map((s) => s.value);
    },
    /** One digit. */
    digit(index) {
      if (!cache.has(index)) fetchRange(index, 1);
      return cache.get(index);
    },
  };
}
