// Per-article signals, computed once per article and stored with it: language, sentences,
// entities (alias-resolved), weighted terms, event types, the event's date, quotes, numbers.
import type { AliasIndex } from './aliases.ts';
import { cleanArticleText, titleAndBodyOf } from './boilerplate.ts';
import { findDates, parseIsoDay, type DateMention } from './dates.ts';
import { findEntities, type EntityContext, type EntityMention } from './entities.ts';
import type { LanguageModel } from './language.ts';
import { articleSentences, foldText, isUnspacedScript, letterRuns, stem, words, wordsWithPieces, type Sentence, type WordToken } from './text.ts';
import { extractClaims, type Claim } from './claims.ts';

/**
 * Version of the ArticleFeatures shape and of how it is computed. Stored features with another
 * version are recomputed, never misread: bump it with every change to this module's output.
 */
export const FEATURES_VERSION = 13;

export interface Lexicon {
  events: Record<string, string[]>;
  roleWords: string[];
  /** event types that say how something was told (interview, remarks, report), not what happened */
  reportingEvents?: { types: string[] };
  /** cue word sequences per language that mark a lede's event as planned or as having happened */
  eventStatus?: { planned: Record<string, string[]>; happened: Record<string, string[]> };
  /** who said it, per language: speech verbs, attribution words, subject pronouns, glue words, sentence-opening connectives */
  speech?: Record<'verbs' | 'attribution' | 'pronouns' | 'glue' | 'connectives', Record<string, string[]>>;
  /** spelling correspondences between Latin-script languages ([pattern, replacement], flags gu, in order), applied to folded anchor tokens */
  anchorSpelling?: { rules: string[][] };
}

/** Whether a lede reports its event as planned (announced, expected) or as having happened. */
export type EventStatus = 'planned' | 'happened';

/** Everything the engine knows besides the articles: aliases, stopwords, lexicon. */
export interface EngineKnowledge {
  aliases: AliasIndex;
  languages: LanguageModel;
  lexicon: Lexicon;
}


export interface EntityWeight {
  id: string;
  canonical: string;
  type: EntityMention['type'];
  known: boolean;
  /** 1 + log(mentions), doubled for names in the headline or lede */
  weight: number;
  surfaces: string[];
  firstSentence: number;
}

export interface EventDate {
  iso: string | null;
  monthDay: string | null;
  weekday: number | null;
  source: 'text' | 'published';
}

export interface ArticleFeatures {
  language: string;
  wordCount: number;
  title: string;
  sentences: Sentence[];
  entities: EntityWeight[];
  /** term -> count, within the article's language */
  terms: Record<string, number>;
  /** terms of the headline and the first three sentences: what the event is */
  ledeTerms: Record<string, number>;
  /** entity ids named in the headline and the first three sentences */
  ledeEntities: string[];
  events: string[];
  /** the lede's event as planned or as having happened; absent or null when the lede does not say */
  eventStatus?: EventStatus | null;
  eventDate: EventDate | null;
  quotes: string[];
  numbers: string[];
  /**
   * The article's claims (statements, quotes, facts with their speakers), extracted once here and
   * stored: missing context and translation differences read them for every article they list.
   */
  claims: Claim[];
  /**
   * Anchor tokens: folded words written with a capital inside a sentence or headline (names, in
   * most languages) and numbers of two digits or more, once each, as spelling keys (corpus/lexicon.json
   * `anchorSpelling`: "Selenskyj" and "Zelensky" give one key). Compared across languages with no
   * alias table: "Aniston" and "2019" read the same in any Latin-script text.
   */
  anchors?: string[];
  /**
   * The site the article was published on: its address's host without `www.` (null without an
   * address). An outlet seldom reports one event twice, while its other reports share its genre
   * and furniture: two articles of one site are compared knowing it (match.ts `sameSite`).
   */
  site?: string | null;
  fingerprint: string;
}

export interface ArticleInput {
  title: string;
  text: string;
  language?: string | null;
  published?: string | null;
  /** the article's web address (only its host is read: features' `site`) */
  url?: string | null;
}

