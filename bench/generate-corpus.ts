// Seeded generator of synthetic news corpora for `npm run bench`.
//
// Nothing here contains article text. At run time it reads the seed texts (../shared/seeds), the
// development set (../shared/eval/articles) and the alias table (corpus/aliases.json) and keeps
// only statistics of them: per language, sentence *shapes* (the sequence of function words,
// punctuation and slots for names, content words and numbers), content-word frequencies, names,
// and the event cue words of corpus/lexicon.json. The vocabulary is widened with pseudo-words from
// a character-trigram model of the real words, the names with pseudo-names, so that a corpus of
// 100,000 articles has a realistic (Zipfian, long-tailed) vocabulary instead of a few thousand
// words repeated. Articles are produced one at a time from (seed, size, index): a corpus of any
// size can be streamed without holding its texts.
//
// Shape of a generated corpus:
// - stories of 1 to 80 articles (power law, exponent 2.2): one event (people, places,
//   organisations, topic words, an event kind and date, quotes); some stories are in "threads"
//   (the same actors at other dates and events: related coverage, not the same story);
// - within a story, 12% of articles in another language (same names, that language's words),
//   7% wire copies of the story's first article (same text plus a furniture line, another
//   outlet), 2% exact republications (same text, other id and URL);
// - lengths log-normal (median 650 words), clipped to 300–2,000 words; 10% without a date.
//
// CLI: `npx tsx bench/generate-corpus.ts --size 1000 [--seed sidelight] > corpus.jsonl`
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import aliasesData from '../corpus/aliases.json' with { type: 'json' };
import languageData from '../corpus/language-data.json' with { type: 'json' };
import lexiconData from '../corpus/lexicon.json' with { type: 'json' };
import type { CorpusRecord } from '../engine/schemas.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED_DIR = path.resolve(here, '../../shared');
export const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** cyrb128: a 128-bit hash of a string, to seed sfc32. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** sfc32, seeded from a string: the same string gives the same sequence on every machine. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** uniform in [0, 1) */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Sampling from a fixed discrete distribution (cumulative weights, binary search). */
export class Distribution<T> {
  private readonly cdf: Float64Array;

  constructor(
    readonly items: readonly T[],
    weights: ArrayLike<number>,
  ) {
    this.cdf = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) this.cdf[i] = sum += weights[i]!;
    for (let i = 0; i < items.length; i++) this.cdf[i]! /= sum;
  }

  static zipf<T>(items: readonly T[], exponent = 1, offset = 2.7): Distribution<T> {
    const w = new Float64Array(items.length);
    for (let i = 0; i < items.length; i++) w[i] = 1 / Math.pow(i + offset, exponent);
    return new Distribution(items, w);
  }

  sample(rng: Rng): T {
    const x = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

// ---------------------------------------------------------------------------------------------
// The model: statistics of the real texts, read at run time

type Slot = 'C' | 'N' | 'NUM' | 'WD' | 'MON';
/** A sentence shape: literal text (function words, punctuation, spacing) and slots. */
type Part = string | { slot: Slot };
type Shape = Part[];

interface LanguageStats {
  language: string;
  shapes: Shape[];
  /** shapes of first sentences (ledes) */
  ledeShapes: Shape[];
  /** content words, most frequent first, widened with pseudo-words */
  vocabulary: string[];
  /** rank of each word in `vocabulary` */
  rank: Map<string, number>;
  words: Distribution<string>;
  /** "said" in this language, for quote sentences */
  said: string;
  weekdays: string[];
  months: string[];
}

export interface Entity {
  name: string;
  /** other spellings the alias table knows (variants); used now and then */
  variants: string[];
  type: 'person' | 'place' | 'organisation';
}

interface Outlet {
  name: string;
  host: string;
  language: string;
}

export interface CorpusModel {
  languages: Map<string, LanguageStats>;
  languageMix: Distribution<string>;
  people: Distribution<Entity>;
  places: Distribution<Entity>;
  organisations: Distribution<Entity>;
  titleShapes: Shape[];
  outlets: Map<string, Distribution<Outlet>>;
  eventCues: Array<{ kind: string; cues: string[] }>;
  /** what the model was built from (counts only) */
  sources: { seedFiles: number; evalFiles: number; aliasEntries: number; realWords: Record<string, number>; vocabulary: Record<string, number>; shapes: Record<string, number>; entities: number };
}

const SAID: Record<string, string> = { en: 'said', de: 'sagte', fr: 'a déclaré', pt: 'disse', it: 'ha detto', es: 'dijo', ro: 'a declarat', lt: 'sakė' };
/** Vocabulary size per language after widening (real words first). */
const VOCABULARY_SIZE: Record<string, number> = { en: 80_000, de: 12_000, fr: 12_000, pt: 10_000, it: 8_000, ro: 6_000, lt: 6_000 };
/** Share of stories by main language. */
const LANGUAGE_MIX: Record<string, number> = { en: 0.82, de: 0.05, fr: 0.05, pt: 0.03, it: 0.02, ro: 0.015, lt: 0.015 };

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

function calendarWords(language: string): { weekdays: string[]; months: string[] } {
  const weekdays: string[] = [];
  const months: string[] = [];
  for (let d = 0; d < 7; d++) weekdays.push(new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + d))));
  for (let m = 0; m < 12; m++) months.push(new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, m, 15))));
  return { weekdays, months };
}

