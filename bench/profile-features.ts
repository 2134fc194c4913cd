// Profiling harness for computeFeatures (engine/features.ts): times it on the bundled corpus, the
// development set in ../shared/eval (read at run time, never copied) and generated articles
// (750-word and 2,000-word queries, corpus articles in every generated language), prints median
// and p95 ms per article by group, and can write every output to compare two versions:
//
//   npx tsx bench/profile-features.ts --out /tmp/features-before.json
//   npx tsx bench/profile-features.ts --compare /tmp/features-before.json
//   node --import tsx --cpu-prof bench/profile-features.ts --repeats 1
//
// Options: --repeats N (timed passes over every input after one warm-up pass, default 3),
// --generated N (generated corpus articles, default 200), --queries N (750- and 2,000-word
// queries each, default 60), --seed S.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures, type ArticleInput } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { buildModel, generateArticle, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg as argOf, median, quantile, ROOT } from './lib.ts';

interface Input {
  key: string;
  groups: string[];
  record: ArticleInput;
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => argOf(args, name) ?? fallback;
const repeats = Number(arg('repeats', '3'));
const generated = Number(arg('generated', '200'));
const queries = Number(arg('queries', '60'));
const seed = arg('seed', 'sidelight');
const out = arg('out', '');
const compare = arg('compare', '');

function wordsOf(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function langGroup(language: string | null | undefined): string {
  return language === 'en' ? 'english' : 'non-english';
}

function loadInputs(): Input[] {
  const inputs: Input[] = [];
  const bundled = JSON.parse(fs.readFileSync(path.join(ROOT, 'corpus/bundled-corpus.json'), 'utf8')) as Array<ArticleInput & { id: string }>;
  for (const r of bundled) inputs.push({ key: `bundled/${r.id}`, groups: ['bundled', langGroup(r.language)], record: r });

  const evalDir = path.resolve(ROOT, '../shared/eval/articles');
  if (fs.existsSync(evalDir)) {
    for (const f of fs.readdirSync(evalDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort()) {
      const r = JSON.parse(fs.readFileSync(path.join(evalDir, f), 'utf8')) as ArticleInput & { id: string };
      inputs.push({ key: `eval/${r.id}`, groups: ['eval', langGroup(r.language)], record: r });
    }
  } else {
    console.warn(`development set missing: ${evalDir}`);
  }

  const model = buildModel(seed);
  const size = 10_000;
  const plan = planCorpus(size, seed);
  const step = Math.max(1, Math.floor(size / Math.max(1, generated)));
  for (let i = 0, n = 0; n < generated && i < size; i += step, n++) {
    const r = generateArticle(plan, i, model);
    inputs.push({ key: `generated/${r.id}`, groups: ['generated', langGroup(r.language)], record: r });
  }
  const stories = queryStories(plan, queries, 1);
  for (const [q, s] of stories.entries()) {
    for (const words of [750, 2000]) {
      const r = generateQuery(plan, s, q, words, model);
      const lang = langGroup(r.language);
      const groups = [`query-${words}`, lang];
      if (lang === 'english') groups.push(`query-${words}-english`);
      else groups.push(`query-${words}-non-english`);
      inputs.push({ key: `query-${words}/${q}`, groups, record: r });
    }
  }
  return inputs;
}

const inputs = loadInputs();
const knowledge = defaultKnowledge();
const outputs: Record<string, string> = {};
// warm-up pass (lazy tables, JIT), which also records the outputs
for (const input of inputs) outputs[input.key] = JSON.stringify(computeFeatures(input.record, knowledge));

// wall clock, and CPU time (this process): on a shared machine the wall clock also counts the
// time other processes held the CPU
const times = new Map<string, { wall: number[]; cpu: number[] }>();
for (let r = 0; r < repeats; r++) {
  for (const input of inputs) {
    const c = process.cpuUsage();
    const t = performance.now();
    computeFeatures(input.record, knowledge);
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(c);
    for (const g of ['all', ...input.groups]) {
      let list = times.get(g);
      if (!list) times.set(g, (list = { wall: [], cpu: [] }));
      list.wall.push(ms);
      list.cpu.push((cpu.user + cpu.system) / 1000);
    }
  }
}

const counts = new Map<string, { n: number; words: number }>();
for (const input of inputs) {
  for (const g of ['all', ...input.groups]) {
    const c = counts.get(g) ?? { n: 0, words: 0 };
    c.n++;
    c.words += wordsOf(input.record.text);
    counts.set(g, c);
  }
}
console.log(`computeFeatures: ${inputs.length} articles, ${repeats} timed passes`);
console.log('group                       articles  mean words  median ms  p95 ms  median CPU ms  p95 CPU ms');
for (const [g, list] of [...times].sort(([a], [b]) => a.localeCompare(b))) {
  const c = counts.get(g)!;
  const cols = [median(list.wall), quantile(list.wall, 0.95), median(list.cpu), quantile(list.cpu, 0.95)].map((x) => x.toFixed(2));
  console.log(`${g.padEnd(28)}${String(c.n).padStart(8)}${String(Math.round(c.words / c.n)).padStart(12)}${cols[0]!.padStart(11)}${cols[1]!.padStart(8)}${cols[2]!.padStart(15)}${cols[3]!.padStart(12)}`);
}
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

if (out) {
  fs.writeFileSync(out, JSON.stringify(outputs));
  console.log(`outputs written to ${out}`);
}
if (compare) {
  const golden = JSON.parse(fs.readFileSync(compare, 'utf8')) as Record<string, string>;
  const differ = Object.keys(golden).filter((k) => golden[k] !== outputs[k]);
  const missing = Object.keys(outputs).filter((k) => !(k in golden));
  console.log(`compared with ${compare}: ${Object.keys(golden).length - differ.length} identical, ${differ.length} different, ${missing.length} not in the reference`);
  for (const k of differ.slice(0, 10)) console.log(`  differs: ${k}`);
  if (differ.length) process.exitCode = 1;
}
