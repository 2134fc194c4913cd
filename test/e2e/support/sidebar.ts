// What the sidebar shows, read from its DOM in one go. The same expression runs in a sidebar page
// opened as a tab (Playwright's page.evaluate) and in the real side panel (DevTools protocol), so
// the tests assert on both with the same words.

export interface SidebarSnapshot {
  /** 'ready' when results are shown, else the status view's data-state ('extracting', 'not-article', …) */
  state: string | null;
  /** the "You are reading" headline, when results are shown */
  title: string | null;
  /** "This story elsewhere" items in order: corpus id and relation ('same-story' | 'related') */
  related: Array<{ id: string; relation: string }>;
  /** speakers of the "Missing context" items */
  missingSpeakers: string[];
  /** number of "Translation differences" items shown */
  differences: number;
}

export const READ_SIDEBAR = `(() => {
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const header = document.querySelector('.article-header h1');
  const status = document.querySelector('main [data-state]');
  return {
    state: header ? 'ready' : status ? status.getAttribute('data-state') : null,
    title: header ? header.textContent.trim() : null,
    related: all('[data-section="elsewhere"] [data-relation]').map((e) => ({ id: e.getAttribute('data-id'), relation: e.getAttribute('data-relation') })),
    missingSpeakers: all('[data-section="missing"] .missing-item .speaker').map((e) => e.textContent.trim()),
    differences: all('[data-section="translation"] .difference-item').length,
  };
})()`;

/** Ids of the related items with one relation, sorted. */
export function relatedIds(snapshot: SidebarSnapshot, relation: 'same-story' | 'related'): string[] {
  return snapshot.related
    .filter((r) => r.relation === relation)
    .map((r) => r.id)
    .sort();
}

/**
 * Starts recording, inside a sidebar page, every headline or status it shows from now on, so a
 * test can check afterwards that an old analysis never came back. Read it with READ_SIDEBAR_HISTORY.
 */
export const RECORD_SIDEBAR_HISTORY = `(() => {
  const now = () => {
    const h = document.querySelector('.article-header h1');
    if (h) return h.textContent.trim();
    const s = document.querySelector('main [data-state]');
    return '[' + (s ? s.getAttribute('data-state') : 'empty') + ']';
  };
  const history = (window.__sidelightHistory = [now()]);
  new MutationObserver(() => {
    const shown = now();
    if (history[history.length - 1] !== shown) history.push(shown);
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  return true;
})()`;

export const READ_SIDEBAR_HISTORY = `window.__sidelightHistory || []`;

/** How the sidebar fits its width: what a test reads to say nothing overflows and every control is reachable. */
export interface SidebarLayout {
  /** the document's visible width (without a vertical scrollbar) */
  width: number;
  /** the widest any content reaches: above `width` means a horizontal scrollbar */
  scrollWidth: number;
  /** visible controls (buttons, links, fields) not wholly within the width, by tag, class and text */
  outside: string[];
  /** how many visible controls were measured */
  controls: number;
  /** the body's computed font: the project's own (sidebar.css), not the browser's extension stylesheet */
  fontSize: string;
  lineHeight: string;
  fontFamily: string;
}

/** Reads SidebarLayout from `document` (a sidebar page, or the real sidebar's document passed in as `document`). */
export const READ_SIDEBAR_LAYOUT = `(() => {
  const root = document.documentElement;
  const win = document.defaultView;
  const width = root.clientWidth;
  const controls = Array.from(document.querySelectorAll('button, a[href], input, select, textarea, [tabindex]'))
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; });
  const outside = controls
    .filter((e) => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
    .map((e) => e.tagName.toLowerCase() + (e.classList.length ? '.' + e.classList[0] : '') + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40));
  const body = win.getComputedStyle(document.body);
  return {
    width,
    scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
    outside,
    controls: controls.length,
    fontSize: body.fontSize,
    lineHeight: body.lineHeight,
    fontFamily: body.fontFamily,
  };
})()`;
