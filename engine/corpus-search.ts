// The seam between analysis and where the corpus lives. Analysis (engine/analyze.ts) and matching
// (engine/match.ts) ask a corpus only these questions; the in-memory CorpusIndex answers them on
// the device, and another backend (a newsroom's corpus server, say) can answer the same ones.
// Every implementation must pass the contract suite in test/unit/corpus-search-contract.test.ts.
import type { ArticleFeatures } from './features.ts';
import type { ArticleSummary, Candidate, Cosines, EntityInfo, QueryProfile, SimilarityWeights } from './corpus-index.ts';

export type { ArticleSummary, Candidate, Cosines, EntityInfo, QueryProfile, SimilarityWeights };

/** Norms of a query's vectors under a corpus's current statistics. */
export interface QueryNorms {
  term: number;
  lede: number;
  entity: number;
  ledeEntity: number;
}

export interface CorpusSearch {
  /** live articles */
  readonly size: number;
  /** languages of the live articles */
  readonly languages: string[];
  /** the earliest and latest publication day of the live articles */
  readonly dateSpan: { from: string | null; to: string | null };
  has(id: string): boolean;
  /** what matching needs of one article (no text) */
  get(id: string): ArticleSummary | undefined;
  at(slot: number): ArticleSummary | undefined;
  /** the id of the article with this text fingerprint */
  byText(fingerprint: string): string | undefined;
  entityInfo(id: number): EntityInfo | undefined;
  /** inverse document frequency of an entity, by its key and by its id */
  entityIdf(entityKey: string): number;
  entityIdfById(id: number): number;
  /** a query article resolved against the corpus's vocabulary (adds nothing) */
  profile(features: ArticleFeatures): QueryProfile;
  queryNorms(q: QueryProfile): QueryNorms;
  /** candidate articles for a query, best first, never `excludeId` nor a removed article */
  candidates(q: QueryProfile, weights: SimilarityWeights, limit?: number, excludeId?: string | null): Candidate[];
  /** the exact cosines of a query and one article */
  cosines(q: QueryProfile, slot: number, qn?: QueryNorms): Cosines;
}
