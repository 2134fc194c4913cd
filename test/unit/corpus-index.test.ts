// The compact corpus index: incremental adds and removals (with compaction) leave it exactly as an
// index built from the surviving articles alone; candidate scores are the classifier's similarity.
import { describe, expect, it } from 'vitest';
import { CorpusIndex, type IndexedArticle } from '../../engine/corpus-index.ts';
import type { ArticleFeatures } from '../../engine/features.ts';
import { listingRank, MATCH_WEIGHTS } from '../../engine/match.ts';
import { computeFeatures } from '../../engine/features.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { buildModel, generateArticle, generateQuery, planCorpus, queryStories } from '../../bench/generate-corpus.ts';

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function article(i: number, rand: () => number, vocabulary: number, skew = 2, names = 60): IndexedArticle {
  const language = rand() < 0.8 ? 'en' : 'de';
  const terms: Record<string, number> = {};
  const ledeTerms: Record<string, number> = {};
  for (let k = 0; k < 40; k++) {
    // skewed: low term numbers are common, so some posting lists pass 32 entries and others stay single
    const t = `t${Math.floor(vocabulary * rand() ** skew)}`;
    terms[t] = (terms[t] ?? 0) + 1;
    if (k < 6) ledeTerms[t] = (ledeTerms[t] ?? 0) + 1;
  }
  const entities: ArticleFeatures['entities'] = [];
  const ids = new Set<string>();
  for (let k = 0; k < 5; k++) ids.add(`e${Math.floor(names * rand() ** skew)}`);
  for (const id of ids) entities.push({ id, canonical: `Name ${id}`, type: rand() < 0.5 ? 'person' : 'place', known: true, weight: 1 + Math.log(1 + Math.floor(rand() * 4)), surfaces: [id], firstSentence: 0 });
  const features: ArticleFeatures = {
    language,
    wordCount: 100,
    title: `Article ${i}`,
    sentences: [],
    entities,
    terms,
    ledeTerms,
    ledeEntities: entities.slice(0, 2).map((e) => e.id),
    events: [],
    eventDate: null,
    quotes: [],
    numbers: [],
    claims: [],
    fingerprint: `fp-${i}`,
  };
  return { record: { id: `a${i}`, title: `Article ${i}`, outlet: 'Outlet', text: '', language, published: '2024-01-01' }, features };
}

/** The score candidate search ranks by: where the pair stands in the matcher's listing. */
function rawSimilarity(index: CorpusIndex, q: ArticleFeatures, slot: number): number {
  const profile = index.profile(q);
  return listingRank(profile, index.at(slot)!, index, index.queryNorms(profile));
}