interface SourceText {
  language: string;
  title: string;
  text: string;
  outlet: string | null;
}

function readSources(): { texts: SourceText[]; seedFiles: number; evalFiles: number } {
  const texts: SourceText[] = [];
  const seedDir = path.join(SHARED_DIR, 'seeds');
  const evalDir = path.join(SHARED_DIR, 'eval/articles');
  if (!fs.existsSync(seedDir) || !fs.existsSync(evalDir)) throw new Error(`The generator reads ${seedDir} and ${evalDir}; they live in ../shared beside the project.`);
  const seeds = fs.readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
  for (const f of seeds) {
    // the seeds are English machine translations
    const text = fs.readFileSync(path.join(seedDir, f), 'utf8').replace(/^\s*date\s+\d{4}-\d{2}-\d{2}\s+/i, '');
    const [title = '', ...rest] = text.split('\n');
    texts.push({ language: 'en', title, text: rest.join('\n'), outlet: null });
  }
  const evals = fs.readdirSync(evalDir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  for (const f of evals) {
    const a = JSON.parse(fs.readFileSync(path.join(evalDir, f), 'utf8')) as { language: string; title: string; text: string; outlet: string };
    texts.push({ language: a.language, title: a.title.replace(/\s*\[[^\]]*\]\s*/g, ' ').trim(), text: a.text, outlet: a.outlet });
  }
  return { texts, seedFiles: seeds.length, evalFiles: evals.length };
}

function splitSentences(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?…]["”»’]?)\s+(?=["“«„‘]?\p{Lu})/u).filter((s) => s.trim());
}

/**
 * A sentence as a shape: function words and punctuation kept, names, content words, numbers,
 * weekdays and months replaced by slots. Returns the content words and names it saw too.
 */
