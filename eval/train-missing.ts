// `npm run train:missing` (also run by `npm run train`, after the matcher): fits the ranking of
// missing context on the labelled development set (eval/missing-context-labels.json, texts read
// at run time from ../shared and the bundled seeds) and writes corpus/missing-context-model.json.
//
// Rows: every candidate item rendering (a claim of a labelled other article that the read
// article does not say, engine/missing-context.ts missingCandidates) with its salience features
// (engine/missing-context-model.ts SALIENCE_FEATURES); label 1 when its sentence is labelled
// missing-key or missing-minor, 0 when already-said, off-topic or fragment; each row weighs
// 1/(renderings of its item), so an item counts once whatever the outlets that report it.
// Model: L2-regularised logistic regression (eval/logistic.ts). Its weights are the ranking's.
// Cross-validation: leave one story out (the labels' `story`); the out-of-fold figures are those
// of `npm run eval:missing` with each read article ranked by the weights fitted without its story.
//   npm run train:missing              fit, report in-sample and out-of-fold figures, and write
//   npm run train:missing -- --check   exit 1 when the committed model is stale (inputs changed)
//   npm run train:missing -- --dry     fit and report, write nothing
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingCandidates } from '../engine/missing-context.ts';
import { parseMissingContextModel, SALIENCE_FEATURES, weightsOf, type MissingContextModel, type SalienceWeights } from '../engine/missing-context-model.ts';
import { SHARED_DIR } from './datasets.ts';
import { inputsHash } from './inputs-hash.ts';
import { fitLogistic, type LogisticFit, type Row } from './logistic.ts';
import { evaluateMissing, GOOD, labelledReads, type LabelledRead } from './run-missing-eval.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
export const MISSING_MODEL_FILE = path.join(root, 'corpus/missing-context-model.json');

/** L2 penalty per unit of total row weight (eval/logistic.ts). */
export const MISSING_LAMBDA = 0.01;

interface CandidateRow extends Row {
  story: string;
}

/** The rows of one labelled read: every candidate rendering whose sentence is labelled. */
export function candidateRows(r: LabelledRead, knowledge: Parameters<typeof missingCandidates>[2]): CandidateRow[] {
  const rows: CandidateRow[] = [];
  for (const group of missingCandidates(r.read, r.matches, knowledge, r.entityIdf).groups) {
    const outlets = new Set(group.map((c) => c.source.article.record.outlet)).size - 1;
    for (const c of group) {
      const unit = r.others.get(c.source.article.record.id)?.find((u) => u.i === c.claim.index);
      if (!unit) continue;
      const x = SALIENCE_FEATURES.map((f) => (f === 'outlets' ? outlets : c.salience[f]));
      rows.push({ x, y: GOOD.has(unit.label) ? 1 : 0, w: 1 / group.length, story: r.story });
    }
  }
  return rows;
}

/** What the fit reads: the labels, the sets' texts, and the engine code and data that make the candidates. */
const INPUTS = [
  path.join(SHARED_DIR, 'eval/articles'),
  ...['eval/missing-context-labels.json', 'corpus/bundled-corpus.json', 'corpus/aliases.json', 'corpus/language-data.json', 'corpus/lexicon.json', 'corpus/match-model.json', 'engine', 'eval/datasets.ts', 'eval/logistic.ts', 'eval/run-eval.ts', 'eval/run-missing-eval.ts', 'eval/train-missing.ts'].map((p) => path.join(root, p)),
];

/** sha256 over the fitting inputs (READMEs and the translation-differences step left out: they change no fit). */
export function missingInputsHash(): string {
  return inputsHash(INPUTS, root, /README|translation-differences/);
}

export function missingModelIsCurrent(): { current: boolean; reason: string } {
  const model = parseMissingContextModel(JSON.parse(fs.readFileSync(MISSING_MODEL_FILE, 'utf8')));
  const hash = missingInputsHash();
  return model.inputsHash === hash
    ? { current: true, reason: 'missing-context model is current' }
    : { current: false, reason: `corpus/missing-context-model.json is stale (fitted on inputs ${model.inputsHash.slice(0, 12)}, now ${hash.slice(0, 12)}): run npm run train` };
}

