// Language detection: by script for non-Latin text; for Latin-script text, by stopword hits and
// character trigram profiles. Stopword lists (stopwords-iso) and trigram profiles (franc) come
// through corpus/language-data.json.
import { foldText, isUnspacedScript, letterRuns } from './text.ts';

export interface LanguageData {
  stopwords: Record<string, string[]>;
  /** per Latin-script language: its most frequent character trigrams, most frequent first, joined by '|' */
  trigrams?: Record<string, string>;
}

/** A text trigram absent from a language's profile costs as much as the profile is long. */
const TRIGRAM_PROFILE = 300;
const TRIGRAM_SAMPLE = 2048;

const SCRIPT_LANGUAGES: Array<[RegExp, string]> = [
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Georgian}/gu, 'ka'],
  [/\p{Script=Armenian}/gu, 'hy'],
];

/** Scripts counted per character: 1 Latin, 2 Cyrillic, 3.. the entries of SCRIPT_LANGUAGES. */
const SCRIPT_LATIN = 1;
const SCRIPT_CYRILLIC = 2;
const LETTER = 0x80;
const KNOWN = 0x40;
const SCRIPT_TESTS = SCRIPT_LANGUAGES.map(([re]) => new RegExp(re.source, 'u'));
/** per UTF-16 code unit: KNOWN | (LETTER if \p{L}) | script number; filled lazily */
const charInfo = new Uint8Array(0x10000);

function infoOf(code: number): number {
  let info = charInfo[code]!;
  if (info === 0) {
    const ch = String.fromCharCode(code);
    let script = 0;
    if (/\p{Script=Latin}/u.test(ch)) script = SCRIPT_LATIN;
    else if (/\p{Script=Cyrillic}/u.test(ch)) script = SCRIPT_CYRILLIC;
    else {
      const k = SCRIPT_TESTS.findIndex((re) => re.test(ch));
      if (k >= 0) script = 3 + k;
    }
    info = KNOWN | (/\p{L}/u.test(ch) ? LETTER : 0) | script;
    charInfo[code] = info;
  }
  return info;
}

interface ScriptCounts {
  letters: number;
  latin: number;
  cyrillic: number;
  /** per entry of SCRIPT_LANGUAGES */
  scripts: number[];
}

/** Letters and characters of each script, as the regular expressions count them (code points). */
function scriptCounts(sample: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, latin: 0, cyrillic: 0, scripts: SCRIPT_LANGUAGES.map(() => 0) };
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return scriptCountsByRegex(sample);
    const info = infoOf(code);
    if (info & LETTER) counts.letters++;
    const script = info & 0x3f;
    if (script === SCRIPT_LATIN) counts.latin++;
    else if (script === SCRIPT_CYRILLIC) counts.cyrillic++;
    else if (script >= 3) counts.scripts[script - 3]!++;
  }
  return counts;
}

function scriptCountsByRegex(sample: string): ScriptCounts {
  return {
    letters: (sample.match(/\p{L}/gu) ?? []).length,
    latin: (sample.match(/\p{Script=Latin}/gu) ?? []).length,
    cyrillic: (sample.match(/\p{Script=Cyrillic}/gu) ?? []).length,
    scripts: SCRIPT_LANGUAGES.map(([re]) => (sample.match(re) ?? []).length),
  };
}

/**
 * The text's character trigrams, most frequent first (ties: first seen first), at most
 * TRIGRAM_PROFILE of them: of the lower-cased text with ASCII punctuation and digits as spaces,
 * runs of spaces as one, and a space at each end (as the profiles were made).
 */
