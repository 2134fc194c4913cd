// The benchmark of one corpus size (run by bench/run-bench.ts in its own process, with
// --expose-gc): load the generated corpus into the engine's CorpusIndex as the background does
// (stored features, streamed), then measure heap, stored index size, full analysis of 2,000-word
// articles, Sidelight's matching against brute force (same run), recall@10, and the update of the
// index for one added article.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseArticle, findInCorpus, indexRecord, matchArticle, type Corpus, type Match } from '../engine/analyze.ts';
import { CorpusIndex, type IndexedArticle } from '../engine/corpus-index.ts';
import { computeFeatures, type ArticleFeatures } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { classifyPair, MATCH_WEIGHTS } from '../engine/match.ts';
import { findMissingContext } from '../engine/missing-context.ts';
import { findTranslationDifferences } from '../engine/translation-differences.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, heapAfterGc, log, median, quantile, round, time, timeAsync, writeJson } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';
import { packFeatures, unpackFeatures } from '../store/features-codec.ts';

const MB = 2 ** 20;

export interface CorpusBenchResult {
  size: number;
  corpus: {
    articles: number;
    stories: number;
    meanWords: number;
    featuresFromCache: boolean;
    /** features computed by an earlier version of the engine's feature code (--stale-features) */
    featuresStale: boolean;
    /** cache of an earlier engine version taken over after a sample of its features was recomputed identical */
    featuresVerifiedFrom: string | null;
    /** computeFeatures per article when the cache was filled (ms, CPU of the worker processes) */
    featuresMsPerArticle: number;
    /** wall-clock seconds the features took to compute (0 when cached) */
    featuresComputeSeconds: number;
    loadSeconds: number;
  };
  heap: {
    /** memory used after gc (JS heap + array buffers), the index loaded (MB), and before loading it */
    usedMB: number;
    beforeLoadMB: number;
    indexMB: number;
    /** of the index: typed arrays (packed term/entity ids, postings, norms) and the rest of the JS heap */
    breakdownMB: { arrayBuffers: number; jsHeap: number };
  };
  storedIndex: { featuresBytesPer1000: number; recordsBytesPer1000: number };
  /** per article, means: what an index holds per article, whatever its representation */
  perArticle: { terms: number; entities: number; sentences: number; textChars: number };
  analysis: {
    queries: number;
    queryWords: number;
    /** first analysis of each query article (claims of its matches not cached yet) */
    coldMedianMs: number;
    coldP95Ms: number;
    /** the same articles analysed again */
    warmMedianMs: number;
    warmP95Ms: number;
    /** the same in CPU time of this process (what the analysis costs without the other processes of a shared machine) */
    cpu: { coldMedianMs: number; coldP95Ms: number; warmMedianMs: number; warmP95Ms: number };
    related: number;
    sameStory: number;
    missingContext: number;
    translationDifferences: number;
    /** cold analysis of other query articles, step by step (median CPU ms) */
    steps: { features: number; candidates: number; findInCorpus: number; /** classification of the candidates */ matchArticle: number; loadArticles: number; missingContext: number; translationDifferences: number };
  };
  matching: {
    queries: number;
    sidelightMedianMs: number;
    bruteMedianMs: number;
    ratio: number;
    /** the ratio of CPU-time medians */
    cpuRatio: number;
    /** share of brute force's top 10 (classifyPair on every article, ranked as matchArticle ranks) among Sidelight's candidates */
    recallAt10Candidates: number;
    /** ... among Sidelight's final top 10 */
    recallAt10Final: number;
    /** share of the top 10 by raw similarity (pairSignals cosine mix) among the candidates */
    recallAt10CandidatesBySimilarity: number;
    worstQueryRecall: number;
    referenceSizeMedian: number;
  };
  update: { addMedianMs: number; addP95Ms: number; postingsOnlyMedianMs: number; removeMedianMs: number; articles: number };
}

interface Counts {
  /** (term, article) pairs: entries of the term postings and of the articles' term vectors */
  termEntries: number;
  /** (entity, article) pairs */
  entityEntries: number;
  sentences: number;
  textChars: number;
}

/**
 * Streams the cached corpus into a CorpusIndex as the background loads the store: each article's
 * summary and postings are kept, its text and features are not. Each article's record and its
 * features as the store keeps them (packed, store/features-codec.ts) are written to a scratch file,
 * and where they lie is kept (by slot), so the analysis reads the few articles it lists as the
 * background reads them from IndexedDB: the record, then the features unpacked against its text.
 */
