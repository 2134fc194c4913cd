// A team corpus and the reader's own corpus as one CorpusSearch: candidates from both, each scored
// by its own corpus with its own statistics (no local article, and no word of one, is sent to the
// server), merged by score. The query profile is the server's (its ids); the local articles'
// summaries are given to the classifier with their names renumbered into the server's ids (by
// name key; names the server does not know get ids of their own), while their cosines are computed
// by the local index with the local profile. With an empty local corpus it answers exactly as the
// server's slice does (the contract suite runs it so).
import type { ArticleSummary, Candidate, Cosines, CorpusSearch, EntityInfo, QueryNorms, QueryProfile, SimilarityWeights } from '../engine/corpus-search.ts';
import type { ArticleFeatures } from '../engine/features.ts';
import { SliceMiss, type SliceSearch } from './slice-search.ts';

/** Ids given to local names the server does not know: above any the server packs (2^24 at most) they cannot be; below it, counted down. */
const FIRST_LOCAL_ENTITY_ID = (1 << 24) - 1;

/** Local slots are negative (-1 - slot): never a server slot. */
const localSlot = (slot: number) => -1 - slot;

export class MergedSearch implements CorpusSearch {
  private readonly localProfiles = new WeakMap<QueryProfile, QueryProfile>();
  private readonly localNorms = new WeakMap<QueryProfile, QueryNorms>();
  /** local entity id -> id in the merged (server) space, and back for the ones only the local corpus has */
  private readonly entityMap = new Map<number, number>();
  private readonly localOnly = new Map<number, { info: EntityInfo; localId: number }>();
  private nextLocalEntity = FIRST_LOCAL_ENTITY_ID;
  private readonly remapped = new Map<number, ArticleSummary>();

  constructor(
    readonly remote: SliceSearch,
    readonly local: CorpusSearch,
  ) {}

  get size(): number {
    return this.remote.size + this.local.size;
  }

  get languages(): string[] {
    return [...new Set([...this.remote.languages, ...this.local.languages])].sort();
  }

  get dateSpan(): { from: string | null; to: string | null } {
    const a = this.remote.dateSpan;
    const b = this.local.dateSpan;
    const pick = (x: string | null, y: string | null, min: boolean) => (x === null ? y : y === null ? x : (x < y) === min ? x : y);
    return { from: pick(a.from, b.from, true), to: pick(a.to, b.to, false) };
  }

  has(id: string): boolean {
    return this.local.has(id) || this.remote.has(id);
  }

  get(id: string): ArticleSummary | undefined {
    const l = this.local.get(id);
    return l ? this.remap(l) : this.remote.get(id);
  }

  at(slot: number): ArticleSummary | undefined {
    if (slot >= 0) return this.remote.at(slot);
    const l = this.local.at(localSlot(slot));
    return l ? this.remap(l) : undefined;
  }

  byText(fingerprint: string): string | undefined {
    return this.local.byText(fingerprint) ?? this.remote.byText(fingerprint);
  }

  entityInfo(id: number): EntityInfo | undefined {
    return this.localOnly.get(id)?.info ?? this.remote.entityInfo(id);
  }

  entityIdf(entityKey: string): number {
    // the team corpus's statistics where it knows the name, else the reader's corpus's
    return this.remote.entityId(entityKey) !== undefined ? this.remote.entityIdf(entityKey) : this.local.entityIdf(entityKey);
  }

  entityIdfById(id: number): number {
    const only = this.localOnly.get(id);
    return only ? this.local.entityIdfById(only.localId) : this.remote.entityIdfById(id);
  }

  profile(features: ArticleFeatures): QueryProfile {
    const q = this.remote.profile(features);
    this.localProfiles.set(q, this.local.profile(features));
    return q;
  }

  queryNorms(q: QueryProfile): QueryNorms {
    return this.remote.queryNorms(q);
  }

  private localProfile(q: QueryProfile): QueryProfile {
    const l = this.localProfiles.get(q);
    if (!l) throw new SliceMiss('query', 'a profile not made by this corpus');
    return l;
  }

  candidates(q: QueryProfile, weights: SimilarityWeights, limit = 200, excludeId?: string | null): Candidate[] {
    const remote = this.remote.candidates(q, weights, limit, excludeId);
    const seen = new Set<string>();
    for (const c of remote) {
      const s = this.remote.at(c.slot)!;
      seen.add(s.id);
      seen.add(`\u0000${s.fingerprint}`);
    }
    // a local copy of a server article is listed once, as the server's
    const local = this.local
      .candidates(this.localProfile(q), weights, limit, excludeId)
      .filter((c) => {
        const s = this.local.at(c.slot)!;
        return !seen.has(s.id) && !seen.has(`\u0000${s.fingerprint}`);
      })
      .map((c) => ({ slot: localSlot(c.slot), score: c.score }));
    return [...remote, ...local].sort((a, b) => b.score - a.score || a.slot - b.slot).slice(0, limit);
  }

  cosines(q: QueryProfile, slot: number, qn?: QueryNorms): Cosines {
    if (slot >= 0) return this.remote.cosines(q, slot, qn);
    const l = this.localProfile(q);
    let norms = this.localNorms.get(l);
    if (!norms) this.localNorms.set(l, (norms = this.local.queryNorms(l)));
    return this.local.cosines(l, localSlot(slot), norms);
  }

  /** A local summary with its names renumbered into the server's ids (terms are read only by the local cosines). */
  private remap(s: ArticleSummary): ArticleSummary {
    const done = this.remapped.get(s.slot);
    if (done) return done;
    const data = Uint32Array.from(s.data);
    for (let i = s.entAt; i < s.ancAt; i++) {
      const v = data[i]!;
      data[i] = ((this.mergedEntity(v >>> 8) << 8) | (v & 255)) >>> 0;
    }
    const out: ArticleSummary = { ...s, slot: localSlot(s.slot), data };
    this.remapped.set(s.slot, out);
    return out;
  }

  private mergedEntity(localId: number): number {
    let id = this.entityMap.get(localId);
    if (id !== undefined) return id;
    const info = this.local.entityInfo(localId)!;
    const remoteId = this.remote.entityId(info.key);
    if (remoteId !== undefined) id = remoteId;
    else {
      id = this.nextLocalEntity--;
      this.localOnly.set(id, { info, localId });
    }
    this.entityMap.set(localId, id);
    return id;
  }
}
