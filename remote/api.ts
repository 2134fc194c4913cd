// The team corpus server's API v1: every request and response body as a zod schema, checked by the
// server on the way in and out and by the client (remote/remote-corpus.ts) on the way in. The
// OpenAPI document (GET /v1/openapi.json) is generated from these schemas (server/openapi.ts).
import * as z from 'zod';

const int = () => z.number().int();
const uint32 = () => z.number().int().min(0).max(0xffffffff);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const LIMITS = {
  /** candidates one request may ask for */
  candidates: 500,
  /** ids or texts one look-up may name */
  lookup: 2000,
  /** terms or names of one query article */
  queryTerms: 20_000,
} as const;

export const EventDateSchema = z.object({
  iso: z.string().nullable(),
  monthDay: z.string().nullable(),
  weekday: z.number().int().min(0).max(6).nullable(),
  source: z.enum(['text', 'published']),
});

export const EntityWeightSchema = z.object({
  id: z.string().min(1).max(500),
  canonical: z.string().max(500),
  type: z.enum(['person', 'place', 'organisation', 'unknown']),
  known: z.boolean(),
  weight: z.number().min(0).max(100),
  surfaces: z.array(z.string().max(500)).max(200),
  firstSentence: int().min(0),
});

/** What matching reads of the query article's features (no sentences, quotes or claims). */
export const QueryFeaturesSchema = z.object({
  language: z.string().min(2).max(35),
  title: z.string().max(2000),
  terms: z.record(z.string().max(200), int().min(1)),
  ledeTerms: z.record(z.string().max(200), int().min(1)),
  entities: z.array(EntityWeightSchema).max(LIMITS.queryTerms),
  ledeEntities: z.array(z.string().max(500)).max(LIMITS.queryTerms),
  events: z.array(z.string().max(100)).max(100),
  eventStatus: z.enum(['planned', 'happened']).nullable().optional(),
  eventDate: EventDateSchema.nullable(),
  anchors: z.array(z.string().max(200)).max(LIMITS.queryTerms).optional(),
  fingerprint: z.string().min(1).max(200),
  /** the site the article was published on (features' site) */
  site: z.string().max(300).nullable().optional(),
  wordCount: int().min(0),
});
export type QueryFeatures = z.infer<typeof QueryFeaturesSchema>;

export const CandidatesRequestSchema = z.object({
  features: QueryFeaturesSchema,
  limit: int().min(1).max(LIMITS.candidates).default(200),
  excludeId: z.string().max(1000).nullable().default(null),
  /** ids and text fingerprints to look up in the same round trip (the article itself, by its id or text) */
  ids: z.array(z.string().max(1000)).max(LIMITS.lookup).default([]),
  fingerprints: z.array(z.string().max(200)).max(LIMITS.lookup).default([]),
});
export type CandidatesRequest = z.infer<typeof CandidatesRequestSchema>;

export const LookupRequestSchema = z.object({
  ids: z.array(z.string().max(1000)).max(LIMITS.lookup).default([]),
  fingerprints: z.array(z.string().max(200)).max(LIMITS.lookup).default([]),
});

export const SliceEntitySchema = z.object({
  id: int().min(0),
  key: z.string(),
  canonical: z.string(),
  type: z.enum(['person', 'place', 'organisation', 'unknown']),
  known: z.boolean(),
  df: int().min(0),
});
export type SliceEntity = z.infer<typeof SliceEntitySchema>;

/** One article as matching sees it: the engine's packed summary and its four norms under the corpus's current statistics. */
export const SliceArticleSchema = z.object({
  slot: int().min(0),
  id: z.string(),
  title: z.string(),
  language: z.string(),
  events: z.array(z.string()),
  eventStatus: z.enum(['planned', 'happened']).nullable(),
  eventDate: EventDateSchema.nullable(),
  fingerprint: z.string(),
  published: day.nullable(),
  /** the site the article was published on (features' site), null when its address is unknown */
  site: z.string().nullable().optional(),
  data: z.array(uint32()),
  ledeAt: int().min(0),
  entAt: int().min(0),
  ancAt: int().min(0),
  norms: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type SliceArticle = z.infer<typeof SliceArticleSchema>;

/** What a client needs to answer the CorpusSearch questions about one query (remote/slice-search.ts). */
export const SliceDataSchema = z.object({
  live: int().min(0),
  languages: z.array(z.string()),
  dateSpan: z.object({ from: day.nullable(), to: day.nullable() }),
  languageCounts: z.record(z.string(), int().min(0)),
  /** [language, term, id, df] of the query's terms the corpus has */
  terms: z.array(z.tuple([z.string(), z.string(), int().min(0), int().min(0)])),
  termDf: z.array(z.tuple([int().min(0), int().min(0)])).optional(),
  entities: z.array(SliceEntitySchema),
  /** the query's entity keys the corpus does not have */
  absentEntities: z.array(z.string()).optional(),
  /** [hash, df] of the query's anchors */
  anchors: z.array(z.tuple([int().min(0), int().min(0)])),
  articles: z.array(SliceArticleSchema),
  /** ids looked up (found ones are in `articles`) */
  idsAsked: z.array(z.string()).optional(),
  /** [fingerprint, id or null] of the texts looked up */
  fingerprints: z.array(z.tuple([z.string(), z.string().nullable()])).optional(),
  /** the query keys this slice answers */
  queries: z.array(z.string()).optional(),
});
export type SliceData = z.infer<typeof SliceDataSchema>;

export const CandidateSchema = z.object({ slot: int().min(0), score: z.number() });

export const CandidatesResponseSchema = z.object({
  candidates: z.array(CandidateSchema),
  slice: SliceDataSchema,
});
export type CandidatesResponse = z.infer<typeof CandidatesResponseSchema>;

export const CorpusInfoSchema = z.object({
  articles: int().min(0),
  languages: z.array(z.string()),
  dateSpan: z.object({ from: day.nullable(), to: day.nullable() }),
});

export const StoredRecordSchema = z.object({
  id: z.string(),
  title: z.string().optional(),
  outlet: z.string(),
  url: z.string().nullable().optional(),
  published: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  text: z.string(),
});

export const ArticleResponseSchema = z.object({ record: StoredRecordSchema, slot: int().min(0) });

export const IngestResponseSchema = z.object({
  lines: int().min(0),
  added: int().min(0),
  replaced: int().min(0),
  unchanged: int().min(0),
  articles: int().min(0),
  /** milliseconds spent computing features, and in all */
  featureMs: z.number(),
  totalMs: z.number(),
});

export const DeleteResponseSchema = z.object({ deleted: z.boolean(), articles: int().min(0) });

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** for JSONL: each bad line (1-based) and what is wrong with it */
    lines: z.array(z.object({ line: int().min(1), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof ErrorSchema>['error'];
