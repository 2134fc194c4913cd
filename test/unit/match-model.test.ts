// The fitted matcher: the fitting code recovers known weights, folds never split a group, the
// shipped model is current with its inputs, and reasons are true by construction.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus, matchArticle } from '../../engine/analyze.ts';
import { computeFeatures } from '../../engine/features.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { classifyPair, datedApart, pairFeatures, pairSignals, shippedMatchModel } from '../../engine/match.ts';
import { logistic, parseMatchModel, PAIR_FEATURES } from '../../engine/match-model.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { groupFolds, loadSemeval, SHARED_DIR } from '../../eval/datasets.ts';
import { fitLogistic, type Row } from '../../eval/logistic.ts';
import { bestThreshold, calibrationError } from '../../eval/matcher-fit.ts';
import { modelIsCurrent } from '../../eval/train-matcher.ts';

const knowledge = defaultKnowledge();

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
}

describe('fitting', () => {
  it('recovers the weights of a known logistic model from its samples', () => {
    const rand = seeded(3);
    const truth = { bias: -1, weights: [2.5, -1.5, 0] };
    const rows: Row[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = [rand(), rand(), rand()];
      rows.push({ x, y: rand() < logistic(truth, x) ? 1 : 0, w: 1 });
    }
    const fit = fitLogistic(rows, 0);
    expect(fit.bias).toBeCloseTo(truth.bias, 0);
    truth.weights.forEach((w, i) => expect(Math.abs(fit.weights[i]! - w)).toBeLessThan(0.25));
  });

  it('regularisation shrinks the weights', () => {
    const rand = seeded(5);
    const rows: Row[] = Array.from({ length: 500 }, () => {
      const x = [rand()];
      return { x, y: x[0]! > 0.5 ? 1 : 0, w: 1 };
    });
    expect(Math.abs(fitLogistic(rows, 0.1).weights[0]!)).toBeLessThan(Math.abs(fitLogistic(rows, 0.0001).weights[0]!));
  });

  it('the threshold of best F1 separates separable scores, and calibration error is 0 for exact probabilities', () => {
    const scored = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9].map((p) => ({ p, y: (p > 0.5 ? 1 : 0) as 0 | 1, w: 1 }));
    const t = bestThreshold(scored);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.7);
    const exact = Array.from({ length: 10 }, (_, i) => ({ p: 0.05 + i / 10, y: 0 as 0 | 1, w: 1 }));
    // one bin (0.45) of ten: 10 rows of p 0.45, 4.5 expected hits: give it 5 of 10 → error 0.05 in that bin only
    const bin = Array.from({ length: 10 }, (_, i) => ({ p: 0.45, y: (i < 5 ? 1 : 0) as 0 | 1, w: 1 }));
    expect(calibrationError(bin)).toBeCloseTo(0.05, 6);
    expect(calibrationError(exact)).toBeCloseTo(exact.reduce((s, r) => s + r.p, 0) / exact.length, 6);
  });

  it('folds are seeded and never split a group', () => {
    const group = new Map(Array.from({ length: 40 }, (_, i) => [`a${i}`, i % 13]));
    const a = groupFolds(group, 5, 1);
    expect(groupFolds(group, 5, 1)).toEqual(a);
    expect(new Set(a.values())).toEqual(new Set([0, 1, 2, 3, 4]));
    expect(a.size).toBe(13);
  });

  it.runIf(fs.existsSync(`${SHARED_DIR}/eval-semeval`))('eval-semeval: every labelled pair lies within one group', () => {
    const set = loadSemeval();
    for (const p of set.pairs) expect(set.group.get(p.a)).toBe(set.group.get(p.b));
    expect(new Set(set.group.values()).size).toBeGreaterThan(100);
  });
});

describe('the shipped model', () => {
  it('has one weight per feature and sane thresholds', () => {
    const m = shippedMatchModel();
    expect(m.features).toEqual([...PAIR_FEATURES]);
    expect(m.thresholds.possible).toBeLessThanOrEqual(m.thresholds.same);
    expect(m.thresholds.same).toBeGreaterThan(0);
    expect(m.thresholds.same).toBeLessThan(1);
  });

  it('refuses a model fitted on other features', () => {
    const m = shippedMatchModel();
    expect(() => parseMatchModel({ ...m, features: m.features.slice(1) })).toThrow(/other features/);
    expect(() => parseMatchModel({ ...m, same: { bias: 0 } })).toThrow(/same\.weights/);
  });

  it.runIf(fs.existsSync(`${SHARED_DIR}/eval-semeval`))('is current with what it was fitted on (npm run train)', () => {
    expect(modelIsCurrent()).toEqual({ current: true, reason: 'match model is current' });
  });
});