type Figures = Awaited<ReturnType<typeof evaluateMissing>>;
const summary = (f: Figures) => ({
  precisionAt3: round(f.precisionAt3, 3),
  precisionAt8: round(f.precisionAt8, 3),
  alreadySaidShown: round(f.alreadySaidShown, 3),
  keyRecall: round(f.keyRecall, 3),
  speakerPrecision: round(f.speakerPrecision, 3),
  speakerCoverage: round(f.speakerCoverage, 3),
  shown: f.shown,
  top3: f.top3,
});
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const rounded = (f: LogisticFit): LogisticFit => ({ bias: round(f.bias, 6), weights: f.weights.map((w) => round(w, 6)) });

/** Fits the model on every labelled read, and again leaving each story out; scores both with eval:missing. */
export async function trainMissing(): Promise<{ model: MissingContextModel; inSample: ReturnType<typeof summary>; outOfFold: ReturnType<typeof summary>; rows: number; positives: number; stories: string[]; foldWeights: Record<string, SalienceWeights> }> {
  const prepared = labelledReads();
  const rows = prepared.reads.flatMap((r) => candidateRows(r, prepared.knowledge));
  // rounded as written, so that the figures are those of the shipped file
  const fit = rounded(fitLogistic(rows, MISSING_LAMBDA));
  const weights = weightsOf(fit);
  const stories = [...new Set(prepared.reads.map((r) => r.story))].sort();
  const foldWeights: Record<string, SalienceWeights> = {};
  for (const s of stories) foldWeights[s] = weightsOf(rounded(fitLogistic(rows.filter((r) => r.story !== s), MISSING_LAMBDA)));
  const storyOf = new Map(prepared.reads.map((r) => [r.readId, r.story]));
  const outOfFold = summary(await evaluateMissing({ prepared, weightsFor: (id) => foldWeights[storyOf.get(id)!]! }));
  const inSample = summary(await evaluateMissing({ prepared, weightsFor: () => weights }));
  const model: MissingContextModel = {
    version: 1,
    features: [...SALIENCE_FEATURES],
    bias: fit.bias,
    weights: fit.weights,
    inputsHash: missingInputsHash(),
    fitted: { rows: rows.length, positives: rows.filter((r) => r.y === 1).length, lambda: MISSING_LAMBDA, folds: `leave one story out (${stories.join(', ')})`, inSample, outOfFold },
  };
  return { model, inSample, outOfFold, rows: rows.length, positives: rows.filter((r) => r.y === 1).length, stories, foldWeights };
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const { current, reason } = missingModelIsCurrent();
    console.log(reason);
    process.exit(current ? 0 : 1);
  }
  const started = performance.now();
  const t = await trainMissing();
  console.log(`missing-context ranking fitted on ${t.rows} candidate renderings (${t.positives} labelled missing-key or missing-minor) in ${Math.round(performance.now() - started)} ms`);
  console.log('weights (all stories; then each fold, fitted without the story named):');
  console.log(`  ${''.padEnd(14)} ${'all'.padStart(7)} ${t.stories.map((s) => s.slice(0, 10).padStart(11)).join('')}`);
  SALIENCE_FEATURES.forEach((f, i) => console.log(`  ${f.padEnd(14)} ${t.model.weights[i]!.toFixed(3).padStart(7)} ${t.stories.map((s) => t.foldWeights[s]![f].toFixed(3).padStart(11)).join('')}`));
  console.log(`  ${'bias'.padEnd(14)} ${t.model.bias.toFixed(3).padStart(7)}`);
  const line = (name: string, f: ReturnType<typeof summary>) => console.log(`${name}: precision at 3 ${f.precisionAt3.toFixed(2)} (${f.top3}), at 8 ${f.precisionAt8.toFixed(2)} (${f.shown}), already said shown ${(f.alreadySaidShown * 100).toFixed(0)}%, recall of missing-key ${f.keyRecall.toFixed(2)}, speaker precision ${f.speakerPrecision.toFixed(2)}, coverage ${f.speakerCoverage.toFixed(2)}`);
  line('in sample   ', t.inSample);
  line('out of fold ', t.outOfFold);
  if (process.argv.includes('--dry')) return;
  fs.writeFileSync(MISSING_MODEL_FILE, `${JSON.stringify(t.model, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v), 1)}\n`);
  console.log(`written: ${path.relative(root, MISSING_MODEL_FILE)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
