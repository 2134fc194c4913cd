// A slice of a large corpus held elsewhere (the team corpus server's PostgreSQL database): the
// articles one query touches, with exactly the statistics (document frequencies, sizes, norms) that
// matching reads of them. It answers the CorpusSearch questions for that query as the in-memory
// CorpusIndex answers them for the whole corpus, with the same formulas in the same order, so the
// candidates and the analyses are the same (test/unit/corpus-search-contract.test.ts).
//
// On the server a slice is built per request from the pool the database's first stage keeps
// (server/db.ts, server/first-stage.ts) and runs the engine's stages over it; on the client it is built from the server's answer (remote/remote-corpus.ts)
// and answers the classifier. Asked about something it was not given, it throws SliceMiss (never a
// silent guess): the client fetches what is missing and asks again.
import { COUNT_MASK, entityWeight, LEDE_BIT, MAX_ENTITY_POSTING_SHARE, MAX_TERM_POSTING_SHARE, mixSimilarity, pairCosines, queryNormsOf, resolveQuery, summaryNorms, SUMMARY_POOL, termWeight } from '../engine/corpus-index.ts';
import type { ArticleSummary, Candidate, Cosines, CorpusSearch, EntityInfo, QueryNorms, QueryProfile, SimilarityWeights } from '../engine/corpus-search.ts';
import type { ArticleFeatures } from '../engine/features.ts';
import { MATCH_WEIGHTS } from '../engine/match.ts';
import type { SliceArticle, SliceData, SliceEntity } from './api.ts';

/** An id whose postings candidate search reads, and whether its list is long (common). */
type PostingId = [id: number, long: boolean];

/** A first-stage candidate with the cosines it was scored by (the second stage reads them). */
export type PooledCandidate = Candidate & { cosines: Cosines };

/** Something a slice was not given: the caller fetches it and asks again. */
export class SliceMiss extends Error {
  constructor(
    readonly what: 'query' | 'id' | 'text' | 'entity' | 'candidates',
    readonly key: string,
    /** for a query or its candidates: what to ask the server */
    readonly query?: { features: ArticleFeatures; limit: number; excludeId: string | null },
  ) {
    super(`the corpus slice was not given ${what} ${key.slice(0, 80)}`);
  }
}

/** What identifies a query to the server: the fields matching reads of the article's features. */
export function queryKey(f: ArticleFeatures): string {
  return JSON.stringify([f.language, f.fingerprint, f.title, f.eventDate, f.eventStatus ?? null, f.events, Object.keys(f.terms).length, f.entities.length, f.anchors?.length ?? 0, f.site ?? null]);
}

export function candidatesKey(f: ArticleFeatures, limit: number, excludeId: string | null | undefined): string {
  return JSON.stringify([queryKey(f), limit, excludeId ?? null]);
}

/** An idf, as the in-memory index computes every one of them. */
function idf(n: number, df: number): number {
  return Math.log(1 + (n + 1) / (df + 1));
}

/** The four norms of an article under statistics given by look-up functions (as CorpusIndex computes them). */
export function articleNorms(
  s: { data: ArrayLike<number>; ledeAt: number; entAt: number; ancAt: number; language: string },
  termDf: (id: number) => number,
  entityDf: (id: number) => number,
  languageCount: number,
  live: number,
): [number, number, number, number] {
  const n = summaryNorms(s, {
    termIdfById: (id) => idf(languageCount, id < 0 ? 0 : termDf(id)),
    entityIdfById: (id) => idf(live, id < 0 ? 0 : entityDf(id)),
  });
  return [n.term, n.lede, n.entity, n.ledeEntity];
}

interface HeldArticle {
  summary: ArticleSummary;
  norms: [number, number, number, number];
}

export class SliceSearch implements CorpusSearch {
  private live = 0;
  private languageList: string[] = [];
  private span: { from: string | null; to: string | null } = { from: null, to: null };
  private readonly languageCounts = new Map<string, number>();
  /** `${language}\u0000${term}` -> id */
  private readonly termIds = new Map<string, number>();
  private readonly termDf = new Map<number, number>();
  private readonly entityByKey = new Map<string, number>();
  private readonly entities = new Map<number, SliceEntity>();
  private readonly anchorDf = new Map<number, number>();
  private readonly bySlot = new Map<number, HeldArticle>();
  private readonly slotById = new Map<string, number>();
  private readonly idsAsked = new Set<string>();
  private readonly byFingerprint = new Map<string, string | null>();
  private readonly queries = new Set<string>();
  private readonly answers = new Map<string, Candidate[]>();

