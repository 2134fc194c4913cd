// The team corpus in PostgreSQL: ingest (all or nothing per batch), removal, and candidate search:
// the first stage added up by the database over the postings of the engine's own ids
// (server/first-stage.ts), its best articles re-ranked exactly by the engine (a SliceSearch of that
// pool: remote/slice-search.ts). No index is held in memory: every request reads what it needs
// from the database.
import crypto from 'node:crypto';
import pg from 'pg';
import { indexRecord } from '../engine/analyze.ts';
import type { IndexedArticle } from '../engine/corpus-index.ts';
import { anchorHash, COUNT_MASK, entityWeight, LEDE_BIT, packSummaryData, SUMMARY_POOL, termWeight } from '../engine/corpus-index.ts';
import { siteOf, type ArticleFeatures, type EngineKnowledge } from '../engine/features.ts';
import { firstStageScorer, matchWeights, shippedMatchModel } from '../engine/match.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import type { CandidatesRequest, CandidatesResponse, SliceArticle, SliceData, SliceEntity } from '../remote/api.ts';
import { articleNorms, queryKey, SliceSearch, type PooledCandidate } from '../remote/slice-search.ts';
import { FirstStage, NORM_BLOCK_BITS, POSTING_BLOCK_BITS, POSTING_KIND, rankFound, type NormRow, type PostingRow, type QueryPosting } from './first-stage.ts';
import { NORM_BLOCKS_DELETE_SQL, NORM_BLOCKS_SQL, POSTINGS_FROM_ARTICLES_SQL, SCHEMA_SQL, SUMMARY_BYTES_SQL } from './schema.ts';

// days as text, never as Date objects
pg.types.setTypeParser(1082, (v: string) => v);

/** Norms are recomputed for every article when the corpus has grown or shrunk by this share since they were (as CorpusIndex does). */
const NORM_REFRESH_SHARE = 0.1;
/** One lock for every writer: batches and removals are applied one at a time. */
const WRITE_LOCK = 5_151_105;


export class IngestConflict extends Error {
  constructor(readonly lines: Array<{ line: number; message: string }>) {
    super(`${lines.length} ${lines.length === 1 ? 'line conflicts' : 'lines conflict'} with stored articles; nothing was written`);
  }
}

export interface IngestResult {
  lines: number;
  added: number;
  replaced: number;
  unchanged: number;
  articles: number;
  featureMs: number;
  totalMs: number;
}

export interface DbOptions {
  /** rows per INSERT statement (fewer: smaller statements, more round trips) */
  insertChunk?: number;
  /** called once the batch's transaction holds the write lock, and when it commits */
  onProgress?: (event: 'writing' | 'committed', n: number) => void;
}

// the packed summary as bytes (`summary`): node-postgres's parser of integer[] text was most of a
// candidate request's time when it read a pool of two thousand summaries
/**
 * What the postings hold: 1 terms, lede terms and names (a row a posting); 2 anchors too; 3 the
 * same as lists of slots per id and block (`posting_lists`), with the norms in `norm_blocks`.
 */
const POSTINGS_VERSION = 3;

const ARTICLE_COLUMNS = 'slot, id, url, title, language, events, event_status, event_date, fingerprint, published, summary AS data, lede_at, ent_at, anc_at, norms';
/** The same with only the names section of the packed summary (its offsets shifted to match): what the listing score reads of the pool. */
const POOL_COLUMNS =
  'slot, id, url, title, language, events, event_status, event_date, fingerprint, published, substring(summary from ent_at * 4 + 1 for (anc_at - ent_at) * 4) AS data, 0 AS lede_at, 0 AS ent_at, anc_at - ent_at AS anc_at, norms';

/** What an article's norms are computed from. */
const NORM_COLUMNS = 'slot, language, summary AS data, lede_at, ent_at, anc_at';

interface NormSource {
  slot: number;
  language: string;
  data: Buffer;
  lede_at: number;
  ent_at: number;
  anc_at: number;
}

interface ArticleRow {
  slot: number;
  id: string;
  url: string | null;
  title: string;
  language: string;
  events: string[];
  event_status: 'planned' | 'happened' | null;
  event_date: SliceArticle['eventDate'];
  fingerprint: string;
  published: string | null;
  /** the packed summary's words, big-endian */
  data: Buffer;
  lede_at: number;
  ent_at: number;
  anc_at: number;
  norms: number[];
}

function toSliceArticle(r: ArticleRow): SliceArticle {
  return {
    slot: r.slot,
    id: r.id,
    title: r.title,
    language: r.language,
    events: r.events,
    eventStatus: r.event_status,
    eventDate: r.event_date,
    fingerprint: r.fingerprint,
    published: r.published,
    site: siteOf(r.url),
    data: wordsOf(r.data),
    ledeAt: r.lede_at,
    entAt: r.ent_at,
    ancAt: r.anc_at,
    norms: [r.norms[0]!, r.norms[1]!, r.norms[2]!, r.norms[3]!],
  };
}

function wordsOf(bytes: Buffer): number[] {
  const out = new Array<number>(bytes.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32BE(i * 4);
  return out;
}

/** A packed summary's words as the bytes of `articles.summary` (hex, for an SQL decode). */
function summaryHex(data: Uint32Array): string {
  const b = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; i++) b.writeUInt32BE(data[i]!, i * 4);
  return b.toString('hex');
}

