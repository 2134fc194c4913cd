// Fitting the story matcher (engine/match-model.ts) on the development sets: the pair features of
// every labelled pair, two weighted logistic models (same story; at least related), thresholds
// from inner cross-validation, and the figures of a fit (calibration, F1). Used by
// `npm run train` (the shipped model) and `npm run eval` (models fitted on other folds).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, type MemoryCorpus } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { MIX_WEIGHTS, pairFeatures, pairSignals, POOL_RANK_FULL, queryPool, type QueryPool } from '../engine/match.ts';
import { featureVector, logistic, PAIR_FEATURES, type MatchModel } from '../engine/match-model.ts';
import { groupFolds, SHARED_DIR, type DevSet, type LabelledPair } from './datasets.ts';
import { inputsHash } from './inputs-hash.ts';
import { fitLogistic, type Row } from './logistic.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** One direction of a labelled pair (a read, b in the corpus) with its features. */
export interface PairRow {
  set: DevSet['name'];
  pair: LabelledPair;
  from: string;
  to: string;
  /** the set's group of the pair (folds never split one) */
  group: string;
  x: number[];
}

export interface SetCorpus {
  set: DevSet;
  corpus: MemoryCorpus;
}

export function buildSetCorpus(set: DevSet): SetCorpus {
  return { set, corpus: buildCorpus(set.articles, defaultKnowledge()) };
}

/** The features of both directions of every labelled pair of a set (the set's articles are the corpus). */
export function pairRows({ set, corpus }: SetCorpus): PairRow[] {
  const index = corpus.index;
  const rows: PairRow[] = [];
  const profiles = new Map<string, ReturnType<typeof index.profile>>();
  const profileOf = (id: string) => {
    let p = profiles.get(id);
    if (!p) profiles.set(id, (p = index.profile(corpus.get(id)!.features)));
    return p;
  };
  // the query-relative feature's pool: candidates ranked by the mix of the cosines (no model: the fit is not read before it is made)
  const pools = new Map<string, QueryPool>();
  const poolOf = (id: string) => {
    let p = pools.get(id);
    if (!p) pools.set(id, (p = queryPool(profileOf(id), index.candidates(profileOf(id), MIX_WEIGHTS, POOL_RANK_FULL, id), index)));
    return p;
  };
  for (const pair of set.pairs) {
    for (const [from, to] of [
      [pair.a, pair.b],
      [pair.b, pair.a],
    ] as const) {
      const s = pairSignals(profileOf(from), index.get(to)!, index, undefined, undefined, poolOf(from));
      rows.push({ set: set.name, pair, from, to, group: `${set.name}:${set.group.get(pair.a)}`, x: featureVector(pairFeatures(s)) });
    }
  }
  return rows;
}

type Label = 'same' | 'related';
const labelOf = (r: PairRow, label: Label) => (label === 'same' ? r.pair.same : r.pair.related);

/** Rows with a label, weighted so that each set counts the same in all. */
function weighted(rows: readonly PairRow[], label: Label): Row[] {
  const labelled = rows.filter((r) => labelOf(r, label) !== null);
  const perSet = new Map<string, number>();
  for (const r of labelled) perSet.set(r.set, (perSet.get(r.set) ?? 0) + 1);
  return labelled.map((r) => ({ x: r.x, y: labelOf(r, label)!, w: labelled.length / perSet.size / perSet.get(r.set)! }));
}

export interface Scored {
  p: number;
  y: 0 | 1;
  w: number;
}

/** Weighted F1 at a threshold. */
export function f1At(scored: readonly Scored[], t: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of scored) {
    if (s.p >= t) {
      if (s.y) tp += s.w;
      else fp += s.w;
    } else if (s.y) fn += s.w;
  }
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/** The threshold of best weighted F1 (ties: the middle of the best run). */
export function bestThreshold(scored: readonly Scored[]): number {
  let best = -1;
  let from = 0.5;
  let to = 0.5;
  for (let t = 0.02; t <= 0.981; t += 0.01) {
    const f = f1At(scored, t);
    if (f > best + 1e-12) {
      best = f;
      from = to = t;
    } else if (Math.abs(f - best) <= 1e-12 && Math.abs(t - to - 0.01) < 1e-9) to = t;
  }
  return Math.round(((from + to) / 2) * 100) / 100;
}

export const LAMBDA = 0.0003;
const INNER_FOLDS = 5;
const SEED = 20260;

