// The one message protocol between the content script, the background and the extension pages.
// Every message is parsed with zod where it arrives: content scripts run in pages that can talk
// to them, so their messages are untrusted input.
import * as z from 'zod/mini';
import { AnalysisResultSchema, CorpusRecordSchema, EXTRACTED_LIMITS, ExtractedArticleSchema } from '../engine/schemas.ts';

/** The longest reason a content script gives for not reading a page (the sender cuts to it). */
export const REASON_LIMIT = 500;
const reason = () => z.string().check(z.maxLength(REASON_LIMIT));
/** A page address in a message; longer ones are cut by the sender (content/setup.ts). */
const pageUrl = () => z.string().check(z.maxLength(EXTRACTED_LIMITS.url));

export const ExtractionResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('article'), article: ExtractedArticleSchema }),
  z.object({ kind: z.literal('not-article'), reason: reason() }),
  z.object({ kind: z.literal('too-large'), reason: reason() }),
]);

/** What the sidebar shows for one tab. */
/** The corpus an analysis searched: counts by origin and the articles' languages (ISO codes, most first). */
export const CorpusMakeupSchema = z.object({
  bundled: z.number().check(z.int(), z.gte(0)),
  saved: z.number().check(z.int(), z.gte(0)),
  imported: z.number().check(z.int(), z.gte(0)),
  /** kept from the reader's reading history (opt-in) */
  read: z.number().check(z.int(), z.gte(0)),
  languages: z.array(z.string()),
});
export type CorpusMakeup = z.infer<typeof CorpusMakeupSchema>;

export const TabStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('unsupported'), url: z.nullable(z.string()) }),
  z.object({ status: z.literal('waiting'), url: z.nullable(z.string()) }),
  z.object({ status: z.literal('paused'), url: z.nullable(z.string()), reason: z.string() }),
  z.object({ status: z.literal('extracting'), url: z.nullable(z.string()) }),
  z.object({ status: z.literal('not-article'), url: z.nullable(z.string()), reason: z.string() }),
  z.object({ status: z.literal('too-large'), url: z.nullable(z.string()), reason: z.string() }),
  z.object({ status: z.literal('analysing'), url: z.nullable(z.string()), title: z.string(), corpusSize: z.number() }),
  z.object({
    status: z.literal('ready'),
    url: z.nullable(z.string()),
    result: AnalysisResultSchema,
    savedId: z.nullable(z.string()),
    /** publication dates of the oldest and newest corpus article: "what was searched" when nothing matches */
    corpusDates: z.optional(z.object({ from: z.nullable(z.string()), to: z.nullable(z.string()) })),
    /** what the corpus matched against holds: articles by origin, and their own languages (records', not their texts') */
    corpusMakeup: z.optional(CorpusMakeupSchema),
    /** a team build: the corpus server matched against ("Team corpus: host, N articles") */
    team: z.optional(z.object({ host: z.string().check(z.maxLength(300)), articles: z.number().check(z.int(), z.minimum(0)) })),
    /** listed articles that are in the corpus because the reader read them (reading history) */
    readIds: z.optional(z.array(z.string())),
  }),
  z.object({ status: z.literal('error'), url: z.nullable(z.string()), message: z.string() }),
]);
export type TabState = z.infer<typeof TabStateSchema>;

export const ContentToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('extracting'), url: pageUrl() }),
  /** the reader's settings say not to analyse this page until asked (settings/schema.ts); the page was not read */
  z.object({ type: z.literal('paused'), url: pageUrl(), reason: reason() }),
  z.object({ type: z.literal('extracted'), url: pageUrl(), result: ExtractionResultSchema }),
]);
export type ContentToBackground = z.infer<typeof ContentToBackgroundSchema>;

export const BackgroundToContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('extract-now'), force: z.boolean() }),
]);
export type BackgroundToContent = z.infer<typeof BackgroundToContentSchema>;

/** A browser tab id: a non-negative integer (not 1.5, -1, NaN or Infinity). */
const TabIdSchema = z.int().check(z.nonnegative());

export const PageToBackgroundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-tab-state'), tabId: TabIdSchema }),
  z.object({ type: z.literal('analyse-tab'), tabId: TabIdSchema }),
  z.object({ type: z.literal('save-tab-article'), tabId: TabIdSchema }),
  /** compare the listed articles the analysis left out (its result's `notCompared`): the reply is the tab's state */
  z.object({ type: z.literal('compare-more-versions'), tabId: TabIdSchema }),
  // a corpus id, as CorpusRecordSchema bounds it
  z.object({ type: z.literal('get-corpus-article'), id: z.string().check(z.minLength(1), z.maxLength(200)) }),
]);
export type PageToBackground = z.infer<typeof PageToBackgroundSchema>;

export const CorpusArticleReplySchema = z.nullable(CorpusRecordSchema);

export const BackgroundBroadcastSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tab-state-changed'), tabId: TabIdSchema }),
  z.object({ type: z.literal('corpus-changed') }),
]);
export type BackgroundBroadcast = z.infer<typeof BackgroundBroadcastSchema>;

/** Replies, by request type. */
export interface PageReplies {
  'get-tab-state': TabState;
  'analyse-tab': TabState;
  'compare-more-versions': TabState;
  /** `message`: what the sidebar tells the reader (added, already there, replaced an earlier text, not saved and why) */
  'save-tab-article': { ok: true; id: string; message: string } | { ok: false; message: string };
  'get-corpus-article': z.infer<typeof CorpusArticleReplySchema>;
}