  constructor(data?: SliceData) {
    if (data) this.absorb(data);
  }

  /** Adds what a server answer (or the database) gives; the corpus-wide figures are replaced by the newest. */
  absorb(d: SliceData): void {
    this.live = d.live;
    this.languageList = d.languages;
    this.span = d.dateSpan;
    for (const [lang, n] of Object.entries(d.languageCounts)) this.languageCounts.set(lang, n);
    for (const [lang, term, id, df] of d.terms) {
      this.termIds.set(`${lang}\u0000${term}`, id);
      this.termDf.set(id, df);
    }
    for (const [id, df] of d.termDf ?? []) this.termDf.set(id, df);
    for (const e of d.entities) {
      this.entities.set(e.id, e);
      this.entityByKey.set(e.key, e.id);
    }
    for (const key of d.absentEntities ?? []) this.entityByKey.set(key, -1);
    for (const [h, df] of d.anchors) this.anchorDf.set(h, df);
    for (const a of d.articles) this.hold(a);
    for (const id of d.idsAsked ?? []) this.idsAsked.add(id);
    for (const [fp, id] of d.fingerprints ?? []) this.byFingerprint.set(fp, id);
    for (const q of d.queries ?? []) this.queries.add(q);
  }

  /** Records the server's candidates for one query (limit, exclusion). */
  answer(key: string, list: Candidate[]): void {
    this.answers.set(key, list);
  }

  private hold(a: SliceArticle): void {
    const data = Uint32Array.from(a.data);
    const summary: ArticleSummary = {
      slot: a.slot,
      id: a.id,
      title: a.title,
      language: a.language,
      events: a.events,
      eventStatus: a.eventStatus,
      eventDate: a.eventDate,
      fingerprint: a.fingerprint,
      published: a.published,
      site: a.site ?? null,
      data,
      ledeAt: a.ledeAt,
      entAt: a.entAt,
      ancAt: a.ancAt,
    };
    this.bySlot.set(a.slot, { summary, norms: a.norms });
    this.slotById.set(a.id, a.slot);
    this.idsAsked.add(a.id);
    this.byFingerprint.set(a.fingerprint, a.id);
  }

  get size(): number {
    return this.live;
  }

  get languages(): string[] {
    return [...this.languageList];
  }

  get dateSpan(): { from: string | null; to: string | null } {
    return { ...this.span };
  }

  has(id: string): boolean {
    if (this.slotById.has(id)) return true;
    if (this.idsAsked.has(id)) return false;
    throw new SliceMiss('id', id);
  }

  get(id: string): ArticleSummary | undefined {
    if (!this.has(id)) return undefined;
    return this.bySlot.get(this.slotById.get(id)!)!.summary;
  }

  at(slot: number): ArticleSummary | undefined {
    return this.bySlot.get(slot)?.summary;
  }

  /** Every article the slice holds. */
  held(): ArticleSummary[] {
    return [...this.bySlot.values()].map((a) => a.summary);
  }

  byText(fingerprint: string): string | undefined {
    const id = this.byFingerprint.get(fingerprint);
    if (id === undefined) throw new SliceMiss('text', fingerprint);
    return id ?? undefined;
  }

  entityInfo(id: number): EntityInfo | undefined {
    const e = this.entities.get(id);
    if (!e) throw new SliceMiss('entity', String(id));
    return { key: e.key, canonical: e.canonical, type: e.type, known: e.known };
  }

  /** The id of a name this slice knows (the query's, and its articles'), else undefined. */
  entityId(entityKey: string): number | undefined {
    const id = this.entityByKey.get(entityKey);
    return id === undefined || id < 0 ? undefined : id;
  }

  entityIdf(entityKey: string): number {
    // an entity the slice has no id for: neither the query nor any article it holds names it, so
    // the server was asked about it only if it is in the corpus elsewhere; absent keys count 0
    const id = this.entityByKey.get(entityKey);
    return this.entityIdfById(id === undefined ? -1 : id);
  }

  entityIdfById(id: number): number {
    if (id < 0) return idf(this.live, 0);
    const e = this.entities.get(id);
    if (!e) throw new SliceMiss('entity', String(id));
    return idf(this.live, e.df);
  }

  anchorIdf(hash: number): number {
    return idf(this.live, this.anchorDf.get(hash) ?? 0);
  }

  termIdfById(id: number, language: string): number {
    const n = this.languageCounts.get(language) ?? 0;
    const df = id < 0 ? 0 : (this.termDf.get(id) ?? 0);
    return idf(n, df);
  }

