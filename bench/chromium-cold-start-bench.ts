// Cold start in Chromium (issue 19): the built extension (.output/chrome-mv3) in Debian's Chromium
// (headless, playwright-core, launched as the end-to-end tests launch it), its IndexedDB holding a
// corpus of generated articles with their stored features; the service worker stopped through
// DevTools (ServiceWorker.stopAllWorkers), then a page opened and timed until the background has
// its analysis. The same page analysed with the worker running (warm) is timed beside it.
//
// Filling the store: the store of import-bench.ts --dump (records and features written by the
// store's own code, into fake-indexeddb, v8-serialised: the values as IndexedDB holds them) is
// copied record by record into the extension's database, raw IndexedDB, from an extension page
// that runs none of Sidelight's code (the extension's manifest.json, which has the extension's
// origin), while the service worker is stopped. Its index snapshot is left out: the background
// rebuilds the index from the stored features at its first start (that start is timed too: the
// cold start without a snapshot), then writes its own snapshot, which every later cold start reads.
// Nothing bench-only is in the built extension.
//
// The timeline of a run, from the navigation's start (Node's clock, the same as the browser's):
// the worker running again (DevTools' ServiceWorker.workerVersionUpdated), and the tab's states as
// the background broadcasts them (`tab-state-changed`, then `get-tab-state` asked from the observer
// page, as the sidebar does): `extracting` (the content script has read the page), `analysing`
// (the index is there), `ready` (the analysis result). Beside the wall clock, the CPU time of the
// browser's processes (/proc: all of them, and the extension's renderer, which runs the worker),
// which other processes on a shared machine do not inflate.
//
// Pages are served from memory (Playwright's routing), every other request is aborted.
//   npx tsx bench/chromium-cold-start-bench.ts --size 10000 [--runs 3] [--dump store.v8] [--out f.json]
//     [--profile worker.cpuprofile]: one more cold start, the worker under DevTools' CPU profiler
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { CDPSession, Page } from 'playwright-core';
import type { CorpusRecord } from '../engine/schemas.ts';
import type { DatabaseDump } from '../test/fixtures/db/dump.ts';
import { launchChromiumWithExtension, type ChromiumWithExtension } from '../test/e2e/support/chromium.ts';
import { newsArticlePage, type SeedArticle } from '../test/e2e/support/seed-page.ts';
import { pollUntil } from '../test/e2e/support/poll.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, log, median, round, ROOT, writeJson } from './lib.ts';

export interface ChromiumColdRun {
  /** navigation start → the background's analysis result (`ready`), ms */
  readyMs: number;
  /** navigation start → the worker running again (cold runs; null when DevTools did not say) */
  workerRunningMs: number | null;
  /** navigation start → the content script's extraction posted (`extracting`) */
  extractingMs: number | null;
  /** navigation start → the index there, analysis begun (`analysing`; null when the observer saw `ready` first) */
  analysingMs: number | null;
  /** CPU time of all the browser's processes over the run (ms, /proc; 10 ms resolution) */
  browserCpuMs: number;
  /** of which the extension's renderer (runs the service worker) */
  extensionCpuMs: number;
  /** same-story versions found (the analysis found what it should) */
  sameStory: number;
  related: number;
}

export interface ChromiumColdStartResult {
  size: number;
  browser: string;
  /** the store copied into the extension's IndexedDB: articles, features (records), ms */
  store: { articles: number; features: number; copyMs: number };
  /** the first start after the copy: no snapshot, the index rebuilt from every stored feature, then a page analysed */
  withoutSnapshot: ChromiumColdRun;
  /** after that start, until the background's snapshot was written (ms, polled every 250 ms) */
  snapshotWrittenAfterMs: number;
  snapshotBytes: number;
  cold: ChromiumColdRun[];
  warm: ChromiumColdRun[];
  medianColdMs: number;
  medianColdIndexMs: number | null;
  medianColdBrowserCpuMs: number;
  medianColdExtensionCpuMs: number;
  medianWarmMs: number;
  medianWarmBrowserCpuMs: number;
  loadAverage: { start: number[]; end: number[] };
  /** with --profile: one more cold start under DevTools' CPU profiler, the worker's self time by function */
  profiled: { run: ChromiumColdRun; selfTimes: Array<{ fn: string; selfMs: number }> } | null;
}

