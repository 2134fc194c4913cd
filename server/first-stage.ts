// Candidate search's first stage over the posting lists the database keeps (`posting_lists`: per
// term, lede term, name or anchor id, the slots of the articles that hold it and each one's low 8
// bits, in blocks of slots, read through the table's primary key) and the articles' norms
// (`norm_blocks`, per block of slots and language): the lists of one query are read, added up
// per article by the in-memory index's own accumulators (engine/posting-accumulators.ts: articles
// are found through the rarer lists only, the common ones add to those found), scored by the
// shipped matching model's first-stage score (firstStageScorer of engine/match.ts,
// MATCH_WEIGHTS.rerank) and the best slots kept. Nothing outlives the request: the accumulators
// are reset before it returns (no index is kept in the server's memory). Each article's sums are
// added list by list in the in-memory index's order of additions and its cosines computed as
// remote/slice-search.ts firstStage computes them, so the pool, its scores and cosines are those
// of CorpusIndex.candidates (the contract suite compares them); the engine's second stage
// (SliceSearch.secondStage) then ranks the pool by the listing score over the pool's summaries,
// the only articles read.
import type { Cosines } from '../engine/corpus-search.ts';
import { PostingAccumulators } from '../engine/posting-accumulators.ts';

/** Posting kinds: the sections of an article's packed summary that have postings. */
export const POSTING_KIND = { term: 0, lede: 1, entity: 2, anchor: 3 } as const;

/** Slots per row of `posting_lists` and of `norm_blocks` (slot >> BLOCK_BITS is the row's block). */
export const POSTING_BLOCK_BITS = 14;
export const NORM_BLOCK_BITS = 10;
/** Bytes per article in a norm block: its slot (int4) and four norms (float8), big-endian. */
export const NORM_ENTRY_BYTES = 36;

/** One id of the query whose list is read. */
export interface QueryPosting {
  kind: number;
  /** term or entity id, anchor hash */
  id: number;
  /** the query's weight (count weight × idf²; 0 for anchors) */
  wq: number;
  /** idf (names, anchors) */
  idf: number;
  /** the query's name is in its lede */
  lede: boolean;
  /** common: the list adds to the articles the others find and finds none */
  long: boolean;
}

/** A posting list as read: slots (int4 big-endian, ascending) and one byte per slot. */
export interface PostingRow {
  kind: number;
  id: number;
  slots: Buffer;
  packed: Buffer;
}

/** A norm block as read: the articles of one language in a block of slots. */
export interface NormRow {
  language: string;
  data: Buffer;
}

/** Slots a posting can carry: `slot << 8 | low byte` in 32 bits, as on the device. */
const MAX_SLOT = 2 ** 24 - 1;

/**
 * The per-slot sums of engine/posting-accumulators.ts (the in-memory index's), over the lists
 * read from the database: grown to the highest slot seen and reset after each use (only the slots
 * touched), so that one request's work is proportional to the postings it reads.
 */
export class FirstStage {
  private readonly sums = new PostingAccumulators();

  /**
   * Adds up the lists of `query` that `lists` holds (in any order, one row a list): the rarer lists
   * in the order of `query`, then the common ones, which add to the articles the rarer ones found
   * (per kind, the order of CorpusIndex.candidates's additions: remote/slice-search.ts firstStage
   * adds them in the same order), and returns the articles found, with their sums. The
   * accumulators are reset before it returns.
   */
  accumulate(query: readonly QueryPosting[], lists: readonly PostingRow[]): Accumulated {
    try {
      this.add(query, lists, false);
      this.add(query, lists, true);
      return this.take();
    } finally {
      this.sums.reset();
    }
  }

  /**
   * Adds the lists of `query` that `lists` holds of one side: the rarer ones (`common` false),
   * which find articles, or the common ones, which add to those found (give every rarer list
   * first), then `take` (`accumulate` does both sides and takes).
   */
  add(query: readonly QueryPosting[], lists: readonly PostingRow[], common: boolean): void {
    const rows = new Map<string, PostingRow>();
    let maxSlot = -1;
    for (const r of lists) {
      rows.set(`${r.kind}:${r.id}`, r);
      if (r.slots.length >= 4) maxSlot = Math.max(maxSlot, r.slots.readInt32BE(r.slots.length - 4));
    }
    if (maxSlot > MAX_SLOT) throw new Error(`posting lists: slot ${maxSlot} is beyond the ${MAX_SLOT} a posting can carry`);
    const sums = this.sums;
    sums.reserve(maxSlot + 1);
    for (const p of query) {
      if (p.long !== common) continue;
      const r = rows.get(`${p.kind}:${p.id}`);
      if (!r) continue;
      const v = packedPostings(r);
      if (p.kind === POSTING_KIND.term || p.kind === POSTING_KIND.lede) sums.addTerms(p.kind === POSTING_KIND.lede, v, 0, v.length, p.wq, !common);
      else if (p.kind === POSTING_KIND.entity) sums.addEntities(v, 0, v.length, p.wq, p.idf, p.lede, !common);
      else sums.addAnchors(v, 0, v.length, p.idf, !common);
    }
  }