  profile(features: ArticleFeatures): QueryProfile {
    // the analysis asks for 200 candidates of the article it profiles (analyseArticle's default)
    if (!this.queries.has(queryKey(features))) throw new SliceMiss('query', queryKey(features), { features, limit: 200, excludeId: null });
    const lang = features.language;
    return resolveQuery(
      features,
      (t) => this.termIds.get(`${lang}\u0000${t}`),
      (key) => {
        const id = this.entityByKey.get(key);
        return id === undefined || id < 0 ? undefined : id;
      },
    );
  }

  queryNorms(q: QueryProfile): QueryNorms {
    return queryNormsOf(q, this, (key) => this.entityByKey.get(key));
  }


  /**
   * The ids whose postings candidate search reads, in the query's order, each with whether its
   * list is long (common: it adds to the articles the others find and finds none; see
   * CorpusIndex.candidates): terms, lede terms, names, anchors (by hash).
   */
  postingIds(q: QueryProfile): { terms: PostingId[]; ledeTerms: PostingId[]; entities: PostingId[]; anchors: PostingId[] } {
    const langCount = this.languageCounts.get(q.language) ?? 0;
    const maxTerm = Math.max(50, langCount * MAX_TERM_POSTING_SHARE);
    const maxEntity = Math.max(50, this.live * MAX_ENTITY_POSTING_SHARE);
    const terms = (m: Map<number, number>) => [...m.keys()].map((id): PostingId => [id, (this.termDf.get(id) ?? 0) > maxTerm]);
    return {
      terms: terms(q.terms),
      ledeTerms: terms(q.ledeTerms),
      entities: [...q.entities.keys()].map((id): PostingId => [id, (this.entities.get(id)?.df ?? 0) > maxEntity]),
      // an anchor no article gives has no postings
      anchors: [...q.anchors].filter((h) => (this.anchorDf.get(h) ?? 0) > 0).map((h): PostingId => [h, (this.anchorDf.get(h) ?? 0) > maxEntity]),
    };
  }

  /**
   * The first stage of candidate search over the articles held (the articles the query's rarer
   * postings reach, as the server fetches them): each article's products added list by list in
   * CorpusIndex.candidates's order (the rarer lists in the query's order, then the common ones),
   * so its cosines and scores are the in-memory index's to the bit; the articles no rarer list
   * reaches are not candidates. Ranked by `rerank`, the best `limit * SUMMARY_POOL` where the
   * matcher ranks summaries (then `secondStage`), else the best `limit`.
   */
  firstStage(q: QueryProfile, weights: SimilarityWeights, limit: number, excludeId?: string | null): PooledCandidate[] {
    const read = this.postingIds(q);
    // per id: its place in the order of additions (common lists after all the rarer ones), its weight
    const order = <T>(ids: PostingId[], weight: (id: number) => T) => {
      const out = new Map<number, { at: number; long: boolean; w: T }>();
      let at = 0;
      for (const common of [false, true]) for (const [id, long] of ids) if (long === common) out.set(id, { at: at++, long, w: weight(id) });
      return out;
    };
    const qTerms = order(read.terms, (id) => q.terms.get(id)!);
    const qLede = order(read.ledeTerms, (id) => q.ledeTerms.get(id)!);
    const qEntities = order(read.entities, (id) => q.entities.get(id)!);
    const qAnchors = order(read.anchors, (h) => this.anchorIdf(h));
    const qn = this.queryNorms(q);
    const out: PooledCandidate[] = [];
    const sum = (list: Array<[number, number]>) => {
      list.sort((a, b) => a[0] - b[0]);
      let acc = 0;
      for (const [, x] of list) acc += x;
      return acc;
    };
    for (const { summary: s, norms } of this.bySlot.values()) {
      if (s.id === excludeId) continue;
      const d = s.data;
      let found = false;
      const termHits = (from: number, to: number, m: typeof qTerms) => {
        const hits: Array<[number, number]> = [];
        for (let i = from; i < to; i++) {
          const hit = m.get(d[i]! >>> 8);
          if (!hit) continue;
          found ||= !hit.long;
          const x = this.termIdfById(d[i]! >>> 8, q.language);
          hits.push([hit.at, termWeight(hit.w) * x * x * termWeight(d[i]! & 255)]);
        }
        return sum(hits);
      };
      const accTerm = termHits(0, s.ledeAt, qTerms);
      const accLede = termHits(s.ledeAt, s.entAt, qLede);
      const entityHits: Array<[number, number, number, number]> = [];
      for (let i = s.entAt; i < s.ancAt; i++) {
        const v = d[i]!;
        const hit = qEntities.get(v >>> 8);
        if (!hit) continue;
        found ||= !hit.long;
        const packed = hit.w;
        const x = this.entityIdfById(v >>> 8);
        entityHits.push([hit.at, entityWeight(packed & COUNT_MASK) * x * x * entityWeight(v & COUNT_MASK), packed & LEDE_BIT && v & LEDE_BIT ? x : 0, x]);
      }
      const anchorHits: Array<[number, number]> = [];
      for (let i = s.ancAt; i < d.length; i++) {
        const hit = qAnchors.get(d[i]! >>> 8);
        if (!hit) continue;
        found ||= !hit.long;
        anchorHits.push([hit.at, hit.w]);
      }
      if (!found) continue;
      entityHits.sort((a, b) => a[0] - b[0]);
      let accEntity = 0;
      let accLedeEntity = 0;
      let accEntityShared = 0;
      for (const [, e, le, x] of entityHits) {
        accEntity += e;
        if (le) accLedeEntity += le;
        accEntityShared += x;
      }
      const [tn, ln, en, lew] = norms;
      const entity = qn.entity && en ? accEntity / (qn.entity * en) : 0;
      const ledeEntityDen = Math.sqrt(qn.ledeEntity * lew);
      const ledeEntity = ledeEntityDen ? accLedeEntity / ledeEntityDen : 0;
      const same = s.language === q.language;
      let term = 0;
      let lede = 0;
      if (same) {
        term = qn.term && tn ? accTerm / (qn.term * tn) : 0;
        lede = qn.lede && ln ? accLede / (qn.lede * ln) : 0;
      }
      const k: Cosines = { entity, ledeEntity, term, lede, entityShared: accEntityShared, anchorShared: sum(anchorHits) };
      out.push({ slot: s.slot, score: weights.rerank ? weights.rerank(k, same) : mixSimilarity(weights, same, entity, ledeEntity, term, lede), cosines: k });
    }
    return best(out, weights.summary ? limit * SUMMARY_POOL : limit);
  }

