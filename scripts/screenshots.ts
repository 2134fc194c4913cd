// `npm run screenshots`: a screenshot of each state of the sidebar, from the current build, into
// docs/ (shown in the README). The built extension in Debian's Chromium, on the end-to-end tests'
// local pages made from the seed texts (../shared/seeds), in a 380 × 900 panel, light and dark.
// A file is rewritten only when its image changed.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension } from '../test/e2e/support/chromium.ts';
import { REPO_ROOT } from '../test/e2e/support/paths.ts';
import { pollUntil } from '../test/e2e/support/poll.ts';
import { startSeedServer } from '../test/e2e/support/server.ts';

const PANEL = { width: 380, height: 900 };
const DOCS = path.join(REPO_ROOT, 'docs');
const WAIT = { timeout: 30_000, interval: 100 };

function write(name: string, data: Buffer): void {
  const file = path.join(DOCS, name);
  fs.mkdirSync(DOCS, { recursive: true });
  const same = fs.existsSync(file) && fs.readFileSync(file).equals(data);
  if (!same) fs.writeFileSync(file, data);
  console.log(`${same ? 'unchanged' : 'wrote    '} docs/${name}`);
}

async function until(page: Page, what: string, condition: string): Promise<void> {
  await pollUntil(async () => (await page.evaluate<boolean>(condition)) || undefined, { ...WAIT, message: `the sidebar never showed ${what}` });
}

async function both(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    write(`sidebar-${name}${colorScheme === 'dark' ? '-dark' : ''}.png`, await page.screenshot());
  }
}

const site = await startSeedServer();
const chrome = await launchChromiumWithExtension();
try {
  const article = await chrome.context.newPage();
  await article.goto(site.articleUrl('000'));
  const sidebar = await chrome.openSidebarPage(await chrome.tabIdOf(article), PANEL);
  await until(sidebar, 'the results', `!!document.querySelector('.summary')`);
  // first run: the reading-history question above the results; then the reader's choice
  await until(sidebar, 'the first-run question', `!!document.querySelector('.first-run')`);
  await both(sidebar, 'first-run');
  await sidebar.click('.first-run button.primary');
  await until(sidebar, 'the results without the question', `!document.querySelector('.first-run')`);
  await both(sidebar, 'results');

  // the summary's link to the translation differences
  await sidebar.click('.summary a[data-section-link="translation"]');
  await until(sidebar, 'the translation differences', `document.activeElement?.closest('h2')?.id === 'translation-heading'`);
  await both(sidebar, 'translation-differences');

  // a missing-context item's source, opened in the reader view with the passage highlighted
  await sidebar.evaluate(() => window.scrollTo(0, 0));
  await sidebar.click('.missing-item .sources button');
  await until(sidebar, 'the reader view', `!!document.querySelector('.reader mark.passage')`);
  await both(sidebar, 'reader-view');
  await sidebar.click('.reader .back');

  await sidebar.click('.topbar .icon-button');
  await until(sidebar, 'the settings', `!!document.querySelector('.settings-view')`);
  await both(sidebar, 'settings');

  const search = await chrome.context.newPage();
  await search.goto(site.searchUrl());
  const notArticle = await chrome.openSidebarPage(await chrome.tabIdOf(search), PANEL);
  await until(notArticle, 'the not-an-article state', `!!document.querySelector('[data-state="not-article"]')`);
  await both(notArticle, 'not-article');
} finally {
  await chrome.close();
  await site.close();
}
