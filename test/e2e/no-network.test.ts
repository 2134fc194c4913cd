// "Nothing leaves the device", end to end: the built extension (.output/chrome-mv3, `npx wxt build`)
// in Debian's Chromium reads the seed pages, a search page and an article of its own, saves that
// article from the sidebar, imports a good and a bad file and exports the corpus on the options
// page. Every request, and every attempt a Content Security Policy refused, is recorded with the
// context that made it (support/network-recorder.ts: Playwright's request events, and the DevTools
// Network and Audits domains on every page and worker target), and a recording proxy, the browser's
// only route off loopback, records whatever left regardless of who asked.
//
// The verdict (support/request-attribution.ts, `judgeNetwork`) allows the extension's service
// worker, its pages and its content script (in the local test pages) nothing but the extension's own
// files and the local test site. What the browser itself calls (its background services, which
// differ from one Chromium version to the next and are mostly switched off by the launch flags of
// support/chromium.ts) is not the extension's: it is reported, and what the proxy can read of it must
// not carry the extension's id or anything the reader read, but no host is allowed or expected by
// name. The second test plants one violating request from each extension context (service worker,
// extension page, content script; fetch, image and beacon) and shows the same verdict names each.
// Run:
//   npx wxt build && npx vitest run --config vitest.e2e.config.ts test/e2e/no-network.test.ts
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from './support/hostile-pages.ts';
import { launchRecordingChromium, READ_CSP_VIOLATIONS, RECORD_CSP_VIOLATIONS, type RecordingChromium } from './support/network-recorder.ts';
import { contextOf, describeViolation, judgeNetwork, type ExtensionContext } from './support/request-attribution.ts';
import { startSeedServer, type SeedServer } from './support/server.ts';
import { READ_SIDEBAR, type SidebarSnapshot } from './support/sidebar.ts';

const POLL = { timeout: 30_000, interval: 100 };

let chrome: RecordingChromium | null = null;
let planted: RecordingChromium | null = null;
let seeds: SeedServer | null = null;
let own: HostileServer | null = null;
/** extension pages opened, read for CSP violations at the end */
const extensionPages: Page[] = [];