// ---------------------------------------------------------------------------------------------
// CPU time of the browser's processes (children of this process, transitively), from /proc

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processTree(): Array<{ pid: number; cpuMs: number; extension: boolean }> {
  const children = new Map<number, number[]>();
  const stats = new Map<number, { cpuMs: number; extension: boolean }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      stats.set(Number(name), { cpuMs, extension: cmdline.includes('--extension-process') });
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: Array<{ pid: number; cpuMs: number; extension: boolean }> = [];
  const visit = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push({ pid: c, ...stats.get(c)! });
      visit(c);
    }
  };
  visit(process.pid);
  return out;
}

/** CPU ms of the browser's processes since `before` (processes started since count from zero). */
function cpuSince(before: Map<number, number>): { browser: number; extension: number } {
  let browser = 0;
  let extension = 0;
  for (const p of processTree()) {
    const d = p.cpuMs - (before.get(p.pid) ?? 0);
    browser += d;
    if (p.extension) extension += d;
  }
  return { browser, extension };
}
const cpuNow = () => new Map(processTree().map((p) => [p.pid, p.cpuMs]));

// ---------------------------------------------------------------------------------------------
// The store, copied from a dump into the extension's IndexedDB

/** A value as JSON, binary data tagged (structured clone keeps ArrayBuffers; JSON does not). */
function encodeValue(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof ArrayBuffer) return { $ab: Buffer.from(v).toString('base64') };
    // a view's own bytes only (v8.deserialize gives views into the whole dump's buffer); a Buffer is a Uint8Array to the page
    if (ArrayBuffer.isView(v)) return { $ta: Buffer.isBuffer(v) ? 'Uint8Array' : v.constructor.name, b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`a stored value holds ${v}, which JSON cannot carry`);
    return v;
  });
}

// run in the loader page (strings: tsx's transform would add helpers the page does not have)
const PAGE_HELPERS = `(() => {
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const decode = (text) => JSON.parse(text, (k, v) => {
    if (v && typeof v === 'object' && typeof v.$ab === 'string') return Uint8Array.from(atob(v.$ab), (c) => c.charCodeAt(0)).buffer;
    if (v && typeof v === 'object' && typeof v.$ta === 'string') { const b = Uint8Array.from(atob(v.b), (c) => c.charCodeAt(0)).buffer; return new globalThis[v.$ta](b); }
    return v;
  });
  globalThis.__bench = {
    async create(name, schema) {
      const del = indexedDB.deleteDatabase(name);
      await new Promise((resolve, reject) => { del.onsuccess = resolve; del.onerror = () => reject(del.error); del.onblocked = () => reject(new Error('deleting the database is blocked: a connection is open')); });
      const open = indexedDB.open(name, schema.version);
      open.onupgradeneeded = () => {
        for (const s of schema.stores) {
          const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
          for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
        }
      };
      globalThis.__benchDb = await req(open);
      return true;
    },
    async put(storeName, outOfLine, text) {
      const records = decode(text);
      const tx = globalThis.__benchDb.transaction(storeName, 'readwrite');
      const store = tx.objectStore(storeName);
      for (const r of records) outOfLine ? store.put(r.value, r.key) : store.put(r.value);
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error); });
      return records.length;
    },
    close() { globalThis.__benchDb.close(); globalThis.__benchDb = null; return true; },
    /** the stored snapshot's header, and the store's articles stamp */
    async snapshotState(name) {
      const db = await req(indexedDB.open(name));
      try {
        const tx = db.transaction(['snapshot', 'meta']);
        const header = await req(tx.objectStore('snapshot').get('header'));
        const stamp = await req(tx.objectStore('meta').get('articles-stamp'));
        return { header: header ?? null, stamp: stamp ?? null };
      } finally { db.close(); }
    },
    // the observer: the background's broadcasts for one tab, each answered by the tab's state as the sidebar asks it
    watch(tabUrl) {
      const seen = (globalThis.__benchSeen = []);
      if (!globalThis.__benchListening) {
        globalThis.__benchListening = true;
        chrome.runtime.onMessage.addListener((m) => {
          if (!m || m.type !== 'tab-state-changed' || globalThis.__benchTab === undefined) return;
          const arrived = Date.now();
          chrome.tabs.get(m.tabId).then((tab) => {
            if (tab.url !== globalThis.__benchTab) return;
            return chrome.runtime.sendMessage({ type: 'get-tab-state', tabId: m.tabId }).then((s) => {
              const related = s && s.status === 'ready' ? s.result.related : [];
              globalThis.__benchSeen.push({ arrived, at: Date.now(), status: s ? s.status : null, sameStory: related.filter((r) => r.relation === 'same-story').length, related: related.length });
            });
          }).catch(() => undefined);
        });
      }
      globalThis.__benchTab = tabUrl;
      return true;
    },
  };
  return true;
})()`;

