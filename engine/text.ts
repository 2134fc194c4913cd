// Text primitives shared by every engine module: normalisation, sentences, words.
// Sentences and words come from Intl.Segmenter (built into Node and browsers), so no
// hand-written tokenizer has to know every script. Stems come from Snowball's stemmers
// (@orama/stemmers) per language.
import { stemmer as arabicStemmer } from '@orama/stemmers/arabic';
import { stemmer as danishStemmer } from '@orama/stemmers/danish';
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as finnishStemmer } from '@orama/stemmers/finnish';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stemmer as germanStemmer } from '@orama/stemmers/german';
import { stemmer as hungarianStemmer } from '@orama/stemmers/hungarian';
import { stemmer as indonesianStemmer } from '@orama/stemmers/indonesian';
import { stemmer as italianStemmer } from '@orama/stemmers/italian';
import { stemmer as lithuanianStemmer } from '@orama/stemmers/lithuanian';
import { stemmer as norwegianStemmer } from '@orama/stemmers/norwegian';
import { stemmer as portugueseStemmer } from '@orama/stemmers/portuguese';
import { stemmer as romanianStemmer } from '@orama/stemmers/romanian';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import { stemmer as swedishStemmer } from '@orama/stemmers/swedish';
import { stemmer as turkishStemmer } from '@orama/stemmers/turkish';
import { stemmer as ukrainianStemmer } from '@orama/stemmers/ukrainian';
import stemmingData from '../corpus/stemming.json';

const ASCII_NO_BACKQUOTE = /^[\x00-\x5f\x61-\x7f]*$/;

/** Lower-case, strip diacritics, unify quotes and dashes. */
export function foldText(text: string): string {
  // ASCII without a backquote: NFKD changes nothing, there are no marks, quotes or dashes to unify
  if (ASCII_NO_BACKQUOTE.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»„‟]/g, '"')
    .replace(/[‐-―]/g, '-');
}

const sentenceSegmenters = new Map<string, Intl.Segmenter>();
const wordSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, language: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  let s = cache.get(language);
  if (!s) {
    try {
      s = new Intl.Segmenter(language, { granularity });
    } catch {
      s = new Intl.Segmenter('en', { granularity });
    }
    cache.set(language, s);
  }
  return s;
}

/** Splits running text into paragraphs (non-empty lines). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * Sentences of one paragraph. Intl.Segmenter splits after closing quotes and abbreviations
 * reasonably; we then re-join fragments that start in lower case (a split inside "Mr. X").
 */
export function sentences(paragraph: string, language = 'en'): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter(sentenceSegmenters, language, 'sentence').segment(paragraph)) {
    const s = segment.trim();
    if (!s) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && (/^[a-z(…]/.test(s) || /\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|No)\.$/.test(prev))) {
      out[out.length - 1] = `${prev} ${s}`;
    } else {
      out.push(s);
    }
  }
  return out;
}

export interface WordToken {
  /** the word as written */
  text: string;
  /** folded form: lower case, no diacritics */
  norm: string;
  index: number;
}

/** Word tokens (letters or digits), with their offsets. */
export function words(text: string, language = 'en'): WordToken[] {
  return fastWords(text, language) ?? segmenterWords(text, language, 0, []);
}

/**
 * Words of a text, and the words of pieces of it (`[start, end)` ranges of the text), each as
 * `words` gives them. A piece between spaces (or the text's ends) takes its words from the
 * text's: the fast tokens never span a space, and nothing joins across one.
 */
export function wordsWithPieces(text: string, language: string, pieces: ReadonlyArray<readonly [number, number]>): { all: WordToken[]; pieces: WordToken[][] } {
  const fast = fastWords(text, language);
  if (!fast) return { all: segmenterWords(text, language, 0, []), pieces: pieces.map(([a, b]) => words(text.slice(a, b), language)) };
  const n = text.length;
  let t = 0;
  const out = pieces.map(([a, b]) => {
    const separate = a < b && (a === 0 || isSpace(text.charCodeAt(a - 1))) && (b === n || isSpace(text.charCodeAt(b)));
    if (!separate) return words(text.slice(a, b), language);
    // pieces come in order, mostly: the first token at or after a
    if (t > 0 && fast[t - 1]!.index >= a) t = 0;
    while (t < fast.length && fast[t]!.index < a) t++;
    const own: WordToken[] = [];
    for (let k = t; k < fast.length && fast[k]!.index < b; k++) {
      const w = fast[k]!;
      own.push({ text: w.text, norm: w.norm, index: w.index - a });
    }
    return own;
  });
  return { all: fast, pieces: out };
}

