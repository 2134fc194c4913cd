// A page against the content script, end to end in Debian's Chromium with the built extension
// (.output/chrome-mv3, `npx wxt build`): the page never receives a message naming the extension;
// the events WXT's content-script context listened to (`<id>:content:wxt:content-script-started`,
// which switched the content script off, and `<id>:content:wxt:locationchange`, 2,000 of which
// queued 2,000 extractions) do nothing when the page forges them; an SPA that pushes history every
// 300 ms is read once, when it stops, and the sidebar does not flip through its addresses.
// Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/hostile-navigation.test.ts
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChromiumWithExtension } from './support/chromium.ts';
import { hostileEnvironment } from './support/hostile-env.ts';
import { pollUntil } from './support/poll.ts';
import { READ_SIDEBAR, READ_SIDEBAR_HISTORY, RECORD_SIDEBAR_HISTORY, type SidebarSnapshot } from './support/sidebar.ts';

const FINAL_MS = 60_000;
const ORIGINAL_TITLE = 'Eastmere votes to bring back its river ferry';

// every message the page receives, as text
const hostile = hostileEnvironment([
  `(() => {
      window.__messages = [];
      window.addEventListener('message', (e) => {
        let text;
        try { text = JSON.stringify(e.data); } catch { text = String(e.data); }
        window.__messages.push(text);
      });
    })()`,
]);
const env = () => hostile.env();
afterEach(() => hostile.closePages());
afterAll(() => hostile.close());

const readSidebar = (page: Page) => page.evaluate<SidebarSnapshot>(READ_SIDEBAR);

/** The plain article in a tab, its pinned sidebar showing its analysis. */
async function openArticle(): Promise<{ page: Page; sidebar: Page; chrome: ChromiumWithExtension }> {
  const { site, chrome } = await env();
  const page = await chrome.context.newPage();
  hostile.track(page);
  await page.goto(site.url('plain-article'));
  const sidebar = await chrome.openSidebarPage(await chrome.tabIdOf(page));
  hostile.track(sidebar);
  await waitForTitle(sidebar, ORIGINAL_TITLE);
  return { page, sidebar, chrome };
}

async function waitForTitle(sidebar: Page, title: string): Promise<void> {
  await pollUntil(async () => {
    const s = await readSidebar(sidebar);
    return s.state === 'ready' && s.title === title;
  }, { timeout: FINAL_MS, message: `the sidebar never showed "${title}"` });
}

/** The page's own router: a new address (history API) and a new article title in place. */
const ROUTE_TO = (path: string, title: string) => `(() => {
  history.pushState({}, '', ${JSON.stringify(path)});
  document.title = ${JSON.stringify(title)};
  document.querySelector('article h1').textContent = ${JSON.stringify(title)};
})()`;

describe('a page against the content script (Chromium)', () => {
  it('the page receives no message naming the extension', async () => {
    const { page, chrome } = await openArticle();
    const messages = await page.evaluate<string[]>('window.__messages');
    expect(messages.filter((m) => m.includes(chrome.extensionId))).toEqual([]);
  });

  it('a forged "content script started" event does not switch the content script off', async () => {
    const { page, sidebar, chrome } = await openArticle();
    // what WXT's context took for a newer copy of itself (the page learnt the name from its message)
    const name = `${chrome.extensionId}:content:wxt:content-script-started`;
    await page.evaluate(
      ([type]) => {
        const detail = { contentScriptName: 'content', messageId: 'forged' };
        document.dispatchEvent(new CustomEvent(type!, { detail }));
        window.postMessage({ type, ...detail }, '*');
      },
      [name],
    );
    // still alive: it reads the next article of the page
    await page.evaluate(ROUTE_TO('/hostile/plain-article/after-forged-start', 'Second story: the ferry timetable is published'));
    await waitForTitle(sidebar, 'Second story: the ferry timetable is published');
  });

  it('2,000 forged location-change events queue no extraction', async () => {
    const { page, sidebar, chrome } = await openArticle();
    // every state change the background announces from now on (each extraction makes several)
    await sidebar.evaluate(`(() => {
      window.__stateChanges = 0;
      chrome.runtime.onMessage.addListener((m) => { if (m && m.type === 'tab-state-changed') window.__stateChanges++; });
    })()`);
    const name = `${chrome.extensionId}:content:wxt:locationchange`;
    await page.evaluate(
      ([type]) => {
        for (let i = 0; i < 2000; i++) window.dispatchEvent(new Event(type!));
      },
      [name],
    );
    await page.evaluate(ROUTE_TO('/hostile/plain-article/after-forged-changes', 'Third story: the landing stage tender opens'));
    await waitForTitle(sidebar, 'Third story: the landing stage tender opens');
    // one real change: waiting, reading, analysing, ready, a few announcements; not thousands
    const changes = await sidebar.evaluate<number>('window.__stateChanges');
    expect(changes).toBeLessThan(20);
  });

  it('an SPA pushing history every 300 ms is read once, when it stops; the sidebar does not flip through its addresses', async () => {
    const { page, sidebar } = await openArticle();
    await sidebar.evaluate(RECORD_SIDEBAR_HISTORY);
    const last = 20;
    await page.evaluate(
      async ([count]) => {
        for (let i = 1; i <= count!; i++) {
          history.pushState({}, '', `/hostile/plain-article/burst-${i}`);
          document.title = `Burst story number ${i} of the evening`;
          document.querySelector('article h1')!.textContent = document.title;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
      },
      [last],
    );
    await waitForTitle(sidebar, `Burst story number ${last} of the evening`);
    const shown = await sidebar.evaluate<string[]>(READ_SIDEBAR_HISTORY);
    // the article before, a loading state, the article after: no article in between, no flip back
    expect(shown.filter((h) => !h.startsWith('[')), `shown: ${JSON.stringify(shown)}`).toEqual([ORIGINAL_TITLE, `Burst story number ${last} of the evening`]);
    expect(shown.length, `shown: ${JSON.stringify(shown)}`).toBeLessThanOrEqual(4);
  });
});
