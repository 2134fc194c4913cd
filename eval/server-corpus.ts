// `npm run eval -- --server`: each development set held by a throwaway team corpus server
// (scripts/pg-cluster.mjs, server/), reached over HTTP through the client (remote/), as a team build
// reaches it. What the synchronous scoring reads is fetched first: every article of the set by id,
// and each query article's candidates (200, itself excluded); the judging then asks that slice the
// questions it asks the in-memory index.
import { startCluster } from '../scripts/pg-cluster.mjs';
import { indexRecord } from '../engine/analyze.ts';
import { toJsonl } from '../engine/corpus-file.ts';
import type { Candidate } from '../engine/corpus-search.ts';
import type { ArticleFeatures } from '../engine/features.ts';
import { MATCH_WEIGHTS } from '../engine/match.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { RemoteCorpus } from '../remote/remote-corpus.ts';
import { SliceSearch } from '../remote/slice-search.ts';
import { listen } from '../server/app.ts';
import { CorpusDb } from '../server/db.ts';

/**
 * The set as a team server holds it: the server keeps one article per text and per URL (a later
 * one under another id is refused), so later repeats are left out, with the pairs that name them.
 */
export function asServerHolds<S extends { articles: CorpusRecord[]; pairs: Array<{ a: string; b: string }>; group: Map<string, number> }>(set: S): { set: S; dropped: string[] } {
  const knowledge = defaultKnowledge();
  const seen = new Set<string>();
  const dropped: string[] = [];
  const articles = set.articles.filter((r) => {
    const keys = [`t:${indexRecord(r, knowledge).features.fingerprint}`, ...(r.url ? [`u:${r.url}`] : [])];
    if (keys.some((k) => seen.has(k))) {
      dropped.push(r.id);
      return false;
    }
    for (const k of keys) seen.add(k);
    return true;
  });
  const gone = new Set(dropped);
  return {
    set: { ...set, articles, pairs: set.pairs.filter((p) => !gone.has(p.a) && !gone.has(p.b)), group: new Map([...set.group].filter(([id]) => !gone.has(id))) },
    dropped,
  };
}

export interface ServerSet {
  search: SliceSearch;
  /** queries whose candidates were fetched */
  queries: number;
  /** the queries whose server candidates differ from the ranking computed from the data the server sent */
  differing: string[];
  stop(): Promise<void>;
}

/** A server holding `records`, and a slice with every record and the candidates of each query. */
export async function serveSet(records: readonly CorpusRecord[], queries: ReadonlyArray<{ id: string; features: ArticleFeatures }>, limit: number): Promise<ServerSet> {
  const knowledge = defaultKnowledge();
  const cluster = await startCluster();
  let db: CorpusDb | null = null;
  let server: Awaited<ReturnType<typeof listen>> | null = null;
  const stop = async () => {
    await server?.close();
    await db?.close();
    cluster.stop();
  };
  try {
    db = new CorpusDb(cluster.url, knowledge);
    await db.migrate();
    server = await listen(db, { limits: { ingestBytes: 256 * 1024 * 1024, requestBytes: 16 * 1024 * 1024, perMinute: 1_000_000 } });
    const ingest = await db.createToken('eval-ingest', 'ingest');
    const reader = await db.createToken('eval-reader', 'reader');
    for (let i = 0; i < records.length; i += 500) {
      const res = await fetch(`${server.url}/v1/articles`, { method: 'POST', headers: { authorization: `Bearer ${ingest}` }, body: toJsonl(records.slice(i, i + 500)) });
      if (!res.ok) throw new Error(`the eval set could not be ingested: ${(await res.text()).slice(0, 500)}`);
    }
    const remote = new RemoteCorpus({ url: server.url, token: reader }, knowledge);
    const search = new SliceSearch();
    await remote.lookup(search, records.map((r) => r.id));
    if (!search.holdsWholeCorpus()) throw new Error(`the slice holds ${search.held().length} articles, the server ${search.size}: the set was not ingested whole`);
    const differing: string[] = [];
    for (const q of queries) {
      await remote.query(search, { features: q.features, limit, excludeId: q.id });
      // the server's candidates (shipped model) against both stages run by the slice over every article it holds
      const profile = search.profile(q.features);
      const same = (a: Candidate[], b: Candidate[]) => a.length === b.length && a.every((c, i) => c.slot === b[i]!.slot && c.score === b[i]!.score);
      if (!same(search.candidates(profile, MATCH_WEIGHTS, limit, q.id), search.ranked(profile, MATCH_WEIGHTS, limit, q.id))) differing.push(q.id);
    }
    return { search, queries: queries.length, differing, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
