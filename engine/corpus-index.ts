// The in-memory index over the corpus, compact enough for 100,000 articles: per article a summary
// (title, language, event date, event kinds, fingerprint) and one packed array of its term and
// entity ids; per term and entity an inverted posting list of packed (slot, count) integers; the
// document frequencies that weight them. Texts, sentences and quotes stay in the store and are
// loaded for the few articles an analysis lists (see analyze.ts).
//
// Adding an article updates postings and statistics incrementally. Removing one marks its slot
// dead and corrects the statistics at once; its postings are skipped, and dropped when the dead
// share grows (compaction).
import type { CorpusRecord } from './schemas.ts';
import type { ArticleFeatures, EntityWeight, EventDate, EventStatus } from './features.ts';
import type { CorpusSearch, QueryNorms } from './corpus-search.ts';
import { PostingAccumulators } from './posting-accumulators.ts';

export interface IndexedArticle {
  record: CorpusRecord;
  features: ArticleFeatures;
}

/** Entity kinds as stored in the features. */
export type EntityType = EntityWeight['type'];

export interface EntityInfo {
  key: string;
  canonical: string;
  type: EntityType;
  known: boolean;
}

/**
 * What the index keeps of one article for matching. `data` packs, one 32-bit word each:
 * terms `[0, ledeAt)` and lede terms `[ledeAt, entAt)` as `termId << 8 | min(count, 255)`, then
 * entities `[entAt, ancAt)` as `entityId << 8 | lede << 7 | person << 6 | min(mentionWeight, 63)`, in the
 * features' order (strongest entity first), then anchor tokens `[ancAt, end)` as a 24-bit hash of
 * the token `<< 8` (no postings: they are compared only for the candidates).
 */
export interface ArticleSummary {
  readonly slot: number;
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly events: readonly string[];
  /** the lede's event as planned or as having happened (features' eventStatus), null unmarked */
  readonly eventStatus: EventStatus | null;
  readonly eventDate: EventDate | null;
  readonly fingerprint: string;
  readonly published: string | null;
  /** the site the article was published on (features' `site`); absent where a backend does not keep it */
  readonly site?: string | null;
  readonly data: Uint32Array;
  readonly ledeAt: number;
  readonly entAt: number;
  readonly ancAt: number;
}

/**
 * How long a posting list may be, as a share of the corpus (of its language, for terms), for
 * candidate search to read it. Longer lists belong to common words and names (a country named in
 * a third of the corpus): their weight is low, and reading them would touch most articles. They
 * still count in the full comparison of the candidates.
 */
export const MAX_TERM_POSTING_SHARE = 0.05;
export const MAX_ENTITY_POSTING_SHARE = 0.1;
/**
 * Candidates ranked by the matcher's score from the cosines, per candidate returned, that are
 * re-ranked by its summary score (SimilarityWeights.summary). On the bench's 10,000-article corpus
 * (recall@10 of brute force's top 10, 20 queries, one process): 6 → 0.915, 10 → 0.955, 15 → 0.970,
 * 20 → 0.975, at CPU times within the machine's noise of each other.
 */
export const SUMMARY_POOL = 15;
/** Norms are recomputed when the corpus has grown or shrunk by this share since they were. */
const NORM_REFRESH_SHARE = 0.1;
/** Postings are compacted when this share of the slots is dead. */
const COMPACT_DEAD_SHARE = 0.25;
export const LEDE_BIT = 128;
/** the entity is a person (or a multi-word name from the alias table of no known kind) in this article */
export const PERSON_BIT = 64;
export const COUNT_MASK = 63;

/** People, and the alias table's multi-word names of no known kind: who a story is about. */
export function isPersonLike(info: { canonical: string; type: string; known: boolean }): boolean {
  return info.type === 'person' || (info.type === 'unknown' && info.canonical.includes(' ') && info.known);
}

/**
 * An article's packed ids in the summary layout (`data` with its section starts: terms, lede
 * terms, entities, anchors), with the ids `termId` and `entityId` give (called in that order: terms,
 * then lede terms, then entities). The one packing of the in-memory index and the team server.
 */
export function packSummaryData(f: ArticleFeatures, termId: (term: string) => number, entityId: (e: EntityWeight) => number): Pick<ArticleSummary, 'data' | 'ledeAt' | 'entAt' | 'ancAt'> {
  const termIds = Object.entries(f.terms).map(([t, n]) => (termId(t) << 8) | Math.min(n, 255));
  const ledeIds = Object.entries(f.ledeTerms).map(([t, n]) => (termId(t) << 8) | Math.min(n, 255));
  const lede = new Set(f.ledeEntities);
  const entityIds = f.entities.map((e) => (entityId(e) << 8) | entityBits(e, lede.has(e.id)));
  const anchorIds = [...new Set((f.anchors ?? []).map(anchorHash))].map((h) => h << 8);
  const data = new Uint32Array(termIds.length + ledeIds.length + entityIds.length + anchorIds.length);
  data.set(termIds, 0);
  data.set(ledeIds, termIds.length);
  data.set(entityIds, termIds.length + ledeIds.length);
  data.set(anchorIds, termIds.length + ledeIds.length + entityIds.length);
  return { data, ledeAt: termIds.length, entAt: termIds.length + ledeIds.length, ancAt: termIds.length + ledeIds.length + entityIds.length };
}

/** An entity's low 8 bits as summaries, queries and the team server pack them: lede bit, person bit, mention weight. */
export function entityBits(e: ArticleFeatures['entities'][number], inLede: boolean): number {
  return (inLede ? LEDE_BIT : 0) | (isPersonLike(e) ? PERSON_BIT : 0) | packWeight(e.weight);
}

/** An entity's weight in an article from its packed mention weight (lede mentions count twice). */
export function entityWeight(raw: number): number {
  return 1 + Math.log(raw);
}

/** A term's weight from its count in the article. */
export function termWeight(count: number): number {
  return 1 + Math.log(count);
}

