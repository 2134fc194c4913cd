// Shared setup for engine tests: the bundled corpus indexed once, seed texts read from ../shared.
import fs from 'node:fs';
import path from 'node:path';
import bundled from '../../corpus/bundled-corpus.json';
import { analyseArticle, buildCorpus } from '../../engine/analyze.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import type { AnalysisResult, CorpusRecord } from '../../engine/schemas.ts';

export const SHARED = path.resolve(__dirname, '../../../shared');
export const SEEDS_DIR = path.join(SHARED, 'seeds');
export const knowledge = defaultKnowledge();
export const bundledRecords = bundled as CorpusRecord[];
export const bundledCorpus = buildCorpus(bundledRecords, knowledge);

export function seedId(prefix: string): string {
  const r = bundledRecords.find((x) => x.id.startsWith(prefix));
  if (!r) throw new Error(`no bundled seed ${prefix}`);
  return r.id;
}

export function seedRecord(prefix: string): CorpusRecord {
  return bundledRecords.find((x) => x.id.startsWith(prefix))!;
}

export function seedText(prefix: string): string {
  const file = fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix) && f.endsWith('.txt'));
  if (!file) throw new Error(`no seed ${prefix} in ${SEEDS_DIR}`);
  return fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8');
}

/** Each bundled seed analysed once, read as a page (its record, looked up in the corpus). */
const seedAnalyses = new Map<string, AnalysisResult>(
  await Promise.all(
    bundledRecords.map(async (rec): Promise<[string, AnalysisResult]> => [rec.id, await analyseArticle({ title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet }, bundledCorpus, knowledge)]),
  ),
);

/** The analysis of a bundled seed read as a page. */
export function analyseSeed(prefix: string): AnalysisResult {
  return seedAnalyses.get(seedId(prefix))!;
}