const DB_NAME = 'sidelight';
/** bytes of JSON per evaluate call */
const BATCH_CHARS = 8_000_000;

async function copyStore(loader: Page, dump: DatabaseDump): Promise<{ articles: number; features: number }> {
  const schema = { version: dump.version, stores: dump.stores.map((s) => ({ name: s.name, keyPath: s.keyPath, autoIncrement: s.autoIncrement, indexes: s.indexes })) };
  await loader.evaluate(`__bench.create(${JSON.stringify(DB_NAME)}, ${JSON.stringify(schema)})`);
  for (const s of dump.stores) {
    // the snapshot is the background's to write: it rebuilds the index at its first start
    if (s.name === 'snapshot') continue;
    let batch: string[] = [];
    let chars = 0;
    const flush = async () => {
      if (!batch.length) return;
      await loader.evaluate(`__bench.put(${JSON.stringify(s.name)}, ${s.keyPath === null}, ${JSON.stringify(`[${batch.join(',')}]`)})`);
      batch = [];
      chars = 0;
    };
    for (const r of s.records) {
      const text = encodeValue(s.keyPath === null ? { key: r.key, value: r.value } : { value: r.value });
      batch.push(text);
      chars += text.length;
      if (chars >= BATCH_CHARS) await flush();
    }
    await flush();
  }
  await loader.evaluate('__bench.close()');
  const count = (name: string) => dump.stores.find((s) => s.name === name)?.records.length ?? 0;
  return { articles: count('articles'), features: count('features') };
}

// ---------------------------------------------------------------------------------------------
// One run: open the page in a new tab, wait for the analysis

function articlePage(record: CorpusRecord): string {
  const seed: SeedArticle = {
    id: record.id,
    key: record.id,
    headline: record.title,
    documentTitle: `${record.title} | ${record.outlet}`,
    siteName: record.outlet,
    section: 'World',
    published: record.published ? `${record.published}T09:00:00Z` : null,
    lang: record.language ?? 'en',
    byline: 'Staff',
    paragraphs: record.text.split(/\n+/).filter((p) => p.trim()),
  };
  return newsArticlePage(seed);
}

interface Observed {
  /** the broadcast's arrival */
  arrived: number;
  /** the reply to get-tab-state asked on it */
  at: number;
  status: string | null;
  sameStory: number;
  related: number;
}

/**
 * Opens a new tab, runs `before` (stopping the worker, for a cold start: after the tab is there, so
 * opening it does not wake the worker), then navigates the tab to `url` and waits for the analysis.
 */
