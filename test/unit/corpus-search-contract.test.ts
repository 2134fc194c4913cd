// The contract every CorpusSearch implementation passes (engine/corpus-search.ts): analysis and
// matching ask a corpus only these questions, so a backend that answers them as the in-memory index
// does gives the same analyses. Run here on CorpusIndex, built the two ways the product builds it
// (in bulk, as at start-up; article by article, as a reader saves); another backend adds a line to
// IMPLEMENTATIONS.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus, indexRecord, matchArticle, type Corpus } from '../../engine/analyze.ts';
import { CorpusIndex } from '../../engine/corpus-index.ts';
import type { CorpusSearch } from '../../engine/corpus-search.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { classifyPair, MATCH_WEIGHTS } from '../../engine/match.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { loadEventArticles, SHARED_DIR } from '../../eval/datasets.ts';

const knowledge = defaultKnowledge();
const bundled = JSON.parse(fs.readFileSync(new URL('../../corpus/bundled-corpus.json', import.meta.url), 'utf8')) as CorpusRecord[];
const records: CorpusRecord[] = [...bundled, ...(fs.existsSync(`${SHARED_DIR}/eval/articles`) ? loadEventArticles().map(({ event: _e, subevent: _s, ...r }) => r) : [])];
const indexed = new Map(records.map((r) => [r.id, indexRecord(r, knowledge)]));

const IMPLEMENTATIONS: Array<[string, (rs: readonly CorpusRecord[]) => CorpusSearch]> = [
  ['CorpusIndex, bulk', (rs) => {
    const index = new CorpusIndex();
    for (const r of rs) index.add(indexed.get(r.id)!, { bulk: true });
    index.settle();
    return index;
  }],
  ['CorpusIndex, one article at a time', (rs) => {
    const index = new CorpusIndex();
    for (const r of rs) index.add(indexed.get(r.id)!);
    index.settle();
    return index;
  }],
];

const reference = buildCorpus(records, knowledge);
const load = (ids: readonly string[]) => reference.load(ids);

describe.each(IMPLEMENTATIONS)('CorpusSearch contract: %s', (_name, build) => {
  const search = build(records);

  it('knows its articles: size, languages, has/get/at, byText', () => {
    expect(search.size).toBe(records.length);
    expect(new Set(search.languages)).toEqual(new Set(records.map((r) => indexed.get(r.id)!.features.language)));
    for (const r of records) {
      expect(search.has(r.id)).toBe(true);
      const s = search.get(r.id)!;
      expect(s.id).toBe(r.id);
      expect(search.at(s.slot)?.id).toBe(r.id);
      expect(search.byText(indexed.get(r.id)!.features.fingerprint)).toBe(r.id);
    }
    expect(search.has('no-such-article')).toBe(false);
  });

  it('candidates: best first, within the limit, never the excluded article, each resolvable', () => {
    for (const r of records) {
      const q = search.profile(indexed.get(r.id)!.features);
      const list = search.candidates(q, MATCH_WEIGHTS, 10, r.id);
      expect(list.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
      for (const c of list) {
        expect(search.at(c.slot)).toBeDefined();
        expect(search.at(c.slot)!.id).not.toBe(r.id);
      }
      // not excluded, an article is its own best candidate, at a cosine of 1 with itself
      const self = search.candidates(q, MATCH_WEIGHTS, 5)[0]!;
      expect(search.at(self.slot)!.id).toBe(r.id);
      const cos = search.cosines(q, self.slot);
      if (Object.keys(indexed.get(r.id)!.features.terms).length) expect(cos.term).toBeCloseTo(1, 6);
    }
  });

  it('the candidate pool holds every article the classifier, run on every article, calls the same story', () => {
    let mates = 0;
    for (const r of records) {
      const q = search.profile(indexed.get(r.id)!.features);
      const pool = new Set(search.candidates(q, MATCH_WEIGHTS, 200, r.id).map((c) => search.at(c.slot)!.id));
      for (const other of records) {
        if (other.id === r.id || classifyPair(q, search.get(other.id)!, search).relation !== 'same-story') continue;
        mates++;
        expect(pool.has(other.id), `${other.id} for ${r.id}`).toBe(true);
      }
    }
    expect(mates).toBeGreaterThan(0);
  });

  it('gives the same analyses as the reference in-memory corpus', async () => {
    const corpus: Corpus = { index: search, load };
    for (const r of records.slice(0, 12)) {
      const mine = await analyseArticle({ ...r }, corpus, knowledge);
      const ref = await analyseArticle({ ...r }, reference, knowledge);
      expect(mine).toEqual(ref);
      expect(matchArticle(indexed.get(r.id)!.features, search, r.id).map((m) => [m.summary.id, m.relation, m.confidence])).toEqual(
        matchArticle(indexed.get(r.id)!.features, reference.index, r.id).map((m) => [m.summary.id, m.relation, m.confidence]),
      );
    }
  });
});
