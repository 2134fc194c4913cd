// The engine's entry point: one article against the corpus index -> the analysis the sidebar and
// the CLI show. Pure: no browser APIs, no DOM.
import type { CorpusSearch } from './corpus-search.ts';
import { CorpusIndex, type ArticleSummary, type Candidate, type IndexedArticle, type QueryProfile } from './corpus-index.ts';
import { computeFeatures, type ArticleFeatures, type EngineKnowledge } from './features.ts';
import { classifyPair, MATCH_WEIGHTS, matchWeights, queryPool, shippedMatchModel, withQuoteReason, type MatchOutcome } from './match.ts';
import type { MatchModel } from './match-model.ts';
import { ALL_SOURCES, explainedSources, findMissingContext, SOURCE_LIMITS, type ReadSide, type SourceLimits } from './missing-context.ts';
import { findTranslationDifferences } from './translation-differences.ts';
import type { AnalysisResult, CorpusRecord, RelatedArticle } from './schemas.ts';
import { parseIsoDay } from './dates.ts';

export interface ReadArticle {
  /** set when the article is itself a corpus record (the CLI's file name, a saved page's id) */
  id?: string | null;
  title: string;
  text: string;
  outlet?: string | null;
  url?: string | null;
  language?: string | null;
  published?: string | null;
}

export interface AnalyseOptions {
  /** how many related articles to list at most */
  maxRelated?: number;
  /** how many candidates to score fully */
  candidateLimit?: number;
  /** the matching model (the shipped one by default; the evaluation passes models fitted on other folds) */
  model?: MatchModel;
  /**
   * how many listed articles missing context and translation differences compare (the best scored
   * of each relation; `SOURCE_LIMITS` by default, `ALL_SOURCES` for every one): the rest are named
   * in the result's `notCompared` and compared on demand (`compareMoreVersions`)
   */
  sourceLimits?: Readonly<SourceLimits>;
}

/**
 * What an analysis keeps to compare more versions on demand without doing it again: the page's
 * features and every listed article, read (`compareMoreVersions`).
 */
export interface AnalysisContext {
  readonly read: ReadSide;
  readonly matches: readonly Match[];
  readonly entityIdf: (entityKey: string) => number;
  readonly knowledge: EngineKnowledge;
}

export function indexRecord(record: CorpusRecord, knowledge: EngineKnowledge): IndexedArticle {
  return { record, features: computeFeatures(record, knowledge) };
}

/**
 * Where the analysis reads the full articles (record and features) of the few corpus articles it
 * lists: the index holds only what matching needs. Ids it cannot find (deleted meanwhile) are
 * left out of the map.
 */
export type ArticleLoader = (ids: readonly string[]) => Promise<ReadonlyMap<string, IndexedArticle>> | ReadonlyMap<string, IndexedArticle>;

/** A corpus as the analysis sees it: the compact index, and where full articles are read. */
export interface Corpus {
  readonly index: CorpusSearch;
  readonly load: ArticleLoader;
}

/** A corpus held whole in memory (the CLI, the evaluation, the tests). */
export class MemoryCorpus implements Corpus {
  readonly index = new CorpusIndex();
  private readonly articles = new Map<string, IndexedArticle>();

  add(article: IndexedArticle, options: { bulk?: boolean } = {}): void {
    this.index.add(article, options);
    this.articles.set(article.record.id, article);
  }

  get(id: string): IndexedArticle | undefined {
    return this.articles.get(id);
  }

  readonly load = (ids: readonly string[]): ReadonlyMap<string, IndexedArticle> => {
    const out = new Map<string, IndexedArticle>();
    for (const id of ids) {
      const a = this.articles.get(id);
      if (a) out.set(id, a);
    }
    return out;
  };
}

export function buildCorpus(records: readonly CorpusRecord[], knowledge: EngineKnowledge): MemoryCorpus {
  const corpus = new MemoryCorpus();
  for (const r of records) corpus.add(indexRecord(r, knowledge), { bulk: true });
  corpus.index.settle();
  return corpus;
}

