// Candidate search's first stage: the engine's unrolled first-stage score (firstStageScorer,
// engine/match.ts; the in-memory index and the team server rank by it) is the model's logits over
// its features to the bit; the team server's (server/first-stage.ts) and its accumulators add the
// posting lists up as the in-memory index does (rarer lists find, common lists only add), leaving
// nothing behind between requests.
import { describe, expect, it } from 'vitest';
import type { Cosines } from '../../engine/corpus-search.ts';
import { firstStageScoreReference, firstStageScorer, MATCH_WEIGHTS, shippedMatchModel } from '../../engine/match.ts';
import { FirstStage, NORM_ENTRY_BYTES, POSTING_KIND, rankFound, type PostingRow, type QueryPosting } from '../../server/first-stage.ts';

/** A deterministic spread of cosines: every part from 0 to past 1, mass from 0 to 200. */
function cosineCases(): Array<{ c: Cosines; same: boolean }> {
  let s = 12345;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: Array<{ c: Cosines; same: boolean }> = [];
  const levels = [0, 0.02, 0.1, 0.3, 0.6, 1];
  for (const term of levels)
    for (const entity of levels)
      for (const same of [true, false]) {
        out.push({ same, c: { term, lede: rnd(), entity, ledeEntity: rnd() * 1.5, entityShared: rnd() * 200, anchorShared: rnd() < 0.3 ? 0 : rnd() * 120 } });
      }
  for (let i = 0; i < 400; i++) out.push({ same: rnd() < 0.7, c: { term: rnd() ** 2, lede: rnd() ** 2, entity: rnd() ** 2, ledeEntity: rnd() * 1.2, entityShared: rnd() * 60, anchorShared: rnd() < 0.3 ? 0 : rnd() * 80 } });
  return out;
}

const slotsOf = (...slots: number[]) => {
  const b = Buffer.alloc(slots.length * 4);
  slots.forEach((s, i) => b.writeInt32BE(s, i * 4));
  return b;
};

describe('first stage', () => {
  it("scores cosines as the engine's first stage does, to the bit, likely same-story pairs above the rest", () => {
    const model = shippedMatchModel();
    const score = firstStageScorer(model);
    const cases = cosineCases();
    let first = 0;
    for (const { c, same } of cases) {
      const reference = firstStageScoreReference(model, c, same);
      if (reference > 500) first++;
      expect(score(c, same), JSON.stringify({ c, same })).toBe(reference);
      // the shipped weights rank by it
      expect(MATCH_WEIGHTS.rerank!(c, same)).toBe(reference);
    }
    // the cases reach both sides of the bar
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(cases.length);
  });

  it('adds up the lists per article: rarer lists find articles, common lists only add to them; nothing is left for the next request', () => {
    const stage = new FirstStage();
    const query: QueryPosting[] = [
      { kind: POSTING_KIND.term, id: 7, wq: 2, idf: 0, lede: false, long: false },
      { kind: POSTING_KIND.entity, id: 3, wq: 1.5, idf: 4, lede: true, long: false },
      { kind: POSTING_KIND.term, id: 9, wq: 0.5, idf: 0, lede: false, long: true },
      { kind: POSTING_KIND.anchor, id: 11, wq: 0, idf: 3, lede: false, long: true },
    ];
    const lists: PostingRow[] = [
      // the common ones first: the order of rows does not matter
      { kind: POSTING_KIND.term, id: 9, slots: slotsOf(1, 2, 5), packed: Buffer.from([1, 3, 1]) },
      { kind: POSTING_KIND.anchor, id: 11, slots: slotsOf(2, 5), packed: Buffer.from([0, 0]) },
      { kind: POSTING_KIND.term, id: 7, slots: slotsOf(2, 4), packed: Buffer.from([2, 1]) },
      // a name with its lede bit (128) and mention weight 2 in article 4, weight 1 and no lede bit in article 6
      { kind: POSTING_KIND.entity, id: 3, slots: slotsOf(4, 6), packed: Buffer.from([128 | 2, 1]) },
      // a list the query does not ask for
      { kind: POSTING_KIND.term, id: 8, slots: slotsOf(1, 3), packed: Buffer.from([1, 1]) },
    ];
    const found = stage.accumulate(query, lists);
    const sums = new Map([...found.slots].map((slot, i) => [slot, [...found.sums.subarray(i * 6, i * 6 + 6)]]));
    // articles 1 and 5 are reached by common lists only: not found
    expect([...sums.keys()].sort()).toEqual([2, 4, 6]);
    const w = (n: number) => 1 + Math.log(n);
    expect(sums.get(2)).toEqual([2 * w(2) + 0.5 * w(3), 0, 0, 0, 0, 3]);
    expect(sums.get(4)).toEqual([2 * w(1), 0, 1.5 * w(2), 4, 4, 0]);
    expect(sums.get(6)).toEqual([0, 0, 1.5 * w(1), 0, 4, 0]);
    // the next request starts from zero
    const again = stage.accumulate([query[0]!], [lists[2]!]);
    expect([...again.slots]).toEqual([2, 4]);
    expect([...again.sums]).toEqual([2 * w(2), 0, 0, 0, 0, 0, 2 * w(1), 0, 0, 0, 0, 0]);

    // the two sides added apart (as the server adds them while the common lists are read), the
    // common side reaching slots past the room the rarer side made: the sums so far are kept
    stage.add(query, [lists[2]!, lists[3]!], false);
    stage.add(query, [lists[0]!, { kind: POSTING_KIND.anchor, id: 11, slots: slotsOf(2, 5000), packed: Buffer.from([0, 0]) }], true);
    const apart = stage.take();
    expect([...apart.slots].sort()).toEqual([2, 4, 6]);
    expect([...apart.sums.subarray(0, 6)]).toEqual(sums.get(apart.slots[0]!));
    expect(new Map([...apart.slots].map((slot, i) => [slot, [...apart.sums.subarray(i * 6, i * 6 + 6)]]))).toEqual(sums);
    // and nothing left behind, the grown room included
    expect([...stage.accumulate([query[3]!], [{ kind: POSTING_KIND.anchor, id: 11, slots: slotsOf(4000), packed: Buffer.from([0]) }]).slots]).toEqual([]);

    // ranked from the norm blocks: the excluded article left out, best first, the limit kept
    const norms = Buffer.alloc(NORM_ENTRY_BYTES * 3);
    [2, 4, 6].forEach((slot, i) => {
      norms.writeInt32BE(slot, i * NORM_ENTRY_BYTES);
      for (let k = 0; k < 4; k++) norms.writeDoubleBE(1 + k, i * NORM_ENTRY_BYTES + 4 + 8 * k);
    });
    const score = firstStageScorer(shippedMatchModel());
    const ranked = rankFound(found, [{ language: 'en', data: norms }], { language: 'en', term: 2, lede: 1, entity: 3, ledeEntity: 2 }, score, 2, 6);
    expect(ranked.map((r) => r.slot).sort()).toEqual([2, 4]);
    expect(ranked[0]!.score).toBeGreaterThanOrEqual(ranked[1]!.score);
    const four = ranked.find((r) => r.slot === 4)!;
    expect(four.cosines).toEqual({ term: (2 * w(1)) / (2 * 1), lede: 0, entity: (1.5 * w(2)) / (3 * 3), ledeEntity: 4 / Math.sqrt(2 * 4), entityShared: 4, anchorShared: 0 });
    expect(four.score).toBe(MATCH_WEIGHTS.rerank!(four.cosines, true));
  });
});
