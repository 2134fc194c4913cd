// The team corpus server (server/) against a real PostgreSQL cluster started for this file
// (scripts/pg-cluster.mjs): its API's errors, atomic batches, idempotence, removal, tokens and
// limits; the five seeds analysed through it as against the same corpus in memory; the CLI's
// --server; and a server killed in the middle of a batch.
import { spawn } from 'node:child_process';
import { findPgBin, startCluster } from '../../scripts/pg-cluster.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus } from '../../engine/analyze.ts';
import { computeFeatures } from '../../engine/features.ts';
import { toJsonl } from '../../engine/corpus-file.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { AnalysisResultSchema } from '../../engine/schemas.ts';
import { ErrorSchema, IngestResponseSchema } from '../../remote/api.ts';
import { RemoteCorpus } from '../../remote/remote-corpus.ts';
import { readArticleFile } from '../../cli/analyze-file.ts';
import { listen } from '../../server/app.ts';
import { NORM_BLOCK_BITS, NORM_ENTRY_BYTES, POSTING_BLOCK_BITS } from '../../server/first-stage.ts';
import { openApiDocument } from '../../server/openapi.ts';
import { generateArticle, planCorpus } from '../../bench/generate-corpus.ts';
import { bundledCorpus, bundledRecords, knowledge, SEEDS_DIR } from '../support/engine.ts';
import { startTeamServer, type TeamServer } from '../support/team-server.ts';

const root = path.resolve(__dirname, '../..');
let team: TeamServer;

beforeAll(async () => {
  team = await startTeamServer();
  const res = await team.ingest(toJsonl(bundledRecords));
  expect(res.status, await res.clone().text()).toBe(200);
}, 120_000);

afterAll(async () => {
  await team?.stop();
});

/** The posting lists as rows: one a posting (kind, id, slot, its byte), with its row's block and place. */
const POSTING_ROWS = `(SELECT p.kind, p.id, p.block, g AS at,
    (get_byte(p.slots, 4 * g) << 24) | (get_byte(p.slots, 4 * g + 1) << 16) | (get_byte(p.slots, 4 * g + 2) << 8) | get_byte(p.slots, 4 * g + 3) AS slot,
    get_byte(p.packed, g) AS packed, length(p.slots) = 4 * length(p.packed) AS sized
  FROM posting_lists p, generate_series(0, length(p.packed) - 1) AS g)`;

/** The postings the stored articles' packed summaries give (terms, lede terms, names, anchors). */
const ARTICLE_POSTINGS = `SELECT CASE WHEN u.i <= a.lede_at THEN 0 WHEN u.i <= a.ent_at THEN 1 WHEN u.i <= a.anc_at THEN 2 ELSE 3 END, (u.v >> 8) & 16777215, a.slot, u.v & 255 FROM articles a, unnest(a.data) WITH ORDINALITY AS u(v, i)`;

/**
 * Postings that are not the stored articles', stored articles' postings that are missing, and
 * postings out of place (in another block's row, not ascending within their list, a list row
 * whose two columns differ in length, an empty row).
 */
const STRAY_POSTINGS = `(SELECT (SELECT count(*) FROM (
  (SELECT kind, id, slot, packed FROM ${POSTING_ROWS} r EXCEPT ${ARTICLE_POSTINGS})
  UNION ALL
  (${ARTICLE_POSTINGS} EXCEPT SELECT kind, id, slot, packed FROM ${POSTING_ROWS} r)) d)
  + (SELECT count(*) FROM ${POSTING_ROWS} r WHERE NOT r.sized OR r.slot >> ${POSTING_BLOCK_BITS} <> r.block)
  + (SELECT count(*) FROM (SELECT r.slot <= lag(r.slot) OVER (PARTITION BY r.kind, r.id ORDER BY r.block, r.at) AS back FROM ${POSTING_ROWS} r) o WHERE o.back)
  + (SELECT count(*) FROM posting_lists WHERE length(packed) = 0))`;