function foldOfRows(rows: readonly PairRow[], k: number, seed: number): number[] {
  const groups = new Map<string, number>();
  for (const r of rows) if (!groups.has(r.group)) groups.set(r.group, groups.size);
  const folds = groupFolds(groups, k, seed);
  return rows.map((r) => folds.get(groups.get(r.group)!)!);
}

/** Out-of-fold P(label) for each row, from models fitted on the other folds. */
export function outOfFold(rows: readonly PairRow[], label: Label, k = INNER_FOLDS, seed = SEED, fold = foldOfRows(rows, k, seed)): Array<number | null> {
  const out: Array<number | null> = rows.map(() => null);
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => fold[i] !== f);
    const fit = fitLogistic(weighted(train, label), LAMBDA);
    rows.forEach((r, i) => {
      if (fold[i] === f && labelOf(r, label) !== null) out[i] = logistic(fit, r.x);
    });
  }
  return out;
}

function scoredOf(rows: readonly PairRow[], p: ReadonlyArray<number | null>, label: Label): Scored[] {
  const w = weighted(rows, label);
  const out: Scored[] = [];
  let j = 0;
  rows.forEach((r, i) => {
    if (labelOf(r, label) === null) return;
    out.push({ p: p[i]!, y: labelOf(r, label)!, w: w[j++]!.w });
  });
  return out;
}

/** Expected calibration error over `bins` equal-width bins (unweighted: every labelled pair counts once). */
export function calibrationError(scored: readonly Scored[], bins = 10): number {
  const n = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (const s of scored) {
    const b = Math.min(bins - 1, Math.floor(s.p * bins));
    n[b]!++;
    conf[b]! += s.p;
    hits[b]! += s.y;
  }
  const total = scored.length || 1;
  let ece = 0;
  for (let b = 0; b < bins; b++) if (n[b]) ece += (n[b]! / total) * Math.abs(conf[b]! / n[b]! - hits[b]! / n[b]!);
  return ece;
}

/**
 * The matcher fitted on rows: both logistic models on every row, thresholds of best weighted F1
 * on inner out-of-fold predictions (never on the rows' own fitted values). `possible` is the
 * lowest threshold that still keeps out-of-fold precision at 1/2 ("possibly the same story").
 */
export function fitMatcher(rows: readonly PairRow[], inputsHash = 'unhashed'): MatchModel {
  const same = fitLogistic(weighted(rows, 'same'), LAMBDA);
  const related = fitLogistic(weighted(rows, 'related'), LAMBDA);
  const sameScored = scoredOf(rows, outOfFold(rows, 'same'), 'same');
  const relatedScored = scoredOf(rows, outOfFold(rows, 'related'), 'related');
  const tSame = bestThreshold(sameScored);
  let possible = tSame;
  for (let t = tSame; t >= 0.1; t -= 0.01) {
    let tp = 0;
    let fp = 0;
    for (const s of sameScored) {
      if (s.p < t) continue;
      if (s.y) tp += s.w;
      else fp += s.w;
    }
    if (tp / (tp + fp || 1) >= 0.5) possible = Math.round(t * 100) / 100;
    else break;
  }
  return {
    version: 1,
    features: [...PAIR_FEATURES],
    same,
    related,
    thresholds: { same: tSame, possible, related: bestThreshold(relatedScored) },
    inputsHash,
  };
}

/** What the fit reads: both sets' files and the engine code and data that compute the features. */
export const FIT_INPUTS = [
  'eval-semeval/articles.jsonl',
  'eval-semeval/pairs.jsonl',
  'eval/articles',
].map((p) => path.join(SHARED_DIR, p));
const ENGINE_INPUTS = ['engine', 'corpus/aliases.json', 'corpus/language-data.json', 'corpus/lexicon.json', 'corpus/stemming.json', 'eval/datasets.ts', 'eval/logistic.ts', 'eval/matcher-fit.ts'].map((p) => path.resolve(here, '..', p));

/**
 * sha256 over the fitting inputs. The engine's model file itself is left out (it is the output),
 * and so are the engine files that only read the model (their changes do not change a fit).
 */
export function fitInputsHash(): string {
  return inputsHash([...FIT_INPUTS, ...ENGINE_INPUTS], path.resolve(here, '..'), /missing-context|translation-differences|claims|analyze\.ts$|schemas\.ts$|README/);
}
