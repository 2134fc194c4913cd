// The database schema of the team corpus server (PostgreSQL 13 or later). Applied at start-up
// (idempotent). Articles carry the engine's own packed summary (engine/corpus-index.ts
// ArticleSummary.data) and the term, lede-term and entity ids it holds as integer arrays with GIN
// indexes: candidate search reads the articles sharing a query's rarer terms and names through
// them (server/db.ts), never a scan. Vocabulary tables keep each id's document frequency, updated
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
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint);
CREATE INDEX IF NOT EXISTS articles_term_ids ON articles USING gin (term_ids);
CREATE INDEX IF NOT EXISTS articles_lede_ids ON articles USING gin (lede_ids);
CREATE INDEX IF NOT EXISTS articles_entity_ids ON articles USING gin (entity_ids);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
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
