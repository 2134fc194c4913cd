// The contract every CorpusSearch implementation passes (engine/corpus-search.ts): analysis and
// matching ask a corpus only these questions, so a backend that answers them as the in-memory index
// does gives the same analyses. Run here on CorpusIndex, built the two ways the product builds it
// (in bulk, as at start-up; article by article, as a reader saves), and on the team corpus server
// (server/, a real PostgreSQL cluster started for this file) through its client, whose answers come
// from the server a query at a time: `prepare` fetches what the synchronous questions then read.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus, indexRecord, matchArticle, type Corpus, type ReadArticle } from '../../engine/analyze.ts';
import { CorpusIndex } from '../../engine/corpus-index.ts';
import type { CorpusSearch } from '../../engine/corpus-search.ts';
import type { ArticleFeatures } from '../../engine/features.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { classifyPair, MATCH_WEIGHTS } from '../../engine/match.ts';
import type { AnalysisResult, CorpusRecord } from '../../engine/schemas.ts';
import { loadEventArticles, SHARED_DIR } from '../../eval/datasets.ts';
import { toJsonl } from '../../engine/corpus-file.ts';
import { RemoteCorpus } from '../../remote/remote-corpus.ts';
import { MergedSearch } from '../../remote/merged-search.ts';
import { SliceSearch } from '../../remote/slice-search.ts';
import { startTeamServer, type TeamServer } from '../support/team-server.ts';

const knowledge = defaultKnowledge();
const bundled = JSON.parse(fs.readFileSync(new URL('../../corpus/bundled-corpus.json', import.meta.url), 'utf8')) as CorpusRecord[];
const records: CorpusRecord[] = [...bundled, ...(fs.existsSync(`${SHARED_DIR}/eval/articles`) ? loadEventArticles().map(({ event: _e, subevent: _s, ...r }) => r) : [])];
const indexed = new Map(records.map((r) => [r.id, indexRecord(r, knowledge)]));

/** What the synchronous questions of a test will read: ids, texts, and queries for candidates. */
interface Need {
  ids?: string[];
  fingerprints?: string[];
  queries?: Array<{ features: ArticleFeatures; limit: number; excludeId?: string | null }>;
}

interface Harness {
  search: CorpusSearch;
  prepare(need: Need): Promise<void>;
  analyse(input: ReadArticle): Promise<AnalysisResult>;
}

const reference = buildCorpus(records, knowledge);
const load = (ids: readonly string[]) => reference.load(ids);

const inMemory = (index: CorpusIndex): Harness => ({
  search: index,
  prepare: async () => {},
  analyse: (input) => analyseArticle(input, { index, load }, knowledge),
});

let server: TeamServer | null = null;
let started: Promise<TeamServer> | null = null;

/** One server for the file, holding `rs`; searched alone, or merged with an empty local corpus. */
async function remoteHarness(rs: readonly CorpusRecord[], merged: boolean): Promise<Harness> {
  started ??= (async () => {
    // every article of the development sets analysed through one token within a minute or two: more
    // requests than a reader makes (the rate limit itself is tested in team-server.test.ts)
    server = await startTeamServer({ limits: { perMinute: 100_000 } });
    const res = await server.ingest(toJsonl(rs));
    if (!res.ok) throw new Error(`ingest failed: ${await res.text()}`);
    return server;
  })();
  const team = await started;
  const remote = new RemoteCorpus({ url: team.url, token: team.readerToken }, knowledge);
  const slice = new SliceSearch();
  const local: Corpus = { index: new CorpusIndex(), load: () => new Map() };
  return {
    search: merged ? new MergedSearch(slice, local.index) : slice,
    async prepare(need) {
      await remote.lookup(slice, need.ids ?? [], need.fingerprints ?? []);
      for (const q of need.queries ?? []) await remote.query(slice, { features: q.features, limit: q.limit, excludeId: q.excludeId ?? null });
    },
    analyse: (input) => remote.analyse(input, {}, merged ? local : undefined),
  };
}