function shingles(f: ArticleFeatures, n = 5): Set<string> {
  const ws = f.sentences.map((x) => x.text).join(' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + n <= ws.length; i++) out.add(ws.slice(i, i + n).join(' '));
  return out;
}

/**
 * The same text with different furniture (a caption, a footer line): nearly all of its word
 * 5-grams shared. A version that words one sentence differently is another version, not this one.
 */
function nearDuplicate(a: ArticleFeatures, b: ArticleFeatures): boolean {
  if (a.language !== b.language) return false;
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size < 40 || sb.size < 40) return false;
  let shared = 0;
  for (const x of sa) if (sb.has(x)) shared++;
  return shared / (sa.size + sb.size - shared) >= 0.9;
}

/** A corpus article matched from the index alone (what matching needs, no text). */
export interface ProfileMatch extends MatchOutcome {
  summary: ArticleSummary;
}

/** A matched article with its record and features, as missing context and translation differences read it. */
export interface Match extends MatchOutcome {
  article: IndexedArticle;
}

function rank<T extends MatchOutcome>(list: T[]): T[] {
  return list.sort((a, b) => (a.relation === b.relation ? b.score - a.score : a.relation === 'same-story' ? -1 : 1));
}

/**
 * Same-story and related articles for one article, from the index alone: candidates from the
 * postings, each classified, ranked same story first, then by similarity.
 */
export function matchArticle(
  features: ArticleFeatures,
  index: CorpusSearch,
  selfId: string | null,
  options: AnalyseOptions = {},
  profile: QueryProfile = index.profile(features),
  candidates: readonly Candidate[] = index.candidates(profile, matchWeights(options.model), options.candidateLimit ?? 200, selfId),
): ProfileMatch[] {
  const norms = index.queryNorms(profile);
  // the pool the query-relative feature reads: these candidates, their cosines computed once here
  const pool = queryPool(profile, candidates, index, norms);
  const matches: ProfileMatch[] = [];
  for (const { slot } of candidates) {
    const summary = index.at(slot);
    if (!summary || summary.id === selfId) continue;
    const outcome = classifyPair(profile, summary, index, norms, options.model, pool);
    if (outcome.relation) matches.push({ ...outcome, summary });
  }
  return rank(matches).slice(0, options.maxRelated ?? 30);
}

/**
 * A near-duplicate shares nearly every word 5-gram, so nearly every term: its term cosine with the
 * article is far above this. Only candidates above it are read in full to compare texts.
 */
const NEAR_DUPLICATE_MIN_TERM_COSINE = 0.5;

/** The corpus article this article is, if any: by id, by exact text, or a near-duplicate text. */
export async function findInCorpus(
  features: ArticleFeatures,
  corpus: Corpus,
  id?: string | null,
  candidates?: readonly Candidate[],
  profile?: QueryProfile,
): Promise<IndexedArticle | null> {
  const { index } = corpus;
  const known = id && index.has(id) ? id : index.byText(features.fingerprint);
  if (known) return (await corpus.load([known])).get(known) ?? null;
  // the analysis passes the profile and candidates it has; alone, they are made here (only now: an id or text found needs neither)
  profile ??= index.profile(features);
  candidates ??= index.candidates(profile, MATCH_WEIGHTS, 5);
  const norms = index.queryNorms(profile);
  const ids = candidates
    .slice(0, 5)
    .filter((c) => index.cosines(profile, c.slot, norms).term >= NEAR_DUPLICATE_MIN_TERM_COSINE)
    .map((c) => index.at(c.slot))
    .filter((s): s is ArticleSummary => !!s && s.language === features.language)
    .map((s) => s.id);
  if (!ids.length) return null;
  const loaded = await corpus.load(ids);
  for (const cid of ids) {
    const c = loaded.get(cid);
    if (c && nearDuplicate(features, c.features)) return c;
  }
  return null;
}

export async function analyseArticle(input: ReadArticle, corpus: Corpus, knowledge: EngineKnowledge, options: AnalyseOptions = {}): Promise<AnalysisResult> {
  return (await analyseArticleInContext(input, corpus, knowledge, options)).result;
}