  /** The articles found with their sums; the accumulators are reset for the next request. */
  take(): Accumulated {
    const sums = this.sums;
    const n = sums.found;
    const out: Accumulated = { slots: sums.touched.slice(0, n), sums: new Float64Array(n * 6) };
    for (let k = 0; k < n; k++) {
      const slot = out.slots[k]!;
      const o = k * 6;
      out.sums[o] = sums.term[slot]!;
      out.sums[o + 1] = sums.lede[slot]!;
      out.sums[o + 2] = sums.entity[slot]!;
      out.sums[o + 3] = sums.ledeEntity[slot]!;
      out.sums[o + 4] = sums.entityShared[slot]!;
      out.sums[o + 5] = sums.anchor[slot]!;
    }
    sums.reset();
    return out;
  }
}

/** A list's postings as the device packs them (`slot << 8 | low byte`), from its big-endian slots (below 2^24: the high byte is 0) and its bytes. */
function packedPostings(r: PostingRow): Uint32Array {
  const n = r.packed.length;
  const v = new Uint32Array(n);
  const s = r.slots;
  const b = r.packed;
  for (let i = 0, j = 0; i < n; i++, j += 4) v[i] = ((s[j + 1]! << 24) | (s[j + 2]! << 16) | (s[j + 3]! << 8) | b[i]!) >>> 0;
  return v;
}

export interface Accumulated {
  /** the slots found, in the order first reached */
  slots: Int32Array;
  /** six a slot: its term, lede, entity and lede-entity products, its shared names' and anchors' idf */
  sums: Float64Array;
}

/**
 * The first-stage scores of the articles found, from their norms (`norms`: the norm blocks of
 * their slots) and the query's norms, best first (ties to the lower slot), at most `limit`;
 * `exclude` is left out. The cosines are computed as remote/slice-search.ts firstStage computes
 * them, so with sums added in its order they and the scores are the in-memory index's.
 */
export function rankFound(
  found: Accumulated,
  norms: readonly NormRow[],
  query: { language: string; term: number; lede: number; entity: number; ledeEntity: number },
  rerank: (c: Cosines, sameLanguage: boolean) => number,
  limit: number,
  exclude: number | null,
): Array<{ slot: number; score: number; cosines: Cosines }> {
  let maxSlot = -1;
  for (const slot of found.slots) if (slot > maxSlot) maxSlot = slot;
  // place + 1 of each slot found (0: not found)
  const where = new Int32Array(maxSlot + 1);
  found.slots.forEach((slot, i) => (where[slot] = i + 1));
  const sums = found.sums;
  // per article scored: its slot, the place of its norms (row, offset) and its score; the cosines
  // are built again for those kept only (one scratch object while scoring)
  const n = found.slots.length;
  const slots = new Int32Array(n);
  const rows = new Int32Array(n);
  const offsets = new Int32Array(n);
  const scores = new Float64Array(n);
  let m = 0;
  const scratch: Cosines = { entity: 0, ledeEntity: 0, term: 0, lede: 0, entityShared: 0, anchorShared: 0 };
  const cosinesAt = (row: number, o: number, i: number, c: Cosines) => {
    const d = norms[row]!.data;
    const same = norms[row]!.language === query.language;
    const en = d.readDoubleBE(o + 20);
    const lew = d.readDoubleBE(o + 28);
    c.entity = query.entity && en ? sums[i * 6 + 2]! / (query.entity * en) : 0;
    const ledeEntityDen = Math.sqrt(query.ledeEntity * lew);
    c.ledeEntity = ledeEntityDen ? sums[i * 6 + 3]! / ledeEntityDen : 0;
    c.term = 0;
    c.lede = 0;
    if (same) {
      const tn = d.readDoubleBE(o + 4);
      const ln = d.readDoubleBE(o + 12);
      c.term = query.term && tn ? sums[i * 6]! / (query.term * tn) : 0;
      c.lede = query.lede && ln ? sums[i * 6 + 1]! / (query.lede * ln) : 0;
    }
    c.entityShared = sums[i * 6 + 4]!;
    c.anchorShared = sums[i * 6 + 5]!;
    return same;
  };
  norms.forEach((row, r) => {
    const d = row.data;
    for (let o = 0; o + NORM_ENTRY_BYTES <= d.length; o += NORM_ENTRY_BYTES) {
      const slot = d.readInt32BE(o);
      const i = slot <= maxSlot ? where[slot]! - 1 : -1;
      if (i < 0 || slot === exclude) continue;
      const same = cosinesAt(r, o, i, scratch);
      slots[m] = slot;
      rows[m] = r;
      offsets[m] = o;
      scores[m++] = rerank(scratch, same);
    }
  });
  // the limit-th best score: only the articles at or above it are kept and sorted
  const bar = m > limit && limit > 0 ? scores.slice(0, m).sort()[m - limit]! : -Infinity;
  const scored: Array<{ slot: number; score: number; cosines: Cosines }> = [];
  for (let k = 0; k < m; k++) {
    if (!(scores[k]! >= bar)) continue;
    const c: Cosines = { entity: 0, ledeEntity: 0, term: 0, lede: 0, entityShared: 0, anchorShared: 0 };
    cosinesAt(rows[k]!, offsets[k]!, where[slots[k]!]! - 1, c);
    scored.push({ slot: slots[k]!, score: scores[k]!, cosines: c });
  }
  scored.sort((a, b) => b.score - a.score || a.slot - b.slot);
  return scored.slice(0, Math.max(0, limit));
}