export function textTrigrams(text: string): string[] {
  const clean = ` ${text.slice(0, TRIGRAM_SAMPLE).replace(/[\u0021-\u0040\s]+/g, ' ').trim().toLowerCase()} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= clean.length; i++) {
    const t = clean.slice(i, i + 3);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  // Map keeps first-seen order and sort is stable
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, TRIGRAM_PROFILE).map(([t]) => t);
}

export class LanguageModel {
  readonly stopwords: Map<string, Set<string>>;
  /** per language with a profile: trigram -> rank (0 = most frequent) */
  private readonly trigramRanks: Map<string, Map<string, number>>;
  /** word -> indices (in `stopwords` order) of the languages that list it; built on first use */
  private stopwordLanguages: Map<string, number[]> | null = null;
  private languageOrder: Array<{ lang: string }> = [];

  constructor(data: LanguageData) {
    this.stopwords = new Map(
      Object.entries(data.stopwords).map(([lang, list]) => [lang, new Set(list.map((w) => foldText(w)))]),
    );
    this.trigramRanks = new Map(Object.entries(data.trigrams ?? {}).map(([lang, profile]) => [lang, new Map(profile.split('|').map((t, i) => [t, i]))]));
  }

  /**
   * Per language with a profile: 1 minus the out-of-place distance (Cavnar and Trenkle) of the
   * text's trigram ranks from the profile's, divided by the most it can be (every trigram
   * missing): 1 same order, 0 nothing shared.
   */
  trigramSimilarities(text: string): Map<string, number> {
    const grams = textTrigrams(text);
    const out = new Map<string, number>();
    const most = Math.max(1, grams.length * TRIGRAM_PROFILE);
    for (const [lang, ranks] of this.trigramRanks) {
      let d = 0;
      for (let i = 0; i < grams.length; i++) {
        const r = ranks.get(grams[i]!);
        d += r === undefined ? TRIGRAM_PROFILE : Math.min(TRIGRAM_PROFILE, Math.abs(r - i));
      }
      out.set(lang, 1 - d / most);
    }
    return out;
  }

  isStopword(norm: string, language: string): boolean {
    return this.stopwords.get(language)?.has(norm) ?? false;
  }

  private invertedStopwords(): Map<string, number[]> {
    if (!this.stopwordLanguages) {
      const inverted = new Map<string, number[]>();
      this.languageOrder = [];
      for (const [lang, words] of this.stopwords) {
        const k = this.languageOrder.length;
        this.languageOrder.push({ lang });
        for (const w of words) {
          const list = inverted.get(w);
          if (list) list.push(k);
          else inverted.set(w, [k]);
        }
      }
      this.stopwordLanguages = inverted;
    }
    return this.stopwordLanguages;
  }

  /** ISO 639-1 code of the text's language; `hint` (page lang, metadata) wins when it is plausible. */
  detect(text: string, hint?: string | null): string {
    const sample = text.slice(0, 5000);
    if (isUnspacedScript(sample)) {
      if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(sample)) return 'ja';
      return 'zh';
    }
    const counts = scriptCounts(sample);
    const cyrillic = counts.cyrillic;
    const letters = counts.letters || 1;
    // other scripts with one main language here; else the page's declared language
    for (const [k, [, code]] of SCRIPT_LANGUAGES.entries()) {
      // Persian, Urdu and Pashto are written in Arabic script too: the page's declaration decides
      if (counts.scripts[k]! / letters > 0.4) return code === 'ar' && hint && /^(?:fa|ur|ps)\b/i.test(hint) ? hint.slice(0, 2).toLowerCase() : code;
    }
    const latin = counts.latin;
    if (latin / letters < 0.4 && hint && /^[a-z]{2,3}(?:-|$)/i.test(hint)) return hint.split('-')[0]!.toLowerCase();
    if (cyrillic / letters > 0.4) return /[іїєґ]/iu.test(sample) ? 'uk' : 'ru';
    const normHint = hint?.toLowerCase().slice(0, 2) ?? null;
    const tokens = letterRuns(foldText(sample), false, 800);
    // stopword hits of every language in one pass over the tokens
    const inverted = this.invertedStopwords();
    const hits = this.languageOrder.map(() => 0);
    for (const t of tokens) {
      const langs = inverted.get(t);
      if (langs) for (const k of langs) hits[k]!++;
    }
    // A declared language whose stopwords are the text's most frequent needs no further evidence
    // (the declaration is trusted unless the text clearly says otherwise, below): trigrams skipped.
    if (normHint && this.stopwords.has(normHint)) {
      const k = this.languageOrder.findIndex((l) => l.lang === normHint);
      if (k >= 0 && hits[k]! > 0 && hits.every((h) => h <= hits[k]!)) return normHint;
    }
    // Each language scores the share of the words that are its stopwords plus the similarity of
    // the text's character trigrams to its profile: stopwords decide long texts; trigrams decide
    // where the lists are short or overlap (Turkish, the Scandinavian languages) and short texts.
    const similarity = this.trigramSimilarities(sample);
    const words = Math.max(1, tokens.length);
    const scores = this.languageOrder.map(({ lang }, k) => hits[k]! / words + (similarity.get(lang) ?? 0));
    let best = 'en';
    let bestScore = -1;
    for (const [k, { lang }] of this.languageOrder.entries()) {
      if (lang === 'ru' || lang === 'uk') continue;
      if (scores[k]! > bestScore) {
        bestScore = scores[k]!;
        best = lang;
      }
    }
    if (normHint && normHint !== best && this.stopwords.has(normHint)) {
      // Trust the page's declared language unless the text clearly says otherwise.
      const k = this.languageOrder.findIndex((l) => l.lang === normHint);
      if (scores[k]! >= bestScore * 0.6) return normHint;
    }
    return best;
  }
}
