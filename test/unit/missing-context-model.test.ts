// The fitted ranking of missing context: the model file is checked at the boundary, the shipped
// weights are the committed file's and current with their inputs, and the ranking follows the
// weights it is given (the candidates and their groups do not depend on them).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMissingContext, missingCandidates } from '../../engine/missing-context.ts';
import { parseMissingContextModel, SALIENCE_FEATURES, shippedSalienceWeights, weightsOf, type SalienceWeights } from '../../engine/missing-context-model.ts';
import { missingModelIsCurrent } from '../../eval/train-missing.ts';
import { labelledReads } from '../../eval/run-missing-eval.ts';

const file = path.resolve(import.meta.dirname, '../../corpus/missing-context-model.json');
const committed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('missing-context model file', () => {
  it('parses the committed model, and the engine ranks by its weights', () => {
    const m = parseMissingContextModel(committed);
    expect(shippedSalienceWeights()).toEqual(weightsOf(m));
    expect(Object.keys(shippedSalienceWeights())).toEqual([...SALIENCE_FEATURES]);
  });

  it('rejects a model of other features, of the wrong length or with a weight that is no number, naming the file', () => {
    expect(() => parseMissingContextModel({ ...committed, features: ['lede'] }, 'x.json')).toThrow(/x\.json: fitted on other features/);
    expect(() => parseMissingContextModel({ ...committed, weights: [1, 2] }, 'x.json')).toThrow(/x\.json: 2 weights for 10 features/);
    expect(() => parseMissingContextModel({ ...committed, weights: (committed.weights as number[]).map(() => 'a') }, 'x.json')).toThrow(/x\.json: not a missing-context model: weights/);
    expect(() => parseMissingContextModel({ ...committed, version: 2 }, 'x.json')).toThrow(/version/);
  });

  it('is current with what it was fitted on (npm run train rewrites it)', () => {
    const { current, reason } = missingModelIsCurrent();
    expect(reason).toMatch(/missing-context model/);
    expect(current).toBe(true);
  });
});

describe('ranking by given weights', () => {
  const { reads, knowledge } = labelledReads();
  const r = reads.find((x) => x.matches.length > 1 && missingCandidates(x.read, x.matches, knowledge, x.entityIdf).groups.length > 5)!;

  it('items are the same whatever the weights; the order follows them', () => {
    const only = (f: keyof SalienceWeights, sign: number): SalienceWeights => ({ ...Object.fromEntries(SALIENCE_FEATURES.map((k) => [k, 0])), [f]: sign } as SalienceWeights);
    const up = findMissingContext(r.read, r.matches, knowledge, r.entityIdf, only('unsaid', 1));
    const down = findMissingContext(r.read, r.matches, knowledge, r.entityIdf, only('unsaid', -1));
    const key = (i: { sources: Array<{ id: string; text: string }> }) => i.sources.map((s) => `${s.id}:${s.text}`).join('|');
    // the same groups (by their sources' sentences, which may change with the rendering chosen: compare sources' ids)
    expect(up.length).toBe(down.length);
    expect(up.map((i) => i.sources.map((s) => s.id).join()).sort()).toEqual(down.map((i) => i.sources.map((s) => s.id).join()).sort());
    // within each section, scores descend with the weights given, and reversing the weight reverses the scores
    for (const list of [up, down]) {
      for (const section of ['same-story', 'since-then', 'background']) {
        const scores = list.filter((i) => i.section === section).map((i) => i.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    }
    const topUp = up.filter((i) => i.section === up[0]!.section);
    const topDown = down.filter((i) => i.section === up[0]!.section);
    expect(topUp[0]!.score).toBeGreaterThan(topUp.at(-1)!.score);
    expect(key(topDown[0]!)).not.toBe(key(topUp[0]!));
  });
});
