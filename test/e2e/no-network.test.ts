// "Nothing leaves the device", end to end: the built extension (.output/chrome-mv3, `npx wxt build`)
// in Debian's Chromium reads the seed pages, a search page and an article of its own, saves that
// article from the sidebar, imports a good and a bad file and exports the corpus on the options
// page; meanwhile every request is recorded three ways (support/network-recorder.ts): a recording
// proxy that is the browser's only way off loopback, Playwright's context-wide request events
// (pages, extension pages, service worker), and the DevTools Network domain on the service worker.
// The only requests allowed are to the local test sites on 127.0.0.1 and the extension's own
// files. Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/no-network.test.ts
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from './support/hostile-pages.ts';
import { launchRecordingChromium, READ_CSP_VIOLATIONS, RECORD_CSP_VIOLATIONS, type RecordingChromium } from './support/network-recorder.ts';
import { startSeedServer, type SeedServer } from './support/server.ts';
import { READ_SIDEBAR, type SidebarSnapshot } from './support/sidebar.ts';

const POLL = { timeout: 30_000, interval: 100 };

/**
 * Chromium's own services, which it calls with or without any extension (measured with Debian's
 * Chromium 156 and the flags of support/network-recorder.ts). The extension cannot be the caller:
 * its code names no URL and no network API (test/unit/no-network.test.ts) and its pages' CSP has
 * connect-src 'none'. Any other host reaching the proxy fails the test.
 */
const BROWSER_OWN_HOSTS: Record<string, string> = {
  'update.googleapis.com': "component updater: checks Chromium's own components (the POST names their ids, not Sidelight's)",
  'redirector.gvt1.com': 'component updater downloads',
  'accounts.google.com': 'browser sign-in (account cookie check at start-up)',
  'clients2.google.com': 'network time and component services',
  'content-autofill.googleapis.com': 'autofill field predictions (the flag that stops them does not always hold)',
  'optimizationguide-pa.googleapis.com': 'optimisation hints',
};

let chrome: RecordingChromium | null = null;
let seeds: SeedServer | null = null;
let own: HostileServer | null = null;
/** extension pages opened, read for CSP violations at the end */
const extensionPages: Page[] = [];

afterAll(async () => {
  await chrome?.close();
  await seeds?.close();
  await own?.close();
});

const readSidebar = (page: Page) => page.evaluate<SidebarSnapshot>(READ_SIDEBAR);

async function sidebarFor(url: string): Promise<{ tab: Page; sidebar: Page }> {
  const c = chrome!;
  const tab = await c.context.newPage();
  await tab.goto(url);
  const sidebar = await c.context.newPage();
  await sidebar.goto(c.extensionUrl(`sidepanel.html?tabId=${await c.tabIdOf(url)}`));
  extensionPages.push(sidebar);
  return { tab, sidebar };
}

const IMPORT = [
  { id: 'net-1', title: 'Harbour wall repaired before winter', outlet: 'Coast Example', url: 'https://coast.example/harbour-wall', published: '2026-01-12', language: 'en', text: 'Workers finished repairing the harbour wall of Eastmere on Monday, two weeks before the winter storms are expected.' },
  { id: 'net-2', title: 'Ferry tender opens', outlet: 'River Example', url: 'https://river.example/ferry-tender', published: '2026-04-02', language: 'en', text: 'The town of Eastmere opened the tender for its new river ferry landing stage on Thursday, with bids due in May.' },
  { id: 'net-3', title: 'Le bac reprend du service', outlet: 'Exemple Fluvial', url: null, published: '2026-09-01', language: 'fr', text: 'Le bac électrique d’Eastmere a transporté ses premiers passagers lundi matin, selon la mairie.' },
];

