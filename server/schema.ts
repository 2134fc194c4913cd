// The database schema of the team corpus server (PostgreSQL 13 or later). Applied at start-up
// (idempotent). Articles carry the engine's own packed summary (engine/corpus-index.ts
// ArticleSummary.data) and the term, lede-term and entity ids it holds as integer arrays (read
// when it is removed), and one row per posting (`postings`): candidate search adds up a query's rarer terms'
// and names' products over the postings in SQL and reads only the best articles (server/db.ts),
// never a scan. Vocabulary tables keep each id's document frequency, updated
// in the same transaction as the articles, so a committed batch and its statistics are one.
//
// Partitioning and replicas (documented, untested): see server/README.md.
import { NORM_BLOCK_BITS, POSTING_BLOCK_BITS } from './first-stage.ts';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE SEQUENCE IF NOT EXISTS article_slot;
CREATE TABLE IF NOT EXISTS articles (
  id text PRIMARY KEY,
  slot integer NOT NULL UNIQUE,
  url text,
  fingerprint text NOT NULL,
  record jsonb NOT NULL,
  record_hash text NOT NULL,
  title text NOT NULL,
  language text NOT NULL,
  events text[] NOT NULL,
  event_status text,
  event_date jsonb,
  published text,
  data integer[] NOT NULL,
  lede_at integer NOT NULL,
  ent_at integer NOT NULL,
  anc_at integer NOT NULL,
  term_ids integer[] NOT NULL,
  lede_ids integer[] NOT NULL,
  entity_ids integer[] NOT NULL,
  norms double precision[] NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
);
-- the packed summary again, as bytes (each word big-endian): what candidate search reads of the
-- pool's articles, decoded without parsing text (filled at start for rows from before the column)
ALTER TABLE articles ADD COLUMN IF NOT EXISTS summary bytea;
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint);
-- GIN indexes over the id arrays read candidates before the postings table did
DROP INDEX IF EXISTS articles_term_ids;
DROP INDEX IF EXISTS articles_lede_ids;
DROP INDEX IF EXISTS articles_entity_ids;
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
-- the posting lists (server/first-stage.ts): per term, lede term, name and anchor id (kind 0, 1, 2,
-- 3: the sections of an article's packed summary) and block of slots (slot >> 14), the slots of the
-- articles that hold it (int4 each, big-endian, ascending) and each one's summary word's low 8 bits
-- (a count, or a name's lede bit and weight), one byte each. A list is one range of the primary key.
-- Stored uncompressed: reading them is what candidate search spends its time on.
CREATE TABLE IF NOT EXISTS posting_lists (
  kind smallint NOT NULL,
  id integer NOT NULL,
  block integer NOT NULL,
  slots bytea NOT NULL,
  packed bytea NOT NULL,
  PRIMARY KEY (kind, id, block)
);
ALTER TABLE posting_lists ALTER COLUMN slots SET STORAGE EXTERNAL, ALTER COLUMN packed SET STORAGE EXTERNAL;
-- the one-row-per-posting table of postings version 2 (replaced by posting_lists)
DROP TABLE IF EXISTS postings;
-- the articles' norms, per block of slots (slot >> ${NORM_BLOCK_BITS}) and language: each article's slot (int4) and
-- its four norms (float8), big-endian, ascending by slot; rewritten whenever norms change
CREATE TABLE IF NOT EXISTS norm_blocks (
  block integer NOT NULL,
  language text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (block, language)
);
ALTER TABLE norm_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE IF NOT EXISTS terms (
  id serial PRIMARY KEY,
  language text NOT NULL,
  term text NOT NULL,
  df integer NOT NULL DEFAULT 0,
  UNIQUE (language, term)
);
CREATE TABLE IF NOT EXISTS entities (
  id serial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  canonical text NOT NULL,
  type text NOT NULL,
  known boolean NOT NULL,
  df integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS anchors (hash integer PRIMARY KEY, df integer NOT NULL);
-- room in every page for the new versions of the rows every ingest updates (document
-- frequencies): an update that changes no indexed column stays on its page and touches no index
ALTER TABLE terms SET (fillfactor = 70);
ALTER TABLE entities SET (fillfactor = 70);
CREATE TABLE IF NOT EXISTS languages (language text PRIMARY KEY, articles integer NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  hash text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('reader', 'ingest')),
  created_at timestamptz NOT NULL DEFAULT now()
);
`;

/** The summary bytes of rows stored before the column: the data's words, big-endian (int4send). */
export const SUMMARY_BYTES_SQL = `
UPDATE articles SET summary = (SELECT coalesce(string_agg(int4send(u.v), ''::bytea ORDER BY u.i), ''::bytea) FROM unnest(data) WITH ORDINALITY AS u(v, i))
WHERE summary IS NULL`;

/**
 * The posting lists of the articles given (their slots, ascending; null: every article), appended
 * to the lists' rows: the packed summary's sections unnested, an id in the high 24 bits of each
 * word, its count or name bits in the low 8 (the data are stored as signed integers). The slots
 * given must be higher than every slot the lists hold (new articles), so lists stay ascending.
 */
export const POSTINGS_FROM_ARTICLES_SQL = `
INSERT INTO posting_lists (kind, id, block, slots, packed)
SELECT x.kind, x.id, x.slot >> ${POSTING_BLOCK_BITS}, string_agg(int4send(x.slot), ''::bytea ORDER BY x.slot), string_agg(set_byte('\\x00'::bytea, 0, x.packed), ''::bytea ORDER BY x.slot)
FROM (
  SELECT CASE WHEN u.i <= a.lede_at THEN 0 WHEN u.i <= a.ent_at THEN 1 WHEN u.i <= a.anc_at THEN 2 ELSE 3 END AS kind, (u.v >> 8) & 16777215 AS id, a.slot, u.v & 255 AS packed
  FROM articles a, unnest(a.data) WITH ORDINALITY AS u(v, i)
  WHERE $1::int[] IS NULL OR a.slot = ANY($1::int[])
) x
GROUP BY x.kind, x.id, x.slot >> ${POSTING_BLOCK_BITS}
ON CONFLICT (kind, id, block) DO UPDATE SET slots = posting_lists.slots || excluded.slots, packed = posting_lists.packed || excluded.packed`;

/** The norm blocks of the blocks given (null: every block), rewritten from the articles: delete, then insert. */
export const NORM_BLOCKS_DELETE_SQL = 'DELETE FROM norm_blocks WHERE $1::int[] IS NULL OR block = ANY($1::int[])';
export const NORM_BLOCKS_SQL = `
INSERT INTO norm_blocks (block, language, data)
SELECT slot >> ${NORM_BLOCK_BITS}, language, string_agg(int4send(slot) || float8send(norms[1]) || float8send(norms[2]) || float8send(norms[3]) || float8send(norms[4]), ''::bytea ORDER BY slot)
FROM articles WHERE $1::int[] IS NULL OR (slot >> ${NORM_BLOCK_BITS}) = ANY($1::int[])
GROUP BY 1, 2`;
