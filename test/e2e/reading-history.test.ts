// End-to-end, reading history in Chromium (its own browser: turning it on changes the corpus the
// other tests expect). The reader chooses "Keep what I read" in the sidebar on first run, reads an
// abridged page of seed 001 (a text no corpus holds: the full seed pages are the bundled articles,
// which are never kept twice), and the options page counts it; with the bundled copy of 001 hidden,
// seed 000's page then lists the version of 001 the reader read, marked "you read it". Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/reading-history.test.ts
// Private windows: test/e2e/private-window.test.ts (the extension allowed in incognito through
// chrome://extensions' own API); test/unit/reading-history.test.ts holds the exclusion's code path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumSession, POLL, readSidebar as readPage } from './support/chromium-session.ts';

const session = chromiumSession();

describe('reading history in Chromium', () => {
  it('chosen on first run; a page read is kept, counted on the options page, and found by the next page on the same story', async () => {
    const { site, chrome } = await session();
    const { context } = chrome;

    // first run: the sidebar asks
    const first = await context.newPage();
    await first.goto(site.abridgedUrl('001'));
    const sidebar = await chrome.openSidebarPage(await chrome.tabIdOf(first));
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: site.seed('001').headline });
    await sidebar.getByRole('button', { name: 'Keep what I read' }).click();
    await expect.poll(() => sidebar.getByTestId('reading-history-prompt').count(), POLL).toBe(0);

    // the page read before the choice was not kept: read it again (a reload) now that it is on
    await first.reload();
    await expect.poll(() => readPage(sidebar), POLL).toMatchObject({ state: 'ready', title: site.seed('001').headline });
    // reading it is what keeps it: the sidebar offers Save still (a read article is not saved)
    await expect.poll(() => sidebar.getByRole('button', { name: 'Save this article to my corpus' }).count(), POLL).toBe(1);

    // the options page counts it, and hides the bundled copy of 001 so only the page read can bring it
    const options = await context.newPage();
    await options.goto(chrome.extensionUrl('options.html'));
    await expect.poll(() => options.getByTestId('read-count').textContent(), POLL).toBe('1 article you read is kept.');
    expect(await options.getByTestId('read-by-outlet').textContent()).toBe(`By outlet: ${site.seed('001').siteName} 1`);
    expect(await options.getByTestId('corpus-summary').textContent()).toMatch(/; 1 you read\.$/);
    expect(await options.getByRole('checkbox', { name: /Keep the news articles I read/ }).isChecked()).toBe(true);
    await options.locator(`li[data-id="${site.seed('001').id}"] button`).click();
    await expect.poll(() => options.getByTestId('notice').textContent(), POLL).toMatch(/is hidden/);

    // the next page on the same story (seed 000) finds the version of 001 the reader read
    const second = await context.newPage();
    await second.goto(site.articleUrl('000'));
    const next = await chrome.openSidebarPage(await chrome.tabIdOf(second));
    await expect.poll(() => readPage(next), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    const shown = await readPage(next);
    const readCards = await next.locator('[data-section="elsewhere"] [data-read="true"]').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-id'), relation: e.getAttribute('data-relation'), meta: e.querySelector('.card-meta')?.textContent ?? '' })),
    );
    expect(readCards).toHaveLength(1);
    expect(readCards[0]).toMatchObject({ id: expect.stringMatching(/^read-/), relation: 'same-story' });
    expect(readCards[0]!.meta).toContain(site.seed('001').siteName);
    expect(readCards[0]!.meta).toMatch(/you read it$/);
    // the hidden bundled copy is not listed
    expect(shown.related.map((r) => r.id)).not.toContain(site.seed('001').id);

    // "Forget what I read": everything; the count says so
    await options.reload();
    await expect.poll(() => options.getByTestId('read-count').textContent(), POLL).toMatch(/articles? you read (is|are) kept\./);
    await options.getByRole('button', { name: 'Everything' }).click();
    await expect.poll(() => options.getByTestId('read-count').textContent(), POLL).toBe('No article you read is kept.');
    expect(chrome.pageErrors).toEqual([]);
  });

  it('the options page imports a folder of saved pages: the article page in, the search page listed with why', async () => {
    const { site, chrome } = await session();
    const { context } = chrome;
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-saved-pages-'));
    try {
      // pages as the browser's "Save page as" leaves them: the HTML with the "saved from" comment
      const get = async (url: string) => `<!-- saved from url=(${String(url.length).padStart(4, '0')})${url} -->\n${await (await fetch(url)).text()}`;
      fs.mkdirSync(path.join(folder, 'world'));
      fs.writeFileSync(path.join(folder, 'world', 'abridged-002.html'), await get(site.abridgedUrl('002')));
      fs.writeFileSync(path.join(folder, 'search.html'), await get(site.searchUrl()));
      fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a page');
      const options = await context.newPage();
      await options.goto(chrome!.extensionUrl('options.html'));
      await options.getByLabel('Choose a folder of saved pages').setInputFiles(folder);
      const name = path.basename(folder);
      await expect.poll(() => options.getByTestId('import-report').textContent(), POLL).toBe(`Imported ${name}: 1 article added.`);
      expect(await options.getByTestId('page-problems').textContent()).toMatch(new RegExp(`${name}/search\\.html: not a news article`));
      // the imported page is in the list, with the address from the "saved from" comment
      await expect.poll(() => options.locator(`a[href="${site.abridgedUrl('002')}"]`).count(), POLL).toBe(1);
      expect(chrome!.pageErrors).toEqual([]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