/** The host of a web address without `www.`, lower-cased; null when there is none. */
export function siteOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Word n-grams of the quote after folding: the comparable form of a quote. */
export function normaliseQuote(quote: string): string {
  return foldText(quote)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const QUOTE_PATTERNS = [/“([^”“]{8,600})”/gu, /"([^"]{8,600})"/g, /«\s?([^»«]{8,600}?)\s?»/gu, /„([^“”„]{8,600})[“”]/gu, /「([^」]{4,300})」/gu, /(?:^|[\s(])‘([^’‘]{8,300})’(?=[\s,.;:!?)]|$)/gu, /(?:^|[\s(])'([^']{8,300})'(?=[\s,.;:!?)]|$)/g];

/** Quoted passages of a text, as written. */
export function findQuotes(text: string): string[] {
  const out: string[] = [];
  for (const re of QUOTE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const q = (m[1] ?? '').trim();
      if (q) out.push(q);
    }
  }
  return out;
}

export { articleSentences, type Sentence };

/**
 * Where each sentence is in the text: `[start, end)`, or `[0, 0]` for a sentence that is not
 * written so in its paragraph (re-joined fragments; its words are then its own).
 */
function sentenceRanges(text: string, sentences: readonly Sentence[]): Array<[number, number]> {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  // paragraphs are the text's non-empty lines
  const lines = lineStarts.map((start, k) => [start, k + 1 < lineStarts.length ? lineStarts[k + 1]! - 1 : text.length] as const).filter(([a, b]) => text.slice(a, b).trim().length > 0);
  let cursor = 0;
  return sentences.map((s) => {
    const line = lines[s.paragraph];
    if (!line) return [0, 0];
    const from = Math.max(cursor, line[0]);
    const at = text.indexOf(s.text, from);
    if (at < 0 || at + s.text.length > line[1]) return [0, 0];
    cursor = at + s.text.length;
    return [at, cursor];
  });
}

function isTitleCase(title: string): boolean {
  const ws = title.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return ws.length >= 4 && ws.filter((w) => /^\p{Lu}/u.test(w)).length / ws.length > 0.6;
}

function eventTypes(textFolded: string, lexicon: Lexicon): string[] {
  const tokens = textFolded.match(/\p{L}+/gu) ?? [];
  const found: string[] = [];
  for (const [type, cues] of Object.entries(lexicon.events)) {
    const hit = cues.some((cue) =>
      /[\p{Script=Han}]/u.test(cue) || cue.includes(' ')
        ? textFolded.includes(cue)
        : tokens.some((t) => (cue.length >= 4 ? t.startsWith(cue) : t === cue)),
    );
    if (hit) found.push(type);
  }
  return found;
}

const CUE_TOKEN = /[\p{L}\p{N}]+/gu;
const HAN = /\p{Script=Han}/u;

function countSequence(tokens: readonly string[], seq: readonly string[]): number {
  let n = 0;
  for (let i = 0; i + seq.length <= tokens.length; i++) {
    let k = 0;
    while (k < seq.length && tokens[i + k] === seq[k]) k++;
    if (k === seq.length) n++;
  }
  return n;
}

function countCues(textFolded: string, tokens: readonly string[], cues: readonly string[]): number {
  let n = 0;
  for (const cue of cues) {
    if (HAN.test(cue)) n += textFolded.split(cue).length - 1;
    else n += countSequence(tokens, cue.match(CUE_TOKEN) ?? []);
  }
  return n;
}

/**
 * The lede's event status from the lexicon's cue words of the article's language: planned when
 * planned cues ("will", "plans to", "is expected to") outnumber happened cues ("spoke", "held",
 * "met"), happened when the reverse, else null (a tie, no cue, or no cues for the language).
 */
export function eventStatusOf(ledeFolded: string, language: string, lexicon: Lexicon): EventStatus | null {
  const cues = lexicon.eventStatus;
  if (!cues) return null;
  const planned = cues.planned[language] ?? [];
  const happened = cues.happened[language] ?? [];
  if (!planned.length && !happened.length) return null;
  const tokens = ledeFolded.match(CUE_TOKEN) ?? [];
  const p = countCues(ledeFolded, tokens, planned);
  const h = countCues(ledeFolded, tokens, happened);
  return p > h ? 'planned' : h > p ? 'happened' : null;
}

