// The benchmark of one corpus size (run by bench/run-bench.ts in its own process, with
// --expose-gc): load the generated corpus into the engine's CorpusIndex as the background does
// (stored features, streamed), then measure heap, stored index size, full analysis of 2,000-word
// articles, Sidelight's matching against brute force (same run), recall@10, and the update of the
// index for one added article.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { analyseArticle, findInCorpus, indexRecord, matchArticle } from '../engine/analyze.ts';
import { CorpusIndex, type IndexedArticle } from '../engine/corpus-index.ts';
import { computeFeatures, type ArticleFeatures } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { classifyPair } from '../engine/match.ts';
import { findMissingContext } from '../engine/missing-context.ts';
import { findTranslationDifferences } from '../engine/translation-differences.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, heapAfterGc, log, median, quantile, round, time, writeJson } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';

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
    /** heap used after gc, the index loaded (MB), and before loading it */
    usedMB: number;
    beforeLoadMB: number;
    indexMB: number;
    breakdownMB: { recordTexts: number; featureSentences: number; otherFeaturesAndRecords: number; postingsAndMaps: number };
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
    steps: { features: number; findInCorpus: number; candidates: number; matchArticle: number; missingContext: number; translationDifferences: number };
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

async function loadCorpus(files: string[], dir: string): Promise<{ items: IndexedArticle[]; featureBytes: number; recordBytes: number; counts: Counts }> {
  const items: IndexedArticle[] = [];
  let featureBytes = 0;
  let recordBytes = 0;
  const counts: Counts = { termEntries: 0, entityEntries: 0, sentences: 0, textChars: 0 };
  for (const f of files) {
    const rl = readline.createInterface({ input: fs.createReadStream(path.join(dir, f), { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of rl) {
      const o = JSON.parse(line) as { fb: number; r: CorpusRecord; f: ArticleFeatures };
      featureBytes += o.fb;
      recordBytes += Buffer.byteLength(line) - o.fb - 20;
      items.push({ record: o.r, features: o.f });
      counts.termEntries += Object.keys(o.f.terms).length;
      counts.entityEntries += o.f.entities.length;
      counts.sentences += o.f.sentences.length;
      counts.textChars += o.r.text.length;
    }
  }
  return { items, featureBytes, recordBytes, counts };
}

function rankMatches<T extends { relation: string | null; score: number }>(list: T[]): T[] {
  // the order matchArticle gives: same story first, then by score
  return list.sort((a, b) => (a.relation === b.relation ? b.score - a.score : a.relation === 'same-story' ? -1 : 1));
}

function bruteForce(features: ArticleFeatures, index: CorpusIndex, k = 10): { ranked: string[]; bySimilarity: string[] } {
  const related: Array<{ id: string; relation: string | null; score: number }> = [];
  const top: Array<{ id: string; s: number }> = [];
  for (const a of index.all()) {
    const o = classifyPair(features, a.features, index);
    if (o.relation) related.push({ id: a.record.id, relation: o.relation, score: o.score });
    const s = o.signals.similarity;
    if (top.length < k || s > top[top.length - 1]!.s) {
      top.push({ id: a.record.id, s });
      top.sort((x, y) => y.s - x.s);
      if (top.length > k) top.pop();
    }
  }
  return { ranked: rankMatches(related).slice(0, k).map((m) => m.id), bySimilarity: top.filter((t) => t.s > 0).map((t) => t.id) };
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
  const t0 = performance.now();
  const loaded = await loadCorpus(manifest.files, manifest.dir);
  const afterItems = heapAfterGc();
  const index = new CorpusIndex();
  for (const item of loaded.items) index.add(item);
  const loadSeconds = (performance.now() - t0) / 1000;
  const articles = loaded.items.length;
  const meanWords = loaded.items.reduce((a, x) => a + x.features.wordCount, 0) / articles;
  const { featureBytes, recordBytes } = loaded;
  loaded.items.length = 0;
  const afterIndex = heapAfterGc();
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
  for (const [i, s] of warmStories.entries()) analyseArticle(queryOf(s, 900 + i), index, knowledge);
  const cold: number[] = [];
  const warm: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  const counts = { related: [] as number[], sameStory: [] as number[], missing: [] as number[], translation: [] as number[], words: [] as number[] };
  const queries: CorpusRecord[] = [];
  for (const [q, s] of timedStories.entries()) {
    const input = queryOf(s, q);
    queries.push(input);
    const { ms, cpuMs, value } = time(() => analyseArticle({ ...input, id: null }, index, knowledge));
    cold.push(ms);
    coldCpu.push(cpuMs);
    for (let r = 0; r < 2; r++) {
      const again = time(() => analyseArticle({ ...input, id: null }, index, knowledge));
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
  const steps = { features: [] as number[], findInCorpus: [] as number[], candidates: [] as number[], matchArticle: [] as number[], missingContext: [] as number[], translationDifferences: [] as number[] };
  for (const [q, s] of breakdownStories.entries()) {
    const input = queryOf(s, 500 + q);
    const f = time(() => computeFeatures(input, knowledge));
    steps.features.push(f.cpuMs);
    const self = time(() => findInCorpus(f.value, index, null));
    steps.findInCorpus.push(self.cpuMs);
    steps.candidates.push(time(() => index.candidates(f.value, 200, null)).cpuMs);
    const m = time(() => matchArticle(f.value, index, null));
    steps.matchArticle.push(m.cpuMs);
    const read = { features: f.value, outlet: input.outlet, id: null, published: input.published ?? null };
    steps.missingContext.push(time(() => findMissingContext(read, m.value, knowledge, (id) => index.entityIdf(id))).cpuMs);
    steps.translationDifferences.push(time(() => findTranslationDifferences(read, m.value, knowledge)).cpuMs);
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
      final = m.value.slice(0, 10).map((x) => x.article.record.id);
    }
    sidelightMs.push(median(runs));
    sidelightCpu.push(median(runsCpu));
    const b = time(() => bruteForce(f, index));
    bruteMs.push(b.ms);
    bruteCpu.push(b.cpuMs);
    const candidates = new Set(index.candidates(f, 200, null));
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

  // --- what the heap holds: texts of the records, sentences of the features, the rest
  const used = heapAfterGc();
  for (const a of index.all()) (a.record as { text: string }).text = '';
  const noTexts = heapAfterGc();
  for (const a of index.all()) (a.features as { sentences: unknown[] }).sentences = [];
  const noSentences = heapAfterGc();

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
      breakdownMB: {
        recordTexts: round((used - noTexts) / MB, 1),
        featureSentences: round((noTexts - noSentences) / MB, 1),
        otherFeaturesAndRecords: round((afterItems - beforeLoad - (used - noSentences)) / MB, 1),
        postingsAndMaps: round((afterIndex - afterItems) / MB, 1),
      },
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
