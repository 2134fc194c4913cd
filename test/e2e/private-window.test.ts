// End-to-end, private windows in Chromium: a page read in an incognito window is analysed (the
// extension is allowed there) but never kept in the reading history; the same kind of page in a
// normal window is. Its own browser (it turns reading history on and allows the extension in
// incognito). Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/private-window.test.ts
// How the harness gets an incognito window with the extension allowed: "Allow in Incognito" is
// switched on through chrome://extensions' own API (support/chromium.ts allowIncognito: developer
// mode on, then chrome.developerPrivate.updateExtensionConfiguration), as a reader's click on that
// page does; the window is opened by the extension's options page with chrome.windows.create
// ({ incognito: true }), Chromium's own incognito profile (Playwright does not see its pages: the
// test reads the sidebar pinned to that tab and the options page's counts instead).
import { describe, expect, it } from 'vitest';
import { allowIncognito } from './support/chromium.ts';
import { chromiumSession, POLL, readSidebar as readPage } from './support/chromium-session.ts';

const session = chromiumSession();

interface ChromeInPage {
  chrome: {
    windows: { create(o: { incognito: boolean; url: string }): Promise<{ incognito: boolean; tabs?: Array<{ id?: number; incognito: boolean }> }> };
    tabs: { query(q: object): Promise<Array<{ id?: number; url?: string; incognito: boolean }>> };
  };
}

describe('private windows in Chromium', () => {
  it('a page read in an incognito window is analysed but not kept; one read in a normal window is', async () => {
    const { site, chrome } = await session();
    await allowIncognito(chrome);
    const { context } = chrome;

    // reading history on, nothing kept yet
    const options = await context.newPage();
    await options.goto(chrome.extensionUrl('options.html'));
    const keep = options.getByRole('checkbox', { name: /Keep the news articles I read/ });
    await keep.check();
    await expect.poll(() => keep.isChecked(), POLL).toBe(true);
    await expect.poll(() => options.getByTestId('read-count').textContent(), POLL).toBe('No article you read is kept.');

    // an abridged page of seed 001 (a text no corpus holds) in an incognito window
    const opened = await options.evaluate(
      (url) => (globalThis as unknown as ChromeInPage).chrome.windows.create({ incognito: true, url }),
      site.abridgedUrl('001'),
    );
    expect(opened.incognito).toBe(true);
    const privateTab = opened.tabs?.[0];
    expect(privateTab?.incognito).toBe(true);

    // the extension reads and analyses it there: the sidebar pinned to that tab shows its results
    const sidebar = await chrome.openSidebarPage(privateTab!.id!);
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: site.seed('001').headline });

    // a page of seed 002 in a normal window: read after the private one, and kept
    const normal = await context.newPage();
    await normal.goto(site.abridgedUrl('002'));
    const normalTabs = await options.evaluate(() => (globalThis as unknown as ChromeInPage).chrome.tabs.query({}));
    expect(normalTabs.filter((t) => t.url === site.abridgedUrl('002')).map((t) => t.incognito)).toEqual([false]);
    const normalSidebar = await chrome.openSidebarPage(normalTabs.find((t) => t.url === site.abridgedUrl('002'))!.id!);
    await expect.poll(() => readPage(normalSidebar), POLL).toMatchObject({ state: 'ready', title: site.seed('002').headline });

    // the options page counts the normal window's page only
    await options.reload();
    await expect.poll(() => options.getByTestId('read-count').textContent(), POLL).toBe('1 article you read is kept.');
    expect(await options.getByTestId('read-by-outlet').textContent()).toBe(`By outlet: ${site.seed('002').siteName} 1`);
    expect(chrome.pageErrors).toEqual([]);
  });
});