/** Terms of a text for TF-IDF: stemmed content words, or Han character bigrams. */
export function termsOf(text: string, language: string, languages: LanguageModel): string[] {
  if (isUnspacedScript(text)) return unspacedTerms(text);
  return spacedTerms([words(text, language)], language, languages);
}

/** `termsOf` for an unspaced-script text. */
function unspacedTerms(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[\p{Script=Han}]+/gu) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  // the spaced words among them are mostly English (names, acronyms, loan words)
  for (const w of words(text.replace(/[\p{Script=Han}]+/gu, ' '), 'en')) if (w.norm.length >= 3 && !/^\d+$/.test(w.norm)) out.push(stem(w.text, 'en'));
  return out;
}

const DIGITS = /^\d+$/;

/** `termsOf` for a spaced-script text, from its word tokens (in parts: the words of the parts joined by newlines). */
function spacedTerms(parts: ReadonlyArray<readonly WordToken[]>, language: string, languages: LanguageModel): string[] {
  const out: string[] = [];
  for (const tokens of parts) {
    for (const w of tokens) {
      const norm = w.norm;
      if (norm.length < 3 || DIGITS.test(norm) || languages.isStopword(norm, language)) continue;
      out.push(stem(w.text, language));
    }
  }
  return out;
}

function findEventDate(sentences: Sentence[], title: string, published: number | null): EventDate | null {
  // The event is dated in the headline or the first sentences of a news text. A weekday ("on
  // Thursday") names the event itself; explicit dates in a lede are often background ("since
  // March 1") or photo captions, so the latest one not after publication is taken.
  const lede = [title, ...sentences.slice(0, 3).map((s) => s.text)];
  const mentions: DateMention[] = lede.flatMap((s) => findDates(s, published));
  const notAfter = (m: DateMention) => {
    const day = parseIsoDay(m.iso);
    return !(day !== null && published !== null && day > published);
  };
  const weekday = mentions.find((m) => m.source === 'weekday' || m.source === 'relative');
  const explicit = mentions
    .filter((m) => m.source === 'explicit' && notAfter(m))
    .sort((a, b) => (b.iso ?? `0000-${b.monthDay}`).localeCompare(a.iso ?? `0000-${a.monthDay}`));
  const recentExplicit = explicit.find((m) => {
    const day = parseIsoDay(m.iso);
    return published === null || day === null || published - day <= 7;
  });
  const best = weekday && notAfter(weekday) ? weekday : recentExplicit;
  if (best) return { iso: best.iso, monthDay: best.monthDay ?? best.iso?.slice(5) ?? null, weekday: best.weekday ?? weekdayOf(best.iso), source: 'text' };
  if (published !== null) {
    const iso = new Date(published * 86_400_000).toISOString().slice(0, 10);
    return { iso, monthDay: iso.slice(5), weekday: null, source: 'published' };
  }
  return null;
}

function weekdayOf(iso: string | null): number | null {
  const day = parseIsoDay(iso);
  return day === null ? null : new Date(day * 86_400_000).getUTCDay();
}

