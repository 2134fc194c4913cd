// Import into IndexedDB — fake-indexeddb in Node (an in-memory implementation, not a browser's
// IndexedDB: it measures the store's code path, not Chrome's or Firefox's disk) — and what the
// background does after a change to the corpus: CorpusService drops its index and rebuilds it
// from the store on the next analysis (background/corpus-service.ts).
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import v8 from 'node:v8';
import path from 'node:path';
import readline from 'node:readline';
import { CorpusService } from '../background/corpus-service.ts';
import * as featuresModule from '../engine/features.ts';
import { textFingerprint, type ArticleFeatures } from '../engine/features.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { openDatabase, putFeatures, putUserArticles } from '../store/database.ts';
import { importJsonl } from '../store/import.ts';
import { dumpDatabase } from '../test/fixtures/db/dump.ts';
import * as storeSchema from '../store/schema.ts';
import { featuresRecord } from '../store/features-codec.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, log, median, round, timeAsync, writeJson } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';

/** The format number the background accepts stored features under (it moved from store/ to engine/). */
const FEATURES_FORMAT_NUMBER: number =
  ('FEATURES_VERSION' in featuresModule ? (featuresModule as { FEATURES_VERSION: number }).FEATURES_VERSION : undefined) ??
  ('FEATURES_FORMAT' in storeSchema ? (storeSchema as { FEATURES_FORMAT: number }).FEATURES_FORMAT : 1);

export interface ImportResult {
  size: number;
  idb: string;
  /** importJsonl of the whole file (check every line, then batched all-or-nothing writes) */
  importMs: number;
  articlesPerSecond: number;
  /** the same import in CPU time of the process (robust to other processes on a shared machine) */
  importCpuMs: number;
  articlesPerCpuSecond: number;
  added: number;
  merged: number;
  /** CorpusService.getIndex() in a new service, every article's features stored, no snapshot: the rebuild */
  reloadWithStoredFeaturesMs: number;
  /** saving one article (putUserArticles) then the rebuild the next analysis waits for, median */
  addOneArticleMs: number;
  addOneStoreWriteMs: number;
  /** CorpusService.getIndex() right after an import (features not stored yet): every article's features computed */
  firstLoadAfterImportMs: number | null;
  /** the live index catching up after another page changed one article (corpus-changed: a pass over the articles, only the change indexed) */
  updateAfterChangeElsewhereMs: number;
  /** the index snapshot written after the rebuild (CorpusService.flushSnapshot: encode + one IndexedDB transaction) */
  snapshotWriteMs: number;
  snapshotWriteCpuMs: number;
  snapshotBytes: number;
  /** the same after saving one article (the whole snapshot is written again), median */
  snapshotWriteAfterSaveMs: number;
  /**
   * What the store holds per 1,000 articles, as IndexedDB values (bytes of v8's serialisation, the
   * format Chrome's IndexedDB writes before compressing): articles (texts and metadata), stored
   * features (claims and sentences included), the index snapshot (chunks and extras).
   */
  storedBytesPer1000: { articles: number; texts: number; features: number; snapshot: number; besidesTexts: number };
  /** the stored features' serialised bytes by field, per 1,000 articles (a sample of 500) */
  featuresFieldBytesPer1000: Record<string, number>;
}

