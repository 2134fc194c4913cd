// Import into IndexedDB — fake-indexeddb in Node (an in-memory implementation, not a browser's
// IndexedDB: it measures the store's code path, not Chrome's or Firefox's disk) — and what the
// background does after a change to the corpus: CorpusService drops its index and rebuilds it
// from the store on the next analysis (background/corpus-service.ts).
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { CorpusService } from '../background/corpus-service.ts';
import * as featuresModule from '../engine/features.ts';
import { textFingerprint, type ArticleFeatures } from '../engine/features.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { openDatabase, putFeatures } from '../store/database.ts';
import { importJsonl } from '../store/import.ts';
import * as storeSchema from '../store/schema.ts';
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
  /** CorpusService.getIndex() with every article's features stored: the rebuild after any change */
  reloadWithStoredFeaturesMs: number;
  /** saving one article (putUserArticles) then the rebuild the next analysis waits for, median */
  addOneArticleMs: number;
  addOneStoreWriteMs: number;
  /** CorpusService.getIndex() right after an import (features not stored yet): every article's features computed */
  firstLoadAfterImportMs: number | null;
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

export async function runImportBench(size: number, seed: string, options: { firstLoad: boolean }): Promise<ImportResult> {
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
    const service = new CorpusService();
    firstLoad = (await timeAsync(() => service.getIndex())).ms;
    log(`  first index load after the import (computes every article's features): ${(firstLoad / 1000).toFixed(1)} s`);
  } else if (features) {
    await putFeatures(
      db,
      records.map((r, i) => ({ id: r.id, format: FEATURES_FORMAT_NUMBER, textFingerprint: textFingerprint(r.text), features: features[i] })),
    );
  }

  const service = new CorpusService();
  await service.getIndex(); // bundled corpus synced, its features stored
  service.invalidate();
  const reload = await timeAsync(() => service.getIndex());
  log(`  rebuild of the index from the store: ${(reload.ms / 1000).toFixed(2)} s`);

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
  db.close();
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
  };
}

if (process.argv[1]?.endsWith('import-bench.ts')) {
  const args = process.argv.slice(2);
  const result = await runImportBench(Number(arg(args, 'size') ?? '1000'), arg(args, 'seed') ?? 'sidelight', { firstLoad: args.includes('--first-load') });
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