/** Word tokens straight from Intl.Segmenter: the reference `fastWords` must agree with. */
function segmenterWords(text: string, language: string, offset: number, out: WordToken[]): WordToken[] {
  for (const seg of segmenter(wordSegmenters, language, 'word').segment(text)) {
    if (!seg.isWordLike) continue;
    out.push({ text: seg.segment, norm: foldToken(seg.segment), index: offset + seg.index });
  }
  return out;
}

// Fast word tokens. Intl.Segmenter (one object per segment, spaces and punctuation included) was
// most of the engine's time, so text made only of Latin, Greek and Cyrillic letters, ASCII digits
// and punctuation is split here, with the same result. Unicode word-break rules (UAX #29) join
// letters and digits, and join two letters or two digits across one "mid" character (the
// apostrophe of "Xi's", the point of "U.S", the comma of "1,000"); nothing else joins in such
// text. Which character is which is asked of the language's own segmenter, one character at a
// time (lazily), never assumed: a letter or digit that joins letters and digits on both sides is
// WORD; a character that joins nothing is BREAK; one that joins two letters, two digits or both
// and nothing else is a MID of that kind; any other (the underscore, say) is JOIN, and a run of
// text between BREAK characters that holds one is handed to the segmenter (in isolation: a
// BREAK character ends the context of every rule). Any other character (other scripts, emoji)
// sends the text between the spaces around it to the segmenter (no rule joins across a space
// unless a combining mark or format character follows it: a text with one of those goes to the
// segmenter whole).
const C_UNKNOWN = 0;
const C_WORD = 1;
const C_BREAK = 2;
const C_JOIN = 3;
const C_MID_LETTERS = 4;
const C_MID_DIGITS = 5;
const C_MID_BOTH = 6;
const C_OTHER = 7;
const TABLE_SIZE = 0x2c00;
const charTables = new Map<string, Uint8Array>();
const FAST_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]$/u;
const NEVER_FAST = /[\p{M}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

type Segments = Array<[string, boolean]>;

function segmentsOf(seg: Intl.Segmenter, text: string): Segments {
  return Array.from(seg.segment(text), (s) => [s.segment, s.isWordLike === true] as [string, boolean]);
}

function sameSegments(a: Segments, b: Segments): boolean {
  return a.length === b.length && a.every(([t, w], i) => t === b[i]![0] && w === b[i]![1]);
}

function classify(seg: Intl.Segmenter, code: number): number {
  const x = String.fromCharCode(code);
  if (NEVER_FAST.test(x)) return C_OTHER;
  const is = (text: string, expected: Segments) => sameSegments(segmentsOf(seg, text), expected);
  if ((FAST_SCRIPT.test(x) && /^\p{L}$/u.test(x)) || (code >= 0x30 && code <= 0x39)) {
    const joined = [x, `a${x}a`, `1${x}1`, `a${x}1`, `1${x}a`, `${x}${x}`].every((t) => is(t, [[t, true]]));
    return joined ? C_WORD : C_OTHER;
  }
  if (/\p{L}|\p{N}/u.test(x)) return C_OTHER;
  // never a word, never attached to one neighbour
  if (!is(x, [[x, false]]) || !segmentsOf(seg, x + x).every(([, w]) => !w)) return C_OTHER;
  if (!['a', '1'].every((n) => is(n + x, [[n, true], [x, false]]) && is(x + n, [[x, false], [n, true]]))) return C_JOIN;
  const splits = (l: string, r: string) => is(l + x + r, [[l, true], [x, false], [r, true]]);
  const joins = (l: string, r: string) => is(l + x + r, [[l + x + r, true]]);
  if (!splits('a', '1') || !splits('1', 'a')) return C_JOIN;
  const letters = joins('a', 'a') ? true : splits('a', 'a') ? false : null;
  const digits = joins('1', '1') ? true : splits('1', '1') ? false : null;
  if (letters === null || digits === null) return C_JOIN;
  return letters ? (digits ? C_MID_BOTH : C_MID_LETTERS) : digits ? C_MID_DIGITS : C_BREAK;
}

function foldToken(token: string): string {
  if (ASCII_NO_BACKQUOTE.test(token)) return token.toLowerCase();
  let f = foldCache.get(token);
  if (f === undefined) {
    if (foldCache.size > 100_000) foldCache.clear();
    foldCache.set(token, (f = foldText(token)));
  }
  return f;
}
const foldCache = new Map<string, string>();

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Does the mid character of class `mid` join the characters `left` and `right` (both WORD)? */
function midJoins(mid: number, left: number, right: number): boolean {
  if (mid === C_MID_BOTH) return isDigit(left) === isDigit(right);
  if (mid === C_MID_LETTERS) return !isDigit(left) && !isDigit(right);
  if (mid === C_MID_DIGITS) return isDigit(left) && isDigit(right);
  return false;
}

const NEEDS_CONTEXT = /[\p{M}\p{Cf}]/u;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

function classOf(table: Uint8Array, language: string, code: number): number {
  if (code >= TABLE_SIZE) return C_OTHER;
  const c = table[code]!;
  if (c !== C_UNKNOWN) return c;
  return (table[code] = classify(segmenter(wordSegmenters, language, 'word'), code));
}

/**
 * Words of the text between the spaces around an OTHER character at `at`, from the segmenter
 * (the words of that text found so far are dropped); returns the position after it.
 */
function otherChunk(text: string, language: string, at: number, out: WordToken[]): number {
  let from = at;
  while (from > 0 && !isSpace(text.charCodeAt(from - 1))) from--;
  let to = at + 1;
  while (to < text.length && !isSpace(text.charCodeAt(to))) to++;
  while (out.length && out[out.length - 1]!.index >= from) out.pop();
  segmenterWords(text.slice(from, to), language, from, out);
  return to;
}

function fastWords(text: string, language: string): WordToken[] | null {
  let table = charTables.get(language);
  if (!table) charTables.set(language, (table = new Uint8Array(TABLE_SIZE)));
  const out: WordToken[] = [];
  const n = text.length;
  let i = 0;
  let spacesSeparate = false;
  while (i < n) {
    let c = classOf(table, language, text.charCodeAt(i));
    if (c === C_BREAK) {
      i++;
      continue;
    }
    if (c === C_OTHER) {
      if (!spacesSeparate && !(spacesSeparate = !NEEDS_CONTEXT.test(text))) return null;
      i = otherChunk(text, language, i, out);
      continue;
    }
    // a run between BREAK characters
    const start = i;
    let join = false;
    let other = false;
    while (i < n) {
      c = classOf(table, language, text.charCodeAt(i));
      if (c === C_BREAK) break;
      if (c === C_OTHER) {
        other = true;
        break;
      }
      if (c === C_JOIN) join = true;
      i++;
    }
    if (other) {
      if (!spacesSeparate && !(spacesSeparate = !NEEDS_CONTEXT.test(text))) return null;
      i = otherChunk(text, language, i, out);
      continue;
    }
    if (join) {
      segmenterWords(text.slice(start, i), language, start, out);
      continue;
    }
    const end = i;
    let k = start;
    while (k < end) {
      if (table[text.charCodeAt(k)] !== C_WORD) {
        k++;
        continue;
      }
      const from = k++;
      for (;;) {
        if (k < end && table[text.charCodeAt(k)] === C_WORD) k++;
        else if (k + 1 < end && table[text.charCodeAt(k + 1)] === C_WORD && midJoins(table[text.charCodeAt(k)]!, text.charCodeAt(k - 1), text.charCodeAt(k + 1))) k += 2;
        else break;
      }
      const t = text.slice(from, k);
      out.push({ text: t, norm: foldToken(t), index: from });
    }
  }
  return out;
}

export function wordCount(text: string, language = 'en'): number {
  return words(text, language).length;
}

/** True for scripts written without spaces between words (Chinese, Japanese, Thai...). */
export function isUnspacedScript(text: string): boolean {
  // every character of these scripts is at U+0E00 or above
  if (!/[\u0e00-\uffff]/.test(text)) return false;
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu) ?? []).length;
  return cjk > text.length * 0.2;
}

