// Translation differences: where same-story versions render the same quote, name or number
// differently. Aligns quote passages across versions (same speaker, overlapping content), then
// classifies the difference: modality, negation, numbers, an omitted phrase, or wording.
// Renderings that differ only in punctuation, quote marks, case, whitespace or "the" are equal.
import { diffArrays } from 'diff';
import { looseKey, exactKey } from './aliases.ts';
import { claimsOf, explainedSources, SOURCE_LIMITS, type MatchedArticle, type ReadSide, type SourceLimits } from './missing-context.ts';
import type { Claim } from './claims.ts';
import type { ArticleFeatures, EngineKnowledge } from './features.ts';
import { foldText, sentences as splitSentences, stem } from './text.ts';
import type { TranslationDifference, TranslationNote } from './schemas.ts';

const MODALS = ['will', 'would', 'could', 'can', 'may', 'might', 'must', 'should', 'shall'];
const NEGATIONS = ['not', 'no', 'never', 'nor', 'neither', 'none', 'nothing', "n't", 'without'];
const TRIVIAL = new Set(['the', 'a', 'an']);

interface Passage {
  text: string;
  speaker: string | null;
  speakerName: string | null;
  claim: Claim;
  isQuote: boolean;
  /** renderingWords(text), computed once */
  words: string[];
  /** stems(text), computed once */
  stems: Set<string>;
  /** the whitespace tokens of the text and their stems, for alignedSpan (made when first needed) */
  tokens?: SpanTokens;
  /** numbers the text states (factNumbers) and its stems without them (made when first needed) */
  facts?: { numbers: string[]; stems?: Set<string> };
}

interface Version {
  id: string;
  outlet: string;
  language: string | null;
  features: ArticleFeatures;
  passages: Passage[];
}

const ASCII = /^[\x00-\x7f]*$/;

