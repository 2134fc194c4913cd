// Extraction in a real browser DOM (Debian's Chromium through playwright-core, headless): the
// content script's extractArticle() and bare Readability.parse() bundled together (esbuild),
// injected into each fixture page, run interleaved on the page's main thread. The time of one
// extractArticle() call is the content script's one synchronous task on the page (it extracts,
// then posts a message), so its maximum is the longest task the content script adds; the first
// call on each page runs code not yet optimised, as on a real page load, and is reported apart.
// Beside wall clock, the main thread's CPU time (DevTools' ThreadTime) gives a ratio that other
// processes on a shared machine do not move.
// No request leaves the machine: pages are served from memory, everything else is aborted.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHARED_DIR } from './generate-corpus.ts';
import { arg, BENCH_DIR, log, median, round, ROOT, writeJson } from './lib.ts';

export interface BrowserExtractionResult {
  dom: string;
  repeats: number;
  pages: Array<{ slug: string; bareMs: number; extractMs: number; extractMaxMs: number; firstRunMs: number; ratio: number; kind: string }>;
  ratio: number;
  medianPageRatio: number;
  /** median over all runs of extractArticle / the bare run next to it (the pair ran back to back) */
  pairedRatio: number;
  /** extractArticle's steps, run one by one (sum over pages of per-page medians, ms) */
  steps: Record<string, number>;
  /**
   * extractArticle / bare Readability in CPU time of the page's main thread (DevTools' ThreadTime,
   * GC on that thread included), over blocks of runs alternating which goes first: the same
   * comparison as pairedRatio, robust to other processes holding the CPU on a shared machine
   */
  cpuRatio: number | null;
  cpuPages: Array<{ slug: string; bareCpuMs: number; extractCpuMs: number; ratio: number }>;
  /** the longest single extractArticle() run over all pages and repeats: the content script's longest task */
  longestTaskMs: number;
  /** the first extractArticle() on each page, code not yet optimised, as on a real page load: the longest, and the page */
  longestFirstRunMs: number;
  longestFirstRunPage: string;
  longestTaskPage: string;
  medianTaskMs: number;
}

async function findChromium(): Promise<string | null> {
  try {
    const mod = (await import(pathToFileURL(path.join(ROOT, 'scripts/ensure-browsers.mjs')).href)) as { findBrowser(name: string): string | null };
    return mod.findBrowser('chromium');
  } catch {
    return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
  }
}

/** blocks of runs per page for the CPU-time ratio, and runs per block */
const CPU_BLOCKS = 8;
const CPU_RUNS_PER_BLOCK = 4;

async function threadTime(cdp: import('playwright-core').CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
}

async function bundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const entry = path.join(BENCH_DIR, 'browser-entry.ts');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'SidelightBench', write: false, platform: 'browser', target: 'chrome120', minify: true, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

