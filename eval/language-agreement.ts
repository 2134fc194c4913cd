// `npm run eval:language`: how often language detection, from the text alone (no hint), agrees with
// the labelled language of the articles of ../shared/eval-semeval, ../shared/eval and the bundled
// seeds. The texts are read at run time, never copied into the project. Detection sees what
// computeFeatures gives it: the title and the cleaned text. `--errors` lists the disagreements.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bundled from '../corpus/bundled-corpus.json';
import { cleanArticleText } from '../engine/boilerplate.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { LanguageModel } from '../engine/language.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { loadEvalSet } from './run-eval.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SEMEVAL_ARTICLES = path.resolve(here, '../../shared/eval-semeval/articles.jsonl');

export interface LabelledText {
  id: string;
  title: string;
  text: string;
  language: string;
}

export interface Agreement {
  total: number;
  agree: number;
  /** per labelled language: articles, agreeing */
  perLanguage: Record<string, { total: number; agree: number }>;
  /** "label->detected" counts of the disagreements */
  confusions: Record<string, number>;
  errors: Array<{ id: string; label: string; detected: string }>;
  /** mean milliseconds per article of detect() */
  msPerArticle: number;
}

/** The articles of ../shared/eval-semeval/articles.jsonl (null when the set is not there). */
export function loadSemevalArticles(file = SEMEVAL_ARTICLES): LabelledText[] | null {
  if (!fs.existsSync(file)) return null;
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = JSON.parse(l) as Partial<LabelledText>;
      if (typeof r.id !== 'string' || typeof r.text !== 'string' || typeof r.language !== 'string') throw new Error(`${file}:${i + 1}: needs string id, text and language`);
      return { id: r.id, title: typeof r.title === 'string' ? r.title : '', text: r.text, language: r.language };
    });
}

/** What computeFeatures passes to detect(): the title and the cleaned text. */
export function detectionInput(a: { title: string; text: string }): string {
  return `${a.title}\n${cleanArticleText(a.text).paragraphs.join('\n')}`;
}

export function agreement(articles: readonly LabelledText[], languages: LanguageModel): Agreement {
  const inputs = articles.map(detectionInput);
  const start = performance.now();
  const detected = inputs.map((t) => languages.detect(t));
  const ms = performance.now() - start;
  const out: Agreement = { total: articles.length, agree: 0, perLanguage: {}, confusions: {}, errors: [], msPerArticle: articles.length ? ms / articles.length : 0 };
  articles.forEach((a, i) => {
    const d = detected[i]!;
    const row = (out.perLanguage[a.language] ??= { total: 0, agree: 0 });
    row.total++;
    if (d === a.language) {
      row.agree++;
      out.agree++;
    } else {
      const key = `${a.language}->${d}`;
      out.confusions[key] = (out.confusions[key] ?? 0) + 1;
      out.errors.push({ id: a.id, label: a.language, detected: d });
    }
  });
  return out;
}

function report(name: string, a: Agreement, errors: boolean): void {
  const pct = (x: number, n: number) => (n ? ((100 * x) / n).toFixed(1) : '-');
  console.log(`${name}: ${a.agree}/${a.total} agree (${pct(a.agree, a.total)}%), ${a.msPerArticle.toFixed(3)} ms per article`);
  const langs = Object.entries(a.perLanguage).sort((x, y) => y[1].total - x[1].total);
  console.log(`  ${langs.map(([l, r]) => `${l} ${r.agree}/${r.total} (${pct(r.agree, r.total)}%)`).join(', ')}`);
  const conf = Object.entries(a.confusions).sort((x, y) => y[1] - x[1]);
  if (conf.length) console.log(`  confusions: ${conf.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (errors) for (const e of a.errors) console.log(`    ${e.id}: ${e.label} detected as ${e.detected}`);
}

function main(): void {
  const languages = defaultKnowledge().languages;
  const errors = process.argv.includes('--errors');
  const semeval = loadSemevalArticles();
  if (semeval) report('eval-semeval', agreement(semeval, languages), errors);
  else console.log(`eval-semeval: missing (${SEMEVAL_ARTICLES})`);
  report('eval', agreement(loadEvalSet().map((a) => ({ ...a, language: a.language ?? '(none)' })), languages), errors);
  // the seed texts are English machine translations (../shared/seeds/README.md); their records'
  // `language` is the language the article was first published in
  report('seeds', agreement((bundled as CorpusRecord[]).map((r) => ({ ...r, language: 'en' })), languages), errors);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
