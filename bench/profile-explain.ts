// Speed and golden outputs of the explanation steps: findMissingContext and
// findTranslationDifferences, on the matches of 2,000-word query articles against a generated
// corpus, on the bundled seeds (each against the others) and on the development-set pairs of
// `npm run eval:missing`.
//
//   npx tsx bench/profile-explain.ts --prepare        # build the inputs (corpus, queries, matches)
//   npx tsx bench/profile-explain.ts --save-golden    # time, and save the outputs as the reference
//   npx tsx bench/profile-explain.ts                  # time, and compare the outputs with the reference
//
// The inputs (read article, matches, entity idf) are saved once, so a change elsewhere in the
// engine (features, matching) does not move the reference. Inputs and reference hold article text
// (generated, seeds, development set): they live in the cache folder, never in the repository.
// Every timed run works on a fresh copy of its inputs: nothing is cached for the article read nor
// for its matches ("cold"); `warm` runs again with the matches' caches filled, the article read fresh.
// Options: --size N (corpus, default 2000), --queries N (default 20), --repeats N (default 5),
// --only missing|translation, --scenarios REGEX, --same-limit N / --related-limit N (try
// SOURCE_LIMITS of engine/missing-context.ts), --out FILE.
import fs from 'node:fs';
import path from 'node:path';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { findMissingContext, SOURCE_LIMITS, type MatchedArticle, type ReadSide } from '../engine/missing-context.ts';
import { findTranslationDifferences } from '../engine/translation-differences.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { arg, CACHE_ROOT, log, median, quantile, round, time, writeJson } from './lib.ts';

interface Scenario {
  name: string;
  group: 'generated' | 'seeds' | 'dev-set';
  read: ReadSide;
  matches: MatchedArticle[];
  /** entity id -> idf in the corpus the matches came from */
  idf: Record<string, number>;
}

const args = process.argv.slice(2);
const size = Number(arg(args, 'size') ?? '2000');
const queries = Number(arg(args, 'queries') ?? '20');
const repeats = Number(arg(args, 'repeats') ?? '5');
const only = arg(args, 'only');
const seed = 'sidelight';
const dir = path.join(CACHE_ROOT, 'explain');
const inputsFile = path.join(dir, `inputs-${size}-${queries}.json`);
const goldenFile = path.join(dir, `golden-${size}-${queries}.json`);
const knowledge = defaultKnowledge();
// other limits on the matches read claim by claim (engine/missing-context.ts SOURCE_LIMITS), to try them
if (arg(args, 'same-limit')) SOURCE_LIMITS.sameStory = Number(arg(args, 'same-limit'));
if (arg(args, 'related-limit')) SOURCE_LIMITS.related = Number(arg(args, 'related-limit'));

/**
 * Builds the inputs as engine/analyze.ts's analyseArticle does (features, the article itself in
 * the corpus, matches from the index, the matched articles loaded, classified again with their
 * quotes). The engine's matching modules are loaded only here, so timing and comparing saved
 * inputs never depend on them: if their interface changes, only --prepare needs this updated.
 */