async function loadCorpus(files: string[], dir: string, index: CorpusIndex): Promise<{ corpus: Corpus; articles: number; meanWords: number; featureBytes: number; recordBytes: number; counts: Counts }> {
  let featureBytes = 0;
  let recordBytes = 0;
  let words = 0;
  const counts: Counts = { termEntries: 0, entityEntries: 0, sentences: 0, textChars: 0 };
  const where: Array<{ offset: number; recordLength: number; featuresLength: number; packed: boolean }> = [];
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-corpus-bench-'));
  const scratchFile = path.join(scratchDir, 'articles.bin');
  const scratch = fs.openSync(scratchFile, 'w+');
  process.on('exit', () => fs.rmSync(scratchDir, { recursive: true, force: true }));
  let scratchAt = 0;
  for (const f of files) {
    for (const { line, length } of jsonLines(path.join(dir, f))) {
      const o = JSON.parse(line) as { fb: number; r: CorpusRecord; f: ArticleFeatures };
      featureBytes += o.fb;
      recordBytes += length - o.fb - 20;
      index.add({ record: o.r, features: o.f }, { bulk: true });
      const record = Buffer.from(JSON.stringify(o.r));
      const packed = packFeatures(o.f, o.r.text);
      const features = packed ?? Buffer.from(JSON.stringify(o.f));
      fs.writeSync(scratch, record, 0, record.length, scratchAt);
      fs.writeSync(scratch, features, 0, features.length, scratchAt + record.length);
      where[index.get(o.r.id)!.slot] = { offset: scratchAt, recordLength: record.length, featuresLength: features.length, packed: packed !== null };
      scratchAt += record.length + features.length;
      words += o.f.wordCount;
      counts.termEntries += Object.keys(o.f.terms).length;
      counts.entityEntries += o.f.entities.length;
      counts.sentences += o.f.sentences.length;
      counts.textChars += o.r.text.length;
    }
  }
  index.settle();
  const load = (ids: readonly string[]) => {
    const out = new Map<string, IndexedArticle>();
    for (const id of ids) {
      const summary = index.get(id);
      const w = summary ? where[summary.slot] : undefined;
      if (!w) continue;
      const buf = Buffer.alloc(w.recordLength + w.featuresLength);
      fs.readSync(scratch, buf, 0, buf.length, w.offset);
      const record = JSON.parse(buf.toString('utf8', 0, w.recordLength)) as CorpusRecord;
      const bytes = buf.subarray(w.recordLength);
      const features = w.packed ? unpackFeatures(bytes, record.text) : (JSON.parse(bytes.toString('utf8')) as ArticleFeatures);
      out.set(id, { record, features });
    }
    return out;
  };
  return { corpus: { index, load }, articles: index.size, meanWords: words / Math.max(1, index.size), featureBytes, recordBytes, counts };
}

/** The lines of a file with their byte offsets, read in large chunks (readline is slow on 20 kB lines). */
function* jsonLines(file: string): Generator<{ line: string; offset: number; length: number }> {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 24);
  let carry = Buffer.alloc(0);
  let base = 0; // file offset of carry[0]
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        if (nl > start) yield { line: buf.toString('utf8', start, nl), offset: base + start, length: nl - start };
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start));
      base += start;
    }
    if (carry.length) yield { line: carry.toString('utf8'), offset: base, length: carry.length };
  } finally {
    fs.closeSync(fd);
  }
}

function rankMatches<T extends { relation: string | null; score: number }>(list: T[]): T[] {
  // the order matchArticle gives: same story first, then by score
  return list.sort((a, b) => (a.relation === b.relation ? b.score - a.score : a.relation === 'same-story' ? -1 : 1));
}

function bruteForce(features: ArticleFeatures, index: CorpusIndex, k = 10): { ranked: string[]; bySimilarity: string[] } {
  const related: Array<{ id: string; relation: string | null; score: number }> = [];
  const top: Array<{ id: string; s: number }> = [];
  const profile = index.profile(features);
  for (const a of index.all()) {
    const o = classifyPair(profile, a, index);
    if (o.relation) related.push({ id: a.id, relation: o.relation, score: o.score });
    const s = o.signals.similarity;
    if (top.length < k || s > top[top.length - 1]!.s) {
      top.push({ id: a.id, s });
      top.sort((x, y) => y.s - x.s);
      if (top.length > k) top.pop();
    }
  }
  return { ranked: rankMatches(related).slice(0, k).map((m) => m.id), bySimilarity: top.filter((t) => t.s > 0).map((t) => t.id) };
}