/** Snowball stemmers (@orama/stemmers), one per language code; each takes a lower-cased word with its diacritics. */
const SNOWBALL: Record<string, (word: string) => string> = {
  ar: arabicStemmer,
  da: danishStemmer,
  de: germanStemmer,
  en: englishStemmer,
  es: spanishStemmer,
  fi: finnishStemmer,
  fr: frenchStemmer,
  hu: hungarianStemmer,
  id: indonesianStemmer,
  it: italianStemmer,
  lt: lithuanianStemmer,
  nl: dutchStemmer,
  no: norwegianStemmer,
  pt: portugueseStemmer,
  ro: romanianStemmer,
  ru: russianStemmer,
  sv: swedishStemmer,
  tr: turkishStemmer,
  uk: ukrainianStemmer,
};

/** Whether `language` has a Snowball stemmer (the prefix lengths of corpus/stemming.json apply only to languages without one). */
export function hasSnowballStemmer(language: string): boolean {
  return Object.hasOwn(SNOWBALL, language);
}

/** Languages `stem` has a stemmer for (Snowball's, the light Polish one, or a fitted prefix length). */
export function stemmedLanguages(): string[] {
  return [...new Set([...Object.keys(SNOWBALL), 'pl', ...Object.keys(stemPrefixes)])].sort();
}

