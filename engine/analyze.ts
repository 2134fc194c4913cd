// The engine's entry point: one article against the corpus index -> the analysis the sidebar and
// the CLI show. Pure: no browser APIs, no DOM.
import { CorpusIndex, type IndexedArticle } from './corpus-index.ts';
import { computeFeatures, type ArticleFeatures, type EngineKnowledge } from './features.ts';
import { classifyPair, type MatchOutcome } from './match.ts';
import { findMissingContext } from './missing-context.ts';
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
}

export function indexRecord(record: CorpusRecord, knowledge: EngineKnowledge): IndexedArticle {
  return { record, features: computeFeatures(record, knowledge) };
}

export function buildIndex(records: readonly CorpusRecord[], knowledge: EngineKnowledge): CorpusIndex {
  const index = new CorpusIndex();
  for (const r of records) index.add(indexRecord(r, knowledge));
  return index;
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

export interface Match extends MatchOutcome {
  article: IndexedArticle;
}

export function findInCorpus(features: ArticleFeatures, index: CorpusIndex, id?: string | null): IndexedArticle | null {
  if (id) {
    const byId = index.get(id);
    if (byId) return byId;
  }
  const byText = index.byText(features.fingerprint);
  if (byText) return byText;
  for (const cid of index.candidates(features, 5)) {
    const c = index.get(cid);
    if (c && nearDuplicate(features, c.features)) return c;
  }
  return null;
}

export function matchArticle(features: ArticleFeatures, index: CorpusIndex, selfId: string | null, options: AnalyseOptions = {}): Match[] {
  const matches: Match[] = [];
  for (const cid of index.candidates(features, options.candidateLimit ?? 200, selfId)) {
    const article = index.get(cid);
    if (!article) continue;
    const outcome = classifyPair(features, article.features, index);
    if (outcome.relation) matches.push({ ...outcome, article });
  }
  return matches.sort((a, b) => (a.relation === b.relation ? b.score - a.score : a.relation === 'same-story' ? -1 : 1)).slice(0, options.maxRelated ?? 30);
}

export function analyseArticle(input: ReadArticle, index: CorpusIndex, knowledge: EngineKnowledge, options: AnalyseOptions = {}): AnalysisResult {
  let features = computeFeatures(input, knowledge);
  const self = findInCorpus(features, index, input.id);
  if (self && ((!input.published && self.record.published) || (!input.language && self.record.language))) {
    // the article is in the corpus: its record knows the dates and language the page did not say
    input = { ...input, published: input.published ?? self.record.published, language: input.language ?? self.features.language, outlet: input.outlet ?? self.record.outlet };
    features = computeFeatures(input, knowledge);
  }
  const selfId = self?.record.id ?? null;
  const matches = matchArticle(features, index, selfId, options);
  const related: RelatedArticle[] = matches.map((m) => ({
    id: m.article.record.id,
    outlet: m.article.record.outlet,
    title: m.article.record.title,
    url: m.article.record.url ?? null,
    published: m.article.record.published ?? null,
    language: m.article.record.language ?? m.article.features.language,
    relation: m.relation ?? 'related',
    timing: m.timing,
    eventDate: m.article.features.eventDate?.iso ?? null,
    score: m.score,
    why: m.why,
  }));
  const read = { features, outlet: input.outlet ?? self?.record.outlet ?? null, id: selfId, published: input.published ?? self?.record.published ?? null };
  return {
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
    missingContext: findMissingContext(read, matches, knowledge, (id) => index.entityIdf(id)),
    translationDifferences: findTranslationDifferences(read, matches, knowledge),
  };
}

export { parseIsoDay };
