// Candidate search's per-article sums: the one piece that adds a query's posting lists up, used by
// the in-memory index (engine/corpus-index.ts CorpusIndex.candidates) and by the team server
// (server/first-stage.ts FirstStage, over the lists it reads from PostgreSQL), so that both add the
// same products in the same order and find the same articles.
//
// A posting is one 32-bit value, `slot << 8 | low byte` (the low 8 bits of the article's summary
// word: a term's count; a name's lede bit, person bit and mention weight). The lists that find
// articles are added first; the others (common terms and names) then add to the articles already
// found and find none.
import { COUNT_MASK, LEDE_BIT } from './corpus-index.ts';

/** termWeight (= entityWeight) of the counts a posting packs in its low 8 bits: read in the loops. */
const WEIGHT_OF_COUNT = Float64Array.from({ length: 256 }, (_, n) => 1 + Math.log(n));

/**
 * Per-slot sums, reused from query to query: grown to the slots asked for, and only the slots a
 * query touched are zeroed after it (`reset`), so a query's work is proportional to the postings
 * it reads. Give every list that finds articles before any list that only adds.
 */
export class PostingAccumulators {
  /** term products (query weight × the article's count weight) */
  term = new Float64Array(0);
  lede = new Float64Array(0);
  entity = new Float64Array(0);
  /** idf of the names both give in their ledes */
  ledeEntity = new Float64Array(0);
  /** idf of the names both give */
  entityShared = new Float64Array(0);
  /** idf of the anchors both give */
  anchor = new Float64Array(0);
  /** the slots found, in the order first reached: `touched[0, found)` */
  touched = new Int32Array(0);
  found = 0;
  private seen = new Uint8Array(0);

  /**
   * Makes room for slots `[0, slots)`, keeping the sums so far (the arrays are replaced when they
   * grow: read them after).
   */
  reserve(slots: number): void {
    if (this.seen.length >= slots) return;
    const n = Math.max(slots, this.seen.length * 2, 1024);
    const grown = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(a);
      return next;
    };
    this.term = grown(this.term, (k) => new Float64Array(k));
    this.lede = grown(this.lede, (k) => new Float64Array(k));
    this.entity = grown(this.entity, (k) => new Float64Array(k));
    this.ledeEntity = grown(this.ledeEntity, (k) => new Float64Array(k));
    this.entityShared = grown(this.entityShared, (k) => new Float64Array(k));
    this.anchor = grown(this.anchor, (k) => new Float64Array(k));
    this.touched = grown(this.touched, (k) => new Int32Array(k));
    this.seen = grown(this.seen, (k) => new Uint8Array(k));
  }

  /**
   * Adds a term list (`lede`: a lede-term list), postings `values[from, to)`, with the query's
   * weight `wq` (its count weight × idf²). `finds`: the articles it reaches are found; else it
   * adds only to articles already found.
   */
  addTerms(lede: boolean, values: ArrayLike<number>, from: number, to: number, wq: number, finds: boolean): void {
    const acc = lede ? this.lede : this.term;
    const seen = this.seen;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      const slot = v >>> 8;
      if (seen[slot] === 0) {
        if (!finds) continue;
        seen[slot] = 1;
        this.touched[this.found++] = slot;
      }
      acc[slot]! += wq * WEIGHT_OF_COUNT[v & 255]!;
    }
  }

  /** Adds a name's list: `wq` its query weight × idf², `queryLede` whether the query's lede names it. */
  addEntities(values: ArrayLike<number>, from: number, to: number, wq: number, idf: number, queryLede: boolean, finds: boolean): void {
    const { entity, ledeEntity, entityShared, seen } = this;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      const slot = v >>> 8;
      if (seen[slot] === 0) {
        if (!finds) continue;
        seen[slot] = 1;
        this.touched[this.found++] = slot;
      }
      entity[slot]! += wq * WEIGHT_OF_COUNT[v & COUNT_MASK]!;
      if (queryLede && v & LEDE_BIT) ledeEntity[slot]! += idf;
      entityShared[slot]! += idf;
    }
  }

  /** Adds an anchor's list (the low bytes are not read). */
  addAnchors(values: ArrayLike<number>, from: number, to: number, idf: number, finds: boolean): void {
    const { anchor, seen } = this;
    for (let i = from; i < to; i++) {
      const slot = values[i]! >>> 8;
      if (seen[slot] === 0) {
        if (!finds) continue;
        seen[slot] = 1;
        this.touched[this.found++] = slot;
      }
      anchor[slot]! += idf;
    }
  }

  /** Zeroes the slots touched, for the next query. */
  reset(): void {
    const { term, lede, entity, ledeEntity, entityShared, anchor, seen, touched } = this;
    for (let t = 0; t < this.found; t++) {
      const slot = touched[t]!;
      term[slot] = 0;
      lede[slot] = 0;
      entity[slot] = 0;
      ledeEntity[slot] = 0;
      entityShared[slot] = 0;
      anchor[slot] = 0;
      seen[slot] = 0;
    }
    this.found = 0;
  }
}
