// `npm run eval:missing`: precision and recall of missing context on hand-labelled same-story
// pairs of the development set (eval/missing-context-labels.json; texts read from ../shared/eval).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseArticle, buildCorpus } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { loadEvalSet } from './run-eval.ts';

interface Labels {
  pairs: Array<{ read: string; other: string; missing: string[][]; present: string[][] }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function evaluateMissing() {
  const labels = JSON.parse(fs.readFileSync(path.join(here, 'missing-context-labels.json'), 'utf8')) as Labels;
  const articles = loadEvalSet();
  const knowledge = defaultKnowledge();
  const corpus = buildCorpus(articles, knowledge);
  let found = 0;
  let labelled = 0;
  let falseAlarms = 0;
  let presentLabels = 0;
  let itemsFromOther = 0;
  const details: string[] = [];
  for (const pair of labels.pairs) {
    const read = articles.find((a) => a.id === pair.read)!;
    const result = await analyseArticle({ id: read.id, title: read.title, text: read.text, published: read.published, language: read.language }, corpus, knowledge);
    const texts = result.missingContext.flatMap((m) => m.sources.filter((s) => s.id === pair.other).map((s) => s.text.toLowerCase()));
    itemsFromOther += texts.length;
    const hit = (keys: string[]) => texts.some((t) => keys.every((k) => t.includes(k.toLowerCase())));
    for (const keys of pair.missing) {
      labelled++;
      if (hit(keys)) found++;
      else details.push(`missed   ${pair.read} <- ${pair.other}: ${keys.join(' + ')}`);
    }
    for (const keys of pair.present) {
      presentLabels++;
      if (hit(keys)) {
        falseAlarms++;
        details.push(`flagged  ${pair.read} <- ${pair.other}: ${keys.join(' + ')} (the article says it)`);
      }
    }
  }
  return { recall: found / labelled, found, labelled, falseAlarms, presentLabels, precision: found / Math.max(1, found + falseAlarms), itemsFromOther, details };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await evaluateMissing();
  console.log(`missing context on ${r.labelled} labelled claims: recall ${(r.recall * 100).toFixed(0)}% (${r.found}/${r.labelled})`);
  console.log(`claims the article already makes, listed as missing: ${r.falseAlarms}/${r.presentLabels} (precision over labelled claims ${(r.precision * 100).toFixed(0)}%)`);
  console.log(`items listed from the labelled other articles: ${r.itemsFromOther}`);
  for (const d of r.details) console.log(`  ${d}`);
}
