// zod schemas: the source of truth for every shape that crosses a boundary
// (imported JSONL, stored records, messages, the CLI's JSON). Types come from z.infer.
// `zod/mini` keeps extension bundles small and free of eval.
import * as z from 'zod/mini';

/** What a JSON value is, for a message: "a number", "null", "an array". */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/**
 * A string field whose messages say what is wrong: missing, the wrong type (and which), empty, or
 * too long (how long, and the limit). describeIssues puts the field's name in front.
 */
function textField(name: string, max: number, options: { required?: boolean } = {}) {
  const tooLong = z.maxLength(max, { error: (issue) => `too long: ${(issue.input as string).length.toLocaleString('en')} characters (at most ${max.toLocaleString('en')})` });
  const field = z.string({ error: (issue) => (issue.input === undefined ? 'missing' : `expected ${name} as a string, got ${kindOf(issue.input)}`) });
  return options.required ? field.check(z.minLength(1, `${name} must not be empty`), tooLong) : field.check(tooLong);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether a string starts with a real calendar date, YYYY-MM-DD (a time may follow): month 01-12,
 * a day the month has (29 February in leap years only), year 0001 or later. "2023-13-45" and
 * "0000-00-00" are not dates.
 */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

const isoDate = z
  .string({ error: (issue) => `expected an ISO date such as 2023-03-16, got ${kindOf(issue.input)}` })
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}/, { message: 'expected an ISO date such as 2023-03-16', abort: true }),
    z.refine(isCalendarDate, { error: (issue) => `not a real calendar date: ${JSON.stringify((issue.input as string).slice(0, 10))} (expected YYYY-MM-DD, month 01-12, a day the month has)` }),
  );
const languageCode = z
  .string({ error: (issue) => `expected an ISO 639-1 code such as "en", got ${kindOf(issue.input)}` })
  .check(z.refine(isLanguageCode, 'expected an ISO 639-1 code such as "en"'));

/**
 * The longest each field of a corpus record may be. The schema below checks them; code that
 * builds a record (saving a page) cuts to them, so that what it writes is what the store accepts.
 */
export const RECORD_LIMITS = { id: 200, title: 1000, outlet: 300, url: 4000, text: 2_000_000 } as const;

/** Whether `value` is a language code a corpus record accepts ("en", "fil"). */
export function isLanguageCode(value: string): boolean {
  return /^[a-z]{2,3}$/.test(value);
}

/** One article as imported (JSONL line of `--corpus` or the options page) and as bundled. */
export const CorpusRecordSchema = z.object(
  {
    id: textField('id', RECORD_LIMITS.id, { required: true }),
    title: textField('title', RECORD_LIMITS.title),
    outlet: textField('outlet', RECORD_LIMITS.outlet, { required: true }),
    url: z.optional(z.nullable(textField('url', RECORD_LIMITS.url))),
    published: z.optional(z.nullable(isoDate)),
    language: z.optional(z.nullable(languageCode)),
    text: textField('text', RECORD_LIMITS.text, { required: true }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? `expected a JSON object (one article a line), got ${kindOf(issue.input)}` : undefined) },
);
export type CorpusRecord = z.infer<typeof CorpusRecordSchema>;

/**
 * The longest each field of an extracted article may be (and a page address in any message).
 * The schema below checks them where the content script's message arrives; the extraction cuts
 * every field to them (extraction/extract-article.ts), so a page cannot make its message invalid.
 */
export const EXTRACTED_LIMITS = { url: 4000, title: 2000, byline: 1000, siteName: 500, published: 100, language: 35, text: 2_000_000 } as const;

/** What the content script extracts from a page (or the CLI from a file). */
export const ExtractedArticleSchema = z.object({
  url: z.nullable(z.string().check(z.maxLength(EXTRACTED_LIMITS.url))),
  title: z.string().check(z.maxLength(EXTRACTED_LIMITS.title)),
  byline: z.nullable(z.string().check(z.maxLength(EXTRACTED_LIMITS.byline))),
  siteName: z.nullable(z.string().check(z.maxLength(EXTRACTED_LIMITS.siteName))),
  published: z.nullable(z.string().check(z.maxLength(EXTRACTED_LIMITS.published))),
  language: z.nullable(z.string().check(z.maxLength(EXTRACTED_LIMITS.language))),
  text: z.string().check(z.maxLength(EXTRACTED_LIMITS.text)),
});
export type ExtractedArticle = z.infer<typeof ExtractedArticleSchema>;

export const RelationSchema = z.enum(['same-story', 'related']);
export type Relation = z.infer<typeof RelationSchema>;


/** Why a listed article matched, as data (the CLI writes `why`, its English text; the sidebar words each reason in the UI's language). */
export const MatchReasonSchema = z.discriminatedUnion('kind', [
  /** names both give, by kind (people only as people), strongest first */
  z.object({ kind: z.enum(['people', 'places', 'organisations', 'names']), names: z.array(z.string()) }),
  /** no name in common: the headline and opening, or the wording, are alike */
  z.object({ kind: z.enum(['similar-opening', 'similar-wording', 'same-day']) }),
  z.object({ kind: z.literal('days-apart'), days: z.number() }),
  /** the listed article is in another language (a language code) */
  z.object({ kind: z.literal('language'), language: z.string() }),
  /** kinds of event both ledes name (the lexicon's names: call, visit…) */
  z.object({ kind: z.literal('event-kinds'), kinds: z.array(z.string()) }),
  /** related coverage of an event on another day (an ISO day), described by its main people and kind of event */
  z.object({ kind: z.enum(['earlier-event', 'later-event']), day: z.string(), event: z.string() }),
  z.object({ kind: z.literal('related-topic'), event: z.string() }),
  z.object({ kind: z.literal('quote'), quote: z.string() }),
]);
export type MatchReason = z.infer<typeof MatchReasonSchema>;

