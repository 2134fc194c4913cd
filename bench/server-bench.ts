// The team corpus server's bench, hand-run (not part of `npm run bench`):
//   npx tsx bench/server-bench.ts [ARTICLES=5000] [QUERIES=40] [--cached] [--keep]
//   npx tsx bench/server-bench.ts [QUERIES=20] --rows N
// A throwaway PostgreSQL cluster (scripts/pg-cluster.mjs), ARTICLES generated articles (the bench's
// generator, one a text) ingested in batches of 1,000 through the API; then for QUERIES generated
// query articles of 2,000 words: the candidate request alone, and the whole analysis through
// RemoteCorpus (batch mode: one process, no start-up counted). Prints one JSON object.
// --cached: the articles and their features from the corpus bench's features cache (seed
// `sidelight`, bench/prepare-corpus.ts; computed there when missing), written by
// CorpusDb.ingestIndexed in batches of 1,000 (no HTTP, no features computed: no ingest ratio).
// --database URL: measure the queries against a database a --cached --keep run of the same size
// left (nothing ingested).
// --keep: leave the cluster running at the end and print its URL (stop it with pg_ctl, as
// `postgres`, and delete its folder).
// --rows N: instead, N articles' posting lists and norms generated directly in the database (SQL,
// generate_series; no text, no features: see syntheticRows) and the candidate query alone
// (CorpusDb.rankPostings: the lists read and added up, the norms read, the pool ranked) timed for
// QUERIES generated queries. Prints one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startCluster } from '../scripts/pg-cluster.mjs';
import { toJsonl } from '../engine/corpus-file.ts';
import type { IndexedArticle } from '../engine/corpus-index.ts';
import { computeFeatures, type ArticleFeatures } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { listen } from '../server/app.ts';
import { CorpusDb } from '../server/db.ts';
import { POSTING_BLOCK_BITS, POSTING_KIND, type QueryPosting } from '../server/first-stage.ts';
import { queryFeatures, RemoteCorpus } from '../remote/remote-corpus.ts';
import { buildModel, generateArticle, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { quantile, round } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--rows' && all[i - 1] !== '--database');
const rowsAt = process.argv.indexOf('--rows');
const rows = rowsAt >= 0 ? Number(process.argv[rowsAt + 1]) : 0;
const size = Number(positional[0] ?? 5000);
const queries = Number(rows > 0 ? (positional[0] ?? 20) : (positional[1] ?? 40));
const cached = flags.has('--cached');
const knowledge = defaultKnowledge();
const log = (s: string) => process.stderr.write(`${s}\n`);

/** The cached corpus's records with their features, in article order. */
async function* cachedCorpus(n: number, seed: string): AsyncGenerator<IndexedArticle> {
  const m = await ensureCorpus(n, seed);
  for (const f of m.files) {
    const rl = readline.createInterface({ input: fs.createReadStream(path.join(m.dir, f)), crlfDelay: Infinity });
    for await (const line of rl) {
      const o = JSON.parse(line) as { r: CorpusRecord; f: ArticleFeatures };
      yield { record: o.r, features: o.f };
    }
  }
}

/**
 * The synthetic corpus of --rows: N English articles (slots 1..N); a vocabulary of 200,000 terms
 * whose document frequencies fall as 1/rank (Zipf; about 33·N/rank, at most half the articles),
 * so that an article holds ~400 postings as the generated articles do; each term's list spread
 * over the blocks of slots evenly (a stride from an offset of its own), its counts 1-4; norms
 * between 5 and 25. Queries: 650 terms, 200 among the 1,000 commonest (those in more than 5 % of
 * the articles are long: they only add), 450 drawn log-uniformly from the rest: 650 lists, as the
 * 2,000-word query articles read from the generated corpus, holding ~27 postings per article of
 * the corpus (those read ~45 at 9,487 articles and ~47 at 95,204).
 */
async function syntheticRows(db: CorpusDb, n: number): Promise<void> {
  const vocabulary = 200_000;
  const block = 1 << POSTING_BLOCK_BITS;
  const blocks = Math.ceil((n + 1) / block);
  log(`  generating ${n.toLocaleString('en')} articles' posting lists (${vocabulary.toLocaleString('en')} terms, ${blocks} blocks of slots)`);
  await db.pool.query(`INSERT INTO languages (language, articles) VALUES ('en', $1)`, [n]);
  // per term and block: k postings, expected df · block / n (the fraction kept by chance)
  await db.pool.query(
    `INSERT INTO posting_lists (kind, id, block, slots, packed)
     SELECT ${POSTING_KIND.term}, t.r, b, g.slots, g.packed
     FROM (SELECT r, least($1::float8 / 2, 33 * $1::float8 / r) * $3::float8 / $1::float8 AS share, (r * 7919) AS off FROM generate_series(1, $2::int) r) t0
     CROSS JOIN LATERAL (SELECT t0.r, t0.share, t0.off, greatest(1, floor($3::float8 / greatest(t0.share, 1)))::int AS stride) t
     CROSS JOIN generate_series(0, $4::int - 1) b
     CROSS JOIN LATERAL (
       SELECT string_agg(int4send(b * $3::int + t.off % t.stride + i * t.stride), ''::bytea ORDER BY i) AS slots, string_agg(set_byte('\\x00'::bytea, 0, 1 + (t.r + i) % 4), ''::bytea ORDER BY i) AS packed
       FROM generate_series(0, least($3::int, floor(t.share + random())::int) - 1) i
       WHERE b * $3::int + t.off % t.stride + i * t.stride BETWEEN 1 AND $1::int
     ) g
     WHERE g.slots IS NOT NULL`,
    [n, vocabulary, block, blocks],
  );
  await db.pool.query(
    `INSERT INTO norm_blocks (block, language, data)
     SELECT s >> 10, 'en', string_agg(int4send(s) || float8send(5 + 20 * random()) || float8send(5 + 20 * random()) || float8send(5 + 20 * random()) || float8send(5 + 20 * random()), ''::bytea ORDER BY s)
     FROM generate_series(1, $1::int) s GROUP BY 1`,
    [n],
  );
  await db.pool.query('VACUUM ANALYZE posting_lists');
  await db.pool.query('VACUUM ANALYZE norm_blocks');
}

function syntheticQuery(i: number): QueryPosting[] {
  let s = 1000 + i;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ids = new Set<number>();
  while (ids.size < 200) ids.add(1 + Math.floor(rnd() * 1000));
  while (ids.size < 650) ids.add(Math.floor(1000 * Math.exp(rnd() * Math.log(200))));
  return [...ids].map((id) => ({ kind: POSTING_KIND.term, id, wq: 1 + rnd() * 20, idf: 0, lede: false, long: 33 / id > 0.05 }));
}

const loadAtStart = os.loadavg().map((x) => round(x, 2));
// --database URL: an existing database (a cluster kept by --keep) whose corpus is the same
// ARTICLES (--cached): nothing ingested, the queries measured against it
const databaseAt = process.argv.indexOf('--database');
const given = databaseAt >= 0 ? process.argv[databaseAt + 1]! : null;
const cluster = given ? { url: given, dir: '(given)', stop: () => {} } : await startCluster();
if (rows > 0) {
  try {
    const db = new CorpusDb(cluster.url, knowledge);
    await db.migrate();
    const started = performance.now();
    await syntheticRows(db, rows);
    const generateMs = performance.now() - started;
    const ms: number[] = [];
    const postings: number[] = [];
    for (let i = 0; i < queries; i++) {
      const q = syntheticQuery(i);
      const t = performance.now();
      const pool = await db.rankPostings(q, { language: 'en', term: 30, lede: 0, entity: 0, ledeEntity: 0 }, 3000, null);
      ms.push(performance.now() - t);
      if (!pool.length) throw new Error('the synthetic query found no article');
      const r = await db.pool.query<{ n: string }>('SELECT coalesce(sum(length(packed)), 0) AS n FROM posting_lists WHERE kind = 0 AND id = ANY($1)', [q.map((p) => p.id)]);
      postings.push(Number(r.rows[0]!.n));
    }
    const bytes = await db.pool.query<{ size: string; lists: string }>("SELECT pg_database_size(current_database()) AS size, pg_total_relation_size('posting_lists') AS lists");
    process.stdout.write(
      `${JSON.stringify(
        {
          syntheticArticles: rows,
          generateMs: round(generateMs),
          candidateQueryMs: { p50: round(quantile(ms, 0.5)), p95: round(quantile(ms, 0.95)) },
          postingsReadPerQuery: { p50: quantile(postings, 0.5), max: Math.max(...postings) },
          databaseBytes: Number(bytes.rows[0]!.size),
          postingListsBytes: Number(bytes.rows[0]!.lists),
          queries,
          loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
        },
        null,
        2,
      )}\n`,
    );
    await db.close();
  } finally {
    if (flags.has('--keep')) log(`cluster kept: ${cluster.url} in ${cluster.dir}`);
    else cluster.stop();
  }
  process.exit(0);
}
try {
  const db = new CorpusDb(cluster.url, knowledge);
  await db.migrate();
  const server = await listen(db, { limits: { ingestBytes: 256 * 1024 * 1024, requestBytes: 8 * 1024 * 1024, perMinute: 1_000_000 } });
  const token = await db.createToken(`bench-${Date.now()}`, 'ingest');
  const seed = cached ? 'sidelight' : 'server-bench';
  const model = buildModel(seed);
  const plan = planCorpus(size, seed);
  const seen = new Set<string>();
  let featureMs = 0;
  let totalMs = 0;
  let ingested = 0;
  let batch: CorpusRecord[] = [];
  const flush = async () => {
    const res = await fetch(`${server.url}/v1/articles`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: toJsonl(batch) });
    const body = (await res.json()) as { featureMs: number; totalMs: number; articles: number };
    if (!res.ok) throw new Error(JSON.stringify(body).slice(0, 500));
    featureMs += body.featureMs;
    totalMs += body.totalMs;
    ingested = body.articles;
    batch = [];
    log(`  ingested ${ingested.toLocaleString('en')}`);
  };
  const started = performance.now();
  if (given) ingested = (await db.info()).articles;
  else if (cached) {
    let indexed: IndexedArticle[] = [];
    const write = async () => {
      const r = await db.ingestIndexed(indexed, indexed.map((_, i) => i + 1));
      totalMs += r.totalMs;
      ingested = r.articles;
      indexed = [];
      if (ingested % 10_000 < 1000) log(`  stored ${ingested.toLocaleString('en')}`);
    };
    for await (const a of cachedCorpus(size, seed)) {
      const fp = a.features.fingerprint;
      if (seen.has(fp) || (a.record.url && seen.has(a.record.url))) continue;
      seen.add(fp);
      if (a.record.url) seen.add(a.record.url);
      indexed.push(a);
      if (indexed.length === 1000) await write();
    }
    if (indexed.length) await write();
  }
  for (let i = 0; i < (cached || given ? 0 : size); i++) {
    const r = generateArticle(plan, i, model);
    // the generator writes exact copies under other ids; the server refuses a text twice
    const fp = computeFeatures(r, knowledge).fingerprint;
    if (seen.has(fp)) continue;
    seen.add(fp);
    batch.push(r);
    if (batch.length === 1000) await flush();
  }
  if (batch.length) await flush();
  const ingestWall = performance.now() - started;
  const remote = new RemoteCorpus({ url: server.url, token }, knowledge);
  const stories = queryStories(plan, queries);
  const candidateMs: number[] = [];
  const analysisMs: number[] = [];
  for (const [q, s] of stories.entries()) {
    const input = { ...generateQuery(plan, s, q, 2000, model), id: null };
    const features = computeFeatures(input, knowledge);
    const body = JSON.stringify({ features: queryFeatures(features), limit: 200 });
    let t = performance.now();
    const res = await fetch(`${server.url}/v1/candidates`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    await res.json();
    candidateMs.push(performance.now() - t);
    t = performance.now();
    await remote.analyse(input);
    analysisMs.push(performance.now() - t);
  }
  const bytes = await db.pool.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
  const out = {
    articles: ingested,
    ingest: given
      ? null
      : cached
      ? { articlesPerSecondWithoutFeatures: round(ingested / (totalMs / 1000), 1), serverMs: round(totalMs) }
      : { articlesPerSecond: round(ingested / (totalMs / 1000), 1), featureShare: round(featureMs / totalMs, 3), costOverFeatures: round(totalMs / featureMs, 2), serverMs: round(totalMs), wallMsWithGeneration: round(ingestWall) },
    candidatesMs: { p50: round(quantile(candidateMs, 0.5)), p95: round(quantile(candidateMs, 0.95)) },
    analysisMs: { p50: round(quantile(analysisMs, 0.5)), p95: round(quantile(analysisMs, 0.95)) },
    databaseBytesPer1000: Math.round((Number(bytes.rows[0]!.size) / ingested) * 1000),
    queries: stories.length,
    loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => round(x, 2)) },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  await server.close();
  await db.close();
} finally {
  if (flags.has('--keep')) log(`cluster kept: ${cluster.url} in ${cluster.dir}`);
  else cluster.stop();
}