/** Sidelight's candidate ids for a query, as matchArticle takes them. */
function candidateIds(features: ArticleFeatures, index: CorpusIndex, limit = 200): string[] {
  return index.candidates(index.profile(features), MATCH_WEIGHTS, limit, null).map((c) => index.at(c.slot)!.id);
}

export async function runCorpusBench(size: number, options: { seed: string; queries: number; bruteQueries: number; workers?: number; fresh?: boolean; allowStale?: boolean }): Promise<CorpusBenchResult> {
  const { seed } = options;
  const knowledge = defaultKnowledge();
  log(`[${size.toLocaleString('en')}] corpus`);
  const manifest = await ensureCorpus(size, seed, { workers: options.workers, fresh: options.fresh, allowStale: options.allowStale });
  if (!manifest.fromCache) log(`  features computed in ${manifest.computeSeconds.toFixed(0)} s (${manifest.featuresMsPerArticle.toFixed(1)} ms per article)`);

  // --- load, as the background loads stored features: streamed, one copy of each text
  // warm the engine's lazily built tables (calendar names, segmenters) before measuring the heap
  computeFeatures({ title: 'Warm up', text: 'On Monday, Jane Doe met John Roe in Paris.' }, knowledge);
  const beforeLoad = heapAfterGc();
  const beforeBuffers = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const index = new CorpusIndex();
  const loaded = await loadCorpus(manifest.files, manifest.dir, index);
  const { corpus, articles, meanWords, featureBytes, recordBytes } = loaded;
  const loadSeconds = (performance.now() - t0) / 1000;
  const afterIndex = heapAfterGc();
  const indexBuffers = process.memoryUsage().arrayBuffers - beforeBuffers;
  log(`  loaded ${articles.toLocaleString('en')} articles in ${loadSeconds.toFixed(1)} s; heap ${(afterIndex / MB).toFixed(0)} MB`);

  const model = buildModel(seed);
  const plan = planCorpus(size, seed);
  // disjoint stories for warm-up, timed analyses and the step-by-step breakdown
  const breakdownCount = Math.max(4, Math.ceil(options.queries / 2));
  const stories = queryStories(plan, 3 + options.queries + breakdownCount);
  const queryOf = (s: number, q: number) => generateQuery(plan, s, q, 2000, model);
  const warmStories = stories.filter((_, i) => i % (stories.length / 3 | 0 || 1) === 0).slice(0, 3);
  const rest = stories.filter((s) => !warmStories.includes(s));
  const timedStories = rest.filter((_, i) => i % 3 !== 2).slice(0, options.queries);
  const breakdownStories = rest.filter((s) => !timedStories.includes(s)).slice(0, breakdownCount);

  // --- full analysis of 2,000-word articles
  log(`  analysis: ${timedStories.length} articles of 2,000 words, cold then twice warm`);
  for (const [i, s] of warmStories.entries()) await analyseArticle(queryOf(s, 900 + i), corpus, knowledge);
  const cold: number[] = [];
  const warm: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  const counts = { related: [] as number[], sameStory: [] as number[], missing: [] as number[], translation: [] as number[], words: [] as number[] };
  const queries: CorpusRecord[] = [];
  for (const [q, s] of timedStories.entries()) {
    const input = queryOf(s, q);
    queries.push(input);
    const { ms, cpuMs, value } = await timeAsync(() => analyseArticle({ ...input, id: null }, corpus, knowledge));
    cold.push(ms);
    coldCpu.push(cpuMs);
    for (let r = 0; r < 2; r++) {
      const again = await timeAsync(() => analyseArticle({ ...input, id: null }, corpus, knowledge));
      warm.push(again.ms);
      warmCpu.push(again.cpuMs);
    }
    counts.related.push(value.related.length);
    counts.sameStory.push(value.related.filter((x) => x.relation === 'same-story').length);
    counts.missing.push(value.missingContext.length);
    counts.translation.push(value.translationDifferences.length);
    counts.words.push(value.article.wordCount);
  }

  // --- the same analysis step by step, on other (cold) articles
  const steps = { features: [] as number[], findInCorpus: [] as number[], candidates: [] as number[], matchArticle: [] as number[], loadArticles: [] as number[], missingContext: [] as number[], translationDifferences: [] as number[] };
  for (const [q, s] of breakdownStories.entries()) {
    const input = queryOf(s, 500 + q);
    const f = time(() => computeFeatures(input, knowledge));
    steps.features.push(f.cpuMs);
    // the steps of analyseArticle: candidates once, shared by the near-duplicate check and matching
    const profile = index.profile(f.value);
    const cands = time(() => index.candidates(profile, MATCH_WEIGHTS, 200, null));
    steps.candidates.push(cands.cpuMs);
    const self = await timeAsync(() => findInCorpus(f.value, corpus, null, cands.value));
    steps.findInCorpus.push(self.cpuMs);
    const m = time(() => matchArticle(f.value, index, null, {}, profile, cands.value));
    steps.matchArticle.push(m.cpuMs);
    const l = time(() => corpus.load(m.value.map((x) => x.summary.id)) as Map<string, IndexedArticle>);
    steps.loadArticles.push(l.cpuMs);
    const detailed: Match[] = m.value.flatMap((x) => (l.value.get(x.summary.id) ? [{ ...x, article: l.value.get(x.summary.id)! }] : []));
    const read = { features: f.value, outlet: input.outlet, id: null, published: input.published ?? null };
    steps.missingContext.push(time(() => findMissingContext(read, detailed, knowledge, (id) => index.entityIdf(id))).cpuMs);
    steps.translationDifferences.push(time(() => findTranslationDifferences(read, detailed, knowledge)).cpuMs);
  }

  // --- matching: Sidelight (inverted index, candidates, classifyPair) vs brute force (classifyPair on every article)
  const bruteCount = Math.min(options.bruteQueries, queries.length);
  log(`  matching: Sidelight vs brute force on ${bruteCount} articles`);
  const qFeatures = queries.slice(0, bruteCount).map((r) => computeFeatures(r, knowledge));
  const sidelightMs: number[] = [];
  const bruteMs: number[] = [];
  const sidelightCpu: number[] = [];
  const bruteCpu: number[] = [];
  let hitsCand = 0;
  let hitsFinal = 0;
  let hitsCos = 0;
  let refTotal = 0;
  let cosTotal = 0;
  let worst = 1;
  const refSizes: number[] = [];
  for (const f of qFeatures) {
    const runs: number[] = [];
    const runsCpu: number[] = [];
    let final: string[] = [];
    for (let r = 0; r < 3; r++) {
      const m = time(() => matchArticle(f, index, null));
      runs.push(m.ms);
      runsCpu.push(m.cpuMs);
      final = m.value.slice(0, 10).map((x) => x.summary.id);
    }
    sidelightMs.push(median(runs));
    sidelightCpu.push(median(runsCpu));
    const b = time(() => bruteForce(f, index));
    bruteMs.push(b.ms);
    bruteCpu.push(b.cpuMs);
    const candidates = new Set(candidateIds(f, index));
    const ref = b.value.ranked;
    const inCand = ref.filter((id) => candidates.has(id)).length;
    hitsCand += inCand;
    hitsFinal += ref.filter((id) => final.includes(id)).length;
    refTotal += ref.length;
    refSizes.push(ref.length);
    hitsCos += b.value.bySimilarity.filter((id) => candidates.has(id)).length;
    cosTotal += b.value.bySimilarity.length;
    if (ref.length) worst = Math.min(worst, inCand / ref.length);
  }

  // --- one added article: features + postings, then removed again
  const updates = { add: [] as number[], postings: [] as number[], remove: [] as number[] };
  const extraStories = queryStories(plan, 15, 1);
  for (const [i, s] of extraStories.entries()) {
    const record = { ...generateQuery(plan, s, 700 + i, 700, model), id: `added-${i}` };
    const added = time(() => index.add(indexRecord(record, knowledge)));
    updates.add.push(added.ms);
    updates.remove.push(time(() => index.remove(record.id)).ms);
    const item = indexRecord(record, knowledge);
    updates.postings.push(time(() => index.add(item)).ms);
    index.remove(record.id);
  }


  const result: CorpusBenchResult = {
    size,
    corpus: {
      articles,
      stories: plan.stories,
      meanWords: round(meanWords, 0),
      featuresFromCache: manifest.fromCache,
      featuresStale: manifest.stale,
      featuresVerifiedFrom: manifest.verifiedFrom ? `${manifest.verifiedFrom} (${manifest.verifiedSample} articles recomputed identical)` : null,
      featuresMsPerArticle: round(manifest.featuresMsPerArticle, 2),
      featuresComputeSeconds: manifest.fromCache ? 0 : round(manifest.computeSeconds, 1),
      loadSeconds: round(loadSeconds, 1),
    },
    heap: {
      usedMB: round(afterIndex / MB, 1),
      beforeLoadMB: round(beforeLoad / MB, 1),
      indexMB: round((afterIndex - beforeLoad) / MB, 1),
      breakdownMB: { arrayBuffers: round(indexBuffers / MB, 1), jsHeap: round((afterIndex - beforeLoad - indexBuffers) / MB, 1) },
    },
    perArticle: {
      terms: round(loaded.counts.termEntries / articles, 1),
      entities: round(loaded.counts.entityEntries / articles, 1),
      sentences: round(loaded.counts.sentences / articles, 1),
      textChars: round(loaded.counts.textChars / articles, 0),
    },
    storedIndex: { featuresBytesPer1000: Math.round((featureBytes / articles) * 1000), recordsBytesPer1000: Math.round((recordBytes / articles) * 1000) },
    analysis: {
      queries: cold.length,
      queryWords: median(counts.words),
      coldMedianMs: round(median(cold), 1),
      coldP95Ms: round(quantile(cold, 0.95), 1),
      warmMedianMs: round(median(warm), 1),
      warmP95Ms: round(quantile(warm, 0.95), 1),
      cpu: { coldMedianMs: round(median(coldCpu), 1), coldP95Ms: round(quantile(coldCpu, 0.95), 1), warmMedianMs: round(median(warmCpu), 1), warmP95Ms: round(quantile(warmCpu, 0.95), 1) },
      related: median(counts.related),
      sameStory: median(counts.sameStory),
      missingContext: median(counts.missing),
      translationDifferences: median(counts.translation),
      steps: {
        features: round(median(steps.features), 1),
        findInCorpus: round(median(steps.findInCorpus), 1),
        candidates: round(median(steps.candidates), 1),
        matchArticle: round(median(steps.matchArticle), 1),
        missingContext: round(median(steps.missingContext), 1),
        loadArticles: round(median(steps.loadArticles), 1),
        translationDifferences: round(median(steps.translationDifferences), 1),
      },
    },
    matching: {
      queries: bruteCount,
      sidelightMedianMs: round(median(sidelightMs), 2),
      bruteMedianMs: round(median(bruteMs), 1),
      ratio: round(median(bruteMs) / median(sidelightMs), 1),
      cpuRatio: round(median(bruteCpu) / median(sidelightCpu), 1),
      recallAt10Candidates: round(refTotal ? hitsCand / refTotal : 1, 3),
      recallAt10Final: round(refTotal ? hitsFinal / refTotal : 1, 3),
      recallAt10CandidatesBySimilarity: round(cosTotal ? hitsCos / cosTotal : 1, 3),
      worstQueryRecall: round(worst, 3),
      referenceSizeMedian: median(refSizes),
    },
    update: {
      articles: updates.add.length,
      addMedianMs: round(median(updates.add), 2),
      addP95Ms: round(quantile(updates.add, 0.95), 2),
      postingsOnlyMedianMs: round(median(updates.postings), 3),
      removeMedianMs: round(median(updates.remove), 3),
    },
  };
  return result;
}

const args = process.argv.slice(2);
const size = Number(arg(args, 'size') ?? '1000');
const out = arg(args, 'out');
const result = await runCorpusBench(size, {
  seed: arg(args, 'seed') ?? 'sidelight',
  queries: Number(arg(args, 'queries') ?? '20'),
  bruteQueries: Number(arg(args, 'brute-queries') ?? '20'),
  workers: arg(args, 'workers') ? Number(arg(args, 'workers')) : undefined,
  fresh: args.includes('--fresh'),
  allowStale: args.includes('--stale-features'),
});
if (out) writeJson(out, result);
else console.log(JSON.stringify(result, null, 2));