describe('the corpus index', () => {
  const rand = prng(7);
  const all = Array.from({ length: 400 }, (_, i) => article(i, rand, 400));
  const queries = Array.from({ length: 8 }, (_, i) => article(1000 + i, rand, 400).features);

  it('after adds, replacements and removals (with compaction) answers exactly as an index built from the survivors', () => {
    const incremental = new CorpusIndex();
    for (const a of all) incremental.add(a);
    // replace some articles with other texts under the same id, remove a third (compaction runs)
    const replaced = new Map<string, IndexedArticle>();
    for (let i = 0; i < 400; i += 10) {
      const next = { ...article(2000 + i, rand, 400), record: { ...all[i]!.record } };
      replaced.set(all[i]!.record.id, next);
      incremental.add(next);
    }
    const removed = new Set(all.filter((_, i) => i % 3 === 1).map((a) => a.record.id));
    for (const id of removed) incremental.remove(id);
    incremental.settle();
    const survivors = all.filter((a) => !removed.has(a.record.id)).map((a) => replaced.get(a.record.id) ?? a);
    const fresh = new CorpusIndex();
    for (const a of survivors) fresh.add(a);
    fresh.settle();

    // and articles added after the lists were packed (settle) move their lists out of the packed arrays
    const later = Array.from({ length: 30 }, (_, i) => article(3000 + i, rand, 400));
    for (const a of later) incremental.add(a);
    const fresh2 = new CorpusIndex();
    for (const a of [...survivors, ...later]) fresh2.add(a);
    fresh2.settle();
    for (const q of queries) {
      const ids = (index: CorpusIndex) => index.candidates(index.profile(q), MATCH_WEIGHTS, 400).map((c) => index.at(c.slot)!.id);
      expect(ids(incremental).sort()).toEqual(ids(fresh2).sort());
    }
    for (const a of later) incremental.remove(a.record.id);
    incremental.settle();

    expect(incremental.size).toBe(survivors.length);
    expect(incremental.languages).toEqual(fresh.languages);
    for (const q of queries) {
      const ids = (index: CorpusIndex) => index.candidates(index.profile(q), MATCH_WEIGHTS, 400).map((c) => ({ id: index.at(c.slot)!.id, score: c.score }));
      const a = ids(incremental);
      const b = ids(fresh);
      expect(a.map((x) => x.id).sort()).toEqual(b.map((x) => x.id).sort());
      const byId = new Map(b.map((x) => [x.id, x.score]));
      for (const x of a) expect(x.score).toBeCloseTo(byId.get(x.id)!, 9);
      expect(a.some((x) => removed.has(x.id))).toBe(false);
    }
  });

  it('ranks candidates by the similarity the classifier computes', () => {
    // no word or name common enough for its postings to be skipped: the ranking is exact
    const r = prng(11);
    const index = new CorpusIndex();
    for (let i = 0; i < 400; i++) index.add(article(i, r, 1500, 1, 300));
    index.settle();
    for (const q of Array.from({ length: 8 }, (_, i) => article(1000 + i, r, 1500, 1, 300).features)) {
      const candidates = index.candidates(index.profile(q), MATCH_WEIGHTS, 20);
      expect(candidates.length).toBe(20);
      for (const c of candidates) expect(c.score).toBeCloseTo(rawSimilarity(index, q, c.slot), 9);
      // and no article outside the list that shares anything with the query scores above the last one in it
      const last = candidates[candidates.length - 1]!.score;
      const listed = new Set(candidates.map((c) => c.slot));
      const shares = (slot: number) => {
        const k = index.cosines(index.profile(q), slot);
        return k.entity > 0 || k.term > 0 || k.lede > 0;
      };
      for (const s of index.all()) if (!listed.has(s.slot) && shares(s.slot)) expect(rawSimilarity(index, q, s.slot)).toBeLessThanOrEqual(last + 1e-9);
    }
  });

  it('scores candidates exactly even where common words and names were not read from the postings', () => {
    const index = new CorpusIndex();
    for (const a of all) index.add(a);
    index.settle();
    for (const q of queries) {
      const candidates = index.candidates(index.profile(q), MATCH_WEIGHTS, 20);
      for (const c of candidates) expect(c.score).toBeCloseTo(rawSimilarity(index, q, c.slot), 9);
      for (let i = 1; i < candidates.length; i++) expect(candidates[i]!.score).toBeLessThanOrEqual(candidates[i - 1]!.score);
    }
  });

  it('excludes the article itself and finds texts by fingerprint', () => {
    const index = new CorpusIndex();
    for (const a of all.slice(0, 50)) index.add(a);
    const q = all[3]!.features;
    const ids = index.candidates(index.profile(q), MATCH_WEIGHTS, 50, 'a3').map((c) => index.at(c.slot)!.id);
    expect(ids).not.toContain('a3');
    expect(index.byText('fp-3')).toBe('a3');
    index.remove('a3');
    expect(index.byText('fp-3')).toBeUndefined();
    expect(index.has('a3')).toBe(false);
  });

  it('skips only pool articles whose listing score could not enter: the same candidates, scores and order as re-ranking the whole pool', () => {
    // the bench's generated corpus (stories with versions in other languages, dates, kinds of event)
    const knowledge = defaultKnowledge();
    const plan = planCorpus(400, 'summary-below');
    const model = buildModel('summary-below');
    const index = new CorpusIndex();
    for (let i = 0; i < 400; i++) {
      const record = generateArticle(plan, i, model);
      index.add({ record, features: computeFeatures(record, knowledge) }, { bulk: true });
    }
    index.settle();
    let pruned = 0;
    let whole = 0;
    const counted = (count: () => void) => ({ ...MATCH_WEIGHTS, summary: (...a: Parameters<NonNullable<typeof MATCH_WEIGHTS.summary>>) => (count(), MATCH_WEIGHTS.summary!(...a)) });
    for (const [i, s] of queryStories(plan, 4).entries()) {
      const q = index.profile(computeFeatures(generateQuery(plan, s, i, 2000, model), knowledge));
      for (const limit of [3, 10, 30]) {
        const withBound = index.candidates(q, counted(() => pruned++), limit);
        const without = index.candidates(q, { ...counted(() => whole++), summaryBelow: undefined }, limit);
        expect(withBound.length).toBe(Math.min(limit, without.length));
        expect(withBound).toEqual(without);
      }
    }
    // the bound did skip part of the pool (else this test would check nothing)
    expect(pruned).toBeLessThan(whole * 0.8);
    // and it holds for every pair: never "below" its own listing score; below a higher one for most pairs
    let below = 0;
    let pairs = 0;
    for (const [i, s] of queryStories(plan, 4).entries()) {
      const q = index.profile(computeFeatures(generateQuery(plan, s, 50 + i, 2000, model), knowledge));
      const qn = index.queryNorms(q);
      for (const c of index.all()) {
        const k = index.cosines(q, c.slot, qn);
        const exact = MATCH_WEIGHTS.summary!(q, c, k, index, qn);
        expect(MATCH_WEIGHTS.summaryBelow!(q, c, k, c.language === q.language, exact)).toBe(false);
        if (MATCH_WEIGHTS.summaryBelow!(q, c, k, c.language === q.language, exact + 0.5)) below++;
        pairs++;
      }
    }
    expect(below).toBeGreaterThan(pairs / 2);
  });

  it("re-ranks a wider pool by the matcher's summary score before the exact stage", () => {
    // every article shares the same word with the query, so the postings rank them all alike (ties
    // go to the earlier slot); only the summary score tells the ninth apart
    const index = new CorpusIndex();
    const shared = (i: number): IndexedArticle => {
      const a = article(i, prng(i), 400);
      return { ...a, features: { ...a.features, language: 'en', terms: { common: 1, [`own${i}`]: 1 }, ledeTerms: {}, entities: [], ledeEntities: [] } };
    };
    for (let i = 0; i < 30; i++) index.add(shared(i));
    index.settle();
    const q = { ...shared(100).features, terms: { common: 1 } };
    const target = index.get('a8')!.slot;
    const pick = (slot: number) => (slot === target ? 1 : 0);
    const flat = { ...MATCH_WEIGHTS, rerank: () => 0 };
    // limit 1: the first ranking (all alike: ties to the earlier slot) keeps a0; the summary stage sees 15 (SUMMARY_POOL) of it
    const withoutSummary = index.candidates(index.profile(q), { ...flat, summary: undefined }, 1);
    expect(withoutSummary.map((c) => index.at(c.slot)!.id)).not.toEqual(['a8']);
    const withSummary = index.candidates(index.profile(q), { ...flat, summary: (_q, c) => pick(c.slot), summaryBelow: undefined }, 1);
    expect(withSummary.map((c) => index.at(c.slot)!.id)).toEqual(['a8']);
  });
});