describe('pairs and their reasons', () => {
  const base = { outlet: 'Test Wire', language: 'en' };
  const a: CorpusRecord = { ...base, id: 'a', title: 'Mayor Janet Holloway opens Bridge Road crossing over River Wend', text: 'Mayor Janet Holloway opened the new Bridge Road crossing over the River Wend in Eastmere. Janet Holloway said the crossing would cut journeys by ten minutes. The River Wend crossing cost 4 million.' };
  const b: CorpusRecord = { ...base, id: 'b', title: 'Bridge Road crossing over River Wend opens', text: 'The Bridge Road crossing over the River Wend in Eastmere was opened by Mayor Janet Holloway. Janet Holloway said journeys would be ten minutes shorter. Building the River Wend crossing cost 4 million.' };

  it('an undated pair gets no date reason, and names of no known kind are never called people', () => {
    const corpus = buildCorpus([b], knowledge);
    const [m] = matchArticle(computeFeatures(a, knowledge), corpus.index, null);
    expect(m).toBeDefined();
    const why = m!.why.join(' | ');
    expect(why).not.toMatch(/same day|days? apart|same day of the week/);
    expect(why).not.toMatch(/same people: .*(River|Road)/);
  });

  it('dates are reasons only when both events are dated', () => {
    const dated = [{ ...a, published: '2024-05-02' }, { ...b, published: '2024-05-02' }];
    const corpus = buildCorpus([dated[1]!], knowledge);
    const [m] = matchArticle(computeFeatures(dated[0]!, knowledge), corpus.index, null);
    if (m?.relation === 'same-story') expect(m.why).toContain('same day');
    const undated = buildCorpus([b], knowledge);
    const [n] = matchArticle(computeFeatures({ ...a, published: '2024-05-02' }, knowledge), undated.index, null);
    expect(n?.why.join(' ')).not.toMatch(/same day|apart/);
  });

  it('places are listed as places, never as people', () => {
    const r = buildCorpus([{ id: 'x', outlet: 'Wire', language: 'en', published: '2023-03-16', title: 'Qin Gang calls Dmytro Kuleba', text: 'Chinese Foreign Minister Qin Gang spoke by phone with Ukrainian Foreign Minister Dmytro Kuleba on Thursday about Ukraine, Russia and China.' }], knowledge);
    const [m] = matchArticle(computeFeatures({ language: 'en', published: '2023-03-16', title: 'Kuleba and Qin Gang talk', text: 'Ukrainian Foreign Minister Dmytro Kuleba and Chinese Foreign Minister Qin Gang talked by phone on Thursday about Ukraine, Russia and China.' }, knowledge), r.index, null);
    expect(m).toBeDefined();
    const people = m!.why.find((w) => w.startsWith('same people:')) ?? '';
    expect(people).not.toMatch(/Ukraine|Russia|China/);
    expect(m!.why.some((w) => w.startsWith('same places:'))).toBe(true);
  });

  it('full dates far apart are never the same story, whatever the wording', () => {
    const one = { ...a, published: '2022-04-05' };
    const two = { ...b, id: 'two', text: a.text, title: a.title, published: '2023-09-20' };
    const corpus = buildCorpus([two], knowledge);
    const q = corpus.index.profile(computeFeatures(one, knowledge));
    const s = pairSignals(q, corpus.index.get('two')!, corpus.index);
    expect(datedApart(s)).toBe(true);
    const o = classifyPair(q, corpus.index.get('two')!, corpus.index);
    expect(o.relation).not.toBe('same-story');
    expect(o.confidence).toBe(0);
  });

  it('features lie in [0, 1] and the listing carries the confidence that decided it', async () => {
    const records = JSON.parse(fs.readFileSync(new URL('../../corpus/bundled-corpus.json', import.meta.url), 'utf8')) as CorpusRecord[];
    const corpus = buildCorpus(records, knowledge);
    const model = shippedMatchModel();
    for (const r of records) {
      const q = corpus.index.profile(corpus.get(r.id)!.features);
      for (const other of records) {
        if (other.id === r.id) continue;
        for (const v of Object.values(pairFeatures(pairSignals(q, corpus.index.get(other.id)!, corpus.index)))) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      const result = await analyseArticle({ ...r }, corpus, knowledge);
      for (const x of result.related) {
        expect(x.confidence).toBeGreaterThanOrEqual(0);
        expect(x.confidence).toBeLessThanOrEqual(1);
        if (x.relation === 'same-story') expect(x.confidence).toBeGreaterThanOrEqual(model.thresholds.same);
        else expect(x.confidence).toBeLessThan(model.thresholds.same);
      }
    }
  });
});