/** analyseArticle, and what it read, for `compareMoreVersions`. */
export async function analyseArticleInContext(input: ReadArticle, corpus: Corpus, knowledge: EngineKnowledge, options: AnalyseOptions = {}): Promise<{ result: AnalysisResult; context: AnalysisContext }> {
  const { index } = corpus;
  let features = computeFeatures(input, knowledge);
  let profile = index.profile(features);
  const limit = options.candidateLimit ?? 200;
  const weights = matchWeights(options.model);
  let candidates = index.candidates(profile, weights, limit);
  const self = await findInCorpus(features, corpus, input.id, candidates, profile);
  if (self && ((!input.published && self.record.published) || (!input.language && self.record.language))) {
    // the article is in the corpus: its record knows the dates and language the page did not say
    input = { ...input, published: input.published ?? self.record.published, language: input.language ?? self.features.language, outlet: input.outlet ?? self.record.outlet };
    features = computeFeatures(input, knowledge);
    profile = index.profile(features);
    candidates = index.candidates(profile, weights, limit);
  }
  const selfId = self?.record.id ?? null;
  const found = matchArticle(features, index, selfId, options, profile, candidates);
  const loaded = await corpus.load(found.map((m) => m.summary.id));
  const matches: Match[] = [];
  for (const m of found) {
    const article = loaded.get(m.summary.id);
    if (!article) continue; // removed since the index was read
    const { summary: _summary, ...outcome } = m;
    matches.push({ ...withQuoteReason(outcome, features.quotes, article.features.quotes), article });
  }
  const possible = (options.model ?? shippedMatchModel()).thresholds.possible;
  const related: RelatedArticle[] = matches.map((m) => ({
    id: m.article.record.id,
    outlet: m.article.record.outlet,
    title: m.article.record.title,
    url: m.article.record.url ?? null,
    published: m.article.record.published ?? null,
    language: m.article.record.language ?? m.article.features.language,
    textLanguage: m.article.features.language,
    relation: m.relation ?? 'related',
    timing: m.timing,
    eventDate: m.article.features.eventDate?.iso ?? null,
    score: m.score,
    confidence: m.confidence,
    possiblySame: m.relation !== 'same-story' && m.confidence >= possible,
    why: m.why,
    reasons: m.reasons,
  }));
  const read = { features, outlet: input.outlet ?? self?.record.outlet ?? null, id: selfId, published: input.published ?? self?.record.published ?? null };
  const context: AnalysisContext = { read, matches, entityIdf: (id) => index.entityIdf(id), knowledge };
  const result: AnalysisResult = {
    article: {
      title: input.title,
      outlet: read.outlet,
      language: features.language,
      wordCount: features.wordCount,
      published: read.published,
      inCorpus: selfId,
    },
    corpus: { articles: index.size, languages: index.languages },
    related,
    ...compared(context, options.sourceLimits ?? SOURCE_LIMITS),
  };
  return { result, context };
}

/**
 * Missing context and translation differences over the best-scored `limits` of the listed
 * articles, and the ids of the listed articles left out (`notCompared`, only when some are).
 */
function compared(context: AnalysisContext, limits: Readonly<SourceLimits>): Pick<AnalysisResult, 'missingContext' | 'translationDifferences' | 'notCompared'> {
  const { read, matches, knowledge } = context;
  const comparedNow = new Set(explainedSources(matches, undefined, limits));
  const notCompared = matches.filter((m) => !comparedNow.has(m)).map((m) => m.article.record.id);
  return {
    missingContext: findMissingContext(read, matches, knowledge, context.entityIdf, undefined, limits),
    translationDifferences: findTranslationDifferences(read, matches, knowledge, limits),
    ...(notCompared.length ? { notCompared } : {}),
  };
}

/**
 * The analysis with every listed article compared (missing context and translation differences
 * over all of them, not only the best-scored `SOURCE_LIMITS`): what "Show differences from N more"
 * asks. Reuses what the first analysis read and computed (the page's features, the listed
 * articles, their claims and passages); the listing itself is unchanged.
 */
export function compareMoreVersions(result: AnalysisResult, context: AnalysisContext): AnalysisResult {
  const { notCompared: _left, ...rest } = result;
  return { ...rest, ...compared(context, ALL_SOURCES) };
}

export { parseIsoDay };