describe('Sidelight in Chromium makes no request beyond the local test sites and its own files', () => {
  it('reads pages, saves an article, imports and exports, with every request recorded', { timeout: 240_000 }, async () => {
    seeds = await startSeedServer();
    own = await startHostileServer();
    chrome = await launchRecordingChromium();
    const c = chrome;
    await c.context.addInitScript(RECORD_CSP_VIOLATIONS);

    // the recorders are live: the proxy sees a request a web page sends off loopback; the
    // service-worker sessions answer; and the extension's CSP refuses a fetch typed into its worker
    const probe = await c.context.newPage();
    await probe.goto(seeds.searchUrl('probe'));
    await probe.evaluate(() => fetch('http://control.invalid/probe').catch(() => undefined));
    await expect.poll(() => c.proxy.requests.some((r) => r.host === 'control.invalid'), POLL).toBe(true);
    await probe.close();
    expect(c.attachedWorkers().length).toBeGreaterThan(0);
    expect(await c.evaluateInWorkers('1 + 1')).toEqual(c.attachedWorkers().map(() => 2));
    const workerFetch = await c.serviceWorker.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'fetched',
        (e: Error) => `refused: ${e.message}`,
      ),
    );
    expect(workerFetch).toMatch(/^refused/);
    const recordedBefore = c.requests.length;

    // 1. the seed articles: each analysed against the bundled corpus
    for (const seed of seeds.seeds) {
      const { tab, sidebar } = await sidebarFor(seeds.articleUrl(seed.id));
      await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'ready', title: seed.headline });
      await sidebar.close();
      await tab.close();
    }
    // a search page: not an article
    {
      const { tab, sidebar } = await sidebarFor(seeds.searchUrl('ferry'));
      await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'not-article' });
      await sidebar.close();
      await tab.close();
    }

    // 2. an article not in the corpus, saved from the sidebar
    const { tab: article, sidebar } = await sidebarFor(own.url('plain-article'));
    await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'ready', title: 'Eastmere votes to bring back its river ferry' });
    await sidebar.getByRole('button', { name: /save this article/i }).click();
    await expect.poll(() => sidebar.evaluate(() => document.body.textContent ?? ''), POLL).toMatch(/In your corpus|Saved to your corpus/);

    // 3. the options page: import a good file, refuse a bad one, export everything
    const options = await c.context.newPage();
    extensionPages.push(options);
    await options.goto(c.extensionUrl('options.html'));
    await expect.poll(() => options.evaluate(() => document.querySelector('h1')?.textContent ?? ''), POLL).toBe('Your corpus');
    await expect.poll(() => options.evaluate(() => document.querySelector('[data-testid="article-list"]') !== null), POLL).toBe(true);
    const report = () => options.evaluate(() => document.querySelector('[data-testid="import-report"]')?.textContent ?? '');
    await options.setInputFiles('input[type="file"]', { name: 'good.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(IMPORT.map((r) => JSON.stringify(r)).join('\n')) });
    await expect.poll(report, POLL).toMatch(/^Imported good\.jsonl: 3 articles added/);
    await options.setInputFiles('input[type="file"]', { name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify({ ...IMPORT[0], id: 'net-4' })}\n{"id":"net-5","title":"x"}\nnot json\n`) });
    await expect.poll(report, POLL).toMatch(/bad\.jsonl was not imported: 2 of 3 lines are not valid articles/);
    await options.getByRole('button', { name: /don.t import/i }).click();

    await options.check('input[name="export-scope"][value="all"]');
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('[aria-labelledby="export-heading"] button')]);
    const exported = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; url?: string | null; sidelight?: { origin?: string } });
    const ids = exported.map((r) => r.id);
    for (const r of IMPORT) expect(ids).toContain(r.id);
    expect(ids).not.toContain('net-4');
    expect(exported.filter((r) => r.sidelight?.origin === 'saved').map((r) => r.url)).toEqual([own.url('plain-article')]);
    expect(exported.filter((r) => r.sidelight?.origin === 'bundled')).toHaveLength(seeds.seeds.length);

    // the imported articles are matched: the article page again, now with corpus coverage
    await article.reload();
    await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'ready' });
    await article.close();

    // ---- what left the browser: nothing
    const offLoopback = c.proxy.requests.filter((r) => r.host !== 'control.invalid');
    expect(
      offLoopback.filter((r) => !Object.hasOwn(BROWSER_OWN_HOSTS, r.host)).map((r) => `${r.method} ${r.target}`),
      "requests that left 127.0.0.1 for anything but Chromium's own services (recording proxy)",
    ).toEqual([]);
    // what the proxy can read (plain-HTTP URLs and bodies) never carries Sidelight's id, a test page or its text
    const leaks = [c.extensionId, '127.0.0.1', 'Eastmere', 'net-1', 'coast.example'];
    expect(offLoopback.filter((r) => leaks.some((l) => `${r.target} ${r.body}`.includes(l))).map((r) => `${r.method} ${r.target}`)).toEqual([]);
    const extension = `chrome-extension://${c.extensionId}/`;
    const allowed = (url: string) => url.startsWith('http://127.0.0.1:') || url.startsWith(extension) || url.startsWith(`blob:${extension}`);
    const during = c.requests.slice(recordedBefore);
    expect(during.filter((r) => !allowed(r.url)).map((r) => `${r.via} ${r.from}: ${r.url}`), 'requests outside the local sites and the extension').toEqual([]);
    // what the extension itself requested: its own files only
    const byExtension = during.filter((r) => r.from === 'service-worker' || r.from.startsWith(extension));
    expect(byExtension.filter((r) => !r.url.startsWith(extension) && !r.url.startsWith(`blob:${extension}`)).map((r) => r.url)).toEqual([]);
    expect(during.length, 'the recorder saw the pages load').toBeGreaterThan(seeds.seeds.length);

    // and no extension page had anything blocked by its CSP (nothing tried)
    for (const page of extensionPages.filter((p) => !p.isClosed())) expect(await page.evaluate<string[]>(READ_CSP_VIOLATIONS)).toEqual([]);

    const serviceWorkerRequests = during.filter((r) => r.from === 'service-worker').length;
    console.log(
      `no-network: ${during.length} requests recorded while reading ${seeds.seeds.length + 2} pages, saving, importing and exporting ` +
        `(${byExtension.length} by the extension, ${serviceWorkerRequests} by its service worker); off loopback: ${offLoopback.length}, all Chromium's own ` +
        `(${[...new Set(offLoopback.map((r) => r.host))].join(', ') || 'none'}); ` +
        `DevTools recorder attached to ${c.attachedWorkers().length} service worker(s)`,
    );
  });
});