async function prepare(): Promise<Scenario[]> {
  const { buildCorpus, findInCorpus, matchArticle } = await import('../engine/analyze.ts');
  const { computeFeatures } = await import('../engine/features.ts');
  const { MATCH_WEIGHTS, withQuoteReason } = await import('../engine/match.ts');
  const { default: bundled } = await import('../corpus/bundled-corpus.json');
  const { loadEvalSet } = await import('../eval/run-eval.ts');
  const { buildModel, generateArticle, generateQuery, planCorpus, queryStories } = await import('./generate-corpus.ts');
  type Corpus = ReturnType<typeof buildCorpus>;

  const scenarioOf = async (name: string, group: Scenario['group'], record: CorpusRecord, corpus: Corpus, asPage: boolean): Promise<Scenario> => {
    const { index } = corpus;
    let input: Omit<CorpusRecord, 'id'> & { id?: string | null } = asPage ? { ...record, id: null } : record;
    let features = computeFeatures(input, knowledge);
    let profile = index.profile(features);
    let candidates = index.candidates(profile, MATCH_WEIGHTS, 200);
    const self = await findInCorpus(features, corpus, input.id, candidates);
    if (self && ((!input.published && self.record.published) || (!input.language && self.record.language))) {
      input = { ...input, published: input.published ?? self.record.published, language: input.language ?? self.features.language, outlet: input.outlet ?? self.record.outlet };
      features = computeFeatures(input, knowledge);
      profile = index.profile(features);
      candidates = index.candidates(profile, MATCH_WEIGHTS, 200);
    }
    const selfId = self?.record.id ?? null;
    const found = matchArticle(features, index, selfId, {}, profile, candidates);
    const loaded = await corpus.load(found.map((m) => m.summary.id));
    const matches: MatchedArticle[] = [];
    for (const m of found) {
      const article = loaded.get(m.summary.id);
      if (!article) continue;
      const { summary: _summary, ...outcome } = m;
      matches.push({ ...withQuoteReason(outcome, features.quotes, article.features.quotes), article });
    }
    const read: ReadSide = { features, outlet: input.outlet ?? self?.record.outlet ?? null, id: selfId, published: input.published ?? self?.record.published ?? null };
    const idf: Record<string, number> = {};
    for (const f of [features, ...matches.map((m) => m.article.features)]) for (const e of f.entities) idf[e.id] = index.entityIdf(e.id);
    return { name, group, read, matches, idf };
  };

  const out: Scenario[] = [];
  // generated corpus and 2,000-word queries, as bench/corpus-bench.ts makes them
  const t0 = performance.now();
  const model = buildModel(seed);
  const plan = planCorpus(size, seed);
  const records: CorpusRecord[] = [];
  for (let i = 0; i < size; i++) records.push(generateArticle(plan, i, model));
  const index = buildCorpus(records, knowledge);
  log(`  generated corpus of ${size} articles indexed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  for (const [q, s] of queryStories(plan, queries).entries()) {
    const query = generateQuery(plan, s, q, 2000, model);
    out.push(await scenarioOf(`query ${q} (story ${s})`, 'generated', query, index, true));
  }
  // the bundled seeds, each read as a page against the others
  const seeds = bundled as unknown as CorpusRecord[];
  const seedIndex = buildCorpus(seeds, knowledge);
  for (const r of seeds) out.push(await scenarioOf(`seed ${r.id}`, 'seeds', r, seedIndex, true));
  // the development-set pairs of npm run eval:missing
  const labels = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../eval/missing-context-labels.json'), 'utf8')) as { pairs: Array<{ read: string }> };
  const evalSet = loadEvalSet();
  const evalIndex = buildCorpus(evalSet, knowledge);
  // (the labelled pairs read from the seeds are the seed scenarios above)
  for (const id of [...new Set(labels.pairs.map((p) => p.read))].filter((id) => evalSet.some((a) => a.id === id))) {
    const r = evalSet.find((a) => a.id === id)!;
    out.push(await scenarioOf(`dev ${id}`, 'dev-set', { id: r.id, title: r.title, text: r.text, published: r.published, language: r.language, outlet: r.outlet, url: r.url }, evalIndex, false));
  }
  return out;
}

if (args.includes('--prepare') || !fs.existsSync(inputsFile)) {
  log(`preparing inputs: ${inputsFile}`);
  writeJson(inputsFile, await prepare());
}
const raw = fs.readFileSync(inputsFile, 'utf8');
// --scenarios REGEX: only the scenarios whose name matches (outputs then not compared)
const pick = arg(args, 'scenarios');
const fresh = (): Scenario[] => (JSON.parse(raw) as Scenario[]).filter((s) => !pick || new RegExp(pick).test(s.name));

interface Outputs {
  missing: unknown;
  translation: unknown;
}
function run(s: Scenario): { missing: number; translation: number; out: Outputs } {
  const idf = (id: string) => s.idf[id] ?? 1;
  const m = only === 'translation' ? { cpuMs: 0, value: null } : time(() => findMissingContext(s.read, s.matches, knowledge, idf));
  const t = only === 'missing' ? { cpuMs: 0, value: null } : time(() => findTranslationDifferences(s.read, s.matches, knowledge));
  return { missing: m.cpuMs, translation: t.cpuMs, out: { missing: m.value, translation: t.value } };
}

// warm up the code (JIT) on one copy, then time cold copies
for (const s of fresh()) run(s);
const cold: Record<string, { missing: number[]; translation: number[]; both: number[] }> = {};
const warm: Record<string, { missing: number[]; translation: number[]; both: number[] }> = {};
const outputs = new Map<string, Outputs>();
// per scenario, the fastest cold run of both functions: less sensitive to other processes on a shared machine
const fastest = new Map<string, { group: string[]; ms: number }>();
const matchCounts: Record<string, number[]> = {};
for (let r = 0; r < repeats; r++) {
  const scenarios = fresh();
  for (const s of scenarios) {
    const c = run(s);
    const groups = s.group === 'generated' && s.matches.length >= 15 ? [s.group, 'generated, 15+ matches'] : [s.group];
    for (const g of groups) {
      const slot = (cold[g] ??= { missing: [], translation: [], both: [] });
      slot.missing.push(c.missing);
      slot.translation.push(c.translation);
      slot.both.push(c.missing + c.translation);
      if (r === 0) (matchCounts[g] ??= []).push(s.matches.length);
    }
    if (r === 0) outputs.set(s.name, c.out);
    const f = fastest.get(s.name);
    if (!f || c.missing + c.translation < f.ms) fastest.set(s.name, { group: groups, ms: c.missing + c.translation });
    // the same matches again (their claims cached), a fresh copy of the article read
    const w = run({ ...s, read: { ...s.read, features: structuredClone(s.read.features) } });
    for (const g of groups) {
      const wslot = (warm[g] ??= { missing: [], translation: [], both: [] });
      wslot.missing.push(w.missing);
      wslot.translation.push(w.translation);
      wslot.both.push(w.missing + w.translation);
    }
  }
}

const stats = (xs: number[]) => ({ median: round(median(xs), 2), p95: round(quantile(xs, 0.95), 2) });
const report: Record<string, unknown> = {};
for (const group of Object.keys(cold)) {
  report[group] = {
    scenarios: matchCounts[group]!.length,
    matchesMedian: median(matchCounts[group]!),
    matchesMax: Math.max(...matchCounts[group]!),
    cold: { missingContext: stats(cold[group]!.missing), translationDifferences: stats(cold[group]!.translation), both: stats(cold[group]!.both) },
    coldFastestOfRepeats: stats([...fastest.values()].filter((f) => f.group.includes(group)).map((f) => f.ms)),
    warmMatches: { missingContext: stats(warm[group]!.missing), translationDifferences: stats(warm[group]!.translation), both: stats(warm[group]!.both) },
  };
}
console.log(JSON.stringify(report, null, 2));
const out = arg(args, 'out');
if (out) writeJson(out, report);

const golden = Object.fromEntries(outputs);
if (only || pick || SOURCE_LIMITS.sameStory !== Infinity || SOURCE_LIMITS.related !== Infinity) {
  log('(--only: outputs not compared)');
} else if (args.includes('--save-golden')) {
  writeJson(goldenFile, golden);
  log(`golden outputs saved: ${goldenFile}`);
} else if (fs.existsSync(goldenFile)) {
  const ref = JSON.parse(fs.readFileSync(goldenFile, 'utf8')) as Record<string, Outputs>;
  const now = JSON.parse(JSON.stringify(golden)) as Record<string, Outputs>;
  const differ: string[] = [];
  for (const name of Object.keys(ref)) {
    for (const k of ['missing', 'translation'] as const) {
      if (JSON.stringify(ref[name]![k]) !== JSON.stringify(now[name]?.[k])) differ.push(`${name}: ${k}`);
    }
  }
  if (differ.length) {
    log(`outputs differ from the reference in ${differ.length} cases:\n  ${differ.join('\n  ')}`);
    writeJson(path.join(dir, `now-${size}-${queries}.json`), golden);
    process.exitCode = 1;
  } else log(`outputs identical to the reference (${Object.keys(ref).length} scenarios)`);
} else log(`no reference yet: run with --save-golden (${goldenFile})`);