// Polish has no Snowball stemmer. Light stemming: the longest of the common inflectional endings
// of nouns, adjectives and verbs (case, number, gender, person, tense) is cut while at least four
// letters stay; derivational endings (-ość, -anie, -acja) are kept, as light stemmers for IR do.
// longest first
const POLISH_ENDINGS: readonly string[] = [
  'iego', 'iemu', 'owie', 'iej', 'ach', 'ami', 'ego', 'emu', 'ich', 'imi', 'ych', 'ymi', 'owi', 'ów', 'om', 'em', 'ej', 'ie', 'im', 'ym',
  'ią', 'ię', 'io', 'iu', 'a', 'ą', 'e', 'ę', 'i', 'o', 'u', 'y',
  'ować', 'ował', 'owała', 'owało', 'owali', 'owały', 'uje', 'ują', 'ujemy', 'ujecie', 'ał', 'ała', 'ało', 'ali', 'ały', 'ił', 'iła', 'iło', 'ili', 'iły',
  'ył', 'yła', 'yło', 'yli', 'yły', 'ać', 'eć', 'ić', 'yć', 'emy', 'ecie', 'ają', 'amy', 'acie',
];
let polishEndings: readonly string[] | null = null;

function polishStem(word: string): string {
  polishEndings ??= [...POLISH_ENDINGS].sort((a, b) => b.length - a.length);
  for (const e of polishEndings) if (word.length - e.length >= 4 && word.endsWith(e)) return word.slice(0, -e.length);
  return word;
}

/** The old rule, for callers that name no language: a few English suffixes off any word. */
function lightStem(norm: string): string {
  if (norm.length <= 4 || /\d/.test(norm)) return norm;
  return norm.replace(/(?:ies|ied|ing|ed|es|s|e|ment|ments)$/u, '') || norm;
}

/** French and Italian elision: the article or pronoun before an apostrophe ("l'armée", "dell'esercito"). */
const ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|dell|dall|nell|sull|all|coll|quell|quest|un|gl)'(?=\p{L})/u;