/** Norm-block entries that are not the stored articles' (slot, language, norms, block), and articles with none. */
async function strayNorms(): Promise<number> {
  const blocks = await team.db.pool.query<{ block: number; language: string; data: Buffer }>('SELECT block, language, data FROM norm_blocks');
  const articles = await team.db.pool.query<{ slot: number; language: string; norms: number[] }>('SELECT slot, language, norms FROM articles');
  const want = new Map(articles.rows.map((a) => [a.slot, JSON.stringify([a.slot >> NORM_BLOCK_BITS, a.language, a.norms])]));
  let stray = 0;
  for (const b of blocks.rows) {
    if (b.data.length % NORM_ENTRY_BYTES !== 0) stray++;
    for (let o = 0; o + NORM_ENTRY_BYTES <= b.data.length; o += NORM_ENTRY_BYTES) {
      const slot = b.data.readInt32BE(o);
      const got = JSON.stringify([b.block, b.language, [0, 1, 2, 3].map((k) => b.data.readDoubleBE(o + 4 + 8 * k))]);
      if (want.get(slot) === got) want.delete(slot);
      else stray++;
    }
  }
  return stray + want.size;
}

/** Articles whose summary bytes are not their packed summary's words (big-endian). */
const BAD_SUMMARIES = `(SELECT count(*) FROM articles a
  WHERE a.summary IS DISTINCT FROM (SELECT coalesce(string_agg(int4send(u.v), ''::bytea ORDER BY u.i), ''::bytea) FROM unnest(a.data) WITH ORDINALITY AS u(v, i)))`;

/** What the database holds: articles, their postings, and the sums of the statistics a half-written batch would change. */
async function state() {
  const r = await team.db.pool.query<{ articles: string; ids: string[]; df: string; edf: string; langs: string; anchors: string; postings: string; stray: string; badSummaries: string }>(
    `SELECT (SELECT count(*) FROM articles) AS articles, (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM articles) AS ids,
            (SELECT coalesce(sum(df), 0) FROM terms) AS df, (SELECT coalesce(sum(df), 0) FROM entities) AS edf,
            (SELECT coalesce(sum(articles), 0) FROM languages) AS langs, (SELECT coalesce(sum(df), 0) FROM anchors) AS anchors,
            (SELECT count(*) FROM ${POSTING_ROWS} r) AS postings, ${STRAY_POSTINGS} AS stray, ${BAD_SUMMARIES} AS "badSummaries"`,
  );
  expect(Number(r.rows[0]!.postings)).toBeGreaterThan(0);
  expect(r.rows[0]!.stray).toBe('0');
  expect(r.rows[0]!.badSummaries).toBe('0');
  expect(await strayNorms()).toBe(0);
  return r.rows[0]!;
}

async function errorOf(res: Response) {
  return ErrorSchema.parse(await res.json()).error;
}

const line = (r: Record<string, unknown>) => JSON.stringify(r);
const rec = (id: string, more: Record<string, unknown> = {}) => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: `https://example.org/${id}`, text: `The text of article ${id}, about the harbour of Velmora and its new crane.`, ...more });

