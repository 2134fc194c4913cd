// End-to-end: the built extension (.output/chrome-mv3, from `npx wxt build`) in Debian's Chromium,
// on pages made from the seed texts and served from 127.0.0.1. Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/chromium.test.ts
// One browser for the whole file; each test opens its own tabs and closes them. About 35 s in all
// on the project's 2-core machine (launch ~2-3 s; the SPA test waits out the content script's
// 1.2 s settle time twice; axe-core over every state, light and dark, about 18 s).
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './support/axe.ts';
import type { SidePanel } from './support/chromium.ts';
import { REPO_ROOT, TEST_RESULTS_DIR } from './support/paths.ts';
import { chromiumSession, POLL, readSidebar as readPage } from './support/chromium-session.ts';
import { READ_SIDEBAR, READ_SIDEBAR_HISTORY, RECORD_SIDEBAR_HISTORY, relatedIds, type SidebarSnapshot } from './support/sidebar.ts';

/**
 * The local site and the browser, started by the first test that needs them. A missing Chromium or
 * build rejects here, so every test fails with the message that says how to get it.
 */
const env = chromiumSession();

const opened: Page[] = [];
async function newTab(url: string): Promise<Page> {
  const { chrome } = await env();
  const page = await chrome.context.newPage();
  opened.push(page);
  await page.goto(url);
  return page;
}
async function pinnedSidebar(tabId: number, viewport?: { width: number; height: number }): Promise<Page> {
  const { chrome } = await env();
  const page = await chrome.openSidebarPage(tabId, viewport);
  opened.push(page);
  return page;
}

const readPanel = (panel: SidePanel) => panel.evaluate<SidebarSnapshot>(READ_SIDEBAR);

function writeIfChanged(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (fs.existsSync(file) && fs.readFileSync(file).equals(data)) return;
  fs.writeFileSync(file, data);
}

afterEach(async () => {
  // the first tab (about:blank) stays: closing a window's last tab would close its side panel
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
});