/** FNV-1a, 2 x 32 bits, over the code units of `norm`, as `textFingerprint` returns it. */
function fingerprintOf(norm: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}:${norm.length}`;
}

const FOLD_WORD_CHAR = /^[\p{L}\p{N}]$/u;
/**
 * A non-ASCII code point as foldText folds it (NFKD, no marks, lower case), each code point of
 * that kept when a letter or number, else '\0'; null (the text then takes the slow path) for a
 * capital sigma, whose lower case depends on its neighbours, and for a lone surrogate, which
 * foldText can pair with the next one once the marks between them are gone.
 */
const foldedCodePoints = new Map<number, string | null>();
function foldCodePoint(cp: number): string | null {
  let f = foldedCodePoints.get(cp);
  if (f !== undefined) return f;
  if (cp >= 0xd800 && cp <= 0xdfff) return null;
  const nfkd = String.fromCodePoint(cp).normalize('NFKD').replace(/\p{M}+/gu, '');
  if (nfkd.includes('\u03a3')) f = null;
  else {
    f = '';
    for (const ch of nfkd.toLowerCase()) f += FOLD_WORD_CHAR.test(ch) ? ch : '\0';
  }
  if (foldedCodePoints.size < 50_000) foldedCodePoints.set(cp, f);
  return f;
}

/**
 * The same text up to case, diacritics, whitespace and punctuation gives the same fingerprint:
 * the hash of the text's words (letters and numbers of foldText(text)) joined by single spaces.
 * Computed in one pass over the text, hashing the words as they are found, without building the
 * folded text or the word list (7-8x faster; import checks every line with it). Identical to
 * fingerprintOf((foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ')).
 */
export function textFingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let length = 0;
  let inWord = false;
  let any = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) {
        inWord = false;
        continue;
      }
      if (!inWord && any) {
        h1 = Math.imul(h1 ^ 32, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ 32, 0x5bd1e995) >>> 0;
        length++;
      }
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
      length++;
      inWord = any = true;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    const f = foldCodePoint(cp);
    if (f === null) return fingerprintOf(letterRuns(foldText(text), true).join(' '));
    for (let j = 0; j < f.length; j++) {
      const d = f.charCodeAt(j);
      if (d === 0) {
        inWord = false;
        continue;
      }
      if (!inWord && any) {
        h1 = Math.imul(h1 ^ 32, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ 32, 0x5bd1e995) >>> 0;
        length++;
      }
      h1 = Math.imul(h1 ^ d, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ d, 0x5bd1e995) >>> 0;
      length++;
      inWord = any = true;
    }
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}:${length}`;
}

export function computeFeatures(input: ArticleInput, knowledge: EngineKnowledge): ArticleFeatures {
  // imported and saved texts may carry site furniture: it never becomes a claim or a term
  const cleaned = cleanArticleText(input.text);
  const text = cleaned.paragraphs.join('\n');
  const titleAndText = `${input.title}\n${text}`;
  const language = knowledge.languages.detect(titleAndText, input.language);
  const sentences = articleSentences(text, language);
  const published = parseIsoDay(input.published ?? null);
  const ctx: EntityContext = {
    aliases: knowledge.aliases,
    roleWords: roleWordSet(knowledge.lexicon),
    isStopword: (norm, lang) => knowledge.languages.isStopword(norm, lang),
  };
  // every text is split into words once: the headline and each sentence (entities, lede terms),
  // the body (terms, word count); a newline always ends a word, so the words of lines joined by
  // newlines are the words of each line
  const sentenceTexts = [input.title, ...sentences.map((s) => s.text)];
  const { all: textWords, pieces } = wordsWithPieces(text, language, sentenceRanges(text, sentences));
  const titleWords = words(input.title, language);
  const sentenceWords: Array<readonly WordToken[]> = [titleWords, ...pieces];
  const titleCase = isTitleCase(input.title);
  const found = findEntities(sentenceTexts, language, ctx, (_, i) => sentenceWords[i]!);
  const mentions = found.filter((m) => !(m.sentence === 0 && titleCase && !m.known));
  const byId = new Map<string, EntityWeight & { raw: number }>();
  for (const m of mentions) {
    const lede = m.sentence <= 2; // headline and first two sentences
    const e = byId.get(m.id) ?? { id: m.id, canonical: m.canonical, type: m.type, known: m.known, weight: 0, raw: 0, surfaces: [], firstSentence: m.sentence };
    e.raw += lede ? 2 : 1;
    if (!e.surfaces.includes(m.surface)) e.surfaces.push(m.surface);
    byId.set(m.id, e);
  }
  const entities = [...byId.values()]
    .map(({ raw, ...e }) => ({ ...e, weight: 1 + Math.log(raw) }))
    .sort((a, b) => b.weight - a.weight || a.firstSentence - b.firstSentence);

  const terms: Record<string, number> = {};
  const allTerms = isUnspacedScript(titleAndText) ? unspacedTerms(titleAndText) : spacedTerms([titleWords, textWords], language, knowledge.languages);
  for (const t of allTerms) terms[t] = (terms[t] ?? 0) + 1;

  const ledeRaw = sentenceTexts.slice(0, 4).join('\n');
  const ledeText = foldText(ledeRaw);
  const ledeTerms: Record<string, number> = {};
  const ledeTermList = isUnspacedScript(ledeRaw) ? unspacedTerms(ledeRaw) : spacedTerms(sentenceWords.slice(0, 4), language, knowledge.languages);
  for (const t of ledeTermList) ledeTerms[t] = (ledeTerms[t] ?? 0) + 1;
  const ledeEntities = [...new Set(mentions.filter((m) => m.sentence <= 3).map((m) => m.id))];
  const quotes = [...new Set(findQuotes(text).map(normaliseQuote).filter((q) => q.split(' ').length >= 3 || isUnspacedScript(q)))];
  const numbers = [...new Set((text.match(/\b\d+(?:[.,]\d+)?\b/g) ?? []).filter((n) => n.length >= 2))];

  return {
    language,
    wordCount: textWords.length,
    title: input.title,
    sentences,
    entities,
    terms,
    ledeTerms,
    ledeEntities,
    events: eventTypes(ledeText, knowledge.lexicon),
    eventStatus: eventStatusOf(ledeText, language, knowledge.lexicon),
    eventDate: findEventDate(sentences, input.title, published),
    quotes,
    numbers,
    // the sentences' mentions, found above with the headline before them, are not looked up again
    claims: extractClaims('', language, knowledge, sentences, sentenceMentions(found)),
    anchors: anchorTokens(sentenceTexts, anchorSpellingOf(knowledge.lexicon)),
    site: siteOf(input.url),
    fingerprint: textFingerprint(titleAndBodyOf(cleaned).paragraphs.join('\n')),
  };
}