async function analysePage(chrome: ChromiumWithExtension, observer: Page, url: string, running: { at: number | null }, before: () => Promise<void>, timeout = 120_000): Promise<ChromiumColdRun> {
  const page = await chrome.context.newPage();
  try {
    await before();
    await observer.evaluate(`__bench.watch(${JSON.stringify(url)})`);
    running.at = null;
    const cpu = cpuNow();
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    const seen = await pollUntil(
      async () => {
        const s = (await observer.evaluate('globalThis.__benchSeen')) as Observed[];
        return s.some((x) => x.status === 'ready' || x.status === 'error') ? s : null;
      },
      { timeout, interval: 20, message: `no analysis of ${url}` },
    );
    const used = cpuSince(cpu);
    const first = (status: string) => seen.find((x) => x.status === status) ?? null;
    const ready = first('ready');
    if (!ready) throw new Error(`the background's analysis of ${url} failed: ${JSON.stringify(seen)}`);
    // the index is there when the background says `analysing`; the sidebar's question may come back
    // only after the analysis (the worker is busy): then that broadcast's arrival is the moment
    const analysing = seen.filter((x) => x.status === 'analysing' || x.status === 'ready');
    return {
      readyMs: ready.at - t0,
      workerRunningMs: running.at === null ? null : running.at - t0,
      extractingMs: first('extracting') ? first('extracting')!.at - t0 : null,
      analysingMs: analysing.length >= 2 ? analysing[0]!.arrived - t0 : null,
      browserCpuMs: used.browser,
      extensionCpuMs: used.extension,
      sameStory: ready.sameStory,
      related: ready.related,
    };
  } finally {
    await page.close();
  }
}

async function stopWorkers(chrome: ChromiumWithExtension, cdp: CDPSession): Promise<void> {
  await cdp.send('ServiceWorker.stopAllWorkers');
  const browserCdp = await chrome.context.browser()!.newBrowserCDPSession();
  try {
    await pollUntil(async () => !(await browserCdp.send('Target.getTargets')).targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(chrome.extensionUrl(''))), {
      timeout: 10_000,
      interval: 20,
      message: "the extension's service worker did not stop",
    });
  } finally {
    await browserCdp.detach();
  }
}

/** Self time of a V8 CPU profile by function (name, script, line), the largest first. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
}
export function selfTimes(profile: CpuProfile, top = 25): Array<{ fn: string; selfMs: number }> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, selfMs: round(ms, 1) }));
}

/**
 * Runs `run` (a cold start) while the DevTools CPU profiler records the extension's service worker
 * from when its target appears (attached as soon as DevTools lists it: the first milliseconds of
 * the script may be missed). Non-flat session, commands through Target.sendMessageToTarget.
 */
