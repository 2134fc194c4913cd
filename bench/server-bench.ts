// The team corpus server's bench, hand-run (not part of `npm run bench`):
//   npx tsx bench/server-bench.ts [ARTICLES=5000] [QUERIES=40] [--cached] [--keep]
// A throwaway PostgreSQL cluster (scripts/pg-cluster.mjs), ARTICLES generated articles (the bench's
// generator, one a text) ingested in batches of 1,000 through the API; then for QUERIES generated
// query articles of 2,000 words: the candidate request alone, and the whole analysis through
// RemoteCorpus (batch mode: one process, no start-up counted). Prints one JSON object.
// --cached: the articles and their features from the corpus bench's features cache (seed
// `sidelight`, bench/prepare-corpus.ts; computed there when missing), written by
// CorpusDb.ingestIndexed in batches of 1,000 (no HTTP, no features computed: no ingest ratio).
// --keep: leave the cluster running at the end and print its URL (stop it with pg_ctl, as
// `postgres`, and delete its folder).
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
import { queryFeatures, RemoteCorpus } from '../remote/remote-corpus.ts';
import { buildModel, generateArticle, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { quantile, round } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';

const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const size = Number(positional[0] ?? 5000);
const queries = Number(positional[1] ?? 40);
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

const loadAtStart = os.loadavg().map((x) => round(x, 2));
const cluster = await startCluster();
try {
  const db = new CorpusDb(cluster.url, knowledge);
  await db.migrate();
  const server = await listen(db, { limits: { ingestBytes: 256 * 1024 * 1024, requestBytes: 8 * 1024 * 1024, perMinute: 1_000_000 } });
  const token = await db.createToken('bench', 'ingest');
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
  if (cached) {
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
  for (let i = 0; i < (cached ? 0 : size); i++) {
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
    ingest: cached
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