function recordHash(r: CorpusRecord): string {
  return crypto.createHash('sha256').update(JSON.stringify(r)).digest('hex');
}

export class CorpusDb {
  readonly pool: pg.Pool;
  /** candidate search's per-slot sums, reset after every request */
  private readonly accumulator = new FirstStage();
  private scorer: ReturnType<typeof firstStageScorer> | null = null;

  constructor(
    connectionString: string,
    private readonly knowledge: EngineKnowledge,
    private readonly options: DbOptions = {},
  ) {
    // JIT compilation costs more than it saves on these short statements
    this.pool = new pg.Pool({ connectionString, max: 8, options: '-c jit=off' });
  }

  async migrate(): Promise<void> {
    await this.pool.query(SCHEMA_SQL);
    // articles stored before the posting lists (postings version 3): their lists and norm blocks, once, under the write lock
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      // another version (the row-per-posting table of version 1 or 2): the lists are built again
      const done = await client.query<{ value: unknown }>("SELECT value FROM meta WHERE key = 'postings'");
      if (done.rows[0]?.value !== POSTINGS_VERSION) {
        await client.query('DELETE FROM posting_lists');
        await client.query(POSTINGS_FROM_ARTICLES_SQL, [null]);
        await refreshNormBlocks(client, null);
        await client.query("INSERT INTO meta (key, value) VALUES ('postings', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [JSON.stringify(POSTINGS_VERSION)]);
      }
      await client.query(SUMMARY_BYTES_SQL);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async corpusFigures(c: pg.PoolClient | pg.Pool): Promise<Pick<SliceData, 'live' | 'languages' | 'dateSpan' | 'languageCounts'>> {
    const [langs, span] = await Promise.all([
      c.query<{ language: string; articles: number }>('SELECT language, articles FROM languages WHERE articles > 0 ORDER BY language'),
      c.query<{ from: string | null; to: string | null }>('SELECT min(published) AS "from", max(published) AS "to" FROM articles'),
    ]);
    const languageCounts: Record<string, number> = {};
    let live = 0;
    for (const r of langs.rows) {
      languageCounts[r.language] = r.articles;
      live += r.articles;
    }
    return { live, languages: langs.rows.map((r) => r.language), dateSpan: { from: span.rows[0]!.from, to: span.rows[0]!.to }, languageCounts };
  }

  async info(): Promise<{ articles: number; languages: string[]; dateSpan: { from: string | null; to: string | null } }> {
    const f = await this.corpusFigures(this.pool);
    return { articles: f.live, languages: f.languages, dateSpan: f.dateSpan };
  }

  async getRecord(id: string): Promise<{ record: CorpusRecord; slot: number } | null> {
    const r = await this.pool.query<{ record: CorpusRecord; slot: number }>('SELECT record, slot FROM articles WHERE id = $1', [id]);
    return r.rows[0] ?? null;
  }

  /**
   * One batch of records, all or nothing: every record's features are computed first (no
   * transaction open meanwhile), then one transaction writes the articles, the vocabulary and the
   * statistics. A record with the id of a stored one and the same content is left as it is; with
   * other content it replaces it; another id with a stored article's URL or text is a conflict,
   * and nothing is written.
   */
  async ingest(records: readonly CorpusRecord[], lineNumbers: readonly number[]): Promise<IngestResult> {
    const started = performance.now();
    const indexed = records.map((r) => indexRecord(r, this.knowledge));
    const featureMs = performance.now() - started;
    const result = await this.ingestIndexed(indexed, lineNumbers);
    return { ...result, featureMs, totalMs: performance.now() - started };
  }

  /**
   * The same as `ingest` with every record's features already computed by this engine (the
   * bench's cached corpus: `computeFeatures` of the same knowledge); `featureMs` is 0.
   */
  async ingestIndexed(indexed: readonly IndexedArticle[], lineNumbers: readonly number[]): Promise<IngestResult> {
    const started = performance.now();
    const featureMs = 0;
    const records = indexed.map((a) => a.record);
    // the same URL or text twice in the batch, under two ids
    const seen = new Map<string, number>();
    const repeats: Array<{ line: number; message: string }> = [];
    records.forEach((r, i) => {
      for (const [what, key] of [['url', r.url ? `u:${r.url}` : null], ['text', `t:${indexed[i]!.features.fingerprint}`]] as const) {
        if (key === null) continue;
        const first = seen.get(key);
        if (first !== undefined) repeats.push({ line: lineNumbers[i]!, message: `id "${r.id}": its ${what} repeats line ${lineNumbers[first]} (id "${records[first]!.id}")` });
        else seen.set(key, i);
      }
    });
    if (repeats.length) throw new IngestConflict(repeats);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      this.options.onProgress?.('writing', records.length);
      const ids = records.map((r) => r.id);
      const hashes = records.map(recordHash);
      const existing = await client.query<{ id: string; record_hash: string; url: string | null; fingerprint: string }>(
        'SELECT id, record_hash, url, fingerprint FROM articles WHERE id = ANY($1) OR url = ANY($2) OR fingerprint = ANY($3)',
        [ids, records.map((r) => r.url ?? null).filter((u) => u !== null), indexed.map((a) => a.features.fingerprint)],
      );
      const byId = new Map(existing.rows.map((r) => [r.id, r]));
      const conflicts: Array<{ line: number; message: string }> = [];
      const replace: string[] = [];
      const fresh: number[] = [];
      let unchanged = 0;
      records.forEach((r, i) => {
        const same = byId.get(r.id);
        if (same && same.record_hash === hashes[i]) {
          unchanged++;
          return;
        }
        const url = r.url ?? null;
        const fp = indexed[i]!.features.fingerprint;
        const other = existing.rows.find((e) => e.id !== r.id && ((url !== null && e.url === url) || e.fingerprint === fp));
        if (other) {
          conflicts.push({ line: lineNumbers[i]!, message: `id "${r.id}": ${other.url !== null && other.url === url ? 'its url' : 'its text'} is already stored as article "${other.id}"` });
          return;
        }
        if (same) replace.push(r.id);
        fresh.push(i);
      });
      if (conflicts.length) throw new IngestConflict(conflicts);
      if (replace.length) await this.removeIn(client, replace);
      if (fresh.length) await this.insert(client, fresh.map((i) => ({ record: records[i]!, features: indexed[i]!.features, hash: hashes[i]! })));
      const live = await this.settleNorms(client, fresh.length ? await this.slotsOf(client, fresh.map((i) => records[i]!.id)) : []);
      await client.query('COMMIT');
      this.options.onProgress?.('committed', records.length);
      return { lines: records.length, added: fresh.length - replace.length, replaced: replace.length, unchanged, articles: live, featureMs, totalMs: performance.now() - started };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Removes an article; false when there is none with this id. */
  async remove(id: string): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      const n = await this.removeIn(client, [id]);
      if (n) await this.settleNorms(client, []);
      await client.query('COMMIT');
      return n > 0;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  private async slotsOf(client: pg.PoolClient, ids: string[]): Promise<number[]> {
    const r = await client.query<{ slot: number }>('SELECT slot FROM articles WHERE id = ANY($1)', [ids]);
    return r.rows.map((x) => x.slot);
  }

  /** Deletes articles and takes their counts out of the statistics. */
  private async removeIn(client: pg.PoolClient, ids: string[]): Promise<number> {
    const gone = await client.query<{ slot: number; language: string; term_ids: number[]; entity_ids: number[]; data: number[]; lede_at: number; ent_at: number; anc_at: number }>(
      'DELETE FROM articles WHERE id = ANY($1) RETURNING slot, language, term_ids, entity_ids, data, lede_at, ent_at, anc_at',
      [ids],
    );
    await removePostings(client, gone.rows);
    await refreshNormBlocks(client, gone.rows.map((r) => r.slot));
    const terms = new Map<number, number>();
    const entities = new Map<number, number>();
    const anchors = new Map<number, number>();
    const languages = new Map<string, number>();
    for (const r of gone.rows) {
      for (const id of r.term_ids) terms.set(id, (terms.get(id) ?? 0) - 1);
      for (const id of r.entity_ids) entities.set(id, (entities.get(id) ?? 0) - 1);
      for (let i = r.anc_at; i < r.data.length; i++) anchors.set(r.data[i]! >>> 8, (anchors.get(r.data[i]! >>> 8) ?? 0) - 1);
      languages.set(r.language, (languages.get(r.language) ?? 0) - 1);
    }
    await this.applyCounts(client, terms, entities, anchors, languages);
    return gone.rowCount ?? 0;
  }

  private async applyCounts(client: pg.PoolClient, terms: Map<number, number>, entities: Map<number, number>, anchors: Map<number, number>, languages: Map<string, number>): Promise<void> {
    if (terms.size) await client.query('UPDATE terms t SET df = t.df + u.d FROM unnest($1::int[], $2::int[]) AS u(id, d) WHERE t.id = u.id', [[...terms.keys()], [...terms.values()]]);
    if (entities.size) await client.query('UPDATE entities e SET df = e.df + u.d FROM unnest($1::int[], $2::int[]) AS u(id, d) WHERE e.id = u.id', [[...entities.keys()], [...entities.values()]]);
    if (anchors.size) {
      await client.query(
        'INSERT INTO anchors (hash, df) SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT (hash) DO UPDATE SET df = anchors.df + excluded.df',
        [[...anchors.keys()], [...anchors.values()]],
      );
      await client.query('DELETE FROM anchors WHERE df <= 0 AND hash = ANY($1)', [[...anchors.keys()]]);
    }
    if (languages.size) {
      await client.query(
        'INSERT INTO languages (language, articles) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (language) DO UPDATE SET articles = languages.articles + excluded.articles',
        [[...languages.keys()], [...languages.values()]],
      );
    }
  }

  /** Inserts new articles: vocabulary ids (first seen wins, as in CorpusIndex), packed summaries, counts. */
  private async insert(client: pg.PoolClient, rows: Array<{ record: CorpusRecord; features: ArticleFeatures; hash: string }>): Promise<void> {
    // vocabulary: every term and lede term, per language, in the order first seen; every entity;
    // with each one's new document frequency (the articles whose terms, not only lede, hold it),
    // added as its row is written (or found): one statement each
    const byLanguage = new Map<string, Map<string, number>>();
    const tLanguages: string[] = [];
    const tTerms: string[] = [];
    const tDf: number[] = [];
    const entityRows = new Map<string, { key: string; canonical: string; type: string; known: boolean }>();
    const entityDf = new Map<string, number>();
    for (const { features: f } of rows) {
      let at = byLanguage.get(f.language);
      if (!at) byLanguage.set(f.language, (at = new Map()));
      for (const [list, counted] of [[f.terms, 1], [f.ledeTerms, 0]] as const) {
        for (const t of Object.keys(list)) {
          let i = at.get(t);
          if (i === undefined) {
            at.set(t, (i = tTerms.length));
            tLanguages.push(f.language);
            tTerms.push(t);
            tDf.push(0);
          }
          tDf[i] = tDf[i]! + counted;
        }
      }
      for (const e of f.entities) if (!entityRows.has(e.id)) entityRows.set(e.id, { key: e.id, canonical: e.canonical, type: e.type, known: e.known });
      for (const id of new Set(f.entities.map((e) => e.id))) entityDf.set(id, (entityDf.get(id) ?? 0) + 1);
    }
    const tr = await client.query<{ id: number; language: string; term: string }>(
      'INSERT INTO terms (language, term, df) SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT (language, term) DO UPDATE SET df = terms.df + excluded.df RETURNING id, language, term',
      [tLanguages, tTerms, tDf],
    );
    const termIds = new Map<string, Map<string, number>>();
    for (const r of tr.rows) {
      let m = termIds.get(r.language);
      if (!m) termIds.set(r.language, (m = new Map()));
      m.set(r.term, r.id);
    }
    const es = [...entityRows.values()];
    const er = await client.query<{ id: number; key: string }>(
      'INSERT INTO entities (key, canonical, type, known, df) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::int[]) ON CONFLICT (key) DO UPDATE SET df = entities.df + excluded.df RETURNING id, key',
      [es.map((e) => e.key), es.map((e) => e.canonical), es.map((e) => e.type), es.map((e) => e.known), es.map((e) => entityDf.get(e.key) ?? 0)],
    );
    const entityIds = new Map(er.rows.map((r) => [r.key, r.id]));
    // slots in the batch's order (ties in candidate search go to the earlier article)
    const sr = await client.query<{ slot: string }>('SELECT nextval(\'article_slot\') AS slot FROM generate_series(1, $1::int)', [rows.length]);
    const slots = sr.rows.map((r) => Number(r.slot)).sort((a, b) => a - b);
    const anchors = new Map<number, number>();
    const languages = new Map<string, number>();
    // the batch's postings grouped by list and block, in the order of slots (rows are in slot order)
    const lists = new Map<number, { kind: number; id: number; block: number; slots: number[]; packed: number[] }>();
    const post = (kind: number, words: Uint32Array, slot: number) => {
      const block = slot >> POSTING_BLOCK_BITS;
      for (const v of words) {
        const id = v >>> 8;
        const key = (block * 4 + kind) * 16_777_216 + id;
        let l = lists.get(key);
        if (!l) lists.set(key, (l = { kind, id, block, slots: [], packed: [] }));
        l.slots.push(slot);
        l.packed.push(v & 255);
      }
    };
    const out = rows.map(({ record, features: f, hash }, i) => {
      const ids = termIds.get(f.language)!;
      const packed = packSummaryData(
        f,
        (t) => ids.get(t)!,
        (e) => entityIds.get(e.id)!,
      );
      const tIds = packed.data.subarray(0, packed.ledeAt);
      const lIds = packed.data.subarray(packed.ledeAt, packed.entAt);
      const eIds = packed.data.subarray(packed.entAt, packed.ancAt);
      const aIds = packed.data.subarray(packed.ancAt);
      const data = Array.from(packed.data, (v) => v | 0);
      post(POSTING_KIND.term, tIds, slots[i]!);
      post(POSTING_KIND.lede, lIds, slots[i]!);
      post(POSTING_KIND.entity, eIds, slots[i]!);
      post(POSTING_KIND.anchor, aIds, slots[i]!);
      for (const v of aIds) anchors.set(v >>> 8, (anchors.get(v >>> 8) ?? 0) + 1);
      languages.set(f.language, (languages.get(f.language) ?? 0) + 1);
      return {
        id: record.id,
        slot: slots[i]!,
        url: record.url ?? null,
        fingerprint: f.fingerprint,
        record,
        record_hash: hash,
        title: f.title,
        language: f.language,
        events: f.events,
        event_status: f.eventStatus ?? null,
        event_date: f.eventDate,
        published: record.published?.slice(0, 10) ?? null,
        data,
        summary: summaryHex(packed.data),
        lede_at: packed.ledeAt,
        ent_at: packed.entAt,
        anc_at: packed.ancAt,
        term_ids: Array.from(tIds, (v) => v >>> 8),
        lede_ids: Array.from(lIds, (v) => v >>> 8),
        entity_ids: Array.from(eIds, (v) => v >>> 8),
        norms: [0, 0, 0, 0],
      };
    });
    const chunk = Math.max(1, this.options.insertChunk ?? 500);
    for (let i = 0; i < out.length; i += chunk) {
      await client.query(
        `INSERT INTO articles (id, slot, url, fingerprint, record, record_hash, title, language, events, event_status, event_date, published, data, summary, lede_at, ent_at, anc_at, term_ids, lede_ids, entity_ids, norms)
         SELECT id, slot, url, fingerprint, record, record_hash, title, language, events, event_status, event_date, published, data, decode(summary, 'hex'), lede_at, ent_at, anc_at, term_ids, lede_ids, entity_ids, norms
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, slot integer, url text, fingerprint text, record jsonb, record_hash text, title text, language text, events text[], event_status text, event_date jsonb, published text, data integer[], summary text, lede_at integer, ent_at integer, anc_at integer, term_ids integer[], lede_ids integer[], entity_ids integer[], norms double precision[])`,
        [JSON.stringify(out.slice(i, i + chunk))],
      );
    }
    // appended to their rows (the new slots are above every slot stored)
    const ls = [...lists.values()];
    await client.query(
      `INSERT INTO posting_lists (kind, id, block, slots, packed) SELECT * FROM unnest($1::smallint[], $2::int[], $3::int[], $4::bytea[], $5::bytea[])
       ON CONFLICT (kind, id, block) DO UPDATE SET slots = posting_lists.slots || excluded.slots, packed = posting_lists.packed || excluded.packed`,
      [
        ls.map((l) => l.kind),
        ls.map((l) => l.id),
        ls.map((l) => l.block),
        ls.map((l) => {
          const b = Buffer.alloc(l.slots.length * 4);
          l.slots.forEach((x, k) => b.writeInt32BE(x, k * 4));
          return b;
        }),
        ls.map((l) => Buffer.from(l.packed)),
      ],
    );
    // the terms' and names' counts were added as their rows were written
    await this.applyCounts(client, new Map(), new Map(), anchors, languages);
  }

  /**
   * Norms under the current statistics: every article's when the corpus has changed by more than
   * NORM_REFRESH_SHARE since they were last all computed, else only the new articles'. Returns the
   * number of live articles.
   */
  private async settleNorms(client: pg.PoolClient, newSlots: number[]): Promise<number> {
    const figures = await this.corpusFigures(client);
    const meta = await client.query<{ value: number }>("SELECT value FROM meta WHERE key = 'norms_at'");
    const normsAt = meta.rows[0]?.value ?? 0;
    const all = Math.abs(figures.live - normsAt) > NORM_REFRESH_SHARE * Math.max(normsAt, 1);
    // every df at once when every article's norms are recomputed (as bytes: id and df, int4 each), else the batch's ids'
    const everyDf = async (table: 'terms' | 'entities') => {
      const r = await client.query<{ b: Buffer }>(`SELECT coalesce(string_agg(int4send(id) || int4send(df), ''::bytea), ''::bytea) AS b FROM ${table}`);
      const b = r.rows[0]!.b;
      const df = new Map<number, number>();
      for (let o = 0; o + 8 <= b.length; o += 8) df.set(b.readInt32BE(o), b.readInt32BE(o + 4));
      return df;
    };
    const [allTerms, allEntities] = all ? [await everyDf('terms'), await everyDf('entities')] : [null, null];
    let after = -1;
    for (;;) {
      const batch = all
        ? await client.query<NormSource>(`SELECT ${NORM_COLUMNS} FROM articles WHERE slot > $1 ORDER BY slot LIMIT 5000`, [after])
        : await client.query<NormSource>(`SELECT ${NORM_COLUMNS} FROM articles WHERE slot = ANY($1) AND slot > $2 ORDER BY slot LIMIT 5000`, [newSlots, after]);
      if (!batch.rows.length) break;
      after = batch.rows[batch.rows.length - 1]!.slot;
      const arts = batch.rows.map((r) => ({ slot: r.slot, language: r.language, data: wordsOf(r.data), ledeAt: r.lede_at, entAt: r.ent_at, ancAt: r.anc_at }));
      let tdf = allTerms;
      let edf = allEntities;
      if (!tdf || !edf) {
        const termIds = new Set<number>();
        const entityIds = new Set<number>();
        for (const a of arts) {
          for (let i = 0; i < a.entAt; i++) termIds.add(a.data[i]! >>> 8);
          for (let i = a.entAt; i < a.ancAt; i++) entityIds.add(a.data[i]! >>> 8);
        }
        const td = await client.query<{ id: number; df: number }>('SELECT id, df FROM terms WHERE id = ANY($1)', [[...termIds]]);
        const ed = await client.query<{ id: number; df: number }>('SELECT id, df FROM entities WHERE id = ANY($1)', [[...entityIds]]);
        tdf = new Map(td.rows.map((r) => [r.id, r.df]));
        edf = new Map(ed.rows.map((r) => [r.id, r.df]));
      }
      const t = tdf;
      const e = edf;
      const norms = arts.map((a) => articleNorms(a, (id) => t.get(id) ?? 0, (id) => e.get(id) ?? 0, figures.languageCounts[a.language] ?? 0, figures.live));
      await client.query(
        'UPDATE articles a SET norms = ARRAY[u.t, u.l, u.e, u.le] FROM unnest($1::int[], $2::float8[], $3::float8[], $4::float8[], $5::float8[]) AS u(slot, t, l, e, le) WHERE a.slot = u.slot',
        [arts.map((a) => a.slot), norms.map((n) => n[0]), norms.map((n) => n[1]), norms.map((n) => n[2]), norms.map((n) => n[3])],
      );
    }
    if (all) await client.query("INSERT INTO meta (key, value) VALUES ('norms_at', $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [JSON.stringify(figures.live)]);
    await refreshNormBlocks(client, all ? null : newSlots);
    return figures.live;
  }

  /** A slice with the corpus figures and the query's vocabulary (no articles yet). */
  private async querySlice(f: ArticleFeatures): Promise<{ slice: SliceSearch; data: SliceData }> {
    const words = [...new Set([...Object.keys(f.terms), ...Object.keys(f.ledeTerms)])];
    const keys = f.entities.map((e) => e.id);
    const hashes = [...new Set((f.anchors ?? []).map(anchorHash))];
    const [figures, tr, er, ar] = await Promise.all([
      this.corpusFigures(this.pool),
      this.pool.query<{ id: number; term: string; df: number }>('SELECT id, term, df FROM terms WHERE language = $1 AND term = ANY($2)', [f.language, words]),
      this.pool.query<SliceEntity>('SELECT id, key, canonical, type, known, df FROM entities WHERE key = ANY($1)', [keys]),
      this.pool.query<{ hash: number; df: number }>('SELECT hash, df FROM anchors WHERE hash = ANY($1)', [hashes]),
    ]);
    const found = new Set(er.rows.map((r) => r.key));
    const data: SliceData = {
      ...figures,
      terms: tr.rows.map((r) => [f.language, r.term, r.id, r.df]),
      entities: er.rows,
      absentEntities: keys.filter((k) => !found.has(k)),
      anchors: ar.rows.map((r) => [r.hash, r.df]),
      articles: [],
      queries: [queryKey(f)],
    };
    return { slice: new SliceSearch(data), data };
  }

  private async entitiesOf(arts: readonly SliceArticle[], known: ReadonlySet<number>): Promise<SliceEntity[]> {
    const ids = new Set<number>();
    for (const a of arts) for (let i = a.entAt; i < a.ancAt; i++) if (!known.has(a.data[i]! >>> 8)) ids.add(a.data[i]! >>> 8);
    if (!ids.size) return [];
    const r = await this.pool.query<SliceEntity>('SELECT id, key, canonical, type, known, df FROM entities WHERE id = ANY($1)', [[...ids]]);
    return r.rows;
  }

  /** Articles by id or text fingerprint, with their entities. */
  async lookup(ids: readonly string[], fingerprints: readonly string[], known: ReadonlySet<number> = new Set()): Promise<Pick<SliceData, 'articles' | 'entities' | 'idsAsked' | 'fingerprints'>> {
    if (!ids.length && !fingerprints.length) return { articles: [], entities: [], idsAsked: [], fingerprints: [] };
    const r = await this.pool.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE id = ANY($1) OR fingerprint = ANY($2)`, [ids, fingerprints]);
    const articles = r.rows.map(toSliceArticle);
    const byFp = new Map(articles.map((a) => [a.fingerprint, a.id]));
    return { articles, entities: await this.entitiesOf(articles, known), idsAsked: [...ids], fingerprints: fingerprints.map((fp) => [fp, byFp.get(fp) ?? null]) };
  }

  async lookupSlice(ids: readonly string[], fingerprints: readonly string[]): Promise<SliceData> {
    const figures = await this.corpusFigures(this.pool);
    const found = await this.lookup(ids, fingerprints);
    // the articles' own terms' frequencies are not needed: their norms come with them
    return { ...figures, terms: [], anchors: [], ...found };
  }

  /**
   * The first stage of candidate search: the query's slice (vocabulary, figures), the posting
   * lists of its ids read and added up (server/first-stage.ts), and the slots of the best articles
   * by the shipped model's first score (a pool a little wider than the engine's), best first.
   */
  async firstStage(req: CandidatesRequest): Promise<{ data: SliceData; q: ReturnType<SliceSearch['profile']>; pool: PooledCandidate[] }> {
    const f: ArticleFeatures = { ...req.features, sentences: [], quotes: [], numbers: [], claims: [] };
    const { slice, data } = await this.querySlice(f);
    const q = slice.profile(f);
    const read = slice.postingIds(q);
    // articles are found through the rarer lists only: none, no candidates
    if (![read.terms, read.ledeTerms, read.entities, read.anchors].some((ids) => ids.some(([, long]) => !long))) return { data, q, pool: [] };
    // per kind, the rarer lists in the query's order, then the common ones: CorpusIndex.candidates's order of additions
    const inOrder = <T extends [number, boolean]>(list: readonly T[]) => [...list.filter(([, long]) => !long), ...list.filter(([, long]) => long)];
    const query: QueryPosting[] = [];
    const terms = (list: typeof read.terms, weights: Map<number, number>, kind: number) => {
      for (const [id, long] of inOrder(list)) {
        const x = slice.termIdfById(id, q.language);
        query.push({ kind, id, long, wq: termWeight(weights.get(id)!) * x * x, idf: x, lede: false });
      }
    };
    terms(read.terms, q.terms, POSTING_KIND.term);
    terms(read.ledeTerms, q.ledeTerms, POSTING_KIND.lede);
    for (const [id, long] of inOrder(read.entities)) {
      const packed = q.entities.get(id)!;
      const x = slice.entityIdfById(id);
      query.push({ kind: POSTING_KIND.entity, id, long, wq: entityWeight(packed & COUNT_MASK) * x * x, idf: x, lede: (packed & LEDE_BIT) !== 0 });
    }
    for (const [hash, long] of inOrder(read.anchors)) query.push({ kind: POSTING_KIND.anchor, id: hash, long, wq: 0, idf: slice.anchorIdf(hash), lede: false });
    const excluded = req.excludeId ? await this.pool.query<{ slot: number }>('SELECT slot FROM articles WHERE id = $1', [req.excludeId]) : null;
    const weights = matchWeights(undefined);
    const pool = await this.rankPostings(query, { language: q.language, ...slice.queryNorms(q) }, weights.summary ? req.limit * SUMMARY_POOL : req.limit, excluded?.rows[0]?.slot ?? null);
    return { data, q, pool };
  }

  /**
   * The first stage's database part: the lists of `query` read (one row an id, its blocks joined
   * in order) and added up, the norms of the articles found read, the best `limit` by the shipped
   * model's first score (`exclude`: a slot left out).
   */
  async rankPostings(query: readonly QueryPosting[], qn: { language: string; term: number; lede: number; entity: number; ledeEntity: number }, limit: number, exclude: number | null): Promise<PooledCandidate[]> {
    // read by two statements at once (two connections): the rarer lists, and the common ones (most
    // of the postings); then added up at once (requests do not interleave while the sums are held)
    const read = (part: readonly QueryPosting[]) =>
      part.length
        ? this.pool.query<PostingRow>(
            `SELECT p.kind, p.id, string_agg(p.slots, ''::bytea ORDER BY p.block) AS slots, string_agg(p.packed, ''::bytea ORDER BY p.block) AS packed
             FROM unnest($1::smallint[], $2::int[]) AS u(kind, id) JOIN posting_lists p ON p.kind = u.kind AND p.id = u.id
             GROUP BY p.kind, p.id`,
            [part.map((p) => p.kind), part.map((p) => p.id)],
          )
        : Promise.resolve({ rows: [] as PostingRow[] });
    const [rare, common] = await Promise.all([read(query.filter((p) => !p.long)), read(query.filter((p) => p.long))]);
    const found = this.accumulator.accumulate(query, [...rare.rows, ...common.rows]);
    const blocks = [...new Set(found.slots.map((s) => s >> NORM_BLOCK_BITS))];
    const norms = await this.pool.query<NormRow>('SELECT language, data FROM norm_blocks WHERE block = ANY($1::int[])', [blocks]);
    // the shipped model's first-stage score (MATCH_WEIGHTS.rerank: firstStageScorer)
    this.scorer ??= firstStageScorer(shippedMatchModel());
    return rankFound(found, norms.rows, qn, this.scorer, limit, exclude);
  }

  /**
   * Candidates for a query article: the query's posting lists read and added up
   * (server/first-stage.ts) and the best articles by the shipped model's first score read, then
   * ranked by the engine's stages exactly as the in-memory index ranks them (the same first score
   * recomputed in its order of additions, the summaries' score, the exact score), with the
   * shipped model's weights (analysis's default).
   */
  async candidates(req: CandidatesRequest): Promise<CandidatesResponse> {
    const { data, q, pool } = await this.firstStage(req);
    // the pool's summaries as the listing score reads them (engine/match.ts pairSignals: the names
    // section of the packed summary, dates, kinds of event, site), not their terms
    let touched: SliceArticle[] = [];
    if (pool.length) {
      const r = await this.pool.query<ArticleRow>(`SELECT ${POOL_COLUMNS} FROM articles WHERE slot = ANY($1::int[])`, [pool.map((c) => c.slot)]);
      touched = r.rows.map(toSliceArticle);
    }
    const work = new SliceSearch({ ...data, articles: touched });
    const weights = matchWeights(undefined);
    const known = new Set(data.entities.map((e) => e.id));
    const list = work.secondStage(q, weights, pool, req.limit);
    // the listed articles whole
    const full = list.length ? await this.pool.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles WHERE slot = ANY($1::int[])`, [list.map((c) => c.slot)]) : null;
    const bySlot = new Map((full?.rows ?? []).map((r) => [r.slot, toSliceArticle(r)]));
    const listed = list.map((c) => bySlot.get(c.slot)!);
    const looked = await this.lookup(req.ids, req.fingerprints, known);
    const articles = new Map<number, SliceArticle>();
    for (const a of [...listed, ...looked.articles]) articles.set(a.slot, a);
    // the entities the client reads: the query's, and every name of the articles it is given
    const needed = new Set(data.entities.map((e) => e.id));
    for (const a of articles.values()) for (let i = a.entAt; i < a.ancAt; i++) needed.add(a.data[i]! >>> 8);
    const entities = new Map<number, SliceEntity>();
    for (const e of [...data.entities, ...looked.entities]) if (needed.has(e.id)) entities.set(e.id, e);
    const missing = [...needed].filter((id) => !entities.has(id));
    if (missing.length) {
      const r = await this.pool.query<SliceEntity>('SELECT id, key, canonical, type, known, df FROM entities WHERE id = ANY($1)', [missing]);
      for (const e of r.rows) entities.set(e.id, e);
    }
    return {
      candidates: list,
      slice: {
        ...data,
        entities: [...entities.values()],
        articles: [...articles.values()],
        idsAsked: looked.idsAsked,
        fingerprints: looked.fingerprints,
      },
    };
  }

  // tokens: kept as SHA-256 hashes; the token itself is shown once, when created

  async createToken(name: string, role: 'reader' | 'ingest'): Promise<string> {
    const token = `sl_${role === 'ingest' ? 'i' : 'r'}_${crypto.randomBytes(24).toString('base64url')}`;
    await this.pool.query('INSERT INTO tokens (hash, name, role) VALUES ($1, $2, $3)', [hashToken(token), name, role]);
    return token;
  }

  async revokeToken(name: string): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM tokens WHERE name = $1', [name]);
    return (r.rowCount ?? 0) > 0;
  }

  async tokenRole(token: string): Promise<{ name: string; role: 'reader' | 'ingest' } | null> {
    const r = await this.pool.query<{ name: string; role: 'reader' | 'ingest' }>('SELECT name, role FROM tokens WHERE hash = $1', [hashToken(token)]);
    return r.rows[0] ?? null;
  }
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Rewrites the norm blocks of the slots given (null: every block) from the articles' norms. */
async function refreshNormBlocks(client: pg.PoolClient, slots: readonly number[] | null): Promise<void> {
  const blocks = slots === null ? null : [...new Set(slots.map((s) => s >> NORM_BLOCK_BITS))];
  if (blocks !== null && !blocks.length) return;
  await client.query(NORM_BLOCKS_DELETE_SQL, [blocks]);
  await client.query(NORM_BLOCKS_SQL, [blocks]);
}

/** Takes removed articles' slots out of their posting lists (a list left empty is deleted). */
async function removePostings(client: pg.PoolClient, gone: ReadonlyArray<{ slot: number; data: number[]; lede_at: number; ent_at: number; anc_at: number }>): Promise<void> {
  const keys = new Map<string, { kind: number; id: number; block: number; slots: Set<number> }>();
  for (const a of gone) {
    a.data.forEach((v, i) => {
      const kind = i < a.lede_at ? POSTING_KIND.term : i < a.ent_at ? POSTING_KIND.lede : i < a.anc_at ? POSTING_KIND.entity : POSTING_KIND.anchor;
      const id = v >>> 8;
      const block = a.slot >> POSTING_BLOCK_BITS;
      const key = `${kind}:${id}:${block}`;
      const k = keys.get(key) ?? { kind, id, block, slots: new Set<number>() };
      k.slots.add(a.slot);
      keys.set(key, k);
    });
  }
  if (!keys.size) return;
  const ks = [...keys.values()];
  const rows = await client.query<{ kind: number; id: number; block: number; slots: Buffer; packed: Buffer }>(
    'SELECT p.kind, p.id, p.block, p.slots, p.packed FROM posting_lists p JOIN unnest($1::smallint[], $2::int[], $3::int[]) AS u(kind, id, block) USING (kind, id, block)',
    [ks.map((k) => k.kind), ks.map((k) => k.id), ks.map((k) => k.block)],
  );
  const kept: Array<{ kind: number; id: number; block: number; slots: Buffer; packed: Buffer }> = [];
  const emptied: Array<{ kind: number; id: number; block: number }> = [];
  for (const r of rows.rows) {
    const drop = keys.get(`${r.kind}:${r.id}:${r.block}`)!.slots;
    const n = r.packed.length;
    const slots = Buffer.alloc(n * 4);
    const packed = Buffer.alloc(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const slot = r.slots.readInt32BE(i * 4);
      if (drop.has(slot)) continue;
      slots.writeInt32BE(slot, m * 4);
      packed[m++] = r.packed[i]!;
    }
    if (m === 0) emptied.push(r);
    else kept.push({ kind: r.kind, id: r.id, block: r.block, slots: slots.subarray(0, m * 4), packed: packed.subarray(0, m) });
  }
  if (emptied.length) {
    await client.query('DELETE FROM posting_lists p USING unnest($1::smallint[], $2::int[], $3::int[]) AS u(kind, id, block) WHERE p.kind = u.kind AND p.id = u.id AND p.block = u.block', [
      emptied.map((k) => k.kind),
      emptied.map((k) => k.id),
      emptied.map((k) => k.block),
    ]);
  }
  if (kept.length) {
    await client.query(
      'UPDATE posting_lists p SET slots = u.slots, packed = u.packed FROM unnest($1::smallint[], $2::int[], $3::int[], $4::bytea[], $5::bytea[]) AS u(kind, id, block, slots, packed) WHERE p.kind = u.kind AND p.id = u.id AND p.block = u.block',
      [kept.map((k) => k.kind), kept.map((k) => k.id), kept.map((k) => k.block), kept.map((k) => k.slots), kept.map((k) => k.packed)],
    );
  }
}
