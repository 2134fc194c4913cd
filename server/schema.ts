// The database schema of the team corpus server (PostgreSQL 13 or later). Applied at start-up
// (idempotent). Articles carry the engine's own packed summary (engine/corpus-index.ts
// ArticleSummary.data) and the term, lede-term and entity ids it holds as integer arrays (read
// when it is removed), and one row per posting (`postings`): candidate search adds up a query's rarer terms'
// and names' products over the postings in SQL and reads only the best articles (server/db.ts),
// never a scan. Vocabulary tables keep each id's document frequency, updated
// in the same transaction as the articles, so a committed batch and its statistics are one.
//
// Partitioning and replicas (documented, untested): see server/README.md.
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
-- one row per article per term, lede term, name and anchor it holds (kind 0, 1, 2, 3: the sections
-- of its packed summary), with the summary word's low 8 bits (a count, or a name's lede bit and weight):
-- candidate search adds up the query's products over these rows (server/first-stage.ts)
CREATE TABLE IF NOT EXISTS postings (
  kind smallint NOT NULL,
  id integer NOT NULL,
  slot integer NOT NULL,
  packed smallint NOT NULL,
  PRIMARY KEY (kind, id, slot) INCLUDE (packed)
);
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
 * The postings of articles stored before the table existed (or of the articles given): the packed
 * summary's sections unnested, an id in the high 24 bits of each word, its count or name bits in
 * the low 8 (the data are stored as signed integers).
 */
export const POSTINGS_FROM_ARTICLES_SQL = `
INSERT INTO postings (kind, id, slot, packed)
SELECT CASE WHEN u.i <= a.lede_at THEN 0 WHEN u.i <= a.ent_at THEN 1 WHEN u.i <= a.anc_at THEN 2 ELSE 3 END, (u.v >> 8) & 16777215, a.slot, u.v & 255
FROM articles a, unnest(a.data) WITH ORDINALITY AS u(v, i)
WHERE $1::int[] IS NULL OR a.slot = ANY($1::int[])
ON CONFLICT DO NOTHING`;