describe('Sidelight in Chromium', () => {
  it('shows the same story, related coverage, missing context and translation differences for seed 000', async () => {
    const { site, chrome } = await env();
    const seed = site.seed('000');
    const article = await newTab(site.articleUrl('000'));
    const tabId = await chrome.tabIdOf(article);

    // the sidebar page pinned to the article's tab
    const sidebar = await pinnedSidebar(tabId);
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: seed.headline });
    const shown = await readPage(sidebar);
    expect(relatedIds(shown, 'same-story')).toEqual([site.seed('001').id, site.seed('002').id]);
    expect(relatedIds(shown, 'related')).toEqual([site.seed('003').id, site.seed('004').id]);
    expect(shown.missingSpeakers).toContain('John Kirby');
    expect(shown.differences).toBeGreaterThan(0);
    // the toolbar button counts the same-story versions
    await expect.poll(() => chrome.badgeText(tabId), POLL).toBe('2');

    // the README's screenshot: the sidebar at 400 px wide
    const screenshot = await sidebar.screenshot();
    writeIfChanged(path.join(REPO_ROOT, 'docs/sidebar.png'), screenshot);
    writeIfChanged(path.join(TEST_RESULTS_DIR, 'chromium-sidebar-000.png'), screenshot);
    writeIfChanged(path.join(TEST_RESULTS_DIR, 'chromium-sidebar-000-full.png'), await sidebar.screenshot({ fullPage: true }));

    // Chrome's real side panel, opened as the toolbar button does (Extensions.triggerAction over
    // the DevTools protocol, allowed by --enable-unsafe-extension-debugging), shows the same
    const panel = await chrome.openSidePanel(article);
    await expect.poll(() => readPanel(panel), POLL).toMatchObject({ state: 'ready', title: seed.headline });
    const inPanel = await readPanel(panel);
    expect(relatedIds(inPanel, 'same-story')).toEqual(relatedIds(shown, 'same-story'));
    expect(relatedIds(inPanel, 'related')).toEqual(relatedIds(shown, 'related'));
    expect(inPanel.missingSpeakers).toContain('John Kirby');
    expect(inPanel.differences).toBeGreaterThan(0);
    writeIfChanged(path.join(TEST_RESULTS_DIR, 'chromium-side-panel-000.png'), await panel.screenshot());
  });

  it('seed 000 in a 380 × 900 panel: the summary and the first same-story card on the first screen, translation differences on the second; the summary links lead there', async () => {
    const { site, chrome } = await env();
    const article = await newTab(`${site.articleUrl('000')}?t=glance`);
    const panel = { width: 380, height: 900 };
    const sidebar = await pinnedSidebar(await chrome.tabIdOf(article), panel);
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    // page coordinates of an element's top and bottom
    const box = (selector: string) =>
      sidebar.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
      }, selector);
    const summary = await box('.summary');
    const firstSame = await box('[data-group="same-story"] .related-item');
    const translation = await box('#translation-heading');
    const layout = { summary, firstSame, translation };
    expect(summary, JSON.stringify(layout)).not.toBeNull();
    expect(summary!.bottom, JSON.stringify(layout)).toBeLessThanOrEqual(panel.height);
    expect(firstSame!.bottom, JSON.stringify(layout)).toBeLessThanOrEqual(panel.height);
    expect(translation!.top, JSON.stringify(layout)).toBeLessThanOrEqual(2 * panel.height);
    expect(await sidebar.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(panel.width);
    writeIfChanged(path.join(TEST_RESULTS_DIR, 'chromium-sidebar-000-380.png'), await sidebar.screenshot());

    // following "… quotes rendered differently" brings the section's heading on screen, below the
    // sticky top bar, with the focus on its toggle
    await sidebar.click('.summary a[data-section-link="translation"]');
    await expect
      .poll(() => sidebar.evaluate(() => document.activeElement?.closest('h2')?.id ?? null), POLL)
      .toBe('translation-heading');
    const onScreen = await sidebar.evaluate(() => {
      const heading = document.getElementById('translation-heading')!.getBoundingClientRect();
      const bar = document.querySelector('.topbar')!.getBoundingClientRect();
      return { top: heading.top, bottom: heading.bottom, barBottom: bar.bottom, scrollY: window.scrollY, height: window.innerHeight };
    });
    expect(onScreen.scrollY, JSON.stringify(onScreen)).toBeGreaterThan(0);
    expect(onScreen.top, JSON.stringify(onScreen)).toBeGreaterThanOrEqual(onScreen.barBottom - 1);
    expect(onScreen.bottom, JSON.stringify(onScreen)).toBeLessThanOrEqual(onScreen.height);

    // collapsing a section is remembered: a new sidebar page shows it collapsed
    await sidebar.click('#missing-heading button');
    await expect.poll(() => sidebar.evaluate(() => document.getElementById('missing-content')!.hidden), POLL).toBe(true);
    const again = await pinnedSidebar(await chrome.tabIdOf(article), panel);
    await expect.poll(() => readPage(again), POLL).toMatchObject({ state: 'ready' });
    await expect.poll(() => again.evaluate(() => document.getElementById('missing-content')?.hidden ?? null), POLL).toBe(true);
    // and the missing-context link opens it again
    await again.click('.summary a[data-section-link="missing"]');
    await expect.poll(() => again.evaluate(() => document.getElementById('missing-content')!.hidden), POLL).toBe(false);
  });

  it('axe-core finds no serious or critical violation in any state, light or dark', async () => {
    const { site, chrome } = await env();
    const article = await newTab(`${site.articleUrl('000')}?t=axe`);
    const search = await newTab(`${site.searchUrl()}&t=axe`);
    const sidebar = await pinnedSidebar(await chrome.tabIdOf(article), { width: 380, height: 900 });
    const notArticle = await pinnedSidebar(await chrome.tabIdOf(search), { width: 380, height: 900 });
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready' });
    await expect.poll(() => readPage(notArticle), POLL).toMatchObject({ state: 'not-article' });
    const found: Record<string, unknown> = {};
    const check = async (page: Page, state: string) => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const violations = await seriousAxeViolations(page);
        if (violations.length) found[`${state} (${colorScheme})`] = violations;
      }
    };
    // the check can fail: a button without a name, planted for a moment, is a critical violation
    await notArticle.evaluate(() => document.querySelector('main')!.append(Object.assign(document.createElement('button'), { id: 'planted-unnamed' })));
    expect((await seriousAxeViolations(notArticle)).map((v) => v.id)).toContain('button-name');
    await notArticle.evaluate(() => document.getElementById('planted-unnamed')!.remove());
    await check(sidebar, 'results');
    await check(notArticle, 'not an article');
    // every reason, wording and list open
    await sidebar.evaluate(() => {
      for (const b of document.querySelectorAll<HTMLButtonElement>('.why-toggle[aria-expanded="false"], .more[aria-expanded="false"]')) b.click();
    });
    await expect.poll(() => sidebar.evaluate(() => document.querySelectorAll('.why-panel').length), POLL).toBeGreaterThan(5);
    await check(sidebar, 'results, every panel open');
    // a section collapsed
    await sidebar.click('#elsewhere-heading button');
    await check(sidebar, 'results, a section collapsed');
    await sidebar.click('#elsewhere-heading button');
    // the reader view, a cited passage highlighted
    await sidebar.click('.missing-item .sources button');
    await expect.poll(() => sidebar.evaluate(() => !!document.querySelector('.reader mark.passage')), POLL).toBe(true);
    await check(sidebar, 'reader view');
    await sidebar.click('.reader .back');
    // the settings
    await sidebar.click('.topbar .icon-button');
    await expect.poll(() => sidebar.evaluate(() => !!document.querySelector('.settings-view')), POLL).toBe(true);
    await check(sidebar, 'settings');
    expect(found).toEqual({});
  });

  it('says "Not a news article" on a search page', async () => {
    const { site, chrome } = await env();
    const search = await newTab(site.searchUrl('china ukraine'));
    const sidebar = await pinnedSidebar(await chrome.tabIdOf(search));
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'not-article', title: null, related: [] });
  });

  it('drops the old analysis and shows the new article after single-page navigation (pushState)', async () => {
    const { site, chrome } = await env();
    const first = site.seed('000');
    const second = site.seed('003');
    const app = await newTab(site.spaUrl('000'));
    const sidebar = await pinnedSidebar(await chrome.tabIdOf(app));
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: first.headline });
    await sidebar.evaluate(RECORD_SIDEBAR_HISTORY);

    // the app's own router: fetch, swap the article, pushState
    await app.click(`aside.related-links a[data-seed="${second.id}"]`);
    await app.waitForURL(site.spaUrl('003'));
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: second.headline });
    const after = await readPage(sidebar);
    expect(relatedIds(after, 'same-story')).toEqual([]);
    expect(relatedIds(after, 'related')).toContain(first.id);

    // in between it showed a loading state, and the first analysis never came back
    const history = await sidebar.evaluate<string[]>(READ_SIDEBAR_HISTORY);
    expect(history[0]).toBe(first.headline);
    expect(history.at(-1)).toBe(second.headline);
    expect(history.slice(1, -1).length, `history: ${JSON.stringify(history)}`).toBeGreaterThan(0);
    expect(history.slice(1), `history: ${JSON.stringify(history)}`).not.toContain(first.headline);

    // Back (popstate) renders the first article again, and the sidebar follows
    await app.goBack();
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: first.headline });
  });

  // The real side panel is the sidebar that follows tabs. (A sidepanel.html without ?tabId opened in
  // a window of its own would follow that window's active tab, which is itself.)
  it('the side panel follows the active tab', async () => {
    const { site, chrome } = await env();
    const a = await newTab(`${site.articleUrl('000')}?tab=a`);
    const b = await newTab(`${site.articleUrl('003')}?tab=b`);
    const search = await newTab(`${site.searchUrl()}&tab=c`);
    const panel = await chrome.openSidePanel(a);
    await expect.poll(() => readPanel(panel), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });

    await b.bringToFront();
    await expect.poll(() => readPanel(panel), POLL).toMatchObject({ state: 'ready', title: site.seed('003').headline });
    expect(relatedIds(await readPanel(panel), 'same-story')).toEqual([]);

    await search.bringToFront();
    await expect.poll(() => readPanel(panel), POLL).toMatchObject({ state: 'not-article', title: null });

    await a.bringToFront();
    await expect.poll(() => readPanel(panel), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    expect(relatedIds(await readPanel(panel), 'same-story')).toEqual([site.seed('001').id, site.seed('002').id]);
  });

  it('"Only when I ask" leaves a page waiting; switching back to "Automatically" analyses it without a reload', async () => {
    const { site, chrome } = await env();
    const first = await newTab(`${site.articleUrl('002')}?settings=1`);
    const sidebar = await pinnedSidebar(await chrome.tabIdOf(first));
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready' });
    const choose = async (label: string) => {
      if ((await sidebar.locator('#settings-panel').count()) === 0) await sidebar.getByRole('button', { name: 'Settings' }).click();
      await sidebar.getByLabel(label).check();
    };
    await choose('Only when I ask');
    try {
      const article = await newTab(`${site.articleUrl('004')}?settings=2`);
      const waiting = await pinnedSidebar(await chrome.tabIdOf(article));
      await expect.poll(() => readPage(waiting), POLL).toMatchObject({ state: 'paused' });
      await choose('Automatically');
      await expect.poll(() => readPage(waiting), POLL).toMatchObject({ state: 'ready', title: site.seed('004').headline });
    } finally {
      await choose('Automatically');
    }
  });

  it('requests nothing but the local test site and the extension', async () => {
    const { site, chrome } = await env();
    const outside = chrome.requests.filter((url) => !url.startsWith('http://127.0.0.1:') && !url.startsWith('chrome-extension://'));
    expect(outside).toEqual([]);
    // the recording is complete: every request the local site answered was seen by the browser's recorder
    const recorded = new Set(chrome.requests.filter((u) => u.startsWith(site.origin)).map((u) => u.slice(site.origin.length)));
    const answered = site.requests.map((r) => r.replace(/^\S+ /, '')).filter((p) => p !== '/favicon.ico');
    expect(answered.filter((p) => !recorded.has(p))).toEqual([]);
    expect(chrome.pageErrors).toEqual([]);
  });
});
