// The two development sets for story matching, read at run time from ../shared (never copied):
// - ../shared/eval/: openings of real news on one topic, labelled by event;
// - ../shared/eval-semeval/: SemEval-2022 Task 8 articles in 7 languages with pairs scored by
//   independent annotators (1 very similar … 4 very dissimilar).
// Both become one shape: articles, labelled unordered pairs, and groups of linked articles, so
// that folds never split a group (no article in two folds).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CorpusRecordSchema, type CorpusRecord } from '../engine/schemas.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SHARED_DIR = path.resolve(here, '../../shared');

/** A labelled pair. `same`: same story (1), different (0), or not scored (null, between the bars). */
export interface LabelledPair {
  a: string;
  b: string;
  same: 0 | 1 | null;
  /** lenient label: same story at a lower bar (eval-semeval: overall ≤ 2) */
  sameLenient: 0 | 1;
  /** at least related (same story or related coverage), null when not known */
  related: 0 | 1 | null;
  /** eval-semeval's overall score (1 very similar … 4 very dissimilar); null for ../shared/eval */
  overall: number | null;
  /** "en-en", "de-en" (sorted) */
  languages: string;
}

export interface DevSet {
  name: 'eval' | 'eval-semeval';
  articles: CorpusRecord[];
  pairs: LabelledPair[];
  /** article id -> group number (connected articles; for eval: the event) */
  group: Map<string, number>;
}

function missing(dir: string): never {
  throw new Error(`The development set is missing: ${dir}. Place the shared folder beside this project (../shared).`);
}

function parseRecord(raw: unknown, where: string): CorpusRecord {
  const r = CorpusRecordSchema.safeParse(raw);
  if (!r.success) throw new Error(`${where}: not a corpus record: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

const languagePair = (x: string, y: string) => [x, y].sort().join('-');

/** eval-semeval: same story = overall ≤ 1.5, different = overall ≥ 2.5 (strict); lenient: same = overall ≤ 2. */
export function loadSemeval(dir = path.join(SHARED_DIR, 'eval-semeval')): DevSet {
  if (!fs.existsSync(path.join(dir, 'articles.jsonl'))) missing(dir);
  const lines = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter((l) => l.trim());
  const articles = lines('articles.jsonl').map((l, i) => parseRecord(JSON.parse(l), `articles.jsonl line ${i + 1}`));
  const ids = new Set(articles.map((a) => a.id));
  const pairs: LabelledPair[] = lines('pairs.jsonl').map((l, i) => {
    const p = JSON.parse(l) as { a: string; b: string; lang_a: string; lang_b: string; overall: number };
    if (!ids.has(p.a) || !ids.has(p.b) || typeof p.overall !== 'number') throw new Error(`pairs.jsonl line ${i + 1}: unknown article or no overall score`);
    return {
      a: p.a,
      b: p.b,
      same: p.overall <= 1.5 ? 1 : p.overall >= 2.5 ? 0 : null,
      sameLenient: p.overall <= 2 ? 1 : 0,
      related: p.overall <= 2.5 ? 1 : p.overall >= 3.5 ? 0 : null,
      overall: p.overall,
      languages: languagePair(p.lang_a, p.lang_b),
    };
  });
  return { name: 'eval-semeval', articles, pairs, group: groupsOf(articles, pairs) };
}

export interface EventArticle extends CorpusRecord {
  event: string;
  subevent?: string | null;
}

/** The set marks titles it made up: "[title from URL slug]" (kept, unmarked), "[no title in excerpt]" (dropped). */
function cleanEvalTitle(title: string): string {
  if (/\[no title in excerpt\]/.test(title)) return '';
  return title.replace(/\s*\[title from URL slug\]\s*/, '').trim();
}

/** The articles of ../shared/eval with their event labels (titles cleaned). */
export function loadEventArticles(dir = path.join(SHARED_DIR, 'eval', 'articles')): EventArticle[] {
  if (!fs.existsSync(dir)) missing(dir);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort()
    .map((f) => {
      const j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as EventArticle;
      return { ...parseRecord({ id: j.id, title: cleanEvalTitle(j.title), outlet: j.outlet, url: j.url, published: j.published, language: j.language, text: j.text }, f), event: j.event, subevent: j.subevent ?? null };
    });
}

/** ../shared/eval: every unordered pair of its articles. Same story = same event; related = both on the set's topic (neither "unrelated"). */
export function loadEventSet(dir = path.join(SHARED_DIR, 'eval', 'articles')): DevSet & { eventOf: Map<string, string> } {
  const raw = loadEventArticles(dir);
  const story = (a: EventArticle) => (a.event === 'near-miss' ? `near-miss/${a.subevent}` : a.event === 'unrelated' ? `unrelated/${a.id}` : a.event);
  // outlets often reported the WSJ report of the planned call and the Qin–Kuleba call in one article: not scored
  const unscored = (a: EventArticle, b: EventArticle) => [a.event, b.event].sort().join('|') === 'kirby-xi-zelensky-2023-03|qin-kuleba';
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < raw.length; i++) {
    for (let j = i + 1; j < raw.length; j++) {
      const a = raw[i]!;
      const b = raw[j]!;
      if (unscored(a, b)) continue;
      const same = story(a) === story(b) ? 1 : 0;
      const related = same || (a.event !== 'unrelated' && b.event !== 'unrelated') ? 1 : 0;
      pairs.push({ a: a.id, b: b.id, same, sameLenient: same, related, overall: null, languages: languagePair(a.language ?? '?', b.language ?? '?') });
    }
  }
  const stories = [...new Set(raw.map(story))];
  const group = new Map(raw.map((a) => [a.id, stories.indexOf(story(a))]));
  const eventOf = new Map(raw.map((a) => [a.id, story(a)]));
  return { name: 'eval', articles: raw.map(({ event: _e, subevent: _s, ...r }) => r), pairs, group, eventOf };
}

/** Connected components of the pair graph: a group goes whole into one fold. */
function groupsOf(articles: readonly CorpusRecord[], pairs: readonly LabelledPair[]): Map<string, number> {
  const parent = new Map(articles.map((a) => [a.id, a.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const p of pairs) parent.set(find(p.a), find(p.b));
  const roots = new Map<string, number>();
  const group = new Map<string, number>();
  for (const a of articles) {
    const r = find(a.id);
    if (!roots.has(r)) roots.set(r, roots.size);
    group.set(a.id, roots.get(r)!);
  }
  return group;
}

/** Seeded folds over groups: group -> fold in [0, k). Deterministic for a seed (mulberry32 shuffle). */
export function groupFolds(group: ReadonlyMap<string, number>, k: number, seed: number): Map<number, number> {
  const groups = [...new Set(group.values())].sort((x, y) => x - y);
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  return new Map(groups.map((g, i) => [g, i % k]));
}