export const RelatedArticleSchema = z.object({
  id: z.string(),
  outlet: z.string(),
  title: z.string(),
  url: z.nullable(z.string()),
  published: z.nullable(z.string()),
  /** the article's own language (its record's), which its text may be a translation from */
  language: z.string(),
  /** the language of the text in the corpus, as the engine reads it (differs from `language` for a translation) */
  textLanguage: z.string(),
  relation: RelationSchema,
  /** earlier / later than the article read, for related coverage; null when unknown or same story */
  timing: z.nullable(z.enum(['earlier', 'later'])),
  eventDate: z.nullable(z.string()),
  score: z.number(),
  /** P(same story) from the fitted matcher, calibrated on held-out folds (`score` orders the listing: P(same) for the same story; for related coverage the models' score from the texts' similarity) */
  confidence: z.number().check(z.gte(0), z.lte(1)),
  /**
   * Related coverage whose `confidence` is at or above the model's `thresholds.possible` (below
   * the confident bar of `thresholds.same`): shown as "possibly the same story". Always false for
   * same-story matches.
   */
  possiblySame: z.boolean(),
  /** the reasons below in English words (the CLI's) */
  why: z.array(z.string()),
  reasons: z.array(MatchReasonSchema),
});
export type RelatedArticle = z.infer<typeof RelatedArticleSchema>;

export const MissingContextItemSchema = z.object({
  text: z.string(),
  kind: z.enum(['quote', 'statement', 'fact', 'development']),
  speaker: z.nullable(z.string()),
  speakerRole: z.nullable(z.string()),
  relation: RelationSchema,
  section: z.enum(['same-story', 'since-then', 'background']),
  sources: z.array(
    z.object({ id: z.string(), outlet: z.string(), published: z.nullable(z.string()), text: z.string() }),
  ),
  score: z.number(),
  /** place within its section, 0 first */
  rank: z.number(),
  /** among the few shown by default (at most 3 a section, 8 in all, whole clean sentences); the rest open on "Show all" */
  shown: z.boolean(),
});
export type MissingContextItem = z.infer<typeof MissingContextItemSchema>;

/**
 * What a translation difference is, as data (the CLI words it in English, the sidebar in the UI's
 * language: i18n/translation-notes.ts). `outlet` is the other version's outlet; numbers, modal
 * verbs, phrases and names are the articles' own words.
 */
export const TranslationNoteSchema = z.discriminatedUnion('code', [
  /** one rendering has a negation the other has not (dropped: the other version has fewer) */
  z.object({ code: z.enum(['negation-dropped', 'negation-added']), outlet: z.string() }),
  /** the numbers each states, this article's first */
  z.object({ code: z.literal('numbers-differ'), here: z.array(z.string()), there: z.array(z.string()), outlet: z.string() }),
  /** a modal verb replaced by another: the other version's (`to`) and this article's (`from`) */
  z.object({ code: z.literal('modality'), to: z.string(), from: z.string(), shift: z.enum(['softened', 'strengthened', 'changed']), outlet: z.string() }),
  /** a phrase missing in, or added in, the other version */
  z.object({ code: z.enum(['phrase-missing', 'phrase-added']), phrase: z.string(), outlet: z.string() }),
  z.object({ code: z.literal('quote-wording'), outlet: z.string() }),
  /** the same words given to two speakers: this article's and the other version's */
  z.object({ code: z.literal('attribution'), here: z.string(), there: z.string() }),
  /** one name spelled differently: the full name in each spelling, this article's first */
  z.object({ code: z.literal('name-spelling'), names: z.array(z.string()) }),
]);
export type TranslationNote = z.infer<typeof TranslationNoteSchema>;

export const TranslationDifferenceSchema = z.object({
  kind: z.enum(['quote-wording', 'modality', 'negation', 'omitted-phrase', 'number', 'name-spelling', 'attribution']),
  /** what differs, as data; the CLI's JSON adds `note`, its English words */
  detail: TranslationNoteSchema,
  speaker: z.nullable(z.string()),
  variants: z.array(
    z.object({
      text: z.string(),
      /** word diff against the first variant: equal / added / removed parts */
      parts: z.array(z.object({ value: z.string(), change: z.enum(['same', 'added', 'removed']) })),
      sources: z.array(z.object({ id: z.string(), outlet: z.string(), language: z.nullable(z.string()) })),
    }),
  ),
});
export type TranslationDifference = z.infer<typeof TranslationDifferenceSchema>;

/** The analysis of one article against the corpus: the CLI's --json output and what the sidebar shows. */
export const AnalysisResultSchema = z.object({
  article: z.object({
    title: z.string(),
    outlet: z.nullable(z.string()),
    language: z.string(),
    wordCount: z.number(),
    published: z.nullable(z.string()),
    inCorpus: z.nullable(z.string()),
  }),
  corpus: z.object({ articles: z.number(), languages: z.array(z.string()) }),
  related: z.array(RelatedArticleSchema),
  missingContext: z.array(MissingContextItemSchema),
  translationDifferences: z.array(TranslationDifferenceSchema),
  /**
   * listed articles that missing context and translation differences did not compare (beyond the
   * best-scored of each relation, engine/missing-context.ts SOURCE_LIMITS); absent when none
   */
  notCompared: z.optional(z.array(z.string())),
});
export type AnalysisResult = z.infer<typeof AnalysisResultSchema>;

/** Names the path and problem of each issue, e.g. `text: text must not be empty`. */
export function describeIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(record)'}: ${issue.message}`)
    .join('; ');
}