afterAll(async () => {
  await chrome?.close();
  await planted?.close();
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

    // the recorders are live: the proxy and Playwright see a request a web page sends off loopback;
    // the service-worker sessions answer; and the extension's CSP refuses a fetch typed into its
    // worker, an attempt that the DevTools recorder reports
    const probe = await c.context.newPage();
    await probe.goto(seeds.searchUrl('probe'));
    await probe.evaluate(() => fetch('http://control.invalid/probe').catch(() => undefined));
    await expect.poll(() => c.proxy.requests.some((r) => r.host === 'control.invalid'), POLL).toBe(true);
    await expect.poll(() => c.requests.some((r) => r.url === 'http://control.invalid/probe' && r.via === 'playwright'), POLL).toBe(true);
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
    await expect.poll(() => c.requests.some((r) => r.url === 'https://example.com/' && r.via === 'cdp-csp'), POLL).toBe(true);
    // none of the switches Playwright relies on was dropped by our own --disable-features
    expect(await c.featuresNoLongerDisabled()).toEqual([]);
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

    // ---- the verdict: no extension context requested anything but its own files and the local site
    const during = c.requests.slice(recordedBefore);
    const verdict = judgeNetwork({
      extensionId: c.extensionId,
      recorded: during,
      // the probe's request is the test's own
      proxied: c.proxy.requests.filter((r) => r.host !== 'control.invalid'),
      // what the proxy can read (plain-HTTP URLs and bodies) never carries Sidelight's id, a test page or its text
      leakMarkers: [c.extensionId, '127.0.0.1', 'Eastmere', 'net-1', 'coast.example'],
    });
    expect(verdict.violations.map(describeViolation), 'requests by the extension beyond its own files and the local site').toEqual([]);
    expect(verdict.leaks.map((r) => `${r.method} ${r.target}`), 'what the proxy could read').toEqual([]);
    // the recorders saw the extension at work, through Playwright and the DevTools sessions
    expect(during.length, 'the recorder saw the pages load').toBeGreaterThan(seeds.seeds.length);
    expect(verdict.byExtension.some((r) => r.via === 'playwright' && contextOf(r.by, c.extensionId) === 'extension page')).toBe(true);
    expect(verdict.byExtension.some((r) => r.via === 'cdp-network' && contextOf(r.by, c.extensionId) === 'extension page')).toBe(true);

    // and no extension page had anything blocked by its CSP (nothing tried)
    for (const page of extensionPages.filter((p) => !p.isClosed())) expect(await page.evaluate<string[]>(READ_CSP_VIOLATIONS)).toEqual([]);

    const count = (context: ExtensionContext) => during.filter((r) => contextOf(r.by, c.extensionId) === context).length;
    console.log(
      `no-network: ${during.length} requests recorded while reading ${seeds.seeds.length + 2} pages, saving, importing and exporting ` +
        `(${count('extension page')} by extension pages, ${count('service worker')} by the service worker, ${count('content script')} in the web pages); ` +
        `violations: ${verdict.violations.length}; the browser's own requests through the proxy: ${verdict.browserLevel.length} ` +
        `(${[...new Set(verdict.browserLevel.map((r) => r.host))].join(', ') || 'none'}); ` +
        `DevTools recorder attached to ${c.attachedTargets().length} targets, ${c.attachedWorkers().length} of them the extension's service worker`,
    );
  });

  it('names each request planted in an extension context as a violation of that context', { timeout: 120_000 }, async () => {
    seeds ??= await startSeedServer();
    planted = await launchRecordingChromium();
    const c = planted;
    const seed = seeds.seeds[0]!;
    const article = await c.context.newPage();
    await article.goto(seeds.articleUrl(seed.id));
    const sidebar = await c.context.newPage();
    await sidebar.goto(c.extensionUrl(`sidepanel.html?tabId=${await c.tabIdOf(seeds.articleUrl(seed.id))}`));
    await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'ready', title: seed.headline });
    const options = await c.context.newPage();
    await options.goto(c.extensionUrl('options.html'));
    await expect.poll(() => options.evaluate(() => document.querySelector('h1')?.textContent ?? ''), POLL).toBe('Your corpus');

    // one request per context, each to a host of its own (.invalid never resolves)
    const plants: Array<{ context: ExtensionContext; url: string; plant: () => Promise<unknown> }> = [
      { context: 'service worker', url: 'https://planted-worker-fetch.invalid/x', plant: () => c.serviceWorker.evaluate((u) => fetch(u).catch(() => undefined), 'https://planted-worker-fetch.invalid/x') },
      { context: 'extension page', url: 'https://planted-options-fetch.invalid/x', plant: () => options.evaluate((u) => fetch(u).catch(() => undefined), 'https://planted-options-fetch.invalid/x') },
      {
        context: 'extension page',
        url: 'https://planted-sidebar-image.invalid/x.png',
        plant: () => sidebar.evaluate((u) => new Promise((resolve) => Object.assign(new Image(), { onload: resolve, onerror: resolve, src: u })), 'https://planted-sidebar-image.invalid/x.png'),
      },
      { context: 'extension page', url: 'https://planted-sidebar-beacon.invalid/x', plant: () => sidebar.evaluate((u) => navigator.sendBeacon(u, 'planted'), 'https://planted-sidebar-beacon.invalid/x') },
      { context: 'content script', url: 'https://planted-content-fetch.invalid/x', plant: () => c.evaluateInContentScript(article, `fetch('https://planted-content-fetch.invalid/x').then(() => 'sent', () => 'failed')`) },
      {
        context: 'content script',
        url: 'https://planted-content-image.invalid/x.png',
        plant: () => c.evaluateInContentScript(article, `new Promise((r) => Object.assign(new Image(), { onload: r, onerror: r, src: 'https://planted-content-image.invalid/x.png' })).then(() => 'done')`),
      },
    ];
    const judge = (recordedFrom: number, proxiedFrom: number) =>
      judgeNetwork({ extensionId: c.extensionId, recorded: c.requests.slice(recordedFrom), proxied: c.proxy.requests.slice(proxiedFrom), leakMarkers: [c.extensionId] });
    const caught: string[] = [];
    const plantedSoFar = new Set<string>();
    for (const { context, url, plant } of plants) {
      const recordedFrom = c.requests.length;
      const proxiedFrom = c.proxy.requests.length;
      await plant();
      // the attempt is recorded (a request, or an attempt the CSP refused)…
      await expect.poll(() => c.requests.slice(recordedFrom).some((r) => r.url === url), { ...POLL, message: `${context}: ${url} was not recorded` }).toBe(true);
      // …and the verdict names it, in the context that made it, and nothing but what was planted
      // (a recorder may report an earlier plant late, e.g. the CSP issue of an image after its request)
      plantedSoFar.add(`${context} → ${url}`);
      const verdict = judge(recordedFrom, proxiedFrom);
      const named = verdict.violations.map((v) => `${v.context} → ${v.url}`);
      expect(named, `planted in the ${context}`).toContain(`${context} → ${url}`);
      expect(named.filter((v) => !plantedSoFar.has(v)), 'violations nobody planted').toEqual([]);
      caught.push(`${context} → ${url}, seen by ${[...new Set(verdict.violations.filter((v) => v.url === url).map((v) => `${v.via}${v.blocked ? ` (${v.blocked})` : ''}`))].join(', ')}`);
      // what the extension's CSP does not stop (the content script) reaches the proxy, which counts
      // it as the extension's, not the browser's
      if (context === 'content script') {
        const host = new URL(url).hostname;
        await expect.poll(() => c.proxy.requests.slice(proxiedFrom).some((r) => r.host === host), POLL).toBe(true);
        expect(judge(recordedFrom, proxiedFrom).browserLevel.map((r) => r.host)).not.toContain(host);
      }
    }
    // judged at once, the whole session names exactly the planted requests
    const whole = judge(0, 0);
    expect(new Set(whole.violations.map((v) => `${v.context} → ${v.url}`))).toEqual(plantedSoFar);
    console.log(`no-network, planted: ${caught.length} violations caught:\n  ${caught.join('\n  ')}`);
  });
});