/** How the four cosines add up to one similarity (match.ts's MATCH_WEIGHTS). */
export interface SimilarityWeights {
  entity: number;
  term: number;
  ledeTerm: number;
  ledeEntity: number;
  /** across languages only the entity parts count: this share for the entity cosine, the rest for the lede entities */
  crossEntity: number;
  /**
   * The score candidates are first ranked by, from their cosines (the matcher's own model, so that
   * candidates are ranked as the classifier will rank them); the mix of the weights above when absent.
   * Called for every article found, with one cosines object rewritten between calls: keep nothing of it.
   */
  rerank?: (c: Cosines, sameLanguage: boolean) => number;
  /**
   * The score the best of the first ranking are re-ranked by, from a candidate's summary and its
   * cosines (what the summary adds: dates, kinds of event, people): the matcher's listing order.
   */
  summary?: (q: QueryProfile, c: ArticleSummary, postingCosines: Cosines, index: CorpusSearch, qn: QueryNorms) => number;
  /**
   * Whether `summary` of an article is certainly below `worst`, from a cheaper reading: the pool's
   * articles below the worst of the best `limit` found so far are not re-ranked (they could not enter).
   */
  summaryBelow?: (q: QueryProfile, c: ArticleSummary, postingCosines: Cosines, sameLanguage: boolean, worst: number) => boolean;
}

/** The entity, lede-entity, term and lede-term cosines of two articles. */
export interface Cosines {
  entity: number;
  ledeEntity: number;
  term: number;
  lede: number;
  /** the idf mass of the names both articles give (not normalised: long texts are not diluted) */
  entityShared: number;
  /** the idf mass of the anchor tokens both give (names and numbers as written, any language) */
  anchorShared: number;
}

/** The similarity of two articles from their cosines: one formula for candidate search and the classifier. */
export function mixSimilarity(w: SimilarityWeights, sameLanguage: boolean, entity: number, ledeEntity: number, term: number, lede: number): number {
  return sameLanguage ? w.entity * entity + w.term * term + w.ledeTerm * lede + w.ledeEntity * ledeEntity : w.crossEntity * entity + (1 - w.crossEntity) * ledeEntity;
}

/** A token's 24-bit FNV-1a hash: anchors need no vocabulary (a rare collision only merges two rare tokens' counts). */
export function anchorHash(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0xffffff;
}

/**
 * The corpus statistics the similarity formulas read. CorpusIndex holds them for the whole corpus;
 * a team server's slice (remote/slice-search.ts) for the articles one query touches. Both compute
 * profiles, norms and cosines with the functions below, so they agree by construction.
 */
export interface CorpusStatistics {
  termIdfById(id: number, language: string): number;
  entityIdfById(id: number): number;
  anchorIdf(hash: number): number;
}

/** An article's four norms as stored: term, lede term, entity, lede-entity weight. */
export interface ArticleNorms {
  term: number;
  lede: number;
  entity: number;
  ledeEntity: number;
}

/** A query article resolved against a vocabulary (`termId` of its language's terms, `entityId` of entity keys; undefined: unknown). */
export function resolveQuery(features: ArticleFeatures, termId: (term: string) => number | undefined, entityId: (key: string) => number | undefined): QueryProfile {
  const terms = new Map<number, number>();
  const ledeTerms = new Map<number, number>();
  let unknownTerms = 0;
  let unknownLedeTerms = 0;
  for (const [t, n] of Object.entries(features.terms)) {
    const id = termId(t);
    if (id === undefined) unknownTerms += termWeight(n) ** 2;
    else terms.set(id, Math.min(n, 255));
  }
  for (const [t, n] of Object.entries(features.ledeTerms)) {
    const id = termId(t);
    if (id === undefined) unknownLedeTerms += termWeight(n) ** 2;
    else ledeTerms.set(id, Math.min(n, 255));
  }
  const lede = new Set(features.ledeEntities);
  const entities = new Map<number, number>();
  const entityIds = features.entities.map((e) => {
    const id = entityId(e.id);
    if (id === undefined) return -1;
    entities.set(id, entityBits(e, lede.has(e.id)));
    return id;
  });
  const anchors = new Set((features.anchors ?? []).map(anchorHash));
  return { features, language: features.language, terms, ledeTerms, unknownTerms, unknownLedeTerms, entities, entityIds, anchors };
}

/** Norms of a query's vectors under the given statistics. */
export function queryNormsOf(q: QueryProfile, stats: CorpusStatistics, entityId: (key: string) => number | undefined): QueryNorms {
  const unknownIdf = stats.termIdfById(-1, q.language);
  let term = q.unknownTerms * unknownIdf * unknownIdf;
  for (const [id, n] of q.terms) term += (termWeight(n) * stats.termIdfById(id, q.language)) ** 2;
  let lede = q.unknownLedeTerms * unknownIdf * unknownIdf;
  for (const [id, n] of q.ledeTerms) lede += (termWeight(n) * stats.termIdfById(id, q.language)) ** 2;
  let entity = 0;
  let ledeEntity = 0;
  const lede2 = new Set(q.features.ledeEntities);
  for (const e of q.features.entities) {
    const idf = stats.entityIdfById(entityId(e.id) ?? -1);
    entity += (e.weight * idf) ** 2;
    if (lede2.has(e.id)) ledeEntity += idf;
  }
  return { term: Math.sqrt(term), lede: Math.sqrt(lede), entity: Math.sqrt(entity), ledeEntity };
}

/** An article's four norms under the given statistics (what CorpusIndex stores per article). */
export function summaryNorms(s: { data: ArrayLike<number>; ledeAt: number; entAt: number; ancAt: number; language: string }, stats: Pick<CorpusStatistics, 'termIdfById' | 'entityIdfById'>): ArticleNorms {
  let term = 0;
  let lede = 0;
  let entity = 0;
  let ledeEntity = 0;
  for (let i = 0; i < s.data.length; i++) {
    const v = s.data[i]!;
    const id = v >>> 8;
    if (i < s.ledeAt) term += (termWeight(v & 255) * stats.termIdfById(id, s.language)) ** 2;
    else if (i < s.entAt) lede += (termWeight(v & 255) * stats.termIdfById(id, s.language)) ** 2;
    else if (i < s.ancAt) {
      const idf = stats.entityIdfById(id);
      entity += (entityWeight(v & COUNT_MASK) * idf) ** 2;
      if (v & LEDE_BIT) ledeEntity += idf;
    }
  }
  return { term: Math.sqrt(term), lede: Math.sqrt(lede), entity: Math.sqrt(entity), ledeEntity };
}

