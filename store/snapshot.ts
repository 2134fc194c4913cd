// The persisted snapshot of the corpus index (schema v4, `snapshot` store): the engine's bytes
// (engine/corpus-index-snapshot.ts) cut into a few large binary records, a header that says what
// they are (zod-validated: formats, the engine's features version, article count, byte length,
// checksum, the articles stamp it was taken at), and the background's own per-article extras.
// A snapshot that is missing, stale, truncated or damaged is reported as such, never returned.
import * as z from 'zod/mini';
import { snapshotChecksum } from '../engine/corpus-index-snapshot.ts';
import { describeIssues } from '../engine/schemas.ts';
import type { Database } from './database.ts';
import { ArticleOriginSchema, type ArticleOrigin } from './schema.ts';
import { runTransaction } from './transaction.ts';

/** Bumped when the records below change shape. */
export const SNAPSHOT_STORE_FORMAT = 1;
/** Bytes per binary record: a few records for a large corpus, none so large a browser balks. */
export const SNAPSHOT_CHUNK_BYTES = 16 * 1024 * 1024;

const HEADER_KEY = 'header';
const EXTRAS_KEY = 'extras';
const chunkKey = (i: number) => `chunk-${String(i).padStart(6, '0')}`;

const count = z.number().check(z.int(), z.nonnegative());