/** Serialised bytes of each record of each store (the stores' values as IndexedDB keeps them). */
function storedBytes(dump: Awaited<ReturnType<typeof dumpDatabase>>, articles: number) {
  const per1000 = (bytes: number) => Math.round((bytes / Math.max(1, articles)) * 1000);
  const sum = (store: string, f: (v: unknown) => number = (v) => v8.serialize(v).length) => dump.stores.find((s) => s.name === store)?.records.reduce((a, r) => a + f(r.value), 0) ?? 0;
  const texts = sum('articles', (v) => Buffer.byteLength((v as { record: { text: string } }).record.text));
  const features = sum('features');
  const snapshot = sum('snapshot', (v) => (v instanceof ArrayBuffer ? v.byteLength : v8.serialize(v).length));
  const fields: Record<string, number> = {};
  const sample = (dump.stores.find((s) => s.name === 'features')?.records ?? []).slice(0, 500);
  for (const r of sample) {
    const value = r.value as { features?: Record<string, unknown>; packed?: Uint8Array };
    if (value.packed) fields.packed = (fields.packed ?? 0) + v8.serialize(value.packed).length;
    for (const [k, v] of Object.entries(value.features ?? {})) fields[k] = (fields[k] ?? 0) + v8.serialize(v).length;
  }
  for (const k of Object.keys(fields)) fields[k] = Math.round((fields[k]! / Math.max(1, sample.length)) * 1000);
  return {
    storedBytesPer1000: { articles: per1000(sum('articles')), texts: per1000(texts), features: per1000(features), snapshot: per1000(snapshot), besidesTexts: per1000(features + snapshot) },
    featuresFieldBytesPer1000: Object.fromEntries(Object.entries(fields).sort((a, b) => b[1] - a[1])),
  };
}