/** Words for comparing renderings: folded, punctuation dropped, "n't" split off. */
export function renderingWords(text: string): string[] {
  // ASCII text folds to its lower case (the backtick read as an apostrophe), without normalising
  return (ASCII.test(text) ? text.toLowerCase().replace(/`/g, "'") : foldText(text))
    .replace(/n't\b/g, " n't")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w && !TRIVIAL.has(w));
}

export function sameRendering(a: string, b: string): boolean {
  return renderingKey(a) === renderingKey(b);
}

/** renderingWords, memoised (texts and words recur across passages, versions and calls); never mutated. */
const renderedMemo = new Map<string, { words: readonly string[]; key: string }>();
function rendered(text: string): { words: readonly string[]; key: string } {
  let r = renderedMemo.get(text);
  if (!r) {
    if (renderedMemo.size > 50_000) renderedMemo.clear();
    const words = renderingWords(text);
    r = { words, key: words.join(' ') };
    renderedMemo.set(text, r);
  }
  return r;
}

function renderingKey(text: string): string {
  return rendered(text).key;
}

function passage(text: string, speaker: string | null, speakerName: string | null, claim: Claim, isQuote: boolean): Passage {
  const words = renderingWords(text);
  return { text, speaker, speakerName, claim, isQuote, words, stems: stemsOfWords(words) };
}

/** Passages of an article, computed once per features object (they depend on nothing else). */
const passageCache = new WeakMap<ArticleFeatures, Passage[]>();

function passagesOf(features: ArticleFeatures, knowledge: EngineKnowledge): Passage[] {
  let passages = passageCache.get(features);
  if (!passages) {
    passages = computePassages(features, knowledge);
    passageCache.set(features, passages);
  }
  return passages;
}

function computePassages(features: ArticleFeatures, knowledge: EngineKnowledge): Passage[] {
  const out: Passage[] = [];
  const seen = new Set<string>();
  for (const claim of claimsOf(features, knowledge)) {
    if (claim.isNoise) continue;
    const speaker = claim.speaker?.id ?? null;
    const speakerName = claim.speaker?.name ?? null;
    for (const q of claim.quotes) {
      // a quote over several sentences is compared sentence by sentence
      for (const s of splitSentences(q, features.language)) {
        const text = s.replace(/[,.;:]+$/, '').trim();
        if (seen.has(text)) continue;
        seen.add(text);
        out.push(passage(text, speaker, speakerName, claim, true));
      }
    }
    // the whole sentence too, when it marks no quote: a quote may be unmarked in another version
    if (!claim.quotes.length) out.push(passage(claim.text, speaker, speakerName, claim, false));
  }
  return out;
}

/**
 * For each stem, the passages (by position) whose stems hold it, made once per passage list: a
 * passage of the article read is compared only with the passages it shares a stem with (one that
 * shares none cannot align: its overlap is 0, below ALIGN_OVERLAP, and below the attribution bar).
 */
const stemPostingsCache = new WeakMap<readonly { stems: ReadonlySet<string> }[], Map<string, number[]>>();

export function stemPostingsOf(passages: readonly { stems: ReadonlySet<string> }[]): Map<string, number[]> {
  let postings = stemPostingsCache.get(passages);
  if (!postings) {
    postings = new Map();
    passages.forEach((o, k) => {
      for (const st of o.stems) {
        const list = postings!.get(st);
        if (list) list.push(k);
        else postings!.set(st, [k]);
      }
    });
    stemPostingsCache.set(passages, postings);
  }
  return postings;
}

/**
 * The passages sharing at least one stem with `stems`, by position in ascending order, and how
 * many stems each shares (`counts`, indexed by position; the caller's buffer, left zeroed).
 */
export function sharingPassages(stems: ReadonlySet<string>, postings: ReadonlyMap<string, readonly number[]>, counts: Int32Array): number[] {
  const touched: number[] = [];
  for (const st of stems) {
    const list = postings.get(st);
    if (!list) continue;
    for (const k of list) if (counts[k]!++ === 0) touched.push(k);
  }
  return touched.sort((a, b) => a - b);
}

/** Stems of words longer than two letters, memoised (the vocabulary repeats across articles). */
const stemMemo = new Map<string, string>();
function stemOf(w: string): string {
  let s = stemMemo.get(w);
  if (s === undefined) {
    if (stemMemo.size > 200_000) stemMemo.clear();
    s = stem(w);
    stemMemo.set(w, s);
  }
  return s;
}

function stemsOfWords(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) if (w.length >= 3) out.add(stemOf(w));
  return out;
}

function stems(text: string): Set<string> {
  return stemsOfWords(rendered(text).words);
}

/** Dice overlap of two stem sets. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  return (2 * shared(a, b)) / (a.size + b.size);
}

/** overlap(a, b) when they share `m` stems. */
function dice(m: number, a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  return (2 * m) / (a.size + b.size);
}

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  if (a.size > b.size) [a, b] = [b, a];
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/** Quotes shorter than this (in words) are phrases, too short to compare renderings. */
const MIN_QUOTE_WORDS = 5;
/** Stem overlap (Dice) at which two passages render the same words. */
const ALIGN_OVERLAP = 0.5;

interface SpanTokens {
  tokens: string[];
  /** the stem of each token's first rendering word ('' when it has none) */
  stems: string[];
}

function spanTokens(sentence: string): SpanTokens {
  const tokens = sentence.split(/\s+/).filter(Boolean);
  return { tokens, stems: tokens.map((t) => stem(rendered(t).words[0] ?? '')) };
}

/**
 * The span of `sentence` that renders `quote`: the window of about the quote's length that
 * shares the most stems with it (then the shortest such window).
 */
export function alignedSpan(quote: string, sentence: string): string {
  return alignSpan(stems(quote), renderingWords(quote).length, spanTokens(sentence));
}

/** alignedSpan with the quote's stems `q`, its number of rendering words `n`, the sentence's tokens. */
function alignSpan(q: ReadonlySet<string>, n: number, { tokens, stems: tokStem }: SpanTokens): string {
  // per token: which stem of the quote it is (-1: none)
  const ids = new Map<string, number>();
  const tokId = new Int32Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) {
    const st = tokStem[k]!;
    if (!q.has(st)) {
      tokId[k] = -1;
      continue;
    }
    let id = ids.get(st);
    if (id === undefined) ids.set(st, (id = ids.size));
    tokId[k] = id;
  }
  const counts = new Int32Array(ids.size);
  let best = { score: -1, from: 0, to: tokens.length };
  for (let len = Math.max(2, Math.floor(n * 0.7)); len <= Math.min(tokens.length, Math.ceil(n * 1.4) + 1); len++) {
    // distinct quote stems in the window [from, from + len), slid one token at a time
    counts.fill(0);
    let distinct = 0;
    for (let k = 0; k < len; k++) {
      const id = tokId[k]!;
      if (id >= 0 && counts[id]!++ === 0) distinct++;
    }
    for (let from = 0; from + len <= tokens.length; from++) {
      if (from > 0) {
        const out = tokId[from - 1]!;
        if (out >= 0 && --counts[out]! === 0) distinct--;
        const inn = tokId[from + len - 1]!;
        if (inn >= 0 && counts[inn]!++ === 0) distinct++;
      }
      // prefer windows that start and end on shared words
      const edges = (tokId[from]! >= 0 ? 0.1 : 0) + (tokId[from + len - 1]! >= 0 ? 0.1 : 0);
      if (distinct + edges > best.score) best = { score: distinct + edges, from, to: from + len };
    }
  }
  return tokens
    .slice(best.from, best.to)
    .join(' ')
    .replace(/^[\s“”"«»„,(]+|[\s“”"«»„,.;:)]+$/gu, '');
}

interface Aligned {
  version: Version;
  text: string;
}

/** What differs, without the other version's outlet (added when the item is made). */
type Classified = { kind: TranslationDifference['kind']; note: DistributiveOmit<TranslationNote, 'outlet'> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function classify(base: string, other: string): Classified | null {
  const ra = rendered(base);
  const rb = rendered(other);
  if (ra.key === rb.key) return null;
  const a = ra.words.slice();
  const b = rb.words.slice();
  // one quotes more of the same words than the other: the same rendering, a different extent
  if (ra.key.includes(rb.key) || rb.key.includes(ra.key)) return null;
  const count = (ws: string[], set: string[]) => ws.filter((w) => set.includes(w));
  const negA = count(a, NEGATIONS).length;
  const negB = count(b, NEGATIONS).length;
  if (negA !== negB) return { kind: 'negation', note: { code: negA > negB ? 'negation-dropped' : 'negation-added' } };
  const numsA = a.filter((w) => /^\d/.test(w));
  const numsB = b.filter((w) => /^\d/.test(w));
  if (numsA.length && numsB.length && numsA.join(' ') !== numsB.join(' ')) return { kind: 'number', note: { code: 'numbers-differ', here: numsA, there: numsB } };
  const modA = count(a, MODALS);
  const modB = count(b, MODALS);
  // a modal replaced by another: the certainty of the statement changed
  if (modA.length && modB.length && modA.join(' ') !== modB.join(' ')) {
    const from = modA.find((m) => !modB.includes(m)) ?? modA[0]!;
    const to = modB.find((m) => !modA.includes(m)) ?? modB[0]!;
    const strength = (m: string) => (['will', 'must', 'shall'].includes(m) ? 3 : ['would', 'should', 'can'].includes(m) ? 2 : 1);
    const shift = strength(to) < strength(from) ? 'softened' : strength(to) > strength(from) ? 'strengthened' : 'changed';
    return { kind: 'modality', note: { code: 'modality', to, from, shift } };
  }
  // a phrase dropped or added with nothing in its place
  const changes = diffArrays(a, b);
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k]!;
    if (!(c.added || c.removed) || c.value.length < 2) continue;
    const prev = changes[k - 1];
    const next = changes[k + 1];
    const replaced = (prev && (prev.added || prev.removed)) || (next && (next.added || next.removed));
    const inside = prev !== undefined && next !== undefined; // not a longer or shorter quote extent
    if (!replaced && inside) return { kind: 'omitted-phrase', note: { code: c.removed ? 'phrase-missing' : 'phrase-added', phrase: c.value.join(' ') } };
  }
  return { kind: 'quote-wording', note: { code: 'quote-wording' } };
}

function wordParts(base: string, other: string): TranslationDifference['variants'][number]['parts'] {
  const tok = (s: string) => s.split(/(\s+)/).filter(Boolean);
  const keys = new Map<string, string>();
  const key = (x: string) => {
    let k = keys.get(x);
    if (k === undefined) keys.set(x, (k = renderingKey(x)));
    return k;
  };
  const changes = diffArrays(tok(base).map((w) => w), tok(other), { comparator: (x, y) => key(x) === key(y) });
  return changes
    .filter((c) => !c.removed)
    .map((c) => ({ value: c.value.join(''), change: c.added ? ('added' as const) : ('same' as const) }));
}

const KIND_RANK: Record<TranslationDifference['kind'], number> = { negation: 0, number: 1, modality: 2, 'omitted-phrase': 3, attribution: 4, 'quote-wording': 5, 'name-spelling': 6 };

/**
 * @param limits how many same-story versions are compared, passages and name spellings (the best
 * scored first); name spellings also read every related article listed
 */
export function findTranslationDifferences(read: ReadSide, matches: readonly MatchedArticle[], knowledge: EngineKnowledge, limits: Readonly<SourceLimits> = SOURCE_LIMITS): TranslationDifference[] {
  const self: Version = { id: read.id ?? 'this-article', outlet: read.outlet ?? 'this article', language: read.features.language, features: read.features, passages: passagesOf(read.features, knowledge) };
  // passages are compared only within the article's language: versions in another language need none
  const sameStory = explainedSources(matches, 'same-story', limits).map<Version>((m) => ({
    id: m.article.record.id,
    outlet: m.article.record.outlet,
    language: m.article.record.language ?? null,
    features: m.article.features,
    passages: m.article.features.language === read.features.language ? passagesOf(m.article.features, knowledge) : [],
  }));
  const items: TranslationDifference[] = [];
  const usedSentences = new Set<string>();

  const sameLanguage = sameStory.filter((v) => v.features.language === read.features.language);
  const postings = sameLanguage.map((v) => stemPostingsOf(v.passages));
  const counts = new Int32Array(Math.max(0, ...sameLanguage.map((v) => v.passages.length)));
  for (const p of self.passages) {
    if (!p.isQuote) continue;
    const pw = p.words;
    if (pw.length < MIN_QUOTE_WORDS) continue;
    const ps = p.stems;
    const aligned: Aligned[] = [];
    let attributionOther: { version: Version; speaker: string } | null = null;
    for (const [vi, v] of sameLanguage.entries()) {
      let best: { text: string; score: number } | null = null;
      // only passages sharing a stem can align or count as attributed otherwise (see stemPostingsOf)
      const touched = sharingPassages(ps, postings[vi]!, counts);
      for (const k of touched) {
        const o = v.passages[k]!;
        // stems shared with the passage read (its Dice overlap: 2m / (|ps| + |os|))
        const m = counts[k]!;
        counts[k] = 0;
        const sameSpeaker = !p.speaker || !o.speaker || p.speaker === o.speaker;
        if (!sameSpeaker) {
          if (o.isQuote && p.claim.speakerNamedHere && o.claim.speakerNamedHere && o.speakerName && dice(m, ps, o.stems) >= 0.85) attributionOther = { version: v, speaker: o.speakerName };
          continue;
        }
        const bonus = (o.isQuote ? 0.05 : 0) + (p.speaker && o.speaker === p.speaker ? 0.05 : 0);
        let text: string;
        let score: number;
        if (o.isQuote) {
          text = o.text;
          score = dice(m, ps, o.stems) + bonus;
        } else {
          // the span's stems are some of the sentence's: with m stems shared, its overlap is at
          // most 2m / (|ps| + m). A sentence that cannot reach the bar, nor beat the best so far,
          // is not aligned (the best is kept only when it reaches the bar).
          const bound = (m ? (2 * m) / (ps.size + m) : 0) + bonus;
          if (bound < ALIGN_OVERLAP - 1e-9 || (best && bound < best.score - 1e-9)) continue;
          text = alignSpan(ps, pw.length, (o.tokens ??= spanTokens(o.text)));
          score = overlap(ps, stems(text)) + bonus;
        }
        if (!best || score > best.score) best = { text, score };
      }
      if (!best || best.score < ALIGN_OVERLAP) continue;
      if (rendered(best.text).words.length < 3) continue;
      aligned.push({ version: v, text: best.text });
    }
    if (attributionOther && p.speakerName) {
      items.push({
        kind: 'attribution',
        detail: { code: 'attribution', here: p.speakerName, there: attributionOther.speaker },
        speaker: p.speakerName,
        variants: [
          { text: `${p.speakerName}: ${p.text}`, parts: [{ value: `${p.speakerName}: ${p.text}`, change: 'same' }], sources: [{ id: self.id, outlet: self.outlet, language: self.language }] },
          { text: `${attributionOther.speaker}: ${p.text}`, parts: [{ value: `${attributionOther.speaker}: ${p.text}`, change: 'same' }], sources: [{ id: attributionOther.version.id, outlet: attributionOther.version.outlet, language: attributionOther.version.language }] },
        ],
      });
    }
    const differing = aligned.map((a) => ({ a, c: classify(p.text, a.text) }));
    const flagged = differing.filter((d) => d.c !== null) as Array<{ a: Aligned; c: Classified }>;
    if (!flagged.length) continue;
    const key = renderingKey(p.text);
    if (usedSentences.has(key)) continue;
    usedSentences.add(key);
    flagged.sort((x, y) => KIND_RANK[x.c.kind] - KIND_RANK[y.c.kind]);
    const top = flagged[0]!;
    // group identical renderings; the article read comes first
    const variants: TranslationDifference['variants'] = [
      { text: p.text, parts: [{ value: p.text, change: 'same' }], sources: [{ id: self.id, outlet: self.outlet, language: self.language }] },
    ];
    for (const { a } of differing) {
      const existing = variants.find((v) => sameRendering(v.text, a.text));
      const source = { id: a.version.id, outlet: a.version.outlet, language: a.version.language };
      if (existing) existing.sources.push(source);
      else variants.push({ text: a.text, parts: wordParts(p.text, a.text), sources: [source] });
    }
    const topOutlet = top.a.version.outlet;
    items.push({ kind: top.c.kind, detail: { ...top.c.note, outlet: topOutlet } as TranslationNote, speaker: p.speakerName, variants });
  }

  items.push(...numberDifferences(self, sameStory));
  items.push(...nameSpellings(self, [...sameStory, ...relatedVersions(matches, knowledge)]));
  return items;
}

/** Numbers a sentence states, without years and list numbering. */
function factNumbers(text: string): string[] {
  return (text.match(/\b\d+(?:[.,]\d+)?\b/g) ?? []).filter((n) => !/^(?:19|20)\d\d$/.test(n));
}

/**
 * Numbers: sentences of two versions that report the same fact (same speaker or none, most
 * content shared) but state different numbers ("12-point plan" vs "10-point plan").
 */
function factNumbersOf(p: Passage): string[] {
  return (p.facts ??= { numbers: factNumbers(p.text) }).numbers;
}

/** Stems of a passage without its numbers. */
function factStemsOf(p: Passage): Set<string> {
  const facts = (p.facts ??= { numbers: factNumbers(p.text) });
  return (facts.stems ??= stems(p.text.replace(/\d+(?:[.,]\d+)?/g, ' ')));
}

function numberDifferences(self: Version, others: readonly Version[]): TranslationDifference[] {
  const items: TranslationDifference[] = [];
  for (const p of self.passages) {
    if (p.isQuote) continue;
    const nums = factNumbersOf(p);
    if (!nums.length) continue;
    const ps = factStemsOf(p);
    if (ps.size < 5) continue;
    for (const v of others) {
      if (v.features.language !== self.features.language) continue;
      for (const o of v.passages) {
        if (o.isQuote) continue;
        const onums = factNumbersOf(o);
        if (!onums.length || onums.join(' ') === nums.join(' ')) continue;
        if (overlap(ps, factStemsOf(o)) < 0.6) continue;
        if (onums.some((n) => nums.includes(n)) && onums.length === nums.length) continue;
        items.push({
          kind: 'number',
          detail: { code: 'numbers-differ', here: nums, there: onums, outlet: v.outlet },
          speaker: p.speakerName,
          variants: [
            { text: p.text, parts: [{ value: p.text, change: 'same' }], sources: [{ id: self.id, outlet: self.outlet, language: self.language }] },
            { text: o.text, parts: wordParts(p.text, o.text), sources: [{ id: v.id, outlet: v.outlet, language: v.language }] },
          ],
        });
      }
    }
  }
  return items;
}

function relatedVersions(matches: readonly MatchedArticle[], _knowledge: EngineKnowledge): Version[] {
  return matches
    .filter((m) => m.relation === 'related')
    .map((m) => ({ id: m.article.record.id, outlet: m.article.record.outlet, language: m.article.record.language ?? null, features: m.article.features, passages: [] }));
}

/**
 * Name spellings: for each name part the article read writes, how other versions write it
 * differently ("Kiev" here, "Kyiv" there). A row needs the page's own spelling and at least one
 * other version's: a name the page does not write, or one no other version spells otherwise, is
 * no translation difference. The alias table only says which surfaces are one name; it is never
 * the other side of a comparison (no "usual spelling" against the page alone).
 */
function nameSpellings(self: Version, others: readonly Version[]): TranslationDifference[] {
  const items: TranslationDifference[] = [];
  const versions = [self, ...others].filter((v, i, all) => all.findIndex((w) => w.id === v.id) === i);
  const byEntity = new Map<string, { canonical: string; uses: Array<{ surface: string; version: Version }> }>();
  const foreignScript = /[\p{Script=Han}\p{Script=Cyrillic}]/u;
  for (const v of versions) {
    for (const e of v.features.entities) {
      if (!e.known || foreignScript.test(e.surfaces.join(''))) continue;
      const slot = byEntity.get(e.id) ?? { canonical: e.canonical, uses: [] };
      for (const s of e.surfaces) if (!foreignScript.test(s)) slot.uses.push({ surface: s, version: v });
      byEntity.set(e.id, slot);
    }
  }
  const isAcronym = (x: string) => /^[\p{Lu}.]{2,6}$/u.test(x.replace(/\s/g, ''));
  for (const { canonical, uses: allUses } of byEntity.values()) {
    if (isAcronym(canonical)) continue;
    const uses = allUses.filter((u) => !isAcronym(u.surface));
    // only names the page itself writes
    if (!uses.some((u) => u.version === self)) continue;
    const canonParts = canonical.split(/\s+/);
    // spelling groups per canonical name part, compared without case
    const groups = canonParts.map(() => new Map<string, Set<Version>>());
    const shown = canonParts.map(() => new Map<string, string>());
    for (const { surface, version } of uses) {
      for (const part of surface.split(/\s+/)) {
        const clean = part.replace(/['ʼ’]s$/u, '');
        const k = exactKey(clean);
        // which part of the canonical name this word spells
        let best = -1;
        let bestScore = 0;
        canonParts.forEach((cp, i) => {
          const score = similarity(looseKey(cp), looseKey(clean));
          if (score > bestScore) {
            bestScore = score;
            best = i;
          }
        });
        if (canonParts.length === 1) best = 0;
        else if (best < 0 || bestScore < 0.5) continue;
        const set = groups[best]!.get(k) ?? new Set<Version>();
        set.add(version);
        groups[best]!.set(k, set);
        if (!shown[best]!.has(k) || /^\p{Lu}/u.test(clean)) shown[best]!.set(k, clean);
      }
    }
    groups.forEach((group, i) => {
      // the page's spellings of this part first, then the other versions' different ones
      const mine = [...group.keys()].filter((k) => group.get(k)!.has(self));
      const theirs = [...group.keys()].filter((k) => !group.get(k)!.has(self));
      if (!mine.length || !theirs.length) return;
      const variants: TranslationDifference['variants'] = [...mine, ...theirs].map((k) => ({
        text: shown[i]!.get(k) ?? k,
        parts: [{ value: shown[i]!.get(k) ?? k, change: 'same' as const }],
        sources: [...group.get(k)!].map((v) => ({ id: v.id, outlet: v.outlet, language: v.language })),
      }));
      const fullName = (part: string) => canonParts.map((p, j) => (j === i ? part : p)).join(' ');
      items.push({ kind: 'name-spelling', detail: { code: 'name-spelling', names: variants.map((v) => fullName(v.text)) }, speaker: null, variants });
    });
  }
  return items;
}

/** Character bigram Dice similarity of two keys. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (s: string) => {
    const m = new Map<string, number>();
    for (let i = 0; i + 1 < s.length; i++) m.set(s.slice(i, i + 2), (m.get(s.slice(i, i + 2)) ?? 0) + 1);
    return m;
  };
  const ga = grams(a);
  const gb = grams(b);
  let n = 0;
  for (const [g, c] of ga) n += Math.min(c, gb.get(g) ?? 0);
  return (2 * n) / Math.max(1, a.length - 1 + b.length - 1);
}