export const SnapshotHeaderSchema = z.object({
  format: z.literal(SNAPSHOT_STORE_FORMAT),
  /** engine/corpus-index-snapshot.ts INDEX_SNAPSHOT_FORMAT */
  indexFormat: count,
  /** engine/features.ts FEATURES_VERSION of the features the index was built from */
  featuresVersion: count,
  articles: count,
  byteLength: count,
  chunks: count,
  checksum: count,
  /** the articles stamp (store/stamp.ts) of the store state the index holds */
  stamp: count,
  writtenAt: z.number(),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

/**
 * A list whose every item passes `is`, checked in one loop: these lists have an item per indexed
 * article, and a schema per item costs tens of milliseconds at 10,000 on a cold start.
 */
function listOf<T>(is: (item: unknown) => item is T, what: string) {
  return z.custom<T[]>((value) => Array.isArray(value) && value.every(is), { error: (issue) => `expected a list of ${what}${Array.isArray(issue.input) ? `; item ${(issue.input as unknown[]).findIndex((v) => !is(v))} is not one` : ''}` });
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isOrigin = (v: unknown): v is ArticleOrigin => ArticleOriginSchema.options.includes(v as ArticleOrigin);
const isLanguage = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** What the background keeps per indexed article beside the index: which text, origin, record language. */
export const SnapshotExtrasSchema = z.object({
  ids: listOf(isString, 'strings'),
  fingerprints: listOf(isString, 'strings'),
  origins: listOf(isOrigin, `origins (${ArticleOriginSchema.options.join(', ')})`),
  languages: listOf(isLanguage, 'languages (strings or null)'),
});
export type SnapshotExtras = z.infer<typeof SnapshotExtrasSchema>;

export interface SnapshotToWrite {
  bytes: Uint8Array;
  indexFormat: number;
  featuresVersion: number;
  articles: number;
  stamp: number;
  extras: SnapshotExtras;
}

/** Replaces the stored snapshot in one transaction (an old one is never left half overwritten). Returns the bytes written. */
export async function writeIndexSnapshot(db: Database, s: SnapshotToWrite): Promise<number> {
  const chunks: ArrayBuffer[] = [];
  for (let at = 0; at < s.bytes.byteLength; at += SNAPSHOT_CHUNK_BYTES) chunks.push(s.bytes.slice(at, at + SNAPSHOT_CHUNK_BYTES).buffer);
  const header: SnapshotHeader = { format: SNAPSHOT_STORE_FORMAT, indexFormat: s.indexFormat, featuresVersion: s.featuresVersion, articles: s.articles, byteLength: s.bytes.byteLength, chunks: chunks.length, checksum: snapshotChecksum(s.bytes), stamp: s.stamp, writtenAt: Date.now() };
  const tx = db.transaction('snapshot', 'readwrite');
  await runTransaction(tx, async () => {
    await tx.store.clear();
    await Promise.all([...chunks.map((c, i) => tx.store.put(c, chunkKey(i))), tx.store.put(SnapshotExtrasSchema.parse(s.extras), EXTRAS_KEY), tx.store.put(header, HEADER_KEY)]);
  });
  return s.bytes.byteLength;
}

export type SnapshotRead =
  | { ok: true; header: SnapshotHeader; bytes: Uint8Array; extras: SnapshotExtras }
  | { ok: false; reason: 'missing' | 'stale' | 'damaged'; problem: string };

/**
 * The stored snapshot when it is whole and was written for these formats: the header validated,
 * every chunk present, the byte length and checksum as the header says, the extras one per article.
 */
export async function readIndexSnapshot(db: Database, expected: { indexFormat: number; featuresVersion: number }): Promise<SnapshotRead> {
  const tx = db.transaction('snapshot');
  const rawHeader = await tx.store.get(HEADER_KEY);
  if (rawHeader === undefined) return { ok: false, reason: 'missing', problem: 'no snapshot stored' };
  const parsed = SnapshotHeaderSchema.safeParse(rawHeader);
  if (!parsed.success) return { ok: false, reason: 'damaged', problem: `snapshot header: ${describeIssues(parsed.error)}` };
  const header = parsed.data;
  if (header.indexFormat !== expected.indexFormat || header.featuresVersion !== expected.featuresVersion) {
    return { ok: false, reason: 'stale', problem: `snapshot of index format ${header.indexFormat}, features ${header.featuresVersion}; this engine: ${expected.indexFormat}, ${expected.featuresVersion}` };
  }
  const [rawExtras, ...chunks] = await Promise.all([tx.store.get(EXTRAS_KEY), ...Array.from({ length: header.chunks }, (_, i) => tx.store.get(chunkKey(i)))]);
  const bytes = new Uint8Array(header.byteLength);
  let at = 0;
  for (const [i, chunk] of chunks.entries()) {
    if (!(chunk instanceof ArrayBuffer)) return { ok: false, reason: 'damaged', problem: `snapshot chunk ${i} is missing` };
    if (at + chunk.byteLength > header.byteLength) return { ok: false, reason: 'damaged', problem: `snapshot chunks hold more than ${header.byteLength} bytes` };
    bytes.set(new Uint8Array(chunk), at);
    at += chunk.byteLength;
  }
  if (at !== header.byteLength) return { ok: false, reason: 'damaged', problem: `snapshot truncated: ${at} of ${header.byteLength} bytes` };
  if (snapshotChecksum(bytes) !== header.checksum) return { ok: false, reason: 'damaged', problem: 'snapshot checksum does not match' };
  const extras = SnapshotExtrasSchema.safeParse(rawExtras);
  if (!extras.success) return { ok: false, reason: 'damaged', problem: `snapshot extras: ${describeIssues(extras.error)}` };
  const n = extras.data.ids.length;
  if (n !== header.articles || extras.data.fingerprints.length !== n || extras.data.origins.length !== n || extras.data.languages.length !== n) {
    return { ok: false, reason: 'damaged', problem: `snapshot extras list ${n} articles, the header ${header.articles}` };
  }
  return { ok: true, header, bytes, extras: extras.data };
}

/** Drops the stored snapshot (the next start rebuilds the index from stored features). */
export async function deleteIndexSnapshot(db: Database): Promise<void> {
  const tx = db.transaction('snapshot', 'readwrite');
  await runTransaction(tx, () => tx.store.clear());
}

const DELTA_KEY = 'delta';

/** One article saved since the snapshot, with the articles stamp its save left (the save bumped it by one). */
export const SnapshotDeltaEntrySchema = z.object({
  stamp: count,
  id: z.string(),
  fingerprint: z.string(),
  origin: ArticleOriginSchema,
  language: z.nullable(z.string()),
});
export type SnapshotDeltaEntry = z.infer<typeof SnapshotDeltaEntrySchema>;
const SnapshotDeltaSchema = z.object({ base: count, entries: z.array(SnapshotDeltaEntrySchema) });

/**
 * Records one saved article after the stored snapshot instead of writing the whole snapshot again
 * (cost in proportion to the change). Appended only when the chain holds: the snapshot was taken
 * at `entry.stamp - 1`, or the last recorded entry was. Returns whether it was recorded (when not,
 * the caller writes a whole snapshot).
 */
export async function appendSnapshotDelta(db: Database, entry: SnapshotDeltaEntry, maxEntries: number): Promise<boolean> {
  const tx = db.transaction('snapshot', 'readwrite');
  return runTransaction(tx, async () => {
    const header = SnapshotHeaderSchema.safeParse(await tx.store.get(HEADER_KEY));
    if (!header.success) return false;
    const raw = await tx.store.get(DELTA_KEY);
    const parsed = raw === undefined ? null : SnapshotDeltaSchema.safeParse(raw);
    if (parsed && !parsed.success) return false;
    const delta = parsed?.data ?? { base: header.data.stamp, entries: [] };
    const last = delta.entries.length ? delta.entries[delta.entries.length - 1]!.stamp : delta.base;
    if (delta.base !== header.data.stamp || last !== entry.stamp - 1 || delta.entries.length >= maxEntries) return false;
    await tx.store.put({ base: delta.base, entries: [...delta.entries, SnapshotDeltaEntrySchema.parse(entry)] }, DELTA_KEY);
    return true;
  });
}

/**
 * The articles saved since the snapshot taken at `base`, in order, when they lead exactly to the
 * store's `stamp` (every write since is one of them); null otherwise (the caller then brings the
 * index up to date by a pass over the store).
 */
export async function readSnapshotDelta(db: Database, base: number, stamp: number): Promise<SnapshotDeltaEntry[] | null> {
  const parsed = SnapshotDeltaSchema.safeParse(await db.get('snapshot', DELTA_KEY));
  if (!parsed.success || parsed.data.base !== base) return null;
  const entries = parsed.data.entries;
  if (!entries.every((e, i) => e.stamp === base + i + 1) || base + entries.length !== stamp) return null;
  return entries;
}
