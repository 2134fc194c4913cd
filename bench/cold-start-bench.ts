// Cold start to the first analysis: a fresh Node process, the store of an earlier run (written
// by import-bench.ts with --dump, v8-serialised: the records as IndexedDB holds them, snapshot
// chunks included) loaded into fake-indexeddb, then what the background does when it wakes up:
// open the store, get the index (from the snapshot, or with --no-snapshot rebuilt from the stored
// features), and analyse one 2,000-word article. Loading the file into fake-indexeddb stands in
// for the disk and is not counted; everything from opening the store on is.
// --index-only: the store's articles and features are left out of the fake store and only getting
// the index is timed. fake-indexeddb keeps every record in the JS heap, where a browser's
// IndexedDB keeps them on disk: at 100,000 articles that is gigabytes the garbage collector marks
// again and again while the snapshot decodes, which a reader's browser does not pay.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import v8 from 'node:v8';
import { CorpusService } from '../background/corpus-service.ts';
import { analyseArticle } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { loadDump, type DatabaseDump } from '../test/fixtures/db/dump.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, heapAfterGc, log, round, timeAsync, writeJson } from './lib.ts';

export interface ColdStartResult {
  size: number;
  snapshot: boolean;
  /** how the index was had (CorpusService.snapshotLoad) */
  loaded: string;
  /** open the store, get the index, analyse one article: wall and CPU ms */
  coldStartMs: number;
  coldStartCpuMs: number;
  /** of which getting the index (snapshot read and decoded, or rebuilt from stored features) */
  indexMs: number;
  firstAnalysisMs: number;
  /** JS heap + array buffers after gc, minus the same before the cold start (the fake store excluded) */
  memoryAfterColdStartMB: number;
}

/** The dumped store loaded into fake-indexeddb (not timed: it stands for the disk), the named stores left empty. */
async function loadStore(dumpFile: string, emptied: readonly string[]): Promise<void> {
  const dump = v8.deserialize(fs.readFileSync(dumpFile)) as DatabaseDump;
  dump.stores = dump.stores.map((s) => (emptied.includes(s.name) ? { ...s, records: [] } : s));
  await loadDump('sidelight', dump);
}

/** How the background had its index (CorpusService.snapshotLoad), in words. */
function describeLoad(l: CorpusService['snapshotLoad']): string {
  if (l === null) return 'none';
  return l.from === 'snapshot' ? `snapshot (${l.current ? 'current' : 'older than the store'}; read ${l.readMs} ms, decode ${l.decodeMs} ms)` : `rebuilt (${l.reason})`;
}

async function run(size: number, seed: string, dumpFile: string, withSnapshot: boolean): Promise<ColdStartResult> {
  await loadStore(dumpFile, withSnapshot ? [] : ['snapshot']);
  // the query article is made before the clock starts (it stands for the page being read)
  const plan = planCorpus(size, seed);
  const model = buildModel(seed);
  const [story] = queryStories(plan, 1, 3);
  const query = generateQuery(plan, story!, 900, 2000, model);
  const knowledge = defaultKnowledge();
  // fake-indexeddb finishes the load's transactions on later turns of the event loop, which hold
  // the deserialised dump until then: let them end, so that the baseline holds the store alone
  await new Promise((resolve) => setTimeout(resolve, 100));
  const before = heapAfterGc();
  const service = new CorpusService({ snapshotDelayMs: 3_600_000 });
  let indexMs = 0;
  const cold = await timeAsync(async () => {
    const t = performance.now();
    const corpus = await service.getCorpus();
    indexMs = performance.now() - t;
    return analyseArticle({ title: query.title, text: query.text, published: query.published, outlet: query.outlet }, corpus, knowledge);
  });
  const memory = heapAfterGc() - before;
  const loaded = describeLoad(service.snapshotLoad);
  log(`  cold start ${withSnapshot ? 'with' : 'without'} snapshot (${loaded}): ${round(cold.ms, 0)} ms (index ${round(indexMs, 0)} ms, CPU ${round(cold.cpuMs, 0)} ms), ${cold.value.related.length} related; memory ${round(memory / 2 ** 20, 0)} MB`);
  return {
    size,
    snapshot: withSnapshot,
    loaded,
    coldStartMs: round(cold.ms, 0),
    coldStartCpuMs: round(cold.cpuMs, 0),
    indexMs: round(indexMs, 0),
    firstAnalysisMs: round(cold.ms - indexMs, 0),
    memoryAfterColdStartMB: round(memory / 2 ** 20, 0),
  };
}

/** Getting the index alone, from a store holding only the snapshot and the store's meta records. */
async function indexOnly(dumpFile: string): Promise<{ indexMs: number; indexCpuMs: number; loaded: string }> {
  await loadStore(dumpFile, ['articles', 'features']);
  const service = new CorpusService({ snapshotDelayMs: 3_600_000 });
  const got = await timeAsync(() => service.getIndex());
  const loaded = describeLoad(service.snapshotLoad);
  log(`  index from the snapshot alone: ${round(got.ms, 0)} ms (CPU ${round(got.cpuMs, 0)} ms), ${loaded}`);
  return { indexMs: round(got.ms, 0), indexCpuMs: round(got.cpuMs, 0), loaded };
}

if (process.argv[1]?.endsWith('cold-start-bench.ts')) {
  const args = process.argv.slice(2);
  const dumpFile = arg(args, 'dump');
  if (!dumpFile) throw new Error('--dump FILE (written by import-bench.ts --dump) is required');
  const result = args.includes('--index-only') ? await indexOnly(dumpFile) : await run(Number(arg(args, 'size') ?? '1000'), arg(args, 'seed') ?? 'sidelight', dumpFile, !args.includes('--no-snapshot'));
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
