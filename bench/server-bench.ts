// The team corpus server's bench, hand-run (not part of `npm run bench`):
//   npx tsx bench/server-bench.ts [ARTICLES=5000] [QUERIES=40]
// A throwaway PostgreSQL cluster (scripts/pg-cluster.mjs), ARTICLES generated articles (the bench's
// generator, one a text) ingested in batches of 1,000 through the API; then for QUERIES generated
// query articles of 2,000 words: the candidate request alone, and the whole analysis through
// RemoteCorpus (batch mode: one process, no start-up counted). Prints one JSON object.
import { startCluster } from '../scripts/pg-cluster.mjs';
import { toJsonl } from '../engine/corpus-file.ts';
import { computeFeatures } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { listen } from '../server/app.ts';
import { CorpusDb } from '../server/db.ts';
import { queryFeatures, RemoteCorpus } from '../remote/remote-corpus.ts';
import { buildModel, generateArticle, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { quantile, round } from './lib.ts';

const size = Number(process.argv[2] ?? 5000);
const queries = Number(process.argv[3] ?? 40);
const knowledge = defaultKnowledge();
const log = (s: string) => process.stderr.write(`${s}\n`);

const cluster = await startCluster();
try {
  const db = new CorpusDb(cluster.url, knowledge);
  await db.migrate();
  const server = await listen(db, { limits: { ingestBytes: 256 * 1024 * 1024, requestBytes: 8 * 1024 * 1024, perMinute: 1_000_000 } });
  const token = await db.createToken('bench', 'ingest');
  const seed = 'server-bench';
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
  for (let i = 0; i < size; i++) {
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
    ingest: { articlesPerSecond: round(ingested / (totalMs / 1000), 1), featureShare: round(featureMs / totalMs, 3), serverMs: round(totalMs), wallMsWithGeneration: round(ingestWall) },
    candidatesMs: { p50: round(quantile(candidateMs, 0.5)), p95: round(quantile(candidateMs, 0.95)) },
    analysisMs: { p50: round(quantile(analysisMs, 0.5)), p95: round(quantile(analysisMs, 0.95)) },
    databaseBytesPer1000: Math.round((Number(bytes.rows[0]!.size) / ingested) * 1000),
    queries: stories.length,
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  await server.close();
  await db.close();
} finally {
  cluster.stop();
}
