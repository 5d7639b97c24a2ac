// The page's words in two languages. Every string a learner reads comes from a message catalogue,
// web/i18n/<lang>.json (nested objects keyed by meaning, `{name}` placeholders), fetched from the same origin.
// The language is chosen in this order: the URL hash (`lang=ja|en`, so a link keeps it), then the learner's last
// choice (localStorage), then the browser (`ja*` → Japanese), then English.
// A missing key or placeholder shows as ⟦…⟧ and is logged once as an error, so tests and screenshots catch it.

export const LANGUAGES = ["ja", "en"];
export const DEFAULT_LANGUAGE = "en";
const STORAGE_KEY = "boundary-lab.lang";
const HASH_KEY = "lang";

const known = (lang) => (LANGUAGES.includes(lang) ? lang : null);

/** `lang=…` from a hash such as "#data=xor&lang=ja" (null when absent or not a known language). */
export function languageInHash(hash) {
  const pairs = new URLSearchParams(String(hash ?? "").replace(/^#/, ""));
  return known(pairs.get(HASH_KEY));
}

/** The hash with `lang=…` set (or replaced); every other pair is kept exactly as written, in order. */
export function hashWithLanguage(hash, lang) {
  const pairs = String(hash ?? "")
    .replace(/^#/, "")
    .split("&")
    .filter((pair) => pair !== "" && pair.split("=")[0] !== HASH_KEY);
  return `#${[...pairs, `${HASH_KEY}=${lang}`].join("&")}`;
}

/** Pure: hash > stored choice > browser languages (`ja*` → ja) > English. */
export function chooseLanguage({ hash = "", stored = null, browser = [] } = {}) {
  const fromBrowser = browser.some((tag) => /^ja\b/i.test(String(tag))) ? "ja" : null;
  return languageInHash(hash) ?? known(stored) ?? fromBrowser ?? DEFAULT_LANGUAGE;
}

function storedLanguage() {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage can be disabled; the choice then lasts as long as the hash
  }
}

/** The language this page should show now, from its address, storage and browser. */
export function currentLanguage() {
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  return chooseLanguage({ hash: location.hash, stored: storedLanguage(), browser });
}

/** The value at a dotted key ("course.no1.idea.p1") in a nested catalogue, or undefined. */
export function lookup(catalogue, key) {
  return key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), catalogue);
}

const reported = new Set();
function reportMissing(what) {
  if (reported.has(what)) return;
  reported.add(what);
  console.error(`i18n: missing ${what}`);
}

/** `{name}` → params.name; a placeholder without a value stays visible as ⟦name⟧. */
export function fill(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    if (params[name] !== undefined && params[name] !== null) return String(params[name]);
    reportMissing(`placeholder {${name}} in "${template}"`);
    return `⟦${name}⟧`;
  });
}

/** A `t(key, params)` over one catalogue: strings are filled, a missing key (or a non-string) reads ⟦key⟧. */
export function createTranslator(catalogue) {
  return (key, params) => {
    const value = lookup(catalogue, key);
    if (typeof value !== "string") {
      reportMissing(`key ${key}`);
      return `⟦${key}⟧`;
    }
    return fill(value, params);
  };
}

/** The catalogue of `lang`, fetched next to this module (same origin, no build step). */
export async function loadCatalogue(lang) {
  const response = await fetch(new URL(`./i18n/${lang}.json`, import.meta.url));
  if (!response.ok) throw new Error(`i18n: ${lang}.json answered ${response.status}`);
  return response.json();
}

let active = { lang: null, translate: createTranslator({}) };
const listeners = new Set();

/** Translate with the active catalogue (⟦key⟧ until one has loaded). */
export const t = (key, params) => active.translate(key, params);

export const activeLanguage = () => active.lang;

/** Called with the new language after every switch; returns a function that unsubscribes. */
export function onLanguageChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Load and activate `lang` (default: the page's current choice); sets <html lang>. */
export async function useLanguage(lang = currentLanguage()) {
  const chosen = known(lang) ?? DEFAULT_LANGUAGE;
  const catalogue = await loadCatalogue(chosen);
  active = { lang: chosen, translate: createTranslator(catalogue) };
  document.documentElement.lang = chosen;
  for (const listener of listeners) listener(chosen);
  return chosen;
}

/** The learner's switch: remember the choice, put it in the address (no new history entry), and activate it. */
export async function switchLanguage(lang) {
  const chosen = known(lang) ?? DEFAULT_LANGUAGE;
  try {
    localStorage.setItem(STORAGE_KEY, chosen);
  } catch {
    // storage disabled: the hash still carries the choice
  }
  history.replaceState(history.state, "", hashWithLanguage(location.hash, chosen));
  return useLanguage(chosen);
}
