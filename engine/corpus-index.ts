// The in-memory index over the corpus: per-article features plus inverted postings from
// entities and terms to articles, and the statistics (document frequencies) that weight them.
// Adding or removing one article updates postings and statistics incrementally.
import type { CorpusRecord } from './schemas.ts';
import type { ArticleFeatures } from './features.ts';

export interface IndexedArticle {
  record: CorpusRecord;
  features: ArticleFeatures;
}

/** Postings longer than this share of the corpus are not used to find candidates (they carry
 * little weight and would make candidate search scan most of the corpus). */
const MAX_POSTING_SHARE = 0.2;
/** How many of a query's entities and terms are used to find candidates. */
const QUERY_ENTITIES = 12;
const QUERY_TERMS = 24;

export class CorpusIndex {
  private readonly articles = new Map<string, IndexedArticle>();
  private readonly entityPostings = new Map<string, Set<string>>();
  /** language -> term -> article ids */
  private readonly termPostings = new Map<string, Map<string, Set<string>>>();
  private readonly languageCounts = new Map<string, number>();
  private readonly byFingerprint = new Map<string, string>();

  get size(): number {
    return this.articles.size;
  }

  get languages(): string[] {
    return [...this.languageCounts.keys()].sort();
  }

  get(id: string): IndexedArticle | undefined {
    return this.articles.get(id);
  }

  all(): IterableIterator<IndexedArticle> {
    return this.articles.values();
  }

  byText(fingerprint: string): IndexedArticle | undefined {
    const id = this.byFingerprint.get(fingerprint);
    return id ? this.articles.get(id) : undefined;
  }

  add(article: IndexedArticle): void {
    const id = article.record.id;
    if (this.articles.has(id)) this.remove(id);
    this.articles.set(id, article);
    const f = article.features;
    for (const e of f.entities) addPosting(this.entityPostings, e.id, id);
    let terms = this.termPostings.get(f.language);
    if (!terms) this.termPostings.set(f.language, (terms = new Map()));
    for (const t of Object.keys(f.terms)) addPosting(terms, t, id);
    this.languageCounts.set(f.language, (this.languageCounts.get(f.language) ?? 0) + 1);
    this.byFingerprint.set(f.fingerprint, id);
  }

  remove(id: string): void {
    const article = this.articles.get(id);
    if (!article) return;
    this.articles.delete(id);
    const f = article.features;
    for (const e of f.entities) removePosting(this.entityPostings, e.id, id);
    const terms = this.termPostings.get(f.language);
    if (terms) for (const t of Object.keys(f.terms)) removePosting(terms, t, id);
    const n = (this.languageCounts.get(f.language) ?? 1) - 1;
    if (n > 0) this.languageCounts.set(f.language, n);
    else this.languageCounts.delete(f.language);
    if (this.byFingerprint.get(f.fingerprint) === id) this.byFingerprint.delete(f.fingerprint);
  }

  /** Inverse document frequency of an entity over the whole corpus. */
  entityIdf(entityId: string): number {
    const df = this.entityPostings.get(entityId)?.size ?? 0;
    return Math.log(1 + (this.articles.size + 1) / (df + 1));
  }

  /** Inverse document frequency of a term within one language. */
  termIdf(language: string, term: string): number {
    const n = this.languageCounts.get(language) ?? 0;
    const df = this.termPostings.get(language)?.get(term)?.size ?? 0;
    return Math.log(1 + (n + 1) / (df + 1));
  }

  /**
   * Candidate articles for a query: those sharing its most distinctive entities or terms, ranked by
   * the summed weight of what they share. Only postings are read, never every article.
   */
  candidates(query: ArticleFeatures, limit = 200, excludeId?: string | null): string[] {
    const scores = new Map<string, number>();
    const maxPosting = Math.max(50, this.articles.size * MAX_POSTING_SHARE);
    const ents = query.entities
      .map((e) => ({ key: e.id, w: e.weight * this.entityIdf(e.id) }))
      .sort((a, b) => b.w - a.w)
      .slice(0, QUERY_ENTITIES);
    for (const { key, w } of ents) {
      const posting = this.entityPostings.get(key);
      if (!posting || posting.size > maxPosting) continue;
      for (const id of posting) scores.set(id, (scores.get(id) ?? 0) + w);
    }
    const termMap = this.termPostings.get(query.language);
    if (termMap) {
      const terms = Object.entries(query.terms)
        .map(([t, tf]) => ({ key: t, w: (1 + Math.log(tf)) * this.termIdf(query.language, t) }))
        .sort((a, b) => b.w - a.w)
        .slice(0, QUERY_TERMS);
      for (const { key, w } of terms) {
        const posting = termMap.get(key);
        if (!posting || posting.size > maxPosting) continue;
        for (const id of posting) scores.set(id, (scores.get(id) ?? 0) + w * 0.5);
      }
    }
    if (excludeId) scores.delete(excludeId);
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id);
  }
}

function addPosting(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function removePosting(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
