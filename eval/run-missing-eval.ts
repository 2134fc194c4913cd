// `npm run eval:missing`: missing context judged against hand labels (eval/missing-context-labels.json):
// 22 read/other pairs of the seeds and of ../shared/eval, each sentence of the other version
// labelled already-said / missing-key / missing-minor / off-topic / fragment, with its speaker.
// Each read article is analysed against its corpus (the bundled seeds, or the eval set), and its
// missing context is computed from the matched articles that are labelled for it, so that every
// item listed is judged. Texts are read at run time, never copied here.
//
// Reported: precision at 3 (the first 3 shown items of each section, pooled) and at 8 (all shown
// items), the share of already-said among shown items, recall of missing-key among all items
// listed, and speaker precision and coverage over all items listed. `--items` prints every item;
// `--cv` adds the figures out of fold (the ranking fitted without each read article's story).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { buildCorpus, matchArticle, type Match, type MemoryCorpus } from '../engine/analyze.ts';
import { foldText } from '../engine/text.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { findMissingContext, type MatchedArticle, type ReadSide } from '../engine/missing-context.ts';
import type { SalienceWeights } from '../engine/missing-context-model.ts';
import { describeIssues, type CorpusRecord, type MissingContextItem } from '../engine/schemas.ts';
import type { EngineKnowledge } from '../engine/features.ts';
import { loadEvalSet } from './run-eval.ts';
import bundled from '../corpus/bundled-corpus.json';

const LabelSchema = z.enum(['already-said', 'missing-key', 'missing-minor', 'off-topic', 'fragment']);
type Label = z.infer<typeof LabelSchema>;
const UnitSchema = z.object({
  i: z.number().check(z.int(), z.nonnegative()),
  keys: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  label: LabelSchema,
  speaker: z.optional(z.nullable(z.union([z.string(), z.array(z.string())]))),
});
export type Unit = z.infer<typeof UnitSchema>;
const LabelsSchema = z.object({
  note: z.string(),
  pairs: z.array(z.object({ read: z.string(), story: z.string().check(z.minLength(1)), other: z.string(), units: z.array(UnitSchema) })),
});

const here = path.dirname(fileURLToPath(import.meta.url));
/** The labels of an item worth showing (precision counts them). */
export const GOOD: ReadonlySet<Label> = new Set(['missing-key', 'missing-minor']);

/** The sidebar's default before items carried `shown`: the first 5 of each section. */
const LEGACY_LIMIT = 5;

