// `npm run eval`: scores story matching on the labelled development set in ../shared/eval/
// (real news openings; read at run time, never copied into the project).
// Same-story precision / recall / F1 over ordered pairs, for English–English pairs and for
// pairs in different languages; the share of different-event pairs called same-story; the share
// of unrelated articles shown at all. Pairs between qin-kuleba and kirby-xi-zelensky-2023-03 are
// not scored (outlets often reported both in one article).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCorpus, matchArticle } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { CorpusRecord } from '../engine/schemas.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const evalDir = path.resolve(here, '../../shared/eval/articles');

interface EvalArticle extends CorpusRecord {
  event: string;
  subevent?: string | null;
}

export function loadEvalSet(dir = evalDir): EvalArticle[] {
  if (!fs.existsSync(dir)) throw new Error(`The development set is missing: ${dir} (it lives in ../shared/eval beside the project)`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as EvalArticle)
    .map((a) => ({ ...a, title: cleanEvalTitle(a.title) }));
}

/** The set marks titles it made up: "[title from URL slug]" (kept, unmarked), "[no title in excerpt]" (dropped). */
function cleanEvalTitle(title: string): string {
  if (/\[no title in excerpt\]/.test(title)) return '';
  return title.replace(/\s*\[title from URL slug\]\s*/, '').trim();
}

const storyOf = (a: EvalArticle) => (a.event === 'near-miss' ? `near-miss/${a.subevent}` : a.event === 'unrelated' ? `unrelated/${a.id}` : a.event);
const unscored = (a: EvalArticle, b: EvalArticle) => {
  const pair = [a.event, b.event].sort().join('|');
  return pair === 'kirby-xi-zelensky-2023-03|qin-kuleba';
};

export interface Scores {
  en: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
  cross: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
  relatedCalledSame: number;
  /** share of unrelated articles listed for any other article */
  unrelatedShown: number;
  /** share of unrelated articles listed for an article of the news topic (not another unrelated one) */
  unrelatedShownForTopic: number;
  errors: string[];
}

function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

export function evaluate(articles: EvalArticle[]): Scores {
  const knowledge = defaultKnowledge();
  const corpus = buildCorpus(articles, knowledge);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const en = { tp: 0, fp: 0, fn: 0 };
  const cross = { tp: 0, fp: 0, fn: 0 };
  let diffPairs = 0;
  let diffCalledSame = 0;
  const shownUnrelated = new Set<string>();
  const shownForTopic = new Set<string>();
  const errors: string[] = [];
  for (const a of articles) {
    const f = corpus.get(a.id)!.features;
    const matches = matchArticle(f, corpus.index, a.id, { maxRelated: 1000 });
    const called = new Map(matches.map((m) => [m.summary.id, m.relation]));
    for (const m of matches) {
      if (byId.get(m.summary.id)?.event !== 'unrelated') continue;
      shownUnrelated.add(m.summary.id);
      if (a.event !== 'unrelated') shownForTopic.add(m.summary.id);
    }
    for (const b of articles) {
      if (b.id === a.id || unscored(a, b)) continue;
      const truth = storyOf(a) === storyOf(b);
      const said = called.get(b.id) === 'same-story';
      const bucket = a.language === 'en' && b.language === 'en' ? en : a.language !== b.language ? cross : null;
      if (!truth) {
        diffPairs++;
        if (said) diffCalledSame++;
      }
      if (truth !== said) errors.push(`${truth ? 'MISSED' : 'FALSE '} ${a.id} -> ${b.id} (${called.get(b.id) ?? 'unrelated'})`);
      if (!bucket) continue;
      if (truth && said) bucket.tp++;
      else if (!truth && said) bucket.fp++;
      else if (truth && !said) bucket.fn++;
    }
  }
  return {
    en: prf(en.tp, en.fp, en.fn),
    cross: prf(cross.tp, cross.fp, cross.fn),
    relatedCalledSame: diffPairs ? diffCalledSame / diffPairs : 0,
    unrelatedShown: shownUnrelated.size / Math.max(1, articles.filter((a) => a.event === 'unrelated').length),
    unrelatedShownForTopic: shownForTopic.size / Math.max(1, articles.filter((a) => a.event === 'unrelated').length),
    errors,
  };
}

function main(): void {
  const articles = loadEvalSet();
  const started = performance.now();
  const s = evaluate(articles);
  const ms = performance.now() - started;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`Development set: ${articles.length} articles, ${new Set(articles.map((a) => a.language)).size} languages (${Math.round(ms)} ms)`);
  console.log(`same story, English–English pairs:     P ${pct(s.en.precision)}  R ${pct(s.en.recall)}  F1 ${s.en.f1.toFixed(3)}  (tp ${s.en.tp}, fp ${s.en.fp}, fn ${s.en.fn})`);
  console.log(`same story, cross-language pairs:      P ${pct(s.cross.precision)}  R ${pct(s.cross.recall)}  F1 ${s.cross.f1.toFixed(3)}  (tp ${s.cross.tp}, fp ${s.cross.fp}, fn ${s.cross.fn})`);
  console.log(`different-event pairs called same:     ${pct(s.relatedCalledSame)}`);
  console.log(`unrelated articles shown at all:       ${pct(s.unrelatedShown)} (for an article of the news topic: ${pct(s.unrelatedShownForTopic)})`);
  if (process.argv.includes('--errors')) for (const e of s.errors) console.log(`  ${e}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...s, errors: undefined }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