/** The idf mass of the anchor tokens a query and an article both give. */
export function sharedAnchorMass(q: QueryProfile, s: ArticleSummary, stats: CorpusStatistics): number {
  let shared = 0;
  for (let i = s.ancAt; i < s.data.length; i++) {
    const h = s.data[i]! >>> 8;
    if (q.anchors.has(h)) shared += stats.anchorIdf(h);
  }
  return shared;
}

/**
 * The cosines of a query and one article, every term and entity counted (dot products from the
 * article's packed ids, the article's norms as stored). The term cosines are 0 across languages
 * (terms are weighted within one).
 */
export function pairCosines(q: QueryProfile, s: ArticleSummary, norms: ArticleNorms, qn: QueryNorms, stats: CorpusStatistics): Cosines {
  const d = s.data;
  let entityDot = 0;
  let ledeEntityShared = 0;
  let entityShared = 0;
  const anchorShared = sharedAnchorMass(q, s, stats);
  for (let i = s.entAt; i < s.ancAt; i++) {
    const v = d[i]!;
    const qv = q.entities.get(v >>> 8);
    if (qv === undefined) continue;
    const idf = stats.entityIdfById(v >>> 8);
    entityShared += idf;
    entityDot += entityWeight(qv & COUNT_MASK) * entityWeight(v & COUNT_MASK) * idf * idf;
    if (qv & LEDE_BIT && v & LEDE_BIT) ledeEntityShared += idf;
  }
  const entity = qn.entity && norms.entity ? entityDot / (qn.entity * norms.entity) : 0;
  const ledeEntityDen = Math.sqrt(qn.ledeEntity * norms.ledeEntity);
  const ledeEntity = ledeEntityDen ? ledeEntityShared / ledeEntityDen : 0;
  if (s.language !== q.language) return { entity, ledeEntity, term: 0, lede: 0, entityShared, anchorShared };
  let termDot = 0;
  let ledeDot = 0;
  for (let i = 0; i < s.entAt; i++) {
    const v = d[i]!;
    const qt = (i < s.ledeAt ? q.terms : q.ledeTerms).get(v >>> 8);
    if (qt === undefined) continue;
    const idf = stats.termIdfById(v >>> 8, s.language);
    const x = termWeight(qt) * termWeight(v & 255) * idf * idf;
    if (i < s.ledeAt) termDot += x;
    else ledeDot += x;
  }
  return { entity, ledeEntity, term: qn.term && norms.term ? termDot / (qn.term * norms.term) : 0, lede: qn.lede && norms.lede ? ledeDot / (qn.lede * norms.lede) : 0, entityShared, anchorShared };
}

/** Posting lists shorter than this are plain arrays (a typed array costs ~200 bytes of its own). */
const SMALL_POSTINGS = 32;

/**
 * Posting lists by term or entity id, append-only. Packed (after a bulk load, a restore or a
 * compaction: `pack`), every list lies in one array, `values[offsets[id], offsets[id + 1])`, with
 * no object of its own (at 100,000 articles, a typed array or a plain array per list cost ~30 MB).
 * A list that changes after is moved out of the packed array (its place there stays unused until
 * the next pack), as are the lists of ids new since: a single posting kept inline in a typed
 * column, short lists plain arrays of exactly their length (a growing array reserves 17 slots),
 * longer lists typed arrays that double.
 */
class PostingLists {
  private offsets: Uint32Array = new Uint32Array(1);
  private values: Uint32Array = new Uint32Array(0);
  /** lists moved out of (or never in) the packed array */
  private lists: Array<number[] | Uint32Array | undefined> = [];
  private readonly lengths = new IntColumn();
  /** the posting of ids that have exactly one, outside the packed array (as an int32 bit pattern) */
  private readonly single = new IntColumn();
  private readonly one = new Uint32Array(1);

  /** Whether the id's postings are the packed ones. */
  private packed(id: number, n: number): boolean {
    return n > 0 && this.lists[id] === undefined && id + 1 < this.offsets.length && this.offsets[id + 1]! - this.offsets[id]! === n;
  }

  push(id: number, value: number): void {
    const n = this.lengths.get(id);
    if (this.packed(id, n)) {
      // moved out of the packed array, as a list of its own (typed: with the room the push below would double it to)
      const from = this.offsets[id]!;
      if (n < SMALL_POSTINGS) this.lists[id] = Array.from(this.values.subarray(from, from + n));
      else {
        const typed = new Uint32Array(n * 2);
        typed.set(this.values.subarray(from, from + n));
        this.lists[id] = typed;
      }
    }
    const list = this.lists[id];
    if (n === 0) this.single.set(id, value | 0);
    else if (n === 1 && list === undefined) this.lists[id] = [this.single.get(id) >>> 0, value];
    else if (Array.isArray(list)) {
      if (n < SMALL_POSTINGS) {
        // a new array of exactly n + 1 (push would reserve room for 16 more)
        const next = new Array<number>(n + 1);
        for (let i = 0; i < n; i++) next[i] = list[i]!;
        next[n] = value;
        this.lists[id] = next;
      } else {
        const typed = new Uint32Array(n * 2);
        typed.set(list);
        typed[n] = value;
        this.lists[id] = typed;
      }
    } else if (list) {
      if (n < list.length) list[n] = value;
      else {
        const typed = new Uint32Array(n * 2);
        typed.set(list);
        typed[n] = value;
        this.lists[id] = typed;
      }
    }
    this.lengths.add(id, 1);
  }

  length(id: number): number {
    return this.lengths.get(id);
  }

  /**
   * The array that holds an id's postings, from `start(id)`, `length(id)` of them; valid until
   * the next call (a single posting is returned in a scratch array).
   */
  list(id: number): ArrayLike<number> | undefined {
    const list = this.lists[id];
    if (list) return list;
    const n = this.lengths.get(id);
    if (this.packed(id, n)) return this.values;
    if (n !== 1) return undefined;
    this.one[0] = this.single.get(id) >>> 0;
    return this.one;
  }

  /** Where an id's postings start in the array `list(id)` gives. */
  start(id: number): number {
    return this.packed(id, this.lengths.get(id)) ? this.offsets[id]! : 0;
  }

  /**
   * A restore (CorpusIndex.fromSnapshotState), on empty lists: every id's postings given at once,
   * `values[offsets[id], offsets[id + 1])`, taken over as the packed lists.
   */
  load(offsets: Uint32Array, values: Uint32Array): void {
    const ids = offsets.length - 1;
    const lengths = new Int32Array(Math.max(1024, ids));
    for (let id = 0; id < ids; id++) lengths[id] = offsets[id + 1]! - offsets[id]!;
    this.lengths.data = lengths;
    this.offsets = offsets;
    this.values = values;
  }

