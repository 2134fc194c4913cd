// The query-relative feature (poolRank): a pair read against the query's candidate pool. The rank
// counts only the pool's members more similar to the query: for a pair in one language, the members
// in the query's language by the mix of the cosines; for a pair across languages, every member by
// the names-only mix (the mix a cross-language pair has); the query's own text is not in its pool; classifyPair without a pool reads the
// pool matchArticle reads, so a pair gets the same score listed or asked for alone.
import { describe, expect, it } from 'vitest';
import { buildCorpus, matchArticle } from '../../engine/analyze.ts';
import { computeFeatures } from '../../engine/features.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { classifyPair, MATCH_WEIGHTS, pairFeatures, pairSignals, POOL_RANK_FULL, poolRankOf, queryPool } from '../../engine/match.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { mixSimilarity } from '../../engine/corpus-index.ts';

const knowledge = defaultKnowledge();

const base = { url: null, published: '2024-05-02' } as const;
// one query; three English reports of decreasing overlap with it, one German report, and the query's own text
const records: CorpusRecord[] = [
  {
    ...base,
    id: 'self',
    outlet: 'Outlet 0',
    language: 'en',
    title: 'Harbour crane collapses in Rotterdam port',
    text: 'A harbour crane collapsed on Thursday at the port of Rotterdam, injuring two dock workers. The port authority said the crane operator Jan de Vries had reported a fault in the morning. Container traffic was halted for six hours.',
  },
  {
    ...base,
    id: 'close',
    outlet: 'Outlet 1',
    language: 'en',
    title: 'Crane collapse halts Rotterdam port',
    text: 'A crane collapsed at the port of Rotterdam on Thursday, injuring two dock workers. The port authority said operator Jan de Vries had reported a fault that morning. Container traffic stopped for six hours.',
  },
  {
    ...base,
    id: 'middle',
    outlet: 'Outlet 2',
    language: 'en',
    title: 'Rotterdam port reopens after crane accident',
    text: 'The port of Rotterdam reopened its container terminal after a crane accident. The port authority is investigating the fault and the dock workers union asked for inspections.',
  },
  {
    ...base,
    id: 'far',
    outlet: 'Outlet 3',
    language: 'en',
    title: 'Rotterdam port traffic rises',
    text: 'Container traffic at the port of Rotterdam rose in the first quarter, the port authority said, as new terminals opened.',
  },
  {
    ...base,
    id: 'german',
    outlet: 'Outlet 4',
    language: 'de',
    title: 'Rotterdam: Kran im Hafen eingestürzt',
    text: 'Ein Kran ist am Donnerstag in Rotterdam eingestürzt, zwei Hafenarbeiter wurden verletzt. Der Kranführer, Jan de Vries, hatte laut Hafenbehörde am Morgen einen Fehler gemeldet.',
  },
];

describe('the query-relative feature', () => {
  const corpus = buildCorpus(records, knowledge);
  const index = corpus.index;
  const { id: _self, ...read } = records[0]!;
  const features = computeFeatures(read, knowledge);
  const q = index.profile(features);
  const qn = index.queryNorms(q);
  const candidates = index.candidates(q, MATCH_WEIGHTS, POOL_RANK_FULL);
  const pool = queryPool(q, candidates, index, qn);

  it("leaves the query's own text out; the mix of the members in the query's language, the names-only mix of all", () => {
    // the corpus holds the query's text ('self'): not in its pool, whatever candidate search returned
    expect(candidates.some((c) => index.at(c.slot)!.id === 'self')).toBe(true);
    expect(pool.cosines.has(index.get('self')!.slot)).toBe(false);
    expect(pool.sameLanguage.length).toBe(3);
    expect(pool.names.length).toBe(4);
    // best first
    expect([...pool.sameLanguage]).toEqual([...pool.sameLanguage].sort((a, b) => b - a));
    expect([...pool.names]).toEqual([...pool.names].sort((a, b) => b - a));
  });

  it('ranks an English report among the English members by the mix, the German one among all members by their names', () => {
    const rank = (id: string) => pairSignals(q, index.get(id)!, index, qn, undefined, pool).poolRank;
    expect(rank('close')).toBe(0);
    expect(rank('middle')).toBe(1);
    expect(rank('far')).toBe(2);
    // the German report names Rotterdam and Jan de Vries as the query does: the members sharing more of their names rank above it
    const names = (id: string) => {
      const c = pool.cosines.get(index.get(id)!.slot)!;
      return mixSimilarity(MATCH_WEIGHTS, false, c.entity, c.ledeEntity, c.term, c.lede);
    };
    const above = ['close', 'middle', 'far'].filter((id) => names(id) > names('german')).length;
    expect(rank('german')).toBe(above);
    // its German nouns written with capitals (Hafenarbeiter, Kranführer) dilute the names it shares:
    // the English reports, sharing a larger part of their names, rank above it (parted by language
    // alone, it would rank 0)
    expect(names('german')).toBeGreaterThan(0);
    expect(rank('german')).toBe(3);
    // the English members count for a pair across languages, by their names
    expect(poolRankOf(pool, -1, false)).toBe(4);
    expect(poolRankOf(pool, names('middle'), false)).toBe(['close', 'german'].filter((id) => names(id) > names('middle')).length);
    expect(poolRankOf(pool, Number.POSITIVE_INFINITY, true)).toBe(0);
    expect(poolRankOf(pool, -1, true)).toBe(3);
  });

  it('maps the rank to [0, 1], 1 for the best, falling on a log scale; without a pool, the best (an upper bound)', () => {
    const feature = (id: string) => pairFeatures(pairSignals(q, index.get(id)!, index, qn, undefined, pool)).poolRank;
    expect(feature('close')).toBe(1);
    expect(feature('middle')).toBeCloseTo(1 - Math.log(2) / Math.log1p(POOL_RANK_FULL), 12);
    expect(feature('far')).toBeLessThan(feature('middle'));
    expect(feature('far')).toBeGreaterThan(0);
    expect(pairFeatures(pairSignals(q, index.get('far')!, index, qn)).poolRank).toBe(1);
  });

  it('a lower rank lowers P(same story), all else equal', () => {
    const s = pairSignals(q, index.get('middle')!, index, qn, undefined, pool);
    const best = classifyPair(q, index.get('middle')!, index, qn, undefined, { ...pool, sameLanguage: new Float64Array(0) });
    const ranked = classifyPair(q, index.get('middle')!, index, qn, undefined, pool);
    expect(s.poolRank).toBe(1);
    expect(ranked.confidence).toBeLessThan(best.confidence);
  });

  it("classifyPair alone reads the pool matchArticle reads: a pair's confidence is the one listed", () => {
    const listed = matchArticle(features, index, 'self', { maxRelated: 100 });
    expect(listed.length).toBeGreaterThan(0);
    const fresh = index.profile(features);
    for (const m of listed) expect(classifyPair(fresh, m.summary, index).confidence).toBe(m.confidence);
  });
});
