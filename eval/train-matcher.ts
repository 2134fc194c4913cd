// `npm run train`: fits the story matcher on both development sets (../shared/eval and
// ../shared/eval-semeval, read at run time) and writes corpus/match-model.json: the weights of
// both logistic models, the thresholds (from inner cross-validation), the hash of the inputs
// (checked by `npm run corpus:check`), and the out-of-fold figures of the fit.
//   npm run train            fit and write
//   npm run train -- --check exit 1 when the committed model is stale (inputs changed)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAIR_FEATURES, parseMatchModel } from '../engine/match-model.ts';
import { loadEventSet, loadSemeval } from './datasets.ts';
import { buildSetCorpus, calibrationError, fitInputsHash, fitMatcher, outOfFold, pairRows, type PairRow } from './matcher-fit.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const MODEL_FILE = path.resolve(here, '../corpus/match-model.json');

export function modelIsCurrent(): { current: boolean; reason: string } {
  const model = parseMatchModel(JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')));
  const hash = fitInputsHash();
  return model.inputsHash === hash ? { current: true, reason: 'match model is current' } : { current: false, reason: `corpus/match-model.json is stale (fitted on inputs ${model.inputsHash.slice(0, 12)}, now ${hash.slice(0, 12)}): run npm run train` };
}

function main(): void {
  if (process.argv.includes('--check')) {
    const { current, reason } = modelIsCurrent();
    console.log(reason);
    process.exit(current ? 0 : 1);
  }
  const started = performance.now();
  const sets = [loadEventSet(), loadSemeval()].map(buildSetCorpus);
  const rows: PairRow[] = sets.flatMap(pairRows);
  const model = fitMatcher(rows, fitInputsHash());
  const oof = outOfFold(rows, 'same');
  const figures: Record<string, unknown> = {};
  for (const [set, key] of [['eval', 'topicSet'], ['eval-semeval', 'semevalSet']] as const) {
    const scored = rows.flatMap((r, i) => (r.set === set && r.pair.same !== null ? [{ p: oof[i]!, y: r.pair.same, w: 1 }] : []));
    figures[key] = { labelledDirections: scored.length, calibrationError: Math.round(calibrationError(scored) * 1000) / 1000 };
  }
  const all = rows.flatMap((r, i) => (r.pair.same !== null ? [{ p: oof[i]!, y: r.pair.same, w: 1 }] : []));
  figures.both = { calibrationError: Math.round(calibrationError(all) * 1000) / 1000 };
  const out = { ...model, fitted: { rows: rows.length, outOfFold: figures } };
  fs.writeFileSync(MODEL_FILE, `${JSON.stringify(out, (k, v) => (typeof v === 'number' && k !== 'rows' ? Math.round(v * 1e6) / 1e6 : v), 1)}\n`);
  console.log(`fitted on ${rows.length} pair directions in ${Math.round(performance.now() - started)} ms`);
  console.log(`thresholds: same ${model.thresholds.same}, possible ${model.thresholds.possible}, related ${model.thresholds.related}`);
  console.log('P(same) weights:');
  PAIR_FEATURES.forEach((f, i) => console.log(`  ${f.padEnd(16)} ${model.same.weights[i]!.toFixed(3).padStart(8)}   related ${model.related.weights[i]!.toFixed(3).padStart(8)}`));
  console.log(`  ${'bias'.padEnd(16)} ${model.same.bias.toFixed(3).padStart(8)}   related ${model.related.bias.toFixed(3).padStart(8)}`);
  console.log(`out-of-fold calibration error: ${JSON.stringify(figures)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