  /** The second stage: the first stage's pool re-ranked by the matcher's summary score (with the first stage's cosines), the best `limit`. */
  secondStage(q: QueryProfile, weights: SimilarityWeights, pool: readonly PooledCandidate[], limit: number): Candidate[] {
    const summaryRank = weights.summary;
    if (!summaryRank) return best(pool.map(({ slot, score }) => ({ slot, score })), limit);
    const qn = this.queryNorms(q);
    const out = pool.map((c) => ({ slot: c.slot, score: summaryRank(q, this.bySlot.get(c.slot)!.summary, c.cosines, this, qn) }));
    return best(out, limit);
  }

  /** Whether the slice holds every live article of the corpus (as an evaluation that looked up every id does). */
  holdsWholeCorpus(): boolean {
    return this.live > 0 && this.bySlot.size >= this.live;
  }

  /**
   * The server's candidates for the query, as it answered them. A slice that holds the whole
   * corpus also ranks with other weights (an evaluation's per-fold model) itself: its first stage
   * over every article held reaches the articles the server's postings reach, so the candidates
   * are those an in-memory index of the same corpus gives.
   */
  candidates(q: QueryProfile, weights: SimilarityWeights, limit = 200, excludeId?: string | null): Candidate[] {
    if (weights !== MATCH_WEIGHTS) {
      if (!this.holdsWholeCorpus()) throw new Error('a team corpus ranks candidates with the shipped matching model only (MATCH_WEIGHTS)');
      return this.ranked(q, weights, limit, excludeId);
    }
    const key = candidatesKey(q.features, limit, excludeId);
    const list = this.answers.get(key);
    if (!list) throw new SliceMiss('candidates', key, { features: q.features, limit, excludeId: excludeId ?? null });
    return list.map((c) => ({ ...c }));
  }

  /** Both stages over the articles held, with any weights. */
  ranked(q: QueryProfile, weights: SimilarityWeights, limit: number, excludeId?: string | null): Candidate[] {
    return this.secondStage(q, weights, this.firstStage(q, weights, limit, excludeId), limit);
  }

  cosines(q: QueryProfile, slot: number, qn: QueryNorms = this.queryNorms(q)): Cosines {
    const held = this.bySlot.get(slot);
    if (!held) throw new SliceMiss('id', `slot ${slot}`);
    const [term, lede, entity, ledeEntity] = held.norms;
    return pairCosines(q, held.summary, { term, lede, entity, ledeEntity }, qn, this);
  }

}

/** The k best by score, ties to the lower slot (the earlier article), as CorpusIndex's TopK keeps them. */
function best<T extends Candidate>(list: T[], k: number): T[] {
  return list.sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, Math.max(0, k));
}