function loadLabels(file = path.join(here, 'missing-context-labels.json')) {
  const parsed = LabelsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

interface Judged {
  read: string;
  item: MissingContextItem;
  rank: number;
  shown: boolean;
  unit: Unit | null;
  /** every labelled unit among the item's sources */
  units: Unit[];
}

function speakerMatches(engine: string, label: string | string[], knowledge: EngineKnowledge): boolean {
  const names = Array.isArray(label) ? label : [label];
  const idOf = (name: string) => knowledge.aliases.lookup(name)?.id ?? null;
  const fold = (s: string) => foldText(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const e = fold(engine);
  const eid = idOf(engine);
  return names.some((n) => {
    const nid = idOf(n);
    if (eid && nid) return eid === nid;
    return fold(n) === e;
  });
}

/** One labelled article read: its matched articles that are labelled for it, and their units. */
export interface LabelledRead {
  readId: string;
  /** the story the read is about (labelled; folds of the cross-validation never split one) */
  story: string;
  read: ReadSide;
  matches: MatchedArticle[];
  entityIdf: (id: string) => number;
  /** the labelled units of each other article, by id */
  others: Map<string, Unit[]>;
  /** labelled others the matcher does not list */
  unmatched: string[];
}

/**
 * The labelled reads of eval/missing-context-labels.json: each read article analysed against its
 * corpus (the bundled seeds, or the eval set), its matches kept when they are labelled for it.
 * Throws when a unit does not name the sentence it was written for.
 */
export function labelledReads(labelsFile?: string): { labels: ReturnType<typeof loadLabels>; reads: LabelledRead[]; knowledge: EngineKnowledge } {
  const labels = loadLabels(labelsFile);
  const knowledge = defaultKnowledge();
  const evalRecords = loadEvalSet();
  const seedRecords = bundled as CorpusRecord[];
  const corpora = new Map<string, MemoryCorpus>();
  const corpusFor = (id: string): MemoryCorpus => {
    const key = seedRecords.some((r) => r.id === id) ? 'seeds' : 'eval';
    let c = corpora.get(key);
    if (!c) corpora.set(key, (c = buildCorpus(key === 'seeds' ? seedRecords : evalRecords, knowledge)));
    return c;
  };
  // check every unit names the sentence it was written for
  const problems: string[] = [];
  for (const p of labels.pairs) {
    const other = corpusFor(p.other).get(p.other);
    if (!other) {
      problems.push(`${p.read} <- ${p.other}: no such article`);
      continue;
    }
    const sents = other.features.sentences;
    if (p.units.length !== sents.length) problems.push(`${p.read} <- ${p.other}: ${p.units.length} units labelled, ${sents.length} sentences`);
    for (const u of p.units) {
      const s = sents[u.i]?.text;
      const folded = s === undefined ? '' : foldText(s);
      const absent = u.keys.filter((k) => !folded.includes(foldText(k)));
      if (s === undefined || absent.length) problems.push(`${p.read} <- ${p.other} sentence ${u.i}: ${s === undefined ? 'no such sentence' : `keys not found: ${absent.join(', ')}`}`);
    }
  }
  if (problems.length) throw new Error(`missing-context labels do not fit the texts (has the sentence splitter changed?):\n  ${problems.join('\n  ')}`);

  const byRead = new Map<string, Map<string, Unit[]>>();
  const storyOf = new Map<string, string>();
  for (const p of labels.pairs) {
    const m = byRead.get(p.read) ?? new Map<string, Unit[]>();
    m.set(p.other, p.units);
    byRead.set(p.read, m);
    if ((storyOf.get(p.read) ?? p.story) !== p.story) problems.push(`${p.read}: labelled with two stories (${storyOf.get(p.read)}, ${p.story})`);
    storyOf.set(p.read, p.story);
  }
  if (problems.length) throw new Error(`missing-context labels: ${problems.join('; ')}`);
  const reads: LabelledRead[] = [];
  for (const [readId, others] of byRead) {
    const corpus = corpusFor(readId);
    const read = corpus.get(readId)!;
    const found = matchArticle(read.features, corpus.index, readId, { maxRelated: 1000 });
    const matches: Match[] = [];
    for (const m of found) {
      if (!others.has(m.summary.id)) continue;
      const article = corpus.get(m.summary.id)!;
      const { summary: _summary, ...outcome } = m;
      matches.push({ ...outcome, article });
    }
    reads.push({
      readId,
      story: storyOf.get(readId)!,
      read: { features: read.features, id: readId, outlet: read.record.outlet, published: read.record.published ?? null },
      matches,
      entityIdf: (id) => corpus.index.entityIdf(id),
      others,
      unmatched: [...others.keys()].filter((o) => !matches.some((m) => m.article.record.id === o)).map((o) => `${readId} <- ${o}`),
    });
  }
  return { labels, reads, knowledge };
}

/** The unit labelled for a sentence of another article (by its text), or null. */
export function unitOfSentence(r: LabelledRead, sourceId: string, text: string): Unit | null {
  const units = r.others.get(sourceId);
  if (!units) return null;
  const m = r.matches.find((x) => x.article.record.id === sourceId);
  const i = m ? m.article.features.sentences.findIndex((x) => x.text === text) : -1;
  return units.find((u) => u.i === i) ?? null;
}

/**
 * Missing context scored against the labels.
 * @param options.weightsFor the ranking's weights for each read article (default: the shipped model's), e.g. weights fitted without its story
 * @param options.prepared the labelled reads, when already built (`labelledReads`)
 */
export async function evaluateMissing(options: { labelsFile?: string; weightsFor?: (readId: string) => SalienceWeights; prepared?: ReturnType<typeof labelledReads> } = {}) {
  const { labels, reads, knowledge } = options.prepared ?? labelledReads(options.labelsFile);
  const byRead = new Map(reads.map((r) => [r.readId, r.others]));
  const judged: Judged[] = [];
  const unmatched: string[] = [];
  const itemsPerRead: number[] = [];
  const shownPerRead: number[] = [];
  for (const r of reads) {
    const readId = r.readId;
    unmatched.push(...r.unmatched);
    const items = findMissingContext(r.read, r.matches, knowledge, r.entityIdf, options.weightsFor?.(readId));
    const perSection = new Map<string, number>();
    let shownHere = 0;
    for (const item of items) {
      const legacyRank = perSection.get(item.section) ?? 0;
      perSection.set(item.section, legacyRank + 1);
      const rank = 'rank' in item && typeof item.rank === 'number' ? item.rank : legacyRank;
      const shown = 'shown' in item && typeof item.shown === 'boolean' ? item.shown : legacyRank < LEGACY_LIMIT;
      if (shown) shownHere++;
      const unitOf = (s: MissingContextItem['sources'][number]) => unitOfSentence(r, s.id, s.text);
      // the sentence shown: its text, or its text cleaned (a leading connective dropped, a pronoun resolved)
      const primary = item.sources.find((s) => s.text === item.text) ?? item.sources.find((s) => s.text.endsWith(item.text.slice(-30))) ?? item.sources[0]!;
      judged.push({ read: readId, item, rank, shown, unit: unitOf(primary), units: item.sources.map(unitOf).filter((u): u is Unit => !!u) });
    }
    itemsPerRead.push(items.length);
    shownPerRead.push(shownHere);
  }

  const shown = judged.filter((j) => j.shown);
  const top3 = shown.filter((j) => j.rank < 3);
  const good = (list: Judged[]) => list.filter((j) => j.unit && GOOD.has(j.unit.label)).length;
  const listedUnits = new Set(judged.flatMap((j) => j.units));
  const keyUnits = labels.pairs.flatMap((p) => (byRead.has(p.read) ? p.units.filter((u) => u.label === 'missing-key') : []));
  const keyFound = keyUnits.filter((u) => listedUnits.has(u));
  const withSpeaker = judged.filter((j) => j.item.speaker);
  const speakerRight = (j: Judged) => !!j.item.speaker && !!j.unit && j.unit.speaker !== undefined && j.unit.speaker !== null && speakerMatches(j.item.speaker, j.unit.speaker, knowledge);
  const named = judged.filter((j) => j.unit && j.unit.speaker !== undefined && j.unit.speaker !== null);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const details: string[] = [];
  for (const j of judged) {
    const wrongSpeaker = j.item.speaker && !speakerRight(j);
    details.push(
      `${j.read} [${j.item.section} #${j.rank}${j.shown ? ' shown' : ''}] ${j.unit?.label ?? 'unjudged'}${wrongSpeaker ? ` WRONG SPEAKER ${j.item.speaker} (true: ${JSON.stringify(j.unit?.speaker ?? null)})` : j.item.speaker ? ` speaker ${j.item.speaker}` : ''}: ${j.item.text.slice(0, 90)}`,
    );
  }
  return {
    pairs: labels.pairs.length,
    units: labels.pairs.reduce((n, p) => n + p.units.length, 0),
    readArticles: byRead.size,
    unmatched,
    items: judged.length,
    unjudged: judged.filter((j) => !j.unit).length,
    itemsPerReadMedian: median(itemsPerRead),
    itemsPerReadMax: Math.max(...itemsPerRead),
    shownPerReadMax: Math.max(...shownPerRead),
    precisionAt3: good(top3) / Math.max(1, top3.length),
    top3: top3.length,
    precisionAt8: good(shown) / Math.max(1, shown.length),
    shown: shown.length,
    alreadySaidShown: shown.filter((j) => j.unit?.label === 'already-said').length / Math.max(1, shown.length),
    keyRecall: keyFound.length / Math.max(1, keyUnits.length),
    keyFound: keyFound.length,
    keyUnits: keyUnits.length,
    speakerPrecision: withSpeaker.filter(speakerRight).length / Math.max(1, withSpeaker.length),
    speakerItems: withSpeaker.length,
    speakerCoverage: named.filter(speakerRight).length / Math.max(1, named.length),
    namedItems: named.length,
    missedKeys: labels.pairs.flatMap((p) => p.units.filter((u) => u.label === 'missing-key' && !listedUnits.has(u)).map((u) => `${p.read} <- ${p.other} #${u.i} (${u.keys.join(', ')})`)),
    details,
  };
}

// (no top-level await: --cv imports eval/train-missing.ts, which imports this module)
async function main(): Promise<void> {
  const r = await evaluateMissing();
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  console.log(`missing context on ${r.pairs} labelled pairs (${r.units} sentences, ${r.readArticles} articles read): ${r.items} items listed (median ${r.itemsPerReadMedian} per article, max ${r.itemsPerReadMax}; at most ${r.shownPerReadMax} shown)${r.unjudged ? `, ${r.unjudged} unjudged` : ''}`);
  console.log(`precision at 3 (first 3 shown per section): ${r.precisionAt3.toFixed(2)} (${r.top3} items)`);
  console.log(`precision at 8 (all shown items):           ${r.precisionAt8.toFixed(2)} (${r.shown} items)`);
  console.log(`already said, among shown items:            ${pct(r.alreadySaidShown)}`);
  console.log(`recall of missing-key (all items listed):   ${r.keyRecall.toFixed(2)} (${r.keyFound}/${r.keyUnits})`);
  console.log(`speaker precision:                          ${r.speakerPrecision.toFixed(2)} (${r.speakerItems} items with a speaker)`);
  console.log(`speaker coverage (speaker named in text):   ${r.speakerCoverage.toFixed(2)} (${r.namedItems} items)`);
  if (r.unmatched.length) console.log(`labelled pairs the matcher does not list (their items cannot appear): ${r.unmatched.join('; ')}`);
  if (process.argv.includes('--cv')) {
    // the ranking's weights fitted without each read article's story (eval/train-missing.ts)
    const { trainMissing } = await import('./train-missing.ts');
    const f = (await trainMissing()).outOfFold;
    console.log(`out of fold (weights fitted leaving the read article's story out): precision at 3 ${f.precisionAt3.toFixed(2)} (${f.top3} items), at 8 ${f.precisionAt8.toFixed(2)} (${f.shown}), already said shown ${pct(f.alreadySaidShown)}, recall of missing-key ${f.keyRecall.toFixed(2)}, speaker precision ${f.speakerPrecision.toFixed(2)}, coverage ${f.speakerCoverage.toFixed(2)}`);
  }
  if (process.argv.includes('--items')) {
    for (const d of r.details) console.log(`  ${d}`);
    for (const m of r.missedKeys) console.log(`  missed key: ${m}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