async function corpusRecords(size: number, seed: string): Promise<{ records: CorpusRecord[]; features: ArticleFeatures[] | null }> {
  const manifest = await ensureCorpus(size, seed, { allowStale: true });
  const records: CorpusRecord[] = [];
  const features: ArticleFeatures[] = [];
  for (const f of manifest.files) {
    const rl = readline.createInterface({ input: fs.createReadStream(path.join(manifest.dir, f), { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of rl) {
      const o = JSON.parse(line) as { r: CorpusRecord; f: ArticleFeatures };
      records.push(o.r);
      features.push(o.f);
    }
  }
  // features of another engine version are fine for the store's timings: they are only stored
  return { records, features };
}

export async function runImportBench(size: number, seed: string, options: { firstLoad: boolean; dump?: string }): Promise<ImportResult> {
  log(`[${size.toLocaleString('en')}] import into IndexedDB (fake-indexeddb)`);
  const { records, features } = await corpusRecords(size, seed);
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n');
  // the background's database (CorpusService opens the default one), empty in a fresh process
  const db = await openDatabase();
  const imported = await timeAsync(() => importJsonl(db, jsonl));
  log(`  ${imported.value.added.toLocaleString('en')} added, ${imported.value.merged} merged in ${(imported.ms / 1000).toFixed(1)} s (CPU ${(imported.cpuMs / 1000).toFixed(1)} s)`);

  let firstLoad: number | null = null;
  if (options.firstLoad) {
    // what the reader waits for after an import: no features stored yet, all computed
    const service = new CorpusService({ snapshotDelayMs: 3_600_000 });
    firstLoad = (await timeAsync(() => service.getIndex())).ms;
    log(`  first index load after the import (computes every article's features): ${(firstLoad / 1000).toFixed(1)} s`);
  } else if (features) {
    await putFeatures(
      db,
      // as the background stores them (packed against the text since store v5)
      records.map((r, i) => featuresRecord(r.id, FEATURES_FORMAT_NUMBER, textFingerprint(r.text), features[i]!, r.text)),
    );
  }

  // the snapshot is written when the bench asks (flushSnapshot), not on a timer
  const service = new CorpusService({ snapshotDelayMs: 3_600_000 });
  await service.getIndex(); // bundled corpus synced, its features stored
  // the rebuild after a change with every article's features stored (no snapshot: a change bumps the stamp)
  await service.saveArticle({ ...generateQuery(planCorpus(size, seed), queryStories(planCorpus(size, seed), 1, 1)[0]!, 799, 700, buildModel(seed)), id: 'saved-before-rebuild' });
  const rebuilding = new CorpusService({ snapshotDelayMs: 3_600_000 });
  const reload = await timeAsync(() => rebuilding.getIndex());
  log(`  rebuild of the index from the store: ${(reload.ms / 1000).toFixed(2)} s (${rebuilding.snapshotLoad?.from})`);
  // another page (the options page) changes the store and says so: the live index catches up
  await putUserArticles(db, [{ ...generateQuery(planCorpus(size, seed), queryStories(planCorpus(size, seed), 1, 1)[0]!, 798, 700, buildModel(seed)), id: 'imported-by-options' }], 'imported');
  service.invalidate();
  const update = await timeAsync(() => service.getIndex());
  log(`  index update after a change made elsewhere (one article; a pass over the articles store): ${Math.round(update.ms)} ms`);
  const snapshotWrite = await timeAsync(() => service.flushSnapshot());
  log(`  snapshot write: ${Math.round(snapshotWrite.ms)} ms (CPU ${Math.round(snapshotWrite.cpuMs)} ms), ${((snapshotWrite.value ?? 0) / 1e6).toFixed(1)} MB`);

  const plan = planCorpus(size, seed);
  const model = buildModel(seed);
  const writes: number[] = [];
  const adds: number[] = [];
  for (const [i, s] of queryStories(plan, 5, 1).entries()) {
    const record = { ...generateQuery(plan, s, 800 + i, 700, model), id: `saved-${i}` };
    const t = performance.now();
    await service.saveArticle(record);
    const written = performance.now();
    await service.getIndex();
    writes.push(written - t);
    adds.push(performance.now() - t);
  }
  // the part that is not in proportion to the change: the whole snapshot written again after one save
  const rewrites: number[] = [];
  for (const [i, s] of queryStories(plan, 3, 1).entries()) {
    await service.saveArticle({ ...generateQuery(plan, s, 850 + i, 700, model), id: `saved-again-${i}` });
    rewrites.push((await timeAsync(() => service.flushSnapshot())).ms);
  }
  log(`  save one article + index update: ${median(adds).toFixed(1)} ms; the snapshot written again after it: ${median(rewrites).toFixed(0)} ms`);
  db.close();
  const dump = await dumpDatabase('sidelight');
  const bytes = storedBytes(dump, size);
  log(`  stored per 1,000 articles: texts ${(bytes.storedBytesPer1000.texts / 1e6).toFixed(1)} MB, features ${(bytes.storedBytesPer1000.features / 1e6).toFixed(1)} MB, snapshot ${(bytes.storedBytesPer1000.snapshot / 1e6).toFixed(1)} MB`);
  if (options.dump) fs.writeFileSync(options.dump, v8.serialize(dump));
  return {
    size,
    idb: 'fake-indexeddb (in memory, Node)',
    importMs: round(imported.ms, 0),
    articlesPerSecond: round((imported.value.added + imported.value.merged) / (imported.ms / 1000), 0),
    importCpuMs: round(imported.cpuMs, 0),
    articlesPerCpuSecond: round((imported.value.added + imported.value.merged) / (imported.cpuMs / 1000), 0),
    added: imported.value.added,
    merged: imported.value.merged,
    reloadWithStoredFeaturesMs: round(reload.ms, 0),
    addOneArticleMs: round(median(adds), 1),
    addOneStoreWriteMs: round(median(writes), 1),
    firstLoadAfterImportMs: firstLoad === null ? null : round(firstLoad, 0),
    updateAfterChangeElsewhereMs: round(update.ms, 0),
    snapshotWriteMs: round(snapshotWrite.ms, 0),
    snapshotWriteCpuMs: round(snapshotWrite.cpuMs, 0),
    snapshotBytes: snapshotWrite.value ?? 0,
    snapshotWriteAfterSaveMs: round(median(rewrites), 0),
    ...bytes,
  };
}

if (process.argv[1]?.endsWith('import-bench.ts')) {
  const args = process.argv.slice(2);
  const result = await runImportBench(Number(arg(args, 'size') ?? '1000'), arg(args, 'seed') ?? 'sidelight', { firstLoad: args.includes('--first-load'), dump: arg(args, 'dump') });
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