function shapeOf(sentence: string, language: string, stop: Set<string>, cal: { weekdays: Set<string>; months: Set<string> }): { shape: Shape; content: string[]; names: string[] } {
  const shape: Shape = [];
  const content: string[] = [];
  const names: string[] = [];
  let last = 0;
  let nameRun: string[] = [];
  let first = true;
  const push = (p: Part) => {
    const prev = shape[shape.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') shape[shape.length - 1] = prev + p;
    else shape.push(p);
  };
  const endName = () => {
    if (nameRun.length) {
      names.push(nameRun.join(' '));
      nameRun = [];
    }
  };
  for (const m of sentence.matchAll(WORD_RE)) {
    const w = m[0];
    const gap = sentence.slice(last, m.index);
    last = m.index + w.length;
    const f = fold(w);
    const capital = /^\p{Lu}/u.test(w);
    const joinsName = nameRun.length > 0 && /^[\s-]*$/.test(gap);
    if (!joinsName) endName();
    if (/^\p{N}/u.test(w)) {
      push(gap);
      push({ slot: 'NUM' });
    } else if (cal.weekdays.has(f)) {
      push(gap);
      push({ slot: 'WD' });
    } else if (cal.months.has(f)) {
      push(gap);
      push({ slot: 'MON' });
    } else if (capital && !(first && stop.has(f))) {
      if (joinsName) {
        nameRun.push(w);
        // the slot already stands for the whole run: the gap and word are swallowed
      } else {
        push(gap);
        push({ slot: 'N' });
        nameRun.push(w);
      }
    } else if (stop.has(f) || f.length < 3) {
      push(gap);
      push(w);
    } else {
      push(gap);
      push({ slot: 'C' });
      content.push(f);
    }
    first = false;
  }
  endName();
  push(sentence.slice(last));
  return { shape, content, names };
}

/** A character-trigram model of a language's words, to widen its vocabulary with pseudo-words. */
function pseudoWords(real: readonly string[], count: number, rng: Rng, taken: Set<string>): string[] {
  const next = new Map<string, Map<string, number>>();
  for (const w of real) {
    if (!/^\p{L}+$/u.test(w)) continue;
    const s = `^^${w}$`;
    for (let i = 2; i < s.length; i++) {
      const ctx = s.slice(i - 2, i);
      let m = next.get(ctx);
      if (!m) next.set(ctx, (m = new Map()));
      m.set(s[i]!, (m.get(s[i]!) ?? 0) + 1);
    }
  }
  const dists = new Map<string, Distribution<string>>();
  for (const [ctx, m] of next) dists.set(ctx, new Distribution([...m.keys()], [...m.values()]));
  const out: string[] = [];
  let attempts = 0;
  while (out.length < count && attempts < count * 60) {
    attempts++;
    let ctx = '^^';
    let w = '';
    while (w.length < 16) {
      const d = dists.get(ctx);
      if (!d) break;
      const c = d.sample(rng);
      if (c === '$') break;
      w += c;
      ctx = ctx[1] + c;
    }
    if (w.length < 4 || w.length > 14 || taken.has(w)) continue;
    taken.add(w);
    out.push(w);
  }
  // a small language's trigram model runs dry: join halves of words already made
  while (out.length < count && out.length > 1) {
    const a = rng.pick(out);
    const b = rng.pick(out);
    const w = a.slice(0, Math.ceil(a.length / 2)) + b.slice(Math.floor(b.length / 2));
    if (w.length >= 4 && !taken.has(w)) {
      taken.add(w);
      out.push(w);
    }
  }
  return out;
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

let cachedModel: CorpusModel | null = null;

/** Builds the model from the shared texts (about a second); cached per process. */
export function buildModel(seed = 'sidelight'): CorpusModel {
  if (cachedModel) return cachedModel;
  const rng = new Rng(`${seed}:model`);
  const { texts, seedFiles, evalFiles } = readSources();
  const stopwords = (languageData as { stopwords: Record<string, string[]> }).stopwords;
  const languages = new Map<string, LanguageStats>();
  const nameCounts = new Map<string, number>();
  const realWords: Record<string, number> = {};
  const vocabularySizes: Record<string, number> = {};
  const shapeCounts: Record<string, number> = {};
  const titleShapes: Shape[] = [];
  const outletNames = new Set<string>();

  for (const language of Object.keys(LANGUAGE_MIX)) {
    const stop = new Set((stopwords[language] ?? []).map(fold));
    const cal = calendarWords(language);
    const calSets = { weekdays: new Set(cal.weekdays.map(fold)), months: new Set(cal.months.map(fold)) };
    const counts = new Map<string, number>();
    const shapes: Shape[] = [];
    const ledeShapes: Shape[] = [];
    for (const t of texts.filter((x) => x.language === language)) {
      if (t.outlet) outletNames.add(t.outlet);
      if (t.title && language === 'en') {
        const { shape } = shapeOf(t.title, language, stop, calSets);
        if (shape.some((p) => typeof p !== 'string')) titleShapes.push(shape);
      }
      const paras = t.text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
      let firstSentence = true;
      for (const p of paras) {
        for (const s of splitSentences(p)) {
          const { shape, content, names } = shapeOf(s, language, stop, calSets);
          for (const c of content) counts.set(c, (counts.get(c) ?? 0) + 1);
          for (const n of names) nameCounts.set(n, (nameCounts.get(n) ?? 0) + 1);
          const slots = shape.filter((x) => typeof x !== 'string').length;
          // shapes of 5 to 60 slots, ending like a sentence
          if (slots < 5 || slots > 60 || !/[.!?…]["”»’)]*\s*$/.test(String(shape[shape.length - 1] ?? ''))) continue;
          shapes.push(shape);
          if (firstSentence) ledeShapes.push(shape);
          firstSentence = false;
        }
      }
    }
    const real = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
    if (!shapes.length) continue;
    const taken = new Set(real);
    for (const s of stop) taken.add(s);
    const target = VOCABULARY_SIZE[language] ?? 5000;
    const vocabulary = [...real, ...pseudoWords(real, Math.max(0, target - real.length), new Rng(`${seed}:pseudo:${language}`), taken)];
    realWords[language] = real.length;
    vocabularySizes[language] = vocabulary.length;
    shapeCounts[language] = shapes.length;
    languages.set(language, {
      language,
      shapes,
      ledeShapes: ledeShapes.length ? ledeShapes : shapes,
      vocabulary,
      rank: new Map(vocabulary.map((w, i) => [w, i])),
      words: Distribution.zipf(vocabulary, 1.0, 2.7),
      said: SAID[language] ?? 'said',
      weekdays: cal.weekdays,
      months: cal.months,
    });
  }

  // entities: the alias table's names first (the well-known ones), then names seen in the texts,
  // then pseudo-names built from their parts
  const aliases = aliasesData as Array<{ canonical: string; type: Entity['type']; variants: string[] }>;
  const latin = (s: string) => /^[\p{Script=Latin}\s.'’-]+$/u.test(s);
  const known: Entity[] = aliases
    .filter((a) => latin(a.canonical))
    .map((a) => ({ name: a.canonical, type: a.type, variants: a.variants.filter((v) => latin(v) && v !== a.canonical && v.split(' ').length >= a.canonical.split(' ').length) }));
  const knownNames = new Set(known.map((e) => e.name));
  const seenNames = [...nameCounts.entries()]
    .filter(([n]) => !knownNames.has(n) && n.split(' ').length >= 2 && n.split(' ').length <= 3 && latin(n))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([n]) => n);
  const persons = known.filter((e) => e.type === 'person');
  const firstNames = [...new Set([...persons, ...seenNames.map((n) => ({ name: n }))].map((e) => e.name.split(' ')[0]!).filter((x) => x.length >= 3))];
  const lastNames = [...new Set([...persons, ...seenNames.map((n) => ({ name: n }))].map((e) => e.name.split(' ').slice(-1)[0]!).filter((x) => x.length >= 3))];
  const nameTaken = new Set<string>([...known.map((e) => fold(e.name)), ...seenNames.map(fold)]);
  const enVocab = languages.get('en')!.vocabulary;
  const namePieces = pseudoWords(
    [...firstNames, ...lastNames, ...known.map((e) => e.name.split(' ').slice(-1)[0]!)].map(fold),
    12_000,
    new Rng(`${seed}:names`),
    new Set([...enVocab, ...nameTaken]),
  ).map(capitalise);
  const allFirst = [...firstNames, ...namePieces.slice(0, 3000)];
  const allLast = [...lastNames, ...namePieces.slice(3000, 9000)];
  const people: Entity[] = [...persons];
  const uniquePeople = new Set(people.map((p) => p.name));
  for (const n of seenNames) {
    if (uniquePeople.has(n)) continue;
    uniquePeople.add(n);
    people.push({ name: n, type: 'person', variants: [] });
  }
  while (people.length < 30_000) {
    const name = `${rng.pick(allFirst)} ${rng.pick(allLast)}`;
    if (uniquePeople.has(name)) continue;
    uniquePeople.add(name);
    people.push({ name, type: 'person', variants: [] });
  }
  const placeSuffixes = ['', '', '', '', ' Province', ' City', ' Region', ' Valley', ' Island'];
  const places: Entity[] = known.filter((e) => e.type === 'place');
  const placeNames = new Set(places.map((p) => p.name));
  for (const piece of namePieces.slice(9000, 12_000)) {
    const name = `${piece}${rng.pick(placeSuffixes)}`;
    if (placeNames.has(name)) continue;
    placeNames.add(name);
    places.push({ name, type: 'place', variants: [] });
  }
  const orgWords = [...new Set(known.filter((e) => e.type === 'organisation').flatMap((e) => e.name.split(' ')).filter((w) => w.length >= 4 && /^\p{Lu}\p{Ll}/u.test(w)))];
  const orgSuffixes = ['Ministry', 'Council', 'Agency', 'Party', 'Bank', 'Institute', 'Group', 'Committee', 'Union', 'Fund', ...orgWords];
  const organisations: Entity[] = known.filter((e) => e.type === 'organisation');
  const orgNames = new Set(organisations.map((o) => o.name));
  while (organisations.length < 4000) {
    const name = `${rng.pick(namePieces)} ${rng.pick(orgSuffixes)}`;
    if (orgNames.has(name)) continue;
    orgNames.add(name);
    organisations.push({ name, type: 'organisation', variants: [] });
  }

  // outlets: the development set's outlet names and pseudo-names, per language
  const outlets = new Map<string, Distribution<Outlet>>();
  const outletKinds = ['Times', 'Post', 'Herald', 'Tribune', 'Daily', 'News', 'Observer', 'Courier', 'Journal', 'Gazette'];
  for (const language of languages.keys()) {
    const list: Outlet[] = [];
    const orng = new Rng(`${seed}:outlets:${language}`);
    const n = language === 'en' ? 400 : 60;
    const real = language === 'en' ? [...outletNames] : [];
    for (let i = 0; i < n; i++) {
      const name = i < real.length ? real[i]! : `The ${orng.pick(namePieces)} ${orng.pick(outletKinds)}`;
      const host = `${fold(name).replace(/[^a-z0-9]+/g, '')}-${i}.example`;
      list.push({ name: language === 'en' ? name : `${name} (${language})`, host, language });
    }
    outlets.set(language, Distribution.zipf(list, 1.1, 3));
  }

  const lexicon = lexiconData as { events: Record<string, string[]> };
  const eventCues = Object.entries(lexicon.events).map(([kind, cues]) => ({ kind, cues: cues.filter((c) => /^[a-z]+$/.test(c) && c.length >= 4) })).filter((e) => e.cues.length);
  const mixLangs = [...languages.keys()];

  cachedModel = {
    languages,
    languageMix: new Distribution(mixLangs, mixLangs.map((l) => LANGUAGE_MIX[l] ?? 0.01)),
    // known names first: they are the famous ones (rank order = popularity)
    people: Distribution.zipf(people, 1.05, 5),
    places: Distribution.zipf(places, 1.0, 3),
    organisations: Distribution.zipf(organisations, 1.0, 3),
    titleShapes,
    outlets,
    eventCues,
    sources: { seedFiles, evalFiles, aliasEntries: aliases.length, realWords, vocabulary: vocabularySizes, shapes: shapeCounts, entities: people.length + places.length + organisations.length },
  };
  return cachedModel;
}

// ---------------------------------------------------------------------------------------------
// The plan of a corpus: which story each article tells

export interface Story {
  index: number;
  language: string;
  /** a thread: other stories with the same actors at other dates (related coverage) */
  thread: number;
  people: Entity[];
  places: Entity[];
  organisations: Entity[];
  minor: Entity[];
  topic: Map<string, string[]>;
  cue: string;
  eventKind: string;
  /** days since 1970-01-01 */
  day: number;
  quotes: Array<{ speaker: Entity; words: string[] }>;
}

export interface CorpusPlan {
  seed: string;
  size: number;
  /** story of each article */
  storyOf: Uint32Array;
  /** position of each article within its story (0 = the first, the one wire copies copy) */
  member: Uint16Array;
  /** first article of each story */
  firstOf: Uint32Array;
  storySize: Uint16Array;
  stories: number;
}

const MAX_STORY = 80;

export function planCorpus(size: number, seed = 'sidelight'): CorpusPlan {
  const rng = new Rng(`${seed}:plan:${size}`);
  const sizes: number[] = [];
  let total = 0;
  while (total < size) {
    // power law P(k) ~ k^-2.2, k = 1..80 (inverse transform of a Pareto draw)
    const k = Math.min(MAX_STORY, Math.floor(Math.pow(1 - rng.next(), -1 / 1.2)));
    const n = Math.min(k, size - total);
    sizes.push(n);
    total += n;
  }
  const storyOf = new Uint32Array(size);
  const member = new Uint16Array(size);
  // articles of a story are interleaved with others (a corpus is in import order, not by story)
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const firstOf = new Uint32Array(sizes.length);
  const storySize = new Uint16Array(sizes.length);
  let pos = 0;
  sizes.forEach((n, s) => {
    storySize[s] = n;
    // members in slot order: the earliest slot is the first article
    const slots = Array.from(order.subarray(pos, pos + n)).sort((a, b) => a - b);
    slots.forEach((slot, m) => {
      storyOf[slot] = s;
      member[slot] = m;
    });
    firstOf[s] = slots[0]!;
    pos += n;
  });
  return { seed, size, storyOf, member, firstOf, storySize, stories: sizes.length };
}

const DAY0 = Date.UTC(2021, 0, 1) / 86_400_000;
const DAYS = 4 * 365;

function drawDistinct<T>(d: Distribution<T>, rng: Rng, n: number, avoid: Set<T> = new Set()): T[] {
  const out: T[] = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 50) {
    const x = d.sample(rng);
    if (avoid.has(x) || out.includes(x)) continue;
    out.push(x);
  }
  return out;
}

function threadOf(plan: CorpusPlan, s: number): number {
  // about 30% of stories share a thread with 1 to 5 others
  const r = new Rng(`${plan.seed}:thread:${plan.size}:${s}`);
  if (!r.chance(0.3) || s < 6) return s;
  return s - r.range(1, 5);
}

const storyCache = new Map<string, Story>();

/** A story's event: deterministic from (seed, size, story index). */
export function storyOf(plan: CorpusPlan, s: number, model = buildModel(plan.seed)): Story {
  const key = `${plan.seed}:${plan.size}:${s}`;
  let story = storyCache.get(key);
  if (!story) {
    story = makeStory(plan, s, model);
    if (storyCache.size > 5000) storyCache.clear();
    storyCache.set(key, story);
  }
  return story;
}

function makeStory(plan: CorpusPlan, s: number, model: CorpusModel): Story {
  const thread = threadOf(plan, s);
  const rng = new Rng(`${plan.seed}:story:${plan.size}:${s}`);
  // the actors come from the thread's root: stories of a thread share them
  const trng = new Rng(`${plan.seed}:actors:${plan.size}:${thread}`);
  const language = model.languageMix.sample(trng);
  const people = drawDistinct(model.people, trng, trng.range(1, 3));
  const places = drawDistinct(model.places, trng, trng.range(1, 2));
  const organisations = drawDistinct(model.organisations, trng, trng.range(0, 2));
  // a thread's later stories add someone new
  if (thread !== s) people.push(...drawDistinct(model.people, rng, 1, new Set(people)));
  const minor = [...drawDistinct(model.people, rng, rng.range(1, 3)), ...drawDistinct(model.places, rng, rng.range(0, 2)), ...drawDistinct(model.organisations, rng, rng.range(0, 2))];
  const topic = new Map<string, string[]>();
  for (const [lang, stats] of model.languages) {
    // topic words: the thread's and the story's own, from below the most common words
    const t1 = new Rng(`${plan.seed}:topic:${plan.size}:${thread}:${lang}`);
    const t2 = new Rng(`${plan.seed}:topic:${plan.size}:${s}:${lang}`);
    const words: string[] = [];
    const pickTopic = (r: Rng, n: number) => {
      for (let i = 0; i < n; i++) {
        const w = stats.words.sample(r);
        if ((stats.rank.get(w) ?? 0) > 150 || r.chance(0.1)) words.push(w);
      }
    };
    pickTopic(t1, 12);
    pickTopic(t2, 20);
    topic.set(lang, [...new Set(words)]);
  }
  const ev = rng.pick(model.eventCues);
  const day = DAY0 + new Rng(`${plan.seed}:day:${plan.size}:${thread}`).int(DAYS) + (thread === s ? 0 : rng.range(3, 120));
  const quotes: Story['quotes'] = [];
  const nq = rng.range(1, 4);
  const en = model.languages.get(language)!;
  for (let q = 0; q < nq; q++) {
    const shape = rng.pick(en.shapes);
    const words = fillShape(shape, rng, en, null, topic.get(language) ?? [], [...people, ...places]).replace(/[.!?…]+["”»’)]*\s*$/, '').replace(/["“”«»„]/g, '').split(/\s+/).filter(Boolean).slice(0, rng.range(8, 24));
    quotes.push({ speaker: rng.pick(people.length ? people : minor), words });
  }
  return { index: s, language, thread, people, places, organisations, minor, topic, cue: rng.pick(ev.cues), eventKind: ev.kind, day, quotes };
}

// ---------------------------------------------------------------------------------------------
// Articles

function entityName(e: Entity, rng: Rng): string {
  if (e.variants.length && rng.chance(0.15)) return rng.pick(e.variants);
  // a known person is often named by surname after the first mention
  if (e.type === 'person' && rng.chance(0.35)) return e.name.split(' ').slice(-1)[0]!;
  return e.name;
}

function numberWord(rng: Rng): string {
  const r = rng.next();
  if (r < 0.3) return String(rng.range(2, 12));
  if (r < 0.55) return String(rng.range(13, 999));
  if (r < 0.75) return String(rng.range(2000, 2024));
  if (r < 0.9) return `${rng.range(1, 99)}.${rng.range(0, 9)}`;
  return rng.range(1, 999).toLocaleString('en');
}

interface FillContext {
  story: Story | null;
  lang: LanguageStats;
  names: Entity[];
  topic: readonly string[];
  /** probability that a content slot takes a topic word */
  topicShare: number;
  /** probability that a name slot takes one of the story's actors */
  actorShare: number;
  model: CorpusModel;
}

const literalWords = new WeakMap<Shape, number>();

/** Words of a shape once filled: its slots and the words of its literal parts. */
function shapeWords(shape: Shape): number {
  let n = literalWords.get(shape);
  if (n === undefined) {
    n = 0;
    for (const p of shape) n += typeof p === 'string' ? (p.match(WORD_RE)?.length ?? 0) : 1;
    literalWords.set(shape, n);
  }
  return n;
}

function fillShape(shape: Shape, rng: Rng, lang: LanguageStats, ctx: FillContext | null, topic: readonly string[], names: readonly Entity[]): string {
  const out: string[] = [];
  let atStart = true;
  for (const p of shape) {
    if (typeof p === 'string') {
      out.push(p);
      if (atStart && /[^"“«„‘(\s]/.test(p)) atStart = false;
      continue;
    }
    let w: string;
    switch (p.slot) {
      case 'C':
        w = topic.length && rng.chance(ctx?.topicShare ?? 0.25) ? rng.pick(topic) : lang.words.sample(rng);
        if (atStart) w = capitalise(w);
        break;
      case 'N': {
        if (ctx) {
          const e = names.length && rng.chance(ctx.actorShare) ? rng.pick(names) : rng.chance(0.5) ? ctx.model.people.sample(rng) : rng.chance(0.6) ? ctx.model.places.sample(rng) : ctx.model.organisations.sample(rng);
          w = entityName(e, rng);
        } else {
          w = names.length ? rng.pick(names).name : 'Ana';
        }
        break;
      }
      case 'NUM':
        w = numberWord(rng);
        break;
      case 'WD':
        w = ctx?.story ? lang.weekdays[new Date(ctx.story.day * 86_400_000).getUTCDay()]! : rng.pick(lang.weekdays);
        if (lang.language === 'en' || lang.language === 'de') w = capitalise(w);
        break;
      case 'MON':
        w = ctx?.story ? lang.months[new Date(ctx.story.day * 86_400_000).getUTCMonth()]! : rng.pick(lang.months);
        if (lang.language === 'en' || lang.language === 'de') w = capitalise(w);
        break;
    }
    out.push(w);
    atStart = false;
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}

function wordCountOf(s: string): number {
  return s.match(WORD_RE)?.length ?? 0;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

const FURNITURE = ['Source: {outlet}', 'Read more: {title}', 'Reporting by {name}; editing by {name2}', '(With information from {outlet})', 'Photo: {name} / {outlet}'];

export interface GenerateOptions {
  /** exact word count to aim for (the query articles); else drawn */
  words?: number;
  /** id and URL prefix; "q" for query articles */
  idPrefix?: string;
  /** salt for the article's random stream (query articles) */
  salt?: string;
}

/** The body and title of one article of a story, in one language. */
function writeArticle(story: Story, language: string, rng: Rng, targetWords: number, model: CorpusModel): { title: string; text: string } {
  const lang = model.languages.get(language) ?? model.languages.get('en')!;
  const actors = [...story.people, ...story.places, ...story.organisations];
  const names = [...actors, ...actors, ...story.minor];
  const topic = story.topic.get(lang.language) ?? [];
  const ctx: FillContext = { story, lang, names, topic, topicShare: 0.22, actorShare: 0.6, model };
  const title = model.titleShapes.length && lang.language === 'en'
    ? fillShape(rng.pick(model.titleShapes), rng, lang, { ...ctx, names: actors, actorShare: 0.9, topicShare: 0.5 }, topic, actors).replace(/[.]$/, '')
    : `${story.people[0]?.name ?? story.places[0]!.name}: ${capitalise(story.cue)} ${topic.slice(0, 3).join(' ')}`;
  const paragraphs: string[] = [];
  // the lede: the main actors, the event's cue word and its day
  const ledeShape = rng.pick(lang.ledeShapes);
  let lede = fillShape(ledeShape, rng, lang, { ...ctx, names: actors, actorShare: 0.95, topicShare: 0.4 }, topic, actors);
  const main = story.people[0] ?? story.places[0]!;
  const day = lang.weekdays[new Date(story.day * 86_400_000).getUTCDay()]!;
  if (!lede.includes(main.name)) lede = `${main.name} ${story.cue} ${lang.language === 'en' ? `on ${capitalise(day)}` : day}: ${lede}`;
  paragraphs.push(lede);
  let count = wordCountOf(lede) + wordCountOf(title);
  let quoteIndex = 0;
  while (count < targetWords) {
    const n = rng.range(1, 3);
    const sentences: string[] = [];
    for (let i = 0; i < n && count < targetWords; i++) {
      let s: string;
      let wc: number;
      if (rng.chance(0.09) && story.quotes.length) {
        const q = story.quotes[quoteIndex++ % story.quotes.length]!;
        // other versions reword a quote a little (translation differences)
        const words = q.words.map((w) => (rng.chance(0.06) ? lang.words.sample(rng) : w));
        const body = words.join(' ');
        s = rng.chance(0.5) ? `“${capitalise(body)},” ${entityName(q.speaker, rng)} ${lang.said}.` : `${entityName(q.speaker, rng)} ${lang.said}: “${capitalise(body)}.”`;
        wc = wordCountOf(s);
      } else {
        const shape = rng.pick(lang.shapes);
        s = fillShape(shape, rng, lang, ctx, topic, names);
        wc = shapeWords(shape);
      }
      // trim a sentence that would overshoot an exact target
      const left = targetWords - count;
      if (wc > left && left < 8) {
        const ws = s.split(' ').slice(0, Math.max(1, left));
        s = `${ws.join(' ').replace(/[,;:]$/, '')}.`;
        wc = wordCountOf(s);
      }
      sentences.push(s);
      count += wc;
    }
    if (sentences.length) paragraphs.push(sentences.join(' '));
  }
  return { title, text: paragraphs.join('\n\n') };
}

function lengthOf(rng: Rng): number {
  // log-normal, median 650 words, clipped to 300–2,000
  return Math.max(300, Math.min(2000, Math.round(650 * Math.exp(0.5 * rng.normal()))));
}

/** Article `i` of the corpus planned by `plan`. Deterministic; independent of other articles. */
export function generateArticle(plan: CorpusPlan, i: number, model = buildModel(plan.seed)): CorpusRecord {
  const s = plan.storyOf[i]!;
  const m = plan.member[i]!;
  const story = storyOf(plan, s, model);
  const rng = new Rng(`${plan.seed}:article:${plan.size}:${i}`);
  const kind = m === 0 ? 'original' : rng.chance(0.07) ? 'wire-copy' : rng.chance(0.02 / 0.93) ? 'republished' : 'original';
  const language = m > 0 && rng.chance(0.12) ? model.languageMix.sample(rng) : story.language;
  const outlet = model.outlets.get(language)!.sample(rng);
  const published = rng.chance(0.1) ? null : isoDay(story.day + (rng.chance(0.6) ? 0 : rng.chance(0.75) ? 1 : 2));
  let title: string;
  let text: string;
  if (kind !== 'original') {
    const source = generateArticle(plan, plan.firstOf[s]!, model);
    title = source.title;
    text = source.text;
    if (kind === 'wire-copy') {
      const line = rng.pick(FURNITURE).replace('{outlet}', outlet.name).replace('{title}', title).replace('{name}', model.people.sample(rng).name).replace('{name2}', model.people.sample(rng).name);
      text = `${text}\n\n${line}`;
    }
  } else {
    ({ title, text } = writeArticle(story, language, rng, lengthOf(rng), model));
  }
  const slug = fold(title).replace(/[^a-z0-9]+/g, '-').slice(0, 60).replace(/^-|-$/g, '');
  return {
    id: `gen-${plan.size}-${i}`,
    title,
    outlet: outlet.name,
    url: `https://${outlet.host}/${published ?? 'undated'}/${slug}-${i}`,
    published,
    language: outlet.language,
    text,
  };
}

/**
 * A query article: a new article (not in the corpus) of `words` words about story `s`, in the
 * story's language, as a reader would open it.
 */
export function generateQuery(plan: CorpusPlan, s: number, q: number, words = 2000, model = buildModel(plan.seed)): CorpusRecord {
  const story = storyOf(plan, s, model);
  const rng = new Rng(`${plan.seed}:query:${plan.size}:${s}:${q}`);
  const { title, text } = writeArticle(story, story.language, rng, words, model);
  const outlet = model.outlets.get(story.language)!.sample(rng);
  return { id: `query-${plan.size}-${q}`, title, outlet: outlet.name, url: `https://${outlet.host}/query-${q}`, published: isoDay(story.day), language: story.language, text };
}

/**
 * Stories for query articles: spread over the corpus's stories of at least `minSize` articles
 * (big and small), deterministic.
 */
export function queryStories(plan: CorpusPlan, count: number, minSize = 3): number[] {
  const eligible: number[] = [];
  for (let s = 0; s < plan.stories; s++) if (plan.storySize[s]! >= minSize) eligible.push(s);
  const rng = new Rng(`${plan.seed}:queries:${plan.size}`);
  const out: number[] = [];
  const step = eligible.length / count;
  for (let q = 0; q < count && eligible.length; q++) out.push(eligible[Math.min(eligible.length - 1, Math.floor(q * step + rng.next() * step))]!);
  return out;
}

// CLI: write a corpus as JSONL
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name: string, fallback: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  const size = Number(arg('size', '1000'));
  const seed = arg('seed', 'sidelight');
  const plan = planCorpus(size, seed);
  const model = buildModel(seed);
  process.stderr.write(`model: ${JSON.stringify(model.sources)}\n`);
  let buf = '';
  for (let i = 0; i < size; i++) {
    buf += `${JSON.stringify(generateArticle(plan, i, model))}\n`;
    if (buf.length > 1 << 20) {
      process.stdout.write(buf);
      buf = '';
    }
  }
  process.stdout.write(buf);
}