/** What the stemmer of `language` is given: the word's own form, without its clitics. */
function stemInput(word: string, language: string): string {
  if (!word.includes("'")) return word;
  if (language === 'en') return word.replace(/'s?$/u, '');
  if (language === 'fr' || language === 'it') return word.replace(ELISION, '');
  // Turkish writes a proper noun's suffixes after an apostrophe ("Irak'taki"): the noun is the term
  if (language === 'tr') return word.slice(0, word.indexOf("'")) || word;
  return word;
}

/**
 * Arabic: the Snowball stemmer strips the article (ال) but not the conjunction و or ف before it
 * ("والحكومة" would keep "وال"): that conjunction goes first. It normalises the alef forms, the
 * diacritics and the tatweel itself; ta marbuta and ha end up alike after its suffix steps.
 */
function arabicInput(word: string): string {
  return word.replace(/^[وف](?=ال..)/u, '');
}

const stemMemo = new Map<string, Map<string, string>>();

/**
 * Languages whose terms are the first N letters of the folded word (prefix truncation, a generic
 * remedy for highly inflected languages without a Snowball stemmer), with N per language: data
 * (corpus/stemming.json), chosen by eval/fit-stem-prefix.ts on the development sets' pairs.
 */
let stemPrefixes: Readonly<Record<string, number>> = parseStemPrefixes(stemmingData, 'corpus/stemming.json');

export function parseStemPrefixes(raw: unknown, where: string): Record<string, number> {
  const prefix = (raw as { prefix?: unknown } | null)?.prefix;
  if (typeof prefix !== 'object' || prefix === null || Array.isArray(prefix)) throw new Error(`${where}: "prefix" must map language codes to prefix lengths`);
  const out: Record<string, number> = {};
  for (const [language, n] of Object.entries(prefix)) {
    if (!/^[a-z]{2,3}$/.test(language) || !Number.isInteger(n) || (n as number) < 3 || (n as number) > 12) throw new Error(`${where}: prefix.${language} must be a whole number of letters from 3 to 12 (got ${JSON.stringify(n)})`);
    out[language] = n as number;
  }
  return out;
}

/** The prefix lengths `stem` uses (corpus/stemming.json's unless set). */
export function stemPrefixLengths(): Readonly<Record<string, number>> {
  return stemPrefixes;
}

/** Sets the prefix lengths `stem` uses: for the fitting script, which compares lengths; clears the memo. */
export function setStemPrefixLengths(prefixes: Readonly<Record<string, number>>): void {
  stemPrefixes = { ...prefixes };
  stemMemo.clear();
}

/**
 * The stem of a word, folded as `foldText` folds. With a language: the word as written (the
 * stemmers need its diacritics), lower-cased, through that language's stemmer (a language
 * without one: the word folded); numbers and words of up to two letters whole; memoised per
 * language and word. A language without a Snowball stemmer that corpus/stemming.json gives a
 * prefix length: the folded word's first that many letters. Without a language: the old light
 * English suffix rule on a folded word.
 */
export function stem(word: string, language?: string): string {
  if (language === undefined) return lightStem(word);
  let memo = stemMemo.get(language);
  if (!memo) stemMemo.set(language, (memo = new Map()));
  let s = memo.get(word);
  if (s === undefined) {
    if (memo.size > 100_000) memo.clear();
    memo.set(word, (s = stemUncached(word, language)));
  }
  return s;
}

function stemUncached(word: string, language: string): string {
  if (word.length <= 2 || /\d/.test(word)) return foldText(word);
  // the dot of a capital İ stays a combining mark after toLowerCase
  const lower = word.toLowerCase().replace(/i\u0307/g, 'i');
  const input = language === 'ar' ? arabicInput(lower) : stemInput(lower, language);
  const snowball = SNOWBALL[language];
  const prefix = snowball ? undefined : stemPrefixes[language];
  if (prefix !== undefined) return foldText(input).slice(0, prefix);
  const out = snowball ? snowball(input) : language === 'pl' ? polishStem(input) : input;
  return foldText(out || input);
}

/** per UTF-16 code unit: 0 not known yet, 1 letter (\p{L}), 2 number (\p{N}), 3 neither */
const letterDigitTable = new Uint8Array(0x10000);

function letterDigitClass(cp: number): number {
  if (cp < 0x10000) {
    let c = letterDigitTable[cp]!;
    if (c === 0) {
      const ch = String.fromCharCode(cp);
      letterDigitTable[cp] = c = /\p{L}/u.test(ch) ? 1 : /\p{N}/u.test(ch) ? 2 : 3;
    }
    return c;
  }
  const ch = String.fromCodePoint(cp);
  return /\p{L}/u.test(ch) ? 1 : /\p{N}/u.test(ch) ? 2 : 3;
}

/**
 * The runs of letters (and digits, with `digits`) of a text, as `text.match(/\p{L}+/gu)` (or
 * `/[\p{L}\p{N}]+/gu`) finds them, at most `max` of them.
 */
export function letterRuns(text: string, digits: boolean, max = Infinity): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  let start = -1;
  while (i < n) {
    const cp = text.codePointAt(i)!;
    const c = letterDigitClass(cp);
    const inRun = c === 1 || (digits && c === 2);
    if (inRun) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
      if (out.length >= max) return out;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  if (start >= 0 && out.length < max) out.push(text.slice(start));
  return out;
}

export interface Sentence {
  text: string;
  paragraph: number;
}

/** Splits text into sentences with their paragraph numbers. */
export function articleSentences(text: string, language: string): Sentence[] {
  const out: Sentence[] = [];
  paragraphs(text).forEach((p, pi) => {
    for (const s of sentences(p, language)) out.push({ text: s, paragraph: pi });
  });
  return out;
}

/** `text` cut to at most `max` UTF-16 code units, never between the two halves of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
