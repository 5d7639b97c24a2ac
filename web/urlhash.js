// The machinery behind a page's settings table (state.js, digits/state-digits.js): each row says how a setting
// is parsed, bounded and written in the URL hash, and what a change does; this module reads and writes a hash
// with such a table and keeps the state in the address bar, with one Back step per settled change.
// The page's language (i18n.js) rides along as `lang=…` at the end of every hash it writes, so a link keeps it.

import { activeLanguage, hashWithLanguage } from "./i18n.js";

/** Value codecs: `parse(text)` gives the value, or undefined when the text is malformed (the default stays). */
export const enumOf = (values) => ({ parse: (text) => (values.includes(text) ? text : undefined), format: String });
export const intIn = (min, max) => ({
  parse: (text) => {
    const n = Number(text);
    return text !== "" && Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : undefined;
  },
  format: String,
});
export const floatIn = (min, max, clean = (x) => x) => ({
  parse: (text) => {
    const x = Number(text);
    return text !== "" && Number.isFinite(x) ? clean(Math.min(max, Math.max(min, x))) : undefined;
  },
  format: String,
});
export const bool = {
  parse: (text) => (text === "1" ? true : text === "0" ? false : undefined),
  format: (value) => (value ? "1" : "0"),
};
/** Hidden layer widths "32,16": 1…`layers.high` layers of `units.low`…`units.high` units (ranges {low, high}). */
export const layerWidths = (layers, units) => ({
  parse: (text) => {
    const widths = text.split(",").map(Number);
    const ok =
      widths.length >= Math.max(1, layers.low) &&
      widths.length <= layers.high &&
      widths.every((u) => Number.isInteger(u) && u >= units.low && u <= units.high);
    return ok ? widths : undefined;
  },
  format: (widths) => widths.join(","),
});

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The hash's name=value pairs, decoded; a malformed escape is skipped (its setting keeps its default). */
export function hashPairs(hash) {
  const pairs = new Map();
  for (const pair of hash.replace(/^#/, "").split("&")) {
    const at = pair.indexOf("=");
    if (at < 0) continue;
    try {
      pairs.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      continue;
    }
  }
  return pairs;
}

/** Reading, writing and comparing states with one table of rows {key, hash, effect, default, parse, format}. */
export function settingsTable(settings) {
  const byKey = Object.fromEntries(settings.map((setting) => [setting.key, setting]));
  return {
    defaults: () => Object.fromEntries(settings.map(({ key, default: value }) => [key, structuredClone(value)])),
    /** `state` with every setting that `pairs` (from hashPairs) names and that parses. */
    read(pairs, state) {
      for (const setting of settings) {
        const value = pairs.has(setting.hash) ? setting.parse(pairs.get(setting.hash)) : undefined;
        if (value !== undefined) state[setting.key] = value;
      }
      return state;
    },
    /** "name=value&…" for the settings that `include` keeps, in table order. */
    write: (state, include = () => true) =>
      settings
        .filter(include)
        .map(({ key, hash, format }) => `${hash}=${format(state[key])}`)
        .join("&"),
    changedKeys: (before, after) => settings.map(({ key }) => key).filter((key) => !same(before[key], after[key])),
    effectsOf: (keys) => new Set(keys.map((key) => byKey[key].effect)),
    /** Equal in every setting whose effect is one of `effects`. */
    sameIn: (a, b, effects) => settings.every(({ key, effect }) => !effects.includes(effect) || same(a[key], b[key])),
  };
}

/**
 * The state in the address bar. `update(patch)` changes it at once and writes history once the change settles
 * (one slider drag = one Back step); Back/Forward and hand-edited hashes call `onNavigate(state)`.
 */
export function createUrlState({ parseHash, formatHash: formatSettings }, onNavigate, settleMs = 400) {
  const formatHash = (state) => {
    const hash = formatSettings(state);
    return activeLanguage() ? hashWithLanguage(hash, activeLanguage()).slice(1) : hash;
  };
  let state = parseHash(window.location.hash);
  let written = formatHash(state);
  let timer = 0;
  window.history.replaceState(null, "", `#${written}`);

  const write = () => {
    timer = 0;
    const hash = formatHash(state);
    if (hash === written) return;
    written = hash;
    window.history.pushState(null, "", `#${hash}`);
  };
  const navigated = () => {
    const hash = window.location.hash.replace(/^#/, "");
    if (hash === written) return;
    clearTimeout(timer);
    timer = 0;
    state = parseHash(hash);
    written = formatHash(state);
    window.history.replaceState(null, "", `#${written}`);
    onNavigate(state);
  };
  window.addEventListener("popstate", navigated);
  window.addEventListener("hashchange", navigated);

  return {
    get: () => state,
    update(patch) {
      state = { ...state, ...patch };
      clearTimeout(timer);
      timer = setTimeout(write, settleMs);
      return state;
    },
    /** Write the pending change now (before a page unload, or in tests). */
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
    },
  };
}

/**
 * A page's settings flow: `url` (made by the page's createUrlState(onNavigate)) and `change(patch)`. Both call
 * apply(before, after): a change compares with the state it replaces, a navigation (Back, an edited hash) with
 * `shown()`, the settings on screen.
 */
export function settingsFlow(createUrlState, shown, apply) {
  const url = createUrlState((state) => apply(shown(), state));
  return { url, change: (patch) => apply(url.get(), url.update(patch)) };
}