const IMPLEMENTATIONS: Array<[string, (rs: readonly CorpusRecord[]) => Promise<Harness>]> = [
  ['CorpusIndex, bulk', async (rs) => {
    const index = new CorpusIndex();
    for (const r of rs) index.add(indexed.get(r.id)!, { bulk: true });
    index.settle();
    return inMemory(index);
  }],
  ['CorpusIndex, one article at a time', async (rs) => {
    const index = new CorpusIndex();
    for (const r of rs) index.add(indexed.get(r.id)!);
    index.settle();
    return inMemory(index);
  }],
  ['team corpus server (PostgreSQL) through RemoteCorpus', async (rs) => remoteHarness(rs, false)],
  ['team corpus server with an empty local corpus (MergedSearch)', async (rs) => remoteHarness(rs, true)],
];

afterAll(async () => {
  await server?.stop();
});

describe.each(IMPLEMENTATIONS)('CorpusSearch contract: %s', (_name, build) => {
  let harness: Harness;
  let search: CorpusSearch;
  beforeAll(async () => {
    harness = await build(records);
    search = harness.search;
  }, 120_000);

  it('knows its articles: size, languages, has/get/at, byText', async () => {
    await harness.prepare({ ids: [...records.map((r) => r.id), 'no-such-article'], fingerprints: records.map((r) => indexed.get(r.id)!.features.fingerprint) });
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

  it('candidates: best first, within the limit, never the excluded article, each resolvable', async () => {
    await harness.prepare({ queries: records.flatMap((r) => [{ features: indexed.get(r.id)!.features, limit: 10, excludeId: r.id }, { features: indexed.get(r.id)!.features, limit: 5 }]) });
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

  it('the candidate pool holds every article the classifier, run on every article, calls the same story', async () => {
    await harness.prepare({ ids: records.map((r) => r.id), queries: records.map((r) => ({ features: indexed.get(r.id)!.features, limit: 200, excludeId: r.id })) });
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

  // limits 1 and 2: pools smaller than the corpus at every stage (on the server, the database's
  // first stage keeps 31 and 42 of its articles), so each stage's ranking decides what is kept
  it.each([200, 2, 1])('gives the in-memory index\'s candidates (limit %i), in its order, with its scores', async (limit) => {
    await harness.prepare({ queries: records.map((r) => ({ features: indexed.get(r.id)!.features, limit, excludeId: r.id })) });
    let listed = 0;
    for (const r of records) {
      const f = indexed.get(r.id)!.features;
      const mine = search.candidates(search.profile(f), MATCH_WEIGHTS, limit, r.id).map((c) => [search.at(c.slot)!.id, c.score]);
      const refIndex = reference.index;
      const ref = refIndex.candidates(refIndex.profile(f), MATCH_WEIGHTS, limit, r.id).map((c) => [refIndex.at(c.slot)!.id, c.score]);
      expect(mine, r.id).toEqual(ref);
      listed += mine.length;
    }
    expect(listed).toBeGreaterThanOrEqual(records.length * Math.min(limit, 2));
  });

  it('gives the same analyses as the reference in-memory corpus', async () => {
    for (const r of records.slice(0, 12)) {
      const mine = await harness.analyse({ ...r });
      const ref = await analyseArticle({ ...r }, reference, knowledge);
      expect(mine).toEqual(ref);
      await harness.prepare({ queries: [{ features: indexed.get(r.id)!.features, limit: 200, excludeId: r.id }] });
      expect(matchArticle(indexed.get(r.id)!.features, search, r.id).map((m) => [m.summary.id, m.relation, m.confidence])).toEqual(
        matchArticle(indexed.get(r.id)!.features, reference.index, r.id).map((m) => [m.summary.id, m.relation, m.confidence]),
      );
    }
  });
});