describe('team corpus server: API v1', () => {
  it('refuses a missing or unknown token (401) and a reader token for ingest or removal (403); nothing is written', async () => {
    const before = await state();
    const batch = line(rec('t-1'));
    const none = await fetch(`${team.url}/v1/articles`, { method: 'POST', body: batch });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).message).toMatch(/no token/);
    const wrong = await team.ingest(batch, 'sl_i_not-a-token');
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe('unknown token');
    const reader = await team.ingest(batch, team.readerToken);
    expect(reader.status).toBe(403);
    expect((await errorOf(reader)).message).toMatch(/reader token: it cannot add or remove/);
    const del = await fetch(`${team.url}/v1/articles/${bundledRecords[0]!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${team.readerToken}` } });
    expect(del.status).toBe(403);
    expect(await state()).toEqual(before);
    // tokens are kept hashed: the token itself is nowhere in the table
    const stored = await team.db.pool.query<{ hash: string }>('SELECT hash FROM tokens');
    expect(stored.rows.map((r) => r.hash)).not.toContain(team.readerToken);
    expect(stored.rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });

  it('malformed JSONL: every bad line named with its field, and nothing of the batch written (the good lines neither)', async () => {
    const before = await state();
    const body = [line(rec('m-1')), '{"id": "m-2", "title": "x", "outlet": "O"', line(rec('m-3')), line({ id: 'm-4', title: 'T', outlet: 'O' }), line(rec('m-5', { published: 'yesterday' }))].join('\n');
    const res = await team.ingest(body);
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.code).toBe('invalid_jsonl');
    expect(e.lines!.map((l) => l.line)).toEqual([2, 4, 5]);
    expect(e.lines![0]!.message).toMatch(/not valid JSON/);
    expect(e.lines![1]!.message).toMatch(/text/);
    expect(e.lines![2]!.message).toMatch(/published/);
    expect(e.message).toMatch(/nothing was written/);
    expect(await state()).toEqual(before);
  });

  it('an oversized body is refused (413) before it is read, and nothing is written', async () => {
    const small = await listen(team.db, { limits: { ingestBytes: 2000, requestBytes: 1000, perMinute: 100 } });
    try {
      const before = await state();
      const body = [line(rec('o-1')), line(rec('o-2', { text: 'word '.repeat(1000) }))].join('\n');
      const res = await fetch(`${small.url}/v1/articles`, { method: 'POST', headers: { authorization: `Bearer ${team.ingestToken}` }, body });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).message).toMatch(/over the limit of 2,000 bytes/);
      const json = await fetch(`${small.url}/v1/candidates`, { method: 'POST', headers: { authorization: `Bearer ${team.readerToken}` }, body: JSON.stringify({ pad: 'x'.repeat(2000) }) });
      expect(json.status).toBe(413);
      expect(await state()).toEqual(before);
    } finally {
      await small.close();
    }
  });

  it('duplicates: an id, URL or text repeated in a batch, or another id with a stored URL or text, is a 409 naming the lines; nothing is written', async () => {
    const before = await state();
    const stored = bundledRecords[0]!;
    const cases: Array<[string, RegExp]> = [
      [[line(rec('d-1')), line(rec('d-1', { title: 'again' }))].join('\n'), /line 2: id "d-1" repeats line 1/],
      [[line(rec('d-2')), line(rec('d-3', { url: 'https://example.org/d-2' }))].join('\n'), /its url repeats line 1/],
      [[line(rec('d-4')), line(rec('d-5', { text: rec('d-4').text, url: null }))].join('\n'), /its text repeats line 1/],
      [[line(rec('d-6')), line({ ...stored, id: 'd-7', url: null })].join('\n'), new RegExp(`its text is already stored as article "${stored.id}"`)],
    ];
    for (const [body, pattern] of cases) {
      const res = await team.ingest(body);
      expect(res.status, body.slice(0, 100)).toBe(409);
      const e = await errorOf(res);
      expect(e.code).toBe('duplicate');
      expect(`${e.message} ${e.lines!.map((l) => `line ${l.line}: ${l.message}`).join(' ')}`).toMatch(pattern);
      expect(e.lines![0]!.line).toBe(2);
    }
    expect(await state()).toEqual(before);
  });

  it('ingest is idempotent (the same batch again changes nothing), replaces an article whose content changed, and removal takes it out of candidates', async () => {
    const before = await state();
    const batch = [line(rec('i-1')), line(rec('i-2', { text: 'Another article entirely, on the Velmora harbour crane and its builders.' }))].join('\n');
    const first = IngestResponseSchema.parse(await (await team.ingest(batch)).json());
    expect(first).toMatchObject({ lines: 2, added: 2, replaced: 0, unchanged: 0, articles: Number(before.articles) + 2 });
    const again = IngestResponseSchema.parse(await (await team.ingest(batch)).json());
    expect(again).toMatchObject({ lines: 2, added: 0, replaced: 0, unchanged: 2, articles: Number(before.articles) + 2 });
    const changed = IngestResponseSchema.parse(await (await team.ingest(line(rec('i-1', { title: 'A new title' })))).json());
    expect(changed).toMatchObject({ added: 0, replaced: 1, unchanged: 0 });
    // the replaced article's postings went with it, the new one's are there (state() checks both ways)
    expect(Number((await state()).postings)).toBeGreaterThan(Number(before.postings));
    const get = await fetch(`${team.url}/v1/articles/i-1`, { headers: { authorization: `Bearer ${team.readerToken}` } });
    expect((await get.json()).record.title).toBe('A new title');

    const remote = new RemoteCorpus({ url: team.url, token: team.readerToken }, knowledge);
    const article = { title: 'The Velmora harbour crane', text: 'The harbour of Velmora and its new crane, and the builders of the crane at Velmora harbour.' };
    const ids = async () => (await remote.analyse(article, { maxRelated: 50 })).related.map((r) => r.id);
    expect(await ids()).toEqual(expect.arrayContaining(['i-1', 'i-2']));
    for (const id of ['i-1', 'i-2']) {
      const del = await fetch(`${team.url}/v1/articles/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${team.ingestToken}` } });
      expect(await del.json()).toMatchObject({ deleted: true });
    }
    expect(await ids()).not.toContain('i-1');
    expect((await fetch(`${team.url}/v1/articles/i-1`, { headers: { authorization: `Bearer ${team.readerToken}` } })).status).toBe(404);
    // the statistics are back where they were
    expect(await state()).toEqual(before);
  });

  it('a database from before the posting lists (a row a posting) and the summary bytes gets both once, when the server starts', async () => {
    const before = await state();
    // as postings version 2 left it: a postings table, no lists, no norm blocks, no summary bytes
    await team.db.pool.query(`CREATE TABLE postings (kind smallint NOT NULL, id integer NOT NULL, slot integer NOT NULL, packed smallint NOT NULL, PRIMARY KEY (kind, id, slot) INCLUDE (packed));
      INSERT INTO postings SELECT kind, id, slot, packed FROM ${POSTING_ROWS} r;
      DELETE FROM posting_lists; DELETE FROM norm_blocks; UPDATE meta SET value = '2' WHERE key = 'postings'; UPDATE articles SET summary = NULL`);
    expect((await team.db.pool.query('SELECT count(*) AS n FROM posting_lists')).rows[0].n).toBe('0');
    await team.db.migrate();
    expect(await state()).toEqual(before);
    expect((await team.db.pool.query("SELECT to_regclass('postings') AS t")).rows[0].t).toBeNull();
    // started again: nothing added twice
    await team.db.migrate();
    expect(await state()).toEqual(before);
  });

  it('a request body that does not match the schema is a 400 naming the field', async () => {
    const res = await fetch(`${team.url}/v1/candidates`, { method: 'POST', headers: { authorization: `Bearer ${team.readerToken}` }, body: JSON.stringify({ features: { language: 'en' }, limit: 10_000 }) });
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.code).toBe('invalid_body');
    expect(e.message).toMatch(/features\.title/);
    expect(e.message).toMatch(/limit/);
  });

  it('rate limit: over the requests a minute allowed a token, a 429 with Retry-After', async () => {
    const limited = await listen(team.db, { limits: { ingestBytes: 1000, requestBytes: 1000, perMinute: 3 } });
    try {
      const get = () => fetch(`${limited.url}/v1/corpus`, { headers: { authorization: `Bearer ${team.readerToken}` } });
      for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
      const over = await get();
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('serves an OpenAPI document generated from the zod schemas', async () => {
    const res = await fetch(`${team.url}/v1/openapi.json`);
    const doc = await res.json();
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    const request = doc.paths['/v1/candidates'].post.requestBody.content['application/json'].schema;
    expect(request.required).toEqual(expect.arrayContaining(['features']));
    expect(Object.keys(request.properties.features.properties)).toEqual(expect.arrayContaining(['terms', 'entities', 'fingerprint']));
    expect(Object.keys(doc.paths)).toEqual(['/v1/corpus', '/v1/candidates', '/v1/lookup', '/v1/articles', '/v1/articles/{id}']);
  });
});

describe('team corpus server: the same analyses as in memory', () => {
  const seeds = fs.readdirSync(SEEDS_DIR).filter((f) => /^\d{3}_.*\.txt$/.test(f)).sort();

  it('the five seeds, analysed through the server, give exactly the analyses against the same corpus in memory', async () => {
    expect(seeds).toHaveLength(5);
    const remote = new RemoteCorpus({ url: team.url, token: team.readerToken }, knowledge);
    for (const seed of seeds) {
      const article = readArticleFile(path.join(SEEDS_DIR, seed));
      const viaServer = await remote.analyse(article);
      const inMemory = await analyseArticle(article, bundledCorpus, knowledge);
      expect(viaServer, seed).toEqual(inMemory);
      expect(viaServer.related.length, seed).toBeGreaterThan(0);
    }
  });

  it('the CLI with --server (token from SIDELIGHT_TOKEN) prints the in-memory analysis; without a token it says what to set', async () => {
    const seed = path.join(SEEDS_DIR, seeds[0]!);
    const cli = (env: Record<string, string>, ...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const r = await cli({ SIDELIGHT_TOKEN: team.readerToken }, '--json', '--server', team.url, seed);
    expect(r.code, r.stderr).toBe(0);
    expect(AnalysisResultSchema.parse(JSON.parse(r.stdout))).toEqual(JSON.parse(JSON.stringify(await analyseArticle(readArticleFile(seed), bundledCorpus, knowledge))));
    const noToken = await cli({ SIDELIGHT_TOKEN: '' }, '--server', team.url, seed);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr.trim()).toMatch(/^--server .*: set SIDELIGHT_TOKEN to a reader token/);
    const wrong = await cli({ SIDELIGHT_TOKEN: 'nope' }, '--server', team.url, seed);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(/unknown token/);
  }, 120_000);
});

describe('team corpus server merged with a local corpus', () => {
  it('lists the articles of both (two seeds only on the device, three only on the server) as the whole corpus in memory does, sending no local article', async () => {
    const [onServer, onDevice] = [bundledRecords.slice(0, 3), bundledRecords.slice(3)];
    for (const r of onDevice) expect(await team.db.remove(r.id)).toBe(true);
    try {
      const local = buildCorpus(onDevice, knowledge);
      const remote = new RemoteCorpus({ url: team.url, token: team.readerToken }, knowledge);
      const seeds = fs.readdirSync(SEEDS_DIR).filter((f) => /^\d{3}_.*\.txt$/.test(f)).sort();
      let fromDevice = 0;
      for (const seed of seeds) {
        const article = readArticleFile(path.join(SEEDS_DIR, seed));
        const merged = await remote.analyse(article, {}, local);
        const whole = await analyseArticle(article, bundledCorpus, knowledge);
        // the same articles listed, same story or related as in the whole corpus
        expect(merged.related.map((r) => [r.id, r.relation]).sort(), seed).toEqual(whole.related.map((r) => [r.id, r.relation]).sort());
        expect(merged.corpus.articles).toBe(onServer.length + onDevice.length);
        fromDevice += merged.related.filter((r) => onDevice.some((d) => d.id === r.id)).length;
      }
      expect(fromDevice).toBeGreaterThan(0);
      // the device's articles never reached the server
      const ids = (await team.db.pool.query<{ id: string }>('SELECT id FROM articles')).rows.map((r) => r.id).sort();
      expect(ids).toEqual(onServer.map((r) => r.id).sort());
    } finally {
      expect((await team.ingest(toJsonl(onDevice))).status).toBe(200);
    }
  });
});

describe('team corpus server: killed in the middle of a batch', () => {
  it('leaves no partial batch: the database holds what it held, and the same batch then goes in whole', async () => {
    // the bench's generated articles, one a text (the generator also makes exact copies under other ids)
    const plan = planCorpus(100, 'kill-test');
    const byText = new Map<string, CorpusRecord>();
    for (let i = 0; byText.size < 60; i++) {
      const r = generateArticle(plan, i);
      const fp = computeFeatures(r, knowledge).fingerprint;
      if (!byText.has(fp)) byText.set(fp, r);
    }
    const records = [...byText.values()];
    const before = await state();
    // the real server process, one row per INSERT so that the batch's transaction stays open a while
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: team.databaseUrl, PORT: '0', SIDELIGHT_INSERT_CHUNK: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const seen = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) resolve(m);
        };
        child.stdout.on('data', (d) => {
          out += d;
          check();
        });
        child.on('exit', () => reject(new Error(`the server ended: ${out}`)));
        check();
      });
    const [, url] = await seen(/listening on (\S+)/);
    const request = fetch(`${url}/v1/articles`, { method: 'POST', headers: { authorization: `Bearer ${team.ingestToken}` }, body: toJsonl(records) }).then(
      (r) => r.status,
      () => 'connection lost',
    );
    // the batch's transaction is open (it holds the write lock) once the server says so
    const open = await Promise.race([seen(/ingest: writing 60 articles/).then(() => 'writing'), request.then((r) => `ended first: ${r}`)]);
    child.kill('SIGKILL');
    expect(open).toBe('writing');
    expect(await request).toBe('connection lost');
    expect(out).not.toMatch(/ingest: committed/);
    // the killed connection's transaction is rolled back: not one article of the batch, statistics as they were
    expect(await state()).toEqual(before);
    const res = await team.ingest(toJsonl(records));
    expect(IngestResponseSchema.parse(await res.json())).toMatchObject({ added: 60 });
    const after = await state();
    expect(Number(after.articles)).toBe(Number(before.articles) + 60);
    // the corpus goes back to the five seeds for the other tests' sake
    for (const r of records) await team.db.remove(r.id);
    expect(await state()).toEqual(before);
  }, 180_000);
});

describe('PostgreSQL binaries', () => {
  it('without initdb and pg_ctl, starting a cluster fails saying which package to install', async () => {
    const nowhere = path.join(os.tmpdir(), 'sidelight-no-postgres');
    expect(findPgBin({ pgBin: '', root: nowhere, searchPath: nowhere })).toBeNull();
    await expect(startCluster({ search: { pgBin: '', root: nowhere, searchPath: nowhere } })).rejects.toThrow(/apt-get install postgresql/);
    // and here they are found (the tests above ran on them)
    expect(findPgBin()).not.toBeNull();
  });
});
