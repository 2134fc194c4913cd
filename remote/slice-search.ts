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
import { COUNT_MASK, entityWeight, LEDE_BIT, mixSimilarity, pairCosines, queryNormsOf, RERANK_POOL, resolveQuery, sharedAnchorMass, summaryNorms, SUMMARY_POOL, termWeight } from '../engine/corpus-index.ts';
import type { ArticleSummary, Candidate, Cosines, CorpusSearch, EntityInfo, QueryNorms, QueryProfile, SimilarityWeights } from '../engine/corpus-search.ts';
import type { ArticleFeatures } from '../engine/features.ts';
import { MATCH_WEIGHTS } from '../engine/match.ts';
import type { SliceArticle, SliceData, SliceEntity } from './api.ts';

/** The same bounds as engine/corpus-index.ts (kept equal by the contract suite). */
export const MAX_TERM_POSTING_SHARE = 0.05;
export const MAX_ENTITY_POSTING_SHARE = 0.1;

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


  /** The term and entity ids candidate search reads postings of (the rest are too common: see CorpusIndex.candidates). */
  postingIds(q: QueryProfile): { terms: number[]; ledeTerms: number[]; entities: number[] } {
    const langCount = this.languageCounts.get(q.language) ?? 0;
    const maxTerm = Math.max(50, langCount * MAX_TERM_POSTING_SHARE);
    const maxEntity = Math.max(50, this.live * MAX_ENTITY_POSTING_SHARE);
    const read = (m: Map<number, number>) => [...m.keys()].filter((id) => (this.termDf.get(id) ?? 0) <= maxTerm);
    return {
      terms: read(q.terms),
      ledeTerms: read(q.ledeTerms),
      entities: [...q.entities.keys()].filter((id) => (this.entities.get(id)?.df ?? 0) <= maxEntity),
    };
  }

  /**
   * The first stage of candidate search over the articles held (all the articles the query's
   * postings reach, as the server fetches them): the dot products accumulated term by term in the
   * query's order, mixed as CorpusIndex.candidates mixes them; the best `limit * RERANK_POOL`
   * (where the matcher ranks summaries, the best `limit * SUMMARY_POOL` re-ranked by them first,
   * as CorpusIndex.candidates does).
   */
  firstStage(q: QueryProfile, weights: SimilarityWeights, limit: number, excludeId?: string | null): Candidate[] {
    const { terms, ledeTerms, entities } = this.postingIds(q);
    // per read id: its place in the query's order and its weight, so that each article's products
    // are added in the query's order, as CorpusIndex adds them posting list by posting list
    const order = <T>(ids: number[], m: Map<number, T>) => {
      const read = new Set(ids);
      const out = new Map<number, [number, T]>();
      let i = 0;
      for (const [id, v] of m) {
        if (read.has(id)) out.set(id, [i, v]);
        i++;
      }
      return out;
    };
    const qTerms = order(terms, q.terms);
    const qLede = order(ledeTerms, q.ledeTerms);
    const qEntities = order(entities, q.entities);
    const qn = this.queryNorms(q);
    const out: Candidate[] = [];
    const postingCosines = new Map<number, Cosines>();
    const hits: Array<[number, number]> = [];
    const sum = (list: Array<[number, number]>) => {
      list.sort((a, b) => a[0] - b[0]);
      let acc = 0;
      for (const [, x] of list) acc += x;
      return acc;
    };
    for (const { summary: s, norms } of this.bySlot.values()) {
      if (s.id === excludeId) continue;
      const d = s.data;
      let touched = false;
      hits.length = 0;
      for (let i = 0; i < s.ledeAt; i++) {
        const hit = qTerms.get(d[i]! >>> 8);
        if (!hit) continue;
        const x = this.termIdfById(d[i]! >>> 8, q.language);
        hits.push([hit[0], termWeight(hit[1]) * x * x * termWeight(d[i]! & 255)]);
      }
      touched ||= hits.length > 0;
      const accTerm = sum(hits);
      hits.length = 0;
      for (let i = s.ledeAt; i < s.entAt; i++) {
        const hit = qLede.get(d[i]! >>> 8);
        if (!hit) continue;
        const x = this.termIdfById(d[i]! >>> 8, q.language);
        hits.push([hit[0], termWeight(hit[1]) * x * x * termWeight(d[i]! & 255)]);
      }
      touched ||= hits.length > 0;
      const accLede = sum(hits);
      const entityHits: Array<[number, number, number, number]> = [];
      for (let i = s.entAt; i < s.ancAt; i++) {
        const v = d[i]!;
        const hit = qEntities.get(v >>> 8);
        if (!hit) continue;
        const packed = hit[1];
        const x = this.entityIdfById(v >>> 8);
        entityHits.push([hit[0], entityWeight(packed & COUNT_MASK) * x * x * entityWeight(v & COUNT_MASK), packed & LEDE_BIT && v & LEDE_BIT ? x : 0, x]);
      }
      if (!touched && !entityHits.length) continue;
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
      const k: Cosines = { entity, ledeEntity, term, lede, entityShared: accEntityShared, anchorShared: 0 };
      const score = weights.rerank ? weights.rerank(k, same) : mixSimilarity(weights, same, entity, ledeEntity, term, lede);
      out.push({ slot: s.slot, score });
      postingCosines.set(s.slot, k);
    }
    const summaryRank = weights.summary;
    if (!summaryRank) return best(out, limit * RERANK_POOL);
    const wide = best(out, limit * SUMMARY_POOL).map((c) => {
      const summary = this.bySlot.get(c.slot)!.summary;
      const k = postingCosines.get(c.slot)!;
      k.anchorShared = sharedAnchorMass(q, summary, this);
      return { slot: c.slot, score: summaryRank(q, summary, k, this, qn) };
    });
    return best(wide, limit * RERANK_POOL);
  }

  /** The second stage: the pool re-ranked exactly (every term and name counted), the best `limit`. */
  secondStage(q: QueryProfile, weights: SimilarityWeights, pool: readonly Candidate[], limit: number): Candidate[] {
    const qn = this.queryNorms(q);
    const out: Candidate[] = [];
    for (const c of pool) {
      const summary = this.bySlot.get(c.slot)!.summary;
      if (weights.exact) {
        out.push({ slot: c.slot, score: weights.exact(q, summary, this, qn) });
        continue;
      }
      const k = this.cosines(q, c.slot, qn);
      const same = summary.language === q.language;
      out.push({ slot: c.slot, score: weights.rerank ? weights.rerank(k, same) : mixSimilarity(weights, same, k.entity, k.ledeEntity, k.term, k.lede) });
    }
    return best(out, limit);
  }

  candidates(q: QueryProfile, weights: SimilarityWeights, limit = 200, excludeId?: string | null): Candidate[] {
    if (weights !== MATCH_WEIGHTS) throw new Error('a team corpus ranks candidates with the shipped matching model only (MATCH_WEIGHTS)');
    const key = candidatesKey(q.features, limit, excludeId);
    const list = this.answers.get(key);
    if (!list) throw new SliceMiss('candidates', key, { features: q.features, limit, excludeId: excludeId ?? null });
    return list.map((c) => ({ ...c }));
  }

  cosines(q: QueryProfile, slot: number, qn: QueryNorms = this.queryNorms(q)): Cosines {
    const held = this.bySlot.get(slot);
    if (!held) throw new SliceMiss('id', `slot ${slot}`);
    const [term, lede, entity, ledeEntity] = held.norms;
    return pairCosines(q, held.summary, { term, lede, entity, ledeEntity }, qn, this);
  }

}

/** The k best by score, ties to the lower slot (the earlier article), as CorpusIndex's TopK keeps them. */
function best(list: Candidate[], k: number): Candidate[] {
  return list.sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, Math.max(0, k));
}