const ANCHOR_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const CAPITALISED = /^\p{Lu}/u;
const NUMBER = /^\d{2,}$/;
/** At most this many anchors are kept per article (the first found: headline and lede first). */
export const MAX_ANCHORS = 64;

export type SpellingRules = ReadonlyArray<readonly [RegExp, string]>;

const spellingRules = new WeakMap<Lexicon, SpellingRules>();

/** The lexicon's anchor spelling rules, compiled once per lexicon (none without the section). */
export function anchorSpellingOf(lexicon: Lexicon): SpellingRules {
  let rules = spellingRules.get(lexicon);
  if (!rules) spellingRules.set(lexicon, (rules = (lexicon.anchorSpelling?.rules ?? []).map(([from, to]) => [new RegExp(from ?? '', 'gu'), to ?? ''] as const)));
  return rules;
}

/**
 * The spelling key of a folded anchor token: the spelling rules applied in order, so that one name
 * written the ways of two languages compares alike ("selenskyj" and "zelensky" both "selenski").
 * Numbers stay as written.
 */
export function anchorKey(folded: string, rules: SpellingRules): string {
  if (!rules.length || /^\p{N}/u.test(folded)) return folded;
  let k = folded;
  for (const [re, to] of rules) k = k.replace(re, to);
  return k || folded;
}

/**
 * The anchor tokens of a headline and sentences (features' `anchors`): first word of each skipped;
 * each folded, then keyed by the spelling rules when given.
 */
export function anchorTokens(texts: readonly string[], rules: SpellingRules = []): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    const tokens = text.match(ANCHOR_TOKEN) ?? [];
    for (let i = 0; i < tokens.length && out.size < MAX_ANCHORS; i++) {
      const t = tokens[i]!;
      if (NUMBER.test(t) || (i > 0 && t.length >= 3 && CAPITALISED.test(t))) out.add(anchorKey(foldText(t.replace(/['’]s$/u, '')), rules));
    }
  }
  return [...out];
}

/** Mentions of the body's sentences, numbered from the first sentence (mention 0 is the headline). */
function sentenceMentions(found: readonly EntityMention[]): EntityMention[] {
  return found.filter((m) => m.sentence > 0).map((m) => ({ ...m, sentence: m.sentence - 1 }));
}

const roleWordSets = new WeakMap<Lexicon, ReadonlySet<string>>();

function roleWordSet(lexicon: Lexicon): ReadonlySet<string> {
  let set = roleWordSets.get(lexicon);
  if (!set) roleWordSets.set(lexicon, (set = new Set(lexicon.roleWords)));
  return set;
}