  /** Packs every list into one array (after a bulk load): no list keeps an object or room of its own. */
  pack(): void {
    this.repack(() => true);
  }

  /** Keeps only the postings `keep` accepts, in every list (packed). */
  filter(keep: (value: number) => boolean): void {
    this.repack(keep);
  }

  private repack(keep: (value: number) => boolean): void {
    const ids = this.lengths.data.length;
    let total = 0;
    for (let id = 0; id < ids; id++) total += this.lengths.get(id);
    const offsets = new Uint32Array(ids + 1);
    const values = new Uint32Array(total);
    let at = 0;
    for (let id = 0; id < ids; id++) {
      offsets[id] = at;
      const n = this.lengths.get(id);
      if (n === 0) continue;
      const list = this.list(id)!;
      const from = this.start(id);
      for (let i = from; i < from + n; i++) if (keep(list[i]!)) values[at++] = list[i]!;
    }
    offsets[ids] = at;
    for (let id = 0; id < ids; id++) this.lengths.data[id] = offsets[id + 1]! - offsets[id]!;
    this.offsets = offsets;
    this.values = at === total ? values : values.slice(0, at);
    this.lists = [];
  }
}

/** Growable typed arrays indexed by slot, entity or term id. */
class FloatColumn {
  data = new Float64Array(1024);
  set(i: number, v: number): void {
    if (i >= this.data.length) {
      const next = new Float64Array(Math.max(i + 1, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = v;
  }
  get(i: number): number {
    return this.data[i] ?? 0;
  }
}

class IntColumn {
  data = new Int32Array(1024);
  /** Counts taken over as a column's data (not read or written elsewhere after), at least a new column's length. */
  static dataOf(counts: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
    if (counts.length >= 1024) return counts;
    const data = new Int32Array(1024);
    data.set(counts);
    return data;
  }
  set(i: number, v: number): void {
    this.add(i, v - this.get(i));
  }
  add(i: number, delta: number): void {
    if (i >= this.data.length) {
      const next = new Int32Array(Math.max(i + 1, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[i] = (this.data[i] ?? 0) + delta;
  }
  get(i: number): number {
    return i < this.data.length ? this.data[i]! : 0;
  }
}

/** A query article resolved against the index's vocabulary, built once per analysis. */
export interface QueryProfile {
  features: ArticleFeatures;
  language: string;
  /** term id -> count; terms the corpus never had are only in the norm */
  terms: Map<number, number>;
  ledeTerms: Map<number, number>;
  /** sum of squared weights of terms (and lede terms) absent from the vocabulary */
  unknownTerms: number;
  unknownLedeTerms: number;
  /** entity id -> packed mention weight and lede bit, as in ArticleSummary */
  entities: Map<number, number>;
  /** entity ids in the features' order; -1 for entities the corpus never had */
  entityIds: number[];
  /** hashed anchor tokens (features' anchors) */
  anchors: Set<number>;
}

export interface Candidate {
  slot: number;
  /** the approximate similarity candidates were ranked by */
  score: number;
}

/**
 * What a snapshot of the index keeps (engine/corpus-index-snapshot.ts encodes it): everything that
 * cannot be derived from the summaries, as it is (norms as computed, ids as assigned), so that a
 * restored index answers exactly as the one it was taken from. Postings, document frequencies and
 * counts are derived again from the summaries on restore.
 */
export interface CorpusIndexState {
  /** by slot; null for a removed article's slot */
  summaries: ReadonlyArray<ArticleSummary | null>;
  /** fingerprint -> id, as the index keeps it (the last article added with that text, until removed) */
  byFingerprint: ReadonlyMap<string, string>;
  /** per language: term -> id */
  termsByLanguage: ReadonlyMap<string, ReadonlyMap<string, number>>;
  termCount: number;
  /** by entity id */
  entities: readonly EntityInfo[];
  /** by language id */
  languages: readonly string[];
  /** per slot, as last computed */
  norms: { term: Float64Array; lede: Float64Array; entity: Float64Array; ledeEntity: Float64Array };
  /** the corpus size the norms were last computed at */
  normsAt: number;
}

export class CorpusIndex implements CorpusSearch {
  private readonly summaries: Array<ArticleSummary | null> = [];
  private readonly slotById = new Map<string, number>();
  private readonly byFingerprint = new Map<string, string>();
  private readonly publishedDays = new Map<string, number>();
  private live = 0;
  private dead = 0;

  /** per language: term -> id (terms are weighted within their language) */
  private readonly termIdsByLanguage = new Map<string, Map<string, number>>();
  private termCount = 0;
  private readonly termDf = new IntColumn();
  private readonly termPostings = new PostingLists();
  private readonly ledePostings = new PostingLists();

  private readonly entityIdByKey = new Map<string, number>();
  private readonly entityInfos: EntityInfo[] = [];
  private readonly entityDf = new IntColumn();
  private readonly entityPostings = new PostingLists();
  /** hashed anchor token -> id (ids stay when an anchor's last article goes) */
  private readonly anchorIds = new Map<number, number>();
  /** document frequency of each anchor id */
  private readonly anchorDf = new IntColumn();
  /** anchor id -> the slots that give it (value slot << 8): anchors reach articles in any language */
  private readonly anchorPostings = new PostingLists();

  /** see shared() */
  private readonly sharedValues = new Map<string, unknown>();
  private readonly languageIds = new Map<string, number>();
  private readonly languageNames: string[] = [];
  private readonly languageCounts = new IntColumn();

  /** per slot: norms of the term, lede-term and entity vectors, and the idf sum of lede entities */
  private readonly termNorm = new FloatColumn();
  private readonly ledeNorm = new FloatColumn();
  private readonly entityNorm = new FloatColumn();
  private readonly ledeEntityWeight = new FloatColumn();
  private normsAt = 0;

  /** candidate search's per-article sums, reused across queries */
  private readonly sums = new PostingAccumulators();
  /** per slot: the article's language id, -1 once removed */
  private readonly slotLanguage = new IntColumn();

  get size(): number {
    return this.live;
  }

  get languages(): string[] {
    return this.languageNames.filter((_, i) => this.languageCounts.get(i) > 0).sort();
  }

  /** The first and last publication day of the corpus. */
  get dateSpan(): { from: string | null; to: string | null } {
    let from: string | null = null;
    let to: string | null = null;
    for (const day of this.publishedDays.keys()) {
      if (from === null || day < from) from = day;
      if (to === null || day > to) to = day;
    }
    return { from, to };
  }

  has(id: string): boolean {
    return this.slotById.has(id);
  }

  get(id: string): ArticleSummary | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : (this.summaries[slot] ?? undefined);
  }

  at(slot: number): ArticleSummary | undefined {
    return this.summaries[slot] ?? undefined;
  }

  *all(): IterableIterator<ArticleSummary> {
    for (const s of this.summaries) if (s) yield s;
  }

  /** The id of the article with exactly this text (fingerprint), if any. */
  byText(fingerprint: string): string | undefined {
    return this.byFingerprint.get(fingerprint);
  }

  entityInfo(id: number): EntityInfo | undefined {
    return this.entityInfos[id];
  }

  /**
   * Adds (or replaces) one article. `bulk`: leave its norms to the `settle()` that must follow a
   * bulk load (norms computed as articles arrive would use early, unrepresentative statistics).
   */
  add(article: IndexedArticle, options: { bulk?: boolean } = {}): void {
    const { record, features: f } = article;
    if (this.slotById.has(record.id)) this.remove(record.id);
    const slot = this.summaries.length;
    const lang = this.languageId(f.language);
    const vocabulary = this.vocabulary(f.language);
    const packed = packSummaryData(
      f,
      (t) => this.termId(vocabulary, t),
      (e) => this.entityId(e),
    );
    // values many articles have (a day, a site, kinds of event, an event date) are kept once, not once per article
    const summary: ArticleSummary = {
      slot,
      id: record.id,
      title: f.title,
      language: this.languageNames[lang]!,
      events: this.shared('e', f.events),
      eventStatus: f.eventStatus ?? null,
      eventDate: f.eventDate && this.shared('d', f.eventDate),
      fingerprint: f.fingerprint,
      published: record.published ? this.shared('p', record.published.slice(0, 10)) : null,
      site: f.site ? this.shared('s', f.site) : null,
      ...packed,
    };
    this.summaries.push(summary);
    this.slotById.set(record.id, slot);
    this.byFingerprint.set(f.fingerprint, record.id);
    if (summary.published) this.publishedDays.set(summary.published, (this.publishedDays.get(summary.published) ?? 0) + 1);
    this.languageCounts.add(lang, 1);
    this.slotLanguage.set(slot, lang);
    this.live++;
    const data = summary.data;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      const id = v >>> 8;
      const posting = (slot << 8) | (v & 255);
      if (i < summary.ledeAt) {
        this.termDf.add(id, 1);
        this.termPostings.push(id, posting);
      } else if (i < summary.entAt) {
        this.ledePostings.push(id, posting);
      } else if (i < summary.ancAt) {
        this.entityDf.add(id, 1);
        this.entityPostings.push(id, posting);
      } else {
        const anchor = this.anchorId(id);
        this.anchorDf.add(anchor, 1);
        this.anchorPostings.push(anchor, slot << 8);
      }
    }
    if (!options.bulk) this.computeNorms(summary);
  }

  remove(id: string): void {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    const s = this.summaries[slot]!;
    this.summaries[slot] = null;
    this.slotById.delete(id);
    if (this.byFingerprint.get(s.fingerprint) === id) this.byFingerprint.delete(s.fingerprint);
    if (s.published) {
      const n = (this.publishedDays.get(s.published) ?? 1) - 1;
      if (n > 0) this.publishedDays.set(s.published, n);
      else this.publishedDays.delete(s.published);
    }
    const lang = this.languageIds.get(s.language)!;
    this.languageCounts.add(lang, -1);
    this.slotLanguage.set(slot, -1);
    for (let i = 0; i < s.data.length; i++) {
      if (i < s.ledeAt) this.termDf.add(s.data[i]! >>> 8, -1);
      else if (i >= s.entAt && i < s.ancAt) this.entityDf.add(s.data[i]! >>> 8, -1);
      else if (i >= s.ancAt) this.anchorDf.add(this.anchorIds.get(s.data[i]! >>> 8)!, -1);
    }
    this.live--;
    this.dead++;
    if (this.dead > 64 && this.dead > COMPACT_DEAD_SHARE * (this.live + this.dead)) this.compact();
  }

  /** Inverse document frequency of an entity (by its key) over the whole corpus. */
  entityIdf(entityKey: string): number {
    const id = this.entityIdByKey.get(entityKey);
    return this.entityIdfById(id === undefined ? -1 : id);
  }

  entityIdfById(id: number): number {
    const df = id < 0 ? 0 : this.entityDf.get(id);
    return Math.log(1 + (this.live + 1) / (df + 1));
  }

  /** Inverse document frequency of a hashed anchor token over the whole corpus. */
  anchorIdf(hash: number): number {
    const id = this.anchorIds.get(hash);
    return this.anchorIdfById(id === undefined ? -1 : id);
  }

  private anchorIdfById(id: number): number {
    return Math.log(1 + (this.live + 1) / ((id < 0 ? 0 : this.anchorDf.get(id)) + 1));
  }

  /** Inverse document frequency of a term (by its id) within its language. */
  termIdfById(id: number, language: string): number {
    const lang = this.languageIds.get(language);
    const n = lang === undefined ? 0 : this.languageCounts.get(lang);
    const df = id < 0 ? 0 : this.termDf.get(id);
    return Math.log(1 + (n + 1) / (df + 1));
  }

  /** Inverse document frequency of a term within one language. */
  termIdf(language: string, term: string): number {
    return this.termIdfById(this.termIdsByLanguage.get(language)?.get(term) ?? -1, language);
  }

  /** Resolves a query article against the vocabulary (it adds nothing to the index). */
  profile(features: ArticleFeatures): QueryProfile {
    const vocabulary = this.termIdsByLanguage.get(features.language);
    return resolveQuery(features, (t) => vocabulary?.get(t), (key) => this.entityIdByKey.get(key));
  }

  /** Norms of a query's vectors, with the current statistics. */
  queryNorms(q: QueryProfile): QueryNorms {
    return queryNormsOf(q, this, (key) => this.entityIdByKey.get(key));
  }

  /**
   * Candidate articles for a query, from postings only. The articles are found through the
   * posting lists of the query's rarer terms, names and anchors (anchors reach articles in other
   * languages); the lists of common ones (see MAX_TERM_POSTING_SHARE) then add to the articles
   * already found, and find none. So every article found has its exact cosines (term, lede-term,
   * entity, lede-entity, shared names, shared anchors), ranked by the matcher's score from them
   * (`rerank`), the best `limit * SUMMARY_POOL` re-ranked by the listing score with what the
   * summaries add (`summary`: dates, kinds of event, people). Never reads every article.
   */
  candidates(q: QueryProfile, weights: SimilarityWeights, limit = 200, excludeId?: string | null): Candidate[] {
    this.refreshNormsIfStale();
    const sums = this.sums;
    sums.reserve(this.summaries.length);
    const langId = this.languageIds.get(q.language) ?? -1;
    const langCount = langId < 0 ? 0 : this.languageCounts.get(langId);
    const maxTermPosting = Math.max(50, langCount * MAX_TERM_POSTING_SHARE);
    const maxEntityPosting = Math.max(50, this.live * MAX_ENTITY_POSTING_SHARE);
    // the lists that find articles first, then the common ones, which add to the articles found
    // (long by document frequency, exact, not list length, which counts removed articles until compaction)
    for (const common of [false, true]) {
      for (const [lede, query, postings] of [[false, q.terms, this.termPostings], [true, q.ledeTerms, this.ledePostings]] as const) {
        for (const [id, n] of query) {
          if (this.termDf.get(id) > maxTermPosting !== common) continue;
          const p = postings.list(id);
          if (!p) continue;
          const from = postings.start(id);
          const idf = this.termIdfById(id, q.language);
          sums.addTerms(lede, p, from, from + postings.length(id), termWeight(n) * idf * idf, !common);
        }
      }
      for (const [id, packed] of q.entities) {
        if (this.entityDf.get(id) > maxEntityPosting !== common) continue;
        const p = this.entityPostings.list(id);
        if (!p) continue;
        const from = this.entityPostings.start(id);
        const idf = this.entityIdfById(id);
        sums.addEntities(p, from, from + this.entityPostings.length(id), entityWeight(packed & COUNT_MASK) * idf * idf, idf, (packed & LEDE_BIT) !== 0, !common);
      }
      for (const hash of q.anchors) {
        const id = this.anchorIds.get(hash);
        if (id === undefined || this.anchorDf.get(id) > maxEntityPosting !== common) continue;
        const p = this.anchorPostings.list(id);
        if (!p) continue;
        const from = this.anchorPostings.start(id);
        sums.addAnchors(p, from, from + this.anchorPostings.length(id), this.anchorIdfById(id), !common);
      }
    }
    // hot loops read only typed arrays: the summaries (objects all over the heap) are not touched
    const { term: accTerm, lede: accLede, entity: accEntity, ledeEntity: accLedeEntity, entityShared: accEntityShared, anchor: accAnchor, touched, found: touchedCount } = sums;
    const qn = this.queryNorms(q);
    const w = weights;
    const excludeSlot = excludeId ? (this.slotById.get(excludeId) ?? -1) : -1;
    const entityNorm = this.entityNorm.data;
    const ledeEntityWeight = this.ledeEntityWeight.data;
    const termNorm = this.termNorm.data;
    const ledeNorm = this.ledeNorm.data;
    const slotLanguage = this.slotLanguage.data;
    // The cosines of a found slot: every posting of the query read, so the same as `cosines` gives
    // (written into `into`: the first ranking scores every article found with one object).
    const cosinesOf = (slot: number, lang: number, into: Cosines): Cosines => {
      const en = entityNorm[slot]!;
      const entity = qn.entity && en ? accEntity[slot]! / (qn.entity * en) : 0;
      const ledeEntityDen = Math.sqrt(qn.ledeEntity * ledeEntityWeight[slot]!);
      const ledeEntity = ledeEntityDen ? accLedeEntity[slot]! / ledeEntityDen : 0;
      let term = 0;
      let lede = 0;
      if (lang === langId) {
        const tn = termNorm[slot]!;
        const ln = ledeNorm[slot]!;
        term = qn.term && tn ? accTerm[slot]! / (qn.term * tn) : 0;
        lede = qn.lede && ln ? accLede[slot]! / (qn.lede * ln) : 0;
      }
      into.entity = entity;
      into.ledeEntity = ledeEntity;
      into.term = term;
      into.lede = lede;
      into.entityShared = accEntityShared[slot]!;
      into.anchorShared = accAnchor[slot]!;
      return into;
    };
    const rerank = w.rerank;
    const score = (k: Cosines, same: boolean) => (rerank ? rerank(k, same) : mixSimilarity(w, same, k.entity, k.ledeEntity, k.term, k.lede));
    const scratch: Cosines = { entity: 0, ledeEntity: 0, term: 0, lede: 0, entityShared: 0, anchorShared: 0 };
    // ranked by the score from the cosines; where the matcher ranks summaries, a wider pool then
    // re-ranked by them (dates, kinds of event, people: what the cosines lack)
    const first = new TopK(w.summary ? limit * SUMMARY_POOL : limit);
    for (let t = 0; t < touchedCount; t++) {
      const slot = touched[t]!;
      const lang = slotLanguage[slot]!; // -1: removed
      if (lang >= 0 && slot !== excludeSlot) first.offer(slot, score(cosinesOf(slot, lang, scratch), lang === langId));
    }
    let ranked = first.sorted();
    if (w.summary) {
      // (the accumulators still hold the pool's sums: its cosines are read again, not kept for every article found)
      const best = new TopK(limit);
      for (const { slot } of ranked) {
        const lang = slotLanguage[slot]!;
        const k = cosinesOf(slot, lang, { entity: 0, ledeEntity: 0, term: 0, lede: 0, entityShared: 0, anchorShared: 0 });
        const summary = this.summaries[slot]!;
        // (strictly below the worst kept: it could not enter, not even on a tie)
        if (w.summaryBelow && best.full && w.summaryBelow(q, summary, k, lang === langId, best.worstScore)) continue;
        best.offer(slot, w.summary(q, summary, k, this, qn));
      }
      ranked = best.sorted();
    }
    sums.reset();
    return ranked;
  }

  /**
   * The cosines of a query and one article, every term and entity counted (dot products from the
   * article's packed ids, norms as stored): what the classifier and the candidates' re-ranking
   * compare. The term cosines are 0 across languages (terms are weighted within one).
   */
  cosines(q: QueryProfile, slot: number, qn: QueryNorms = this.queryNorms(q)): Cosines {
    return pairCosines(q, this.summaries[slot]!, { term: this.termNorm.get(slot), lede: this.ledeNorm.get(slot), entity: this.entityNorm.get(slot), ledeEntity: this.ledeEntityWeight.get(slot) }, qn, this);
  }


  /**
   * After a bulk load or many changes: recomputes every article's norms with the current
   * statistics and packs the posting lists (one array per kind).
   */
  settle(): void {
    this.refreshNorms();
    this.termPostings.pack();
    this.ledePostings.pack();
    this.entityPostings.pack();
    this.anchorPostings.pack();
  }

  /** The index's state for a snapshot (corpus-index-snapshot.ts): references to its own data, copy nothing. */
  snapshotState(): CorpusIndexState {
    const slots = this.summaries.length;
    return {
      summaries: this.summaries,
      byFingerprint: this.byFingerprint,
      termsByLanguage: this.termIdsByLanguage,
      termCount: this.termCount,
      entities: this.entityInfos,
      languages: this.languageNames,
      norms: { term: this.termNorm.data.subarray(0, slots), lede: this.ledeNorm.data.subarray(0, slots), entity: this.entityNorm.data.subarray(0, slots), ledeEntity: this.ledeEntityWeight.data.subarray(0, slots) },
      normsAt: this.normsAt,
    };
  }

  /**
   * An index from a snapshot's state: summaries, vocabularies and norms as they were, postings and
   * statistics derived from the summaries (the postings of removed articles are not brought back).
   * The state's vocabularies and summaries are taken over: give it a state nothing else changes.
   * Throws on a state that does not hold together (an id out of range, a slot out of place).
   */
  static fromSnapshotState(state: CorpusIndexState): CorpusIndex {
    const index = new CorpusIndex();
    const slots = state.summaries.length;
    for (const name of state.languages) index.languageId(name);
    for (const [language, terms] of state.termsByLanguage) {
      for (const id of terms.values()) if (!(id >= 0 && id < state.termCount)) throw new Error(`index snapshot: term id ${id} out of range`);
      // taken over, not copied (the largest part of the state; decoding made it for this index)
      index.termIdsByLanguage.set(language, terms as Map<string, number>);
    }
    index.termCount = state.termCount;
    for (const info of state.entities) {
      index.entityIdByKey.set(info.key, index.entityInfos.length);
      index.entityInfos.push(info);
    }
    for (const [fingerprint, id] of state.byFingerprint) index.byFingerprint.set(fingerprint, id);
    const entityCount = state.entities.length;
    // first pass: check every summary and count the postings of each id, so that each list is
    // made once at its length (pushing one posting at a time regrows the short lists)
    const termCounts = new Int32Array(state.termCount);
    const ledeCounts = new Int32Array(state.termCount);
    const entityCounts = new Int32Array(entityCount);
    for (let slot = 0; slot < slots; slot++) {
      const s = state.summaries[slot];
      if (!s) continue;
      if (s.slot !== slot) throw new Error(`index snapshot: article ${s.id} in slot ${slot} says ${s.slot}`);
      if (!(s.ledeAt <= s.entAt && s.entAt <= s.ancAt && s.ancAt <= s.data.length)) throw new Error(`index snapshot: article ${s.id} has bad offsets`);
      const d = s.data;
      for (let i = 0; i < s.ancAt; i++) {
        const id = d[i]! >>> 8;
        if (i < s.entAt) {
          if (id >= state.termCount) throw new Error(`index snapshot: article ${s.id} refers to term ${id} out of range`);
          (i < s.ledeAt ? termCounts : ledeCounts)[id]!++;
        } else {
          if (id >= entityCount) throw new Error(`index snapshot: article ${s.id} refers to entity ${id} out of range`);
          entityCounts[id]!++;
        }
      }
    }
    // document frequencies are the counts of live postings (terms: body terms only, as in add)
    index.termDf.data = IntColumn.dataOf(termCounts);
    index.entityDf.data = IntColumn.dataOf(entityCounts);
    // second pass: every posting written to its id's place in one array per kind (in slot order, as add leaves them)
    const offsetsOf = (counts: Int32Array) => {
      const offsets = new Uint32Array(counts.length + 1);
      for (let id = 0; id < counts.length; id++) offsets[id + 1] = offsets[id]! + counts[id]!;
      return offsets;
    };
    const termAt = offsetsOf(termCounts);
    const ledeAt = offsetsOf(ledeCounts);
    const entityAt = offsetsOf(entityCounts);
    const termValues = new Uint32Array(termAt[termCounts.length]!);
    const ledeValues = new Uint32Array(ledeAt[ledeCounts.length]!);
    const entityValues = new Uint32Array(entityAt[entityCounts.length]!);
    const termNext = termAt.slice(0, -1);
    const ledeNext = ledeAt.slice(0, -1);
    const entityNext = entityAt.slice(0, -1);
    for (let slot = 0; slot < slots; slot++) {
      const s = state.summaries[slot];
      if (!s) continue;
      const d = s.data;
      for (let i = 0; i < s.ledeAt; i++) termValues[termNext[d[i]! >>> 8]!++] = (slot << 8) | (d[i]! & 255);
      for (let i = s.ledeAt; i < s.entAt; i++) ledeValues[ledeNext[d[i]! >>> 8]!++] = (slot << 8) | (d[i]! & 255);
      for (let i = s.entAt; i < s.ancAt; i++) entityValues[entityNext[d[i]! >>> 8]!++] = (slot << 8) | (d[i]! & 255);
    }
    index.termPostings.load(termAt, termValues);
    index.ledePostings.load(ledeAt, ledeValues);
    index.entityPostings.load(entityAt, entityValues);
    for (let slot = 0; slot < slots; slot++) {
      const s = state.summaries[slot] ?? null;
      index.summaries.push(s);
      if (!s) {
        index.slotLanguage.set(slot, -1);
        continue;
      }
      const lang = index.languageIds.get(s.language);
      if (lang === undefined) throw new Error(`index snapshot: article ${s.id} has an unknown language`);
      index.slotById.set(s.id, slot);
      if (s.published) index.publishedDays.set(s.published, (index.publishedDays.get(s.published) ?? 0) + 1);
      index.languageCounts.add(lang, 1);
      index.slotLanguage.set(slot, lang);
      index.live++;

      index.termNorm.set(slot, state.norms.term[slot] ?? 0);
      index.ledeNorm.set(slot, state.norms.lede[slot] ?? 0);
      index.entityNorm.set(slot, state.norms.entity[slot] ?? 0);
      index.ledeEntityWeight.set(slot, state.norms.ledeEntity[slot] ?? 0);
    }
    // anchors: ids given in slot order (as add gives them), then each list made once at its length
    let anchorTotal = 0;
    for (const s of state.summaries) if (s) anchorTotal += s.data.length - s.ancAt;
    const anchorOf = new Uint32Array(anchorTotal);
    let k = 0;
    for (const s of state.summaries) {
      if (!s) continue;
      const d = s.data;
      for (let i = s.ancAt; i < d.length; i++) anchorOf[k++] = index.anchorId(d[i]! >>> 8);
    }
    const anchorCounts = new Int32Array(index.anchorIds.size);
    for (let i = 0; i < anchorTotal; i++) anchorCounts[anchorOf[i]!]!++;
    const anchorAt = offsetsOf(anchorCounts);
    const anchorValues = new Uint32Array(anchorTotal);
    const anchorNext = anchorAt.slice(0, -1);
    k = 0;
    for (let slot = 0; slot < slots; slot++) {
      const s = state.summaries[slot];
      if (!s) continue;
      for (let i = s.ancAt; i < s.data.length; i++) anchorValues[anchorNext[anchorOf[k++]!]!++] = slot << 8;
    }
    index.anchorDf.data = IntColumn.dataOf(anchorCounts);
    index.anchorPostings.load(anchorAt, anchorValues);
    index.normsAt = state.normsAt;
    return index;
  }

  /** Recomputes every article's norms with the current statistics. */
  private refreshNorms(): void {
    for (const s of this.summaries) if (s) this.computeNorms(s);
    this.normsAt = this.live;
  }

  private refreshNormsIfStale(): void {
    if (Math.abs(this.live - this.normsAt) > NORM_REFRESH_SHARE * Math.max(this.normsAt, 1)) this.refreshNorms();
  }

  private computeNorms(s: ArticleSummary): void {
    const n = summaryNorms(s, this);
    this.termNorm.set(s.slot, n.term);
    this.ledeNorm.set(s.slot, n.lede);
    this.entityNorm.set(s.slot, n.entity);
    this.ledeEntityWeight.set(s.slot, n.ledeEntity);
  }


  /** Drops the postings of dead slots. */
  private compact(): void {
    const alive = (v: number) => this.summaries[v >>> 8] !== null;
    this.termPostings.filter(alive);
    this.ledePostings.filter(alive);
    this.entityPostings.filter(alive);
    this.anchorPostings.filter(alive);
    this.dead = 0;
  }

  /** The first value added that is equal to this one (the same JSON), kept for the articles that share it. */
  private shared<T>(kind: string, value: T): T {
    const key = kind + JSON.stringify(value);
    const known = this.sharedValues.get(key);
    if (known !== undefined) return known as T;
    this.sharedValues.set(key, value);
    return value;
  }

  private languageId(language: string): number {
    let id = this.languageIds.get(language);
    if (id === undefined) {
      id = this.languageNames.length;
      this.languageIds.set(language, id);
      this.languageNames.push(language);
    }
    return id;
  }

  private vocabulary(language: string): Map<string, number> {
    let vocabulary = this.termIdsByLanguage.get(language);
    if (!vocabulary) this.termIdsByLanguage.set(language, (vocabulary = new Map()));
    return vocabulary;
  }

  private termId(vocabulary: Map<string, number>, term: string): number {
    let id = vocabulary.get(term);
    if (id === undefined) {
      id = this.termCount++;
      vocabulary.set(term, id);
    }
    return id;
  }

  private anchorId(hash: number): number {
    let id = this.anchorIds.get(hash);
    if (id === undefined) this.anchorIds.set(hash, (id = this.anchorIds.size));
    return id;
  }

  private entityId(e: EntityWeight): number {
    let id = this.entityIdByKey.get(e.id);
    if (id === undefined) {
      id = this.entityInfos.length;
      this.entityIdByKey.set(e.id, id);
      this.entityInfos.push({ key: e.id, canonical: e.canonical, type: e.type, known: e.known });
    }
    return id;
  }
}

/** An entity weight (1 + log of lede-doubled mentions) back to its mention count, for packing. */
export function packWeight(weight: number): number {
  return Math.max(1, Math.min(COUNT_MASK, Math.round(Math.exp(weight - 1))));
}

/** The k best (slot, score) pairs seen, kept in a min-heap on typed arrays. */
class TopK {
  private readonly scores: Float64Array;
  private readonly slots: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(Math.max(1, k));
    this.slots = new Int32Array(Math.max(1, k));
  }

  /** whether k pairs are kept (an offer must beat the worst of them) */
  get full(): boolean {
    return this.size >= this.k;
  }

  /** the score of the worst pair kept */
  get worstScore(): number {
    return this.scores[0]!;
  }

  /** Ties go to the lower slot (the earlier article), so results do not depend on visiting order. */
  private worse(i: number, j: number): boolean {
    return this.scores[i]! < this.scores[j]! || (this.scores[i] === this.scores[j] && this.slots[i]! > this.slots[j]!);
  }

  offer(slot: number, score: number): void {
    if (this.k <= 0) return;
    if (this.size < this.k) {
      this.scores[this.size] = score;
      this.slots[this.size] = slot;
      this.up(this.size++);
    } else if (score > this.scores[0]! || (score === this.scores[0] && slot < this.slots[0]!)) {
      this.scores[0] = score;
      this.slots[0] = slot;
      this.down(0);
    }
  }

  sorted(): Candidate[] {
    const out: Candidate[] = [];
    for (let i = 0; i < this.size; i++) out.push({ slot: this.slots[i]!, score: this.scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  private swap(i: number, j: number): void {
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const t = this.slots[i]!;
    this.slots[i] = this.slots[j]!;
    this.slots[j] = t;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
