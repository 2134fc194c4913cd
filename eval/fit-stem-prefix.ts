// Prefix stemming for inflected languages without a Snowball stemmer, its length chosen on the
// development sets, not by hand: for each such language with at least MIN_PAIRS strict-labelled
// same-language pairs in eval-semeval (today: Polish), every candidate length (0: the language's
// own rule, then PREFIX_LENGTHS) rebuilds the set's features with it, and the story matcher is
// scored as `npm run eval` scores it at the pair level (5 folds by groups of linked articles, seed
// 7, ../shared/eval always in the training data). The length kept is the one of best out-of-fold
// log-likelihood on that language's labelled pairs (smoother than an F1 of a few dozen pairs);
// F1 and AUC are printed beside it. Writes corpus/stemming.json (then run `npm run train`).
//   npx tsx eval/fit-stem-prefix.ts [--dry]
// Texts are read at run time from ../shared, never copied.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logistic, PAIR_FEATURES } from '../engine/match-model.ts';
import { hasSnowballStemmer, setStemPrefixLengths, stemPrefixLengths } from '../engine/text.ts';
import { groupFolds, loadEventSet, loadSemeval } from './datasets.ts';
import { buildSetCorpus, fitMatcher, pairRows, type PairRow } from './matcher-fit.ts';
import { auc } from './metrics.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../corpus/stemming.json');
export const PREFIX_LENGTHS = [4, 5, 6, 7, 8];
const MIN_PAIRS = 40;
const FOLDS = 5;
const SEED = 7;
const DATE_APART = PAIR_FEATURES.indexOf('dateApart');

interface Measured {
  length: number;
  logLikelihood: number;
  auc: number;
  f1: number;
  f1All: number;
}

function f1(xs: ReadonlyArray<{ said: boolean; y: number }>): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const x of xs) {
    if (x.said && x.y) tp++;
    else if (x.said) fp++;
    else if (x.y) fn++;
  }
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

function main(): void {
  const dry = process.argv.includes('--dry');
  const fixed = { ...stemPrefixLengths() };
  const evRows = pairRows(buildSetCorpus(loadEventSet()));
  const semeval = loadSemeval();
  const folds = groupFolds(semeval.group, FOLDS, SEED);
  const foldOf = (id: string) => folds.get(semeval.group.get(id)!)!;
  // languages without a stemmer of their own (Snowball's) with enough labelled pairs
  const counts = new Map<string, number>();
  for (const p of semeval.pairs) if (p.same !== null) counts.set(p.languages, (counts.get(p.languages) ?? 0) + 1);
  const languages = [...counts].filter(([k, n]) => n >= MIN_PAIRS && k.split('-')[0] === k.split('-')[1] && !hasSnowballStemmer(k.split('-')[0]!)).map(([k]) => k.split('-')[0]!);
  const chosen: Record<string, number> = {};
  const record: Record<string, Measured[]> = {};
  for (const language of languages) {
    const measured: Measured[] = [];
    for (const length of [0, ...PREFIX_LENGTHS]) {
      const prefixes = { ...fixed };
      if (length) prefixes[language] = length;
      else delete prefixes[language];
      setStemPrefixLengths(prefixes);
      const seRows = pairRows(buildSetCorpus(semeval));
      const out: Array<{ r: PairRow; p: number; said: boolean }> = [];
      for (let f = 0; f < FOLDS; f++) {
        const model = fitMatcher([...seRows.filter((r) => foldOf(r.from) !== f), ...evRows]);
        for (const r of seRows) {
          if (foldOf(r.from) !== f || r.pair.same === null) continue;
          const p = r.x[DATE_APART] === 1 ? 0 : logistic(model.same, r.x);
          out.push({ r, p, said: p >= model.thresholds.same });
        }
      }
      const own = out.filter((o) => o.r.pair.languages === `${language}-${language}`).map((o) => ({ p: o.p, y: o.r.pair.same!, said: o.said }));
      const eps = 1e-6;
      const ll = own.reduce((s, o) => s + (o.y ? Math.log(Math.max(eps, o.p)) : Math.log(Math.max(eps, 1 - o.p))), 0) / own.length;
      const m: Measured = { length, logLikelihood: round(ll), auc: round(auc(own)), f1: round(f1(own)), f1All: round(f1(out.map((o) => ({ said: o.said, y: o.r.pair.same! })))) };
      measured.push(m);
      console.log(`${language} ${length ? `prefix ${length}` : 'own rule'}: out-of-fold log-likelihood ${m.logLikelihood}, AUC ${m.auc}, strict F1 ${m.f1} (${own.length / 2} pairs); eval-semeval strict F1 ${m.f1All}`);
    }
    const best = measured.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
    record[language] = measured;
    if (best.length) chosen[language] = best.length;
    console.log(`${language}: ${best.length ? `prefix ${best.length}` : 'its own rule'} kept`);
  }
  setStemPrefixLengths(fixed);
  const data = { prefix: { ...Object.fromEntries(Object.entries(fixed).filter(([l]) => !languages.includes(l))), ...chosen }, fitted: { criterion: 'out-of-fold log-likelihood of the language pairs, 5 folds by groups (seed 7), eval in training', byLanguage: record } };
  if (dry) console.log(JSON.stringify(data, null, 1));
  else {
    fs.writeFileSync(OUT, `${JSON.stringify(data, null, 1)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), OUT)}; now run npm run train`);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main();
