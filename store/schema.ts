// zod schemas of every stored shape. Records read back from IndexedDB are parsed with these;
// one that fails is set aside (reported on the options page), never passed on.
import * as z from 'zod/mini';
import { CorpusRecordSchema } from '../engine/schemas.ts';

export const ArticleOriginSchema = z.enum(['bundled', 'saved', 'imported']);
export type ArticleOrigin = z.infer<typeof ArticleOriginSchema>;

export const StoredArticleSchema = z.object({
  id: z.string(),
  record: CorpusRecordSchema,
  origin: ArticleOriginSchema,
  /** a bundled article the reader chose to hide stays hidden across updates */
  hidden: z.boolean(),
  addedAt: z.number(),
});
export type StoredArticle = z.infer<typeof StoredArticleSchema>;

/** Format version of stored analysis data: a mismatch means recompute, never misread. */
export const FEATURES_FORMAT = 1;

export const StoredFeaturesSchema = z.object({
  id: z.string(),
  format: z.number(),
  /** the fingerprint of the text the features were computed from */
  textFingerprint: z.string(),
  features: z.unknown(),
});
export type StoredFeatures = z.infer<typeof StoredFeaturesSchema>;
