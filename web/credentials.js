// The access token of a server started with --token. It arrives once, as /?token=… in the address the server
// printed; the tab keeps it in sessionStorage, and every link between the lab's pages carries it, so moving from
// the 2D lab to the digits lab (or opening one in a new tab) never drops it.

const STORAGE_KEY = "boundary-lab-token";

function readToken() {
  const fromUrl = new URLSearchParams(window.location.search).get("token");
  try {
    if (fromUrl) window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl || window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return fromUrl; // storage refused (a privacy setting): the links still carry the token
  }
}

/** The token this tab was given, or null when the server needs none. */
export const token = readToken();

/** Add the token to every same-origin link under `root` (the page links, the logo), so navigation keeps it. */
export function carryTokenInLinks(root = document) {
  if (!token) return;
  for (const link of root.querySelectorAll("a[href]")) {
    const target = new URL(link.getAttribute("href"), window.location.href);
    if (target.origin !== window.location.origin) continue;
    target.searchParams.set("token", token);
    link.href = target.href;
  }
}

/** This page's address without the token: what an exported file may record and share. */
export function linkWithoutToken() {
  const link = new URL(window.location.href);
  link.searchParams.delete("token");
  return link.href;
}