async function profileWorker<T>(chrome: ChromiumWithExtension, run: () => Promise<T>): Promise<{ value: T; profile: CpuProfile }> {
  const cdp = await chrome.context.browser()!.newBrowserCDPSession();
  let nextId = 0;
  const pending = new Map<number, (reply: { result?: unknown; error?: { message: string } }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });
  const send = async <R>(sessionId: string, method: string, params: object = {}): Promise<R> => {
    const id = ++nextId;
    const reply = new Promise<{ result?: unknown; error?: { message: string } }>((resolve) => pending.set(id, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const r = await reply;
    if (r.error) throw new Error(`service worker ${method}: ${r.error.message}`);
    return r.result as R;
  };
  const session = new Promise<string>((resolve) => {
    cdp.on('Target.targetCreated', (e) => {
      if (e.targetInfo.type === 'service_worker' && e.targetInfo.url.startsWith(chrome.extensionUrl(''))) {
        void cdp.send('Target.attachToTarget', { targetId: e.targetInfo.targetId, flatten: false }).then(async ({ sessionId }) => {
          await send(sessionId, 'Profiler.enable');
          await send(sessionId, 'Profiler.setSamplingInterval', { interval: 250 });
          await send(sessionId, 'Profiler.start');
          resolve(sessionId);
        });
      }
    });
  });
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  try {
    const value = await run();
    const sessionId = await session;
    const { profile } = await send<{ profile: CpuProfile }>(sessionId, 'Profiler.stop');
    await cdp.send('Target.detachFromTarget', { sessionId });
    return { value, profile };
  } finally {
    await cdp.detach();
  }
}

export async function runChromiumColdStart(size: number, seed: string, dumpFile: string, runs: number, profileFile?: string): Promise<ChromiumColdStartResult> {
  const loadStart = os.loadavg().map((x) => round(x, 2));
  const dump = v8.deserialize(fs.readFileSync(dumpFile)) as DatabaseDump;
  const plan = planCorpus(size, seed);
  const model = buildModel(seed);
  // the article cold-start-bench.ts analyses: 2,000 words about a story of at least 3 articles
  const [story] = queryStories(plan, 1, 3);
  const query = generateQuery(plan, story!, 900, 2000, model);
  const pages = new Map<string, string>();
  const url = (name: string) => `http://news.bench.test/${name}`;
  pages.set(url('cold'), articlePage(query));

  const chrome = await launchChromiumWithExtension({ extensionDir: path.join(ROOT, '.output/chrome-mv3') });
  try {
    await chrome.context.route('**/*', (route) => {
      const body = pages.get(route.request().url());
      return body === undefined ? route.abort() : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
    // the extension's manifest.json, opened as a page: the extension's origin, none of its code
    const observer = await chrome.context.newPage();
    await observer.goto(chrome.extensionUrl('manifest.json'));
    await observer.evaluate(PAGE_HELPERS);
    const cdp = await chrome.context.newCDPSession(observer);
    const running: { at: number | null } = { at: null };
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      if (running.at === null && e.versions.some((v) => v.scriptURL.startsWith(chrome.extensionUrl('')) && v.runningStatus === 'running')) running.at = Date.now();
    });
    await cdp.send('ServiceWorker.enable');
    // let the first start (bundled corpus synced on install) settle, then stop the worker and copy the store
    await new Promise((r) => setTimeout(r, 3000));
    await stopWorkers(chrome, cdp);
    log(`  copying the store into Chromium's IndexedDB (${dump.stores.map((s) => `${s.name} ${s.records.length}`).join(', ')}; the snapshot left out)`);
    const copyStarted = Date.now();
    const copied = await copyStore(observer, dump);
    const copyMs = Date.now() - copyStarted;
    log(`  copied in ${(copyMs / 1000).toFixed(1)} s`);

    // first start: no snapshot, the index rebuilt from the stored features
    // (a rebuild took 20 s in Node at 10,000 articles on a quiet machine, over 100 s on a loaded one)
    const withoutSnapshot = await analysePage(chrome, observer, url('cold'), running, async () => undefined, 900_000);
    log(`  cold start without snapshot (index rebuilt from stored features): ${withoutSnapshot.readyMs} ms to the analysis (index at ${withoutSnapshot.analysingMs} ms), ${withoutSnapshot.sameStory} same-story`);
    const rebuiltAt = Date.now();
    const state = await pollUntil(
      async () => {
        const s = (await observer.evaluate(`__bench.snapshotState(${JSON.stringify(DB_NAME)})`)) as { header: { stamp: number; byteLength: number; articles: number } | null; stamp: number | null };
        return s.header && s.header.stamp === s.stamp ? s.header : null;
      },
      { timeout: 120_000, interval: 250, message: 'the background did not write its index snapshot' },
    );
    const snapshotWrittenAfterMs = Date.now() - rebuiltAt;
    log(`  snapshot written by the background ${snapshotWrittenAfterMs} ms later: ${(state.byteLength / 1e6).toFixed(1)} MB, ${state.articles} articles`);

    const cold: ChromiumColdRun[] = [];
    const warm: ChromiumColdRun[] = [];
    let profiled: ChromiumColdStartResult['profiled'] = null;
    for (let i = 0; i < runs; i++) {
      const c = await analysePage(chrome, observer, url('cold'), running, () => stopWorkers(chrome, cdp));
      cold.push(c);
      // the same page again, the worker running and its index in memory
      const w = await analysePage(chrome, observer, url('cold'), running, async () => undefined);
      warm.push(w);
      if (profileFile && i === runs - 1) {
        // one more cold start, profiled (not counted: the profiler slows what it records)
        // stopped before the profiler listens for the worker's target, so it profiles the new one
        await stopWorkers(chrome, cdp);
        const { value, profile } = await profileWorker(chrome, () => analysePage(chrome, observer, url('cold'), running, async () => undefined));
        fs.writeFileSync(profileFile, JSON.stringify(profile));
        profiled = { run: value, selfTimes: selfTimes(profile) };
        log(`  profiled cold start: ${value.readyMs} ms; ${profileFile} (open in DevTools' Performance panel); self time:\n${profiled.selfTimes.map((x) => `    ${x.selfMs} ms  ${x.fn}`).join('\n')}`);
      }
      log(
        `  run ${i + 1}: cold ${c.readyMs} ms (worker running at ${c.workerRunningMs ?? '—'}, page read at ${c.extractingMs ?? '—'}, index at ${c.analysingMs ?? '—'}; CPU browser ${c.browserCpuMs}, extension ${c.extensionCpuMs} ms); warm ${w.readyMs} ms (CPU ${w.browserCpuMs} ms); ${c.sameStory} same-story; load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    const m = (xs: number[]) => round(median(xs), 0);
    const indexTimes = cold.map((c) => c.analysingMs).filter((x): x is number => x !== null);
    return {
      size,
      browser: `Chromium (${chrome.context.browser()?.version() ?? 'unknown'}, headless)`,
      store: { ...copied, copyMs },
      withoutSnapshot,
      snapshotWrittenAfterMs,
      snapshotBytes: state.byteLength,
      cold,
      warm,
      medianColdMs: m(cold.map((c) => c.readyMs)),
      medianColdIndexMs: indexTimes.length ? m(indexTimes) : null,
      medianColdBrowserCpuMs: m(cold.map((c) => c.browserCpuMs)),
      medianColdExtensionCpuMs: m(cold.map((c) => c.extensionCpuMs)),
      medianWarmMs: m(warm.map((c) => c.readyMs)),
      medianWarmBrowserCpuMs: m(warm.map((c) => c.browserCpuMs)),
      loadAverage: { start: loadStart, end: os.loadavg().map((x) => round(x, 2)) },
      profiled,
    };
  } finally {
    await chrome.close();
  }
}

if (process.argv[1]?.endsWith('chromium-cold-start-bench.ts')) {
  const args = process.argv.slice(2);
  const size = Number(arg(args, 'size') ?? '10000');
  const seed = arg(args, 'seed') ?? 'sidelight';
  let dumpFile = arg(args, 'dump');
  let tmp: string | null = null;
  if (!dumpFile) {
    // no store given: import the corpus and dump it (what npm run bench does once for the Node cold start)
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-chromium-cold-'));
    dumpFile = path.join(tmp, `store-${size}.v8`);
    const { runImportBench } = await import('./import-bench.ts');
    await runImportBench(size, seed, { firstLoad: false, dump: dumpFile });
  }
  log(`[${size.toLocaleString('en')}] cold start in Chromium: service worker stopped through DevTools, then a page analysed`);
  try {
    const result = await runChromiumColdStart(size, seed, dumpFile, Number(arg(args, 'runs') ?? '3'), arg(args, 'profile'));
    const out = arg(args, 'out');
    if (out) writeJson(out, result);
    else console.log(JSON.stringify(result, null, 2));
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}
