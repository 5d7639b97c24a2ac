// The top bar both pages share: the brand, the page links, the lesson bar's and the course toggle's slots, the
// language switch's slot and the transport buttons (reset, play/pause, one epoch). Rendered before the page's
// fixed words are translated, so its text comes from the catalogues through the same data-i18n keys as the HTML's.

const ICONS = {
  reset:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 12a7 7 0 1 0 2.05-4.95M5 4v4h4" fill="none" ' +
    'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" /></svg>',
  play: '<svg class="icon-play" viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5.5v13l10.5-6.5z" fill="currentColor" /></svg>',
  pause:
    '<svg class="icon-pause" viewBox="0 0 24 24" aria-hidden="true">' +
    '<path d="M7 5h3.5v14H7zM13.5 5H17v14h-3.5z" fill="currentColor" /></svg>',
  step:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 5.5v13l9-6.5zM16.5 5.5H19v13h-2.5z" fill="currentColor" /></svg>',
};

/** The pages in the bar, in order: where each lives and its words (page.<lab>, page.<lab>_title). */
const PAGES = [
  { lab: "plane", href: "./" },
  { lab: "digits", href: "digits.html" },
];

/** Fill `root` (the page's <header class="topbar">) for the page of `lab` ("plane" or "digits"). */
export function renderTopBar(root, lab) {
  const links = PAGES.map(
    (page) =>
      `<a href="${page.href}"${page.lab === lab ? ' aria-current="page"' : ""} data-i18n="page.${page.lab}"` +
      ` data-i18n-title="page.${page.lab}_title"></a>`,
  ).join("");
  root.innerHTML = `
    <a class="brand" href="./" data-i18n-title="page.brand_${lab}">
      <img src="favicon.svg" alt="" width="26" height="26" /><span>Boundary Lab</span>
    </a>
    <nav class="pages" data-i18n-aria="page.pages">${links}</nav>
    <nav id="lessons" class="lessons" data-i18n-aria="page.lessons"></nav>
    <div id="course-slot" class="course-slot"></div>
    <div id="langswitch" class="langswitch-slot"></div>
    <div class="transport">
      <button id="reset" type="button" class="round" data-i18n-title="page.reset_title" data-i18n-aria="page.reset">
        ${ICONS.reset}
      </button>
      <button id="play" type="button" class="round primary playing" data-i18n-title="page.play_title_pause"
        data-i18n-aria="page.pause">${ICONS.play}${ICONS.pause}</button>
      <button id="step" type="button" class="round" data-i18n-title="page.step_title" data-i18n-aria="page.step">
        ${ICONS.step}
      </button>
    </div>`;
}