export async function runBrowserExtractionBench(repeats: number): Promise<BrowserExtractionResult | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)' };
  let code: string;
  let chromium: typeof import('playwright-core').chromium;
  try {
    code = await bundle();
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    return { skipped: `cannot bundle or drive the browser: ${(error as Error).message}` };
  }
  const dir = path.join(SHARED_DIR, 'fixtures/readability-pages');
  const slugs = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'source.html'))).sort();
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--proxy-server=http://127.0.0.1:9'] });
  const rows: BrowserExtractionResult['pages'] = [];
  let longest = { ms: 0, page: '' };
  let longestFirst = { ms: 0, page: '' };
  const cpuPages: BrowserExtractionResult['cpuPages'] = [];
  const allTasks: number[] = [];
  const paired: number[] = [];
  const steps: Record<string, number> = {};
  try {
    const context = await browser.newContext({ javaScriptEnabled: true });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const slug = url.hostname === 'fixtures.test' ? url.pathname.split('/')[1] : undefined;
      if (slug && slugs.includes(slug) && route.request().resourceType() === 'document') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fs.readFileSync(path.join(dir, slug, 'source.html')) });
      return route.abort();
    });
    const page = await context.newPage();
    // DevTools' ThreadTime: CPU seconds of the page's main thread (null where this Chromium lacks it)
    let cdp: import('playwright-core').CDPSession | null = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (!Number.isFinite(await threadTime(cdp))) cdp = null;
    for (const slug of slugs) {
      await page.goto(`http://fixtures.test/${slug}/`, { waitUntil: 'load' });
      await page.addScriptTag({ content: code });
      // a string, not a function: tsx's transform would add helpers the page does not have
      const r = (await page.evaluate(`(() => {
        const B = globalThis.SidelightBench;
        const url = ${JSON.stringify(`http://fixtures.test/${slug}/`)};
        const bare = [];
        const ours = [];
        let kind = '';
        const t0 = performance.now();
        B.extractArticle(document, url);
        const firstRun = performance.now() - t0;
        new B.Readability(document.cloneNode(true)).parse();
        for (let i = 0; i < ${repeats}; i++) {
          const runOurs = () => { const t = performance.now(); kind = B.extractArticle(document, url).kind; ours.push(performance.now() - t); };
          const runBare = () => { const t = performance.now(); new B.Readability(document.cloneNode(true)).parse(); bare.push(performance.now() - t); };
          if (i % 2) { runOurs(); runBare(); } else { runBare(); runOurs(); }
        }
        // extractArticle step by step (the same calls, in the same order)
        const stepTimes = { countElements: [], pageTextLength: [], isProbablyReaderable: [], cloneAndParse: [], blockTextAndClean: [] };
        const step = (name, fn) => { const t = performance.now(); const v = fn(); stepTimes[name].push(performance.now() - t); return v; };
        for (let i = 0; i < ${repeats}; i++) {
          step('countElements', () => B.pageShape(document, B.MAX_PAGE_DEPTH));
          step('pageTextLength', () => B.pageTextLength(document, B.MAX_PAGE_TEXT_CHARS));
          step('isProbablyReaderable', () => B.isProbablyReaderable(document));
          const parsed = step('cloneAndParse', () => new B.Readability(document.cloneNode(true), B.READABILITY_OPTIONS).parse());
          step('blockTextAndClean', () => parsed && parsed.content ? B.cleanArticleText(B.blockText(parsed.content)).paragraphs.join('\\n') : '');
        }
        return { bare, ours, kind, stepTimes, firstRun };
      })()`)) as { bare: number[]; ours: number[]; kind: string; stepTimes: Record<string, number[]>; firstRun: number };
      // main-thread CPU time, blocks of runs alternating which goes first
      if (cdp) {
        const cpu = { bare: 0, ours: 0 };
        for (let b = 0; b < CPU_BLOCKS; b++) {
          for (const which of b % 2 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)) {
            const call = which === 'ours' ? `B.extractArticle(document, ${JSON.stringify(`http://fixtures.test/${slug}/`)})` : 'new B.Readability(document.cloneNode(true)).parse()';
            const before = await threadTime(cdp);
            await page.evaluate(`(() => { const B = globalThis.SidelightBench; for (let i = 0; i < ${CPU_RUNS_PER_BLOCK}; i++) ${call}; })()`);
            cpu[which] += (await threadTime(cdp)) - before;
          }
        }
        const runs = CPU_BLOCKS * CPU_RUNS_PER_BLOCK;
        cpuPages.push({ slug, bareCpuMs: round((cpu.bare * 1000) / runs, 2), extractCpuMs: round((cpu.ours * 1000) / runs, 2), ratio: round(cpu.ours / cpu.bare, 3) });
      }
      if (r.firstRun > longestFirst.ms) longestFirst = { ms: r.firstRun, page: slug };
      for (const [name, xs] of Object.entries(r.stepTimes)) steps[name] = (steps[name] ?? 0) + median(xs);
      const b = median(r.bare);
      const o = median(r.ours);
      const max = Math.max(...r.ours);
      allTasks.push(...r.ours);
      r.ours.forEach((o, i) => paired.push(o / r.bare[i]!));
      if (max > longest.ms) longest = { ms: max, page: slug };
      rows.push({ slug, bareMs: round(b, 2), extractMs: round(o, 2), extractMaxMs: round(max, 2), firstRunMs: round(r.firstRun, 2), ratio: round(o / b, 2), kind: r.kind });
    }
  } finally {
    await browser.close();
  }
  const bareTotal = rows.reduce((a, r) => a + r.bareMs, 0);
  const oursTotal = rows.reduce((a, r) => a + r.extractMs, 0);
  return {
    dom: `Chromium (${path.basename(executablePath)}, headless)`,
    repeats,
    pages: rows,
    ratio: round(oursTotal / bareTotal, 3),
    medianPageRatio: round(median(rows.map((r) => r.ratio)), 3),
    pairedRatio: round(median(paired), 3),
    cpuRatio: cpuPages.length === rows.length ? round(cpuPages.reduce((a, p) => a + p.extractCpuMs, 0) / cpuPages.reduce((a, p) => a + p.bareCpuMs, 0), 3) : null,
    cpuPages,
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v, 1)])),
    longestTaskMs: round(longest.ms, 1),
    longestTaskPage: longest.page,
    longestFirstRunMs: round(longestFirst.ms, 1),
    longestFirstRunPage: longestFirst.page,
    medianTaskMs: round(median(allTasks), 1),
  };
}

if (process.argv[1]?.endsWith('browser-extraction-bench.ts')) {
  const args = process.argv.slice(2);
  log('extraction in Chromium: extractArticle vs bare Readability.parse');
  const result = await runBrowserExtractionBench(Number(arg(args, 'repeats') ?? '15'));
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
