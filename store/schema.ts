// zod schemas of every stored shape. Records read back from IndexedDB are parsed with these;
// one that fails is set aside (reported on the options page), never passed on.
import * as z from 'zod/mini';
import { CorpusRecordSchema } from '../engine/schemas.ts';

/**
 * Where an article came from: shipped with Sidelight, saved by the reader, imported from a file,
 * or kept because the reader read it (reading history, opt-in; schema v3). Only `read` articles
 * are evicted at the reading-history limit or forgotten by "Forget what I read".
 */
export const ArticleOriginSchema = z.enum(['bundled', 'saved', 'imported', 'read']);
export type ArticleOrigin = z.infer<typeof ArticleOriginSchema>;
export type UserOrigin = Exclude<ArticleOrigin, 'bundled'>;

/** One article in the `articles` store (schema v2; v3 adds the `read` origin and the `by-origin-added` index). */
export const StoredArticleSchema = z.object({
  id: z.string(),
  record: CorpusRecordSchema,
  origin: ArticleOriginSchema,
  /** a bundled article the reader chose to hide stays hidden across updates */
  hidden: z.boolean(),
  addedAt: z.number(),
  /** textFingerprint(record.text), indexed: the same text up to whitespace is the same article (v2) */
  fingerprint: z.string(),
  /** normalised record.url, indexed for duplicate detection; absent when the article has no URL (v2) */
  urlKey: z.optional(z.string()),
});
export type StoredArticle = z.infer<typeof StoredArticleSchema>;

/** Format version of stored analysis data: a mismatch means recompute, never misread. */
export const FEATURES_FORMAT = 1;

/**
 * An article's computed features (`features` store). `format` is the engine's FEATURES_VERSION
 * that computed them. From v5 they are kept `packed` (store/features-codec.ts: sentences and
 * claims as spans of the article's text, every string once); `features`, the plain object, is
 * what v1-v4 wrote, and what is still written for the rare features the packed layout cannot hold.
 */
export const StoredFeaturesSchema = z.object({
  id: z.string(),
  format: z.number(),
  /** the fingerprint of the text the features were computed from */
  textFingerprint: z.string(),
  features: z.optional(z.unknown()),
  packed: z.optional(z.instanceof(Uint8Array)),
});
export type StoredFeatures = z.infer<typeof StoredFeaturesSchema>;

/**
 * Settings of the corpus, one record under the key `corpus` in the `settings` store (v2).
 * Sidebar preferences (theme, auto-analysis) are not here: they live in the extension's storage.
 */
export const CorpusSettingsSchema = z.object({
  /** what "Export" writes by default: the reader's own articles, or everything including the bundled ones */
  exportScope: z.enum(['user', 'all']),
});
export type CorpusSettings = z.infer<typeof CorpusSettingsSchema>;
export const DEFAULT_CORPUS_SETTINGS: CorpusSettings = { exportScope: 'user' };

/**
 * An import in progress, under the key `import-in-progress` in `meta` (v2). Present from the
 * first batch until the last; if it is found with no live importer, the import is rolled back
 * from the journal.
 */
export const ImportMarkerSchema = z.object({
  startedAt: z.number(),
  /** updated by every batch; used to tell a dead import from a live one where Web Locks are missing */
  heartbeat: z.number(),
  total: z.number(),
});
export type ImportMarker = z.infer<typeof ImportMarkerSchema>;

/**
 * What one import batch changed (`journal` store, v2, one entry a batch, key `batch-000001`…):
 * the ids it added, and what the articles it overwrote and their features were before.
 */
export const JournalEntrySchema = z.object({
  id: z.string(),
  added: z.array(z.string()),
  overwritten: z.array(z.object({ id: z.string(), before: z.unknown(), featuresBefore: z.unknown() })),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/**
 * Optional key `sidelight` on an exported JSONL line: what the store knows beyond the record, so
 * that export then import gives back an identical corpus. Other readers of the format (the CLI's
 * --corpus) ignore it.
 */
export const ExportExtrasSchema = z.object({
  origin: z.optional(ArticleOriginSchema),
  hidden: z.optional(z.boolean()),
  addedAt: z.optional(z.number().check(z.nonnegative())),
});
export type ExportExtras = z.infer<typeof ExportExtrasSchema>;
