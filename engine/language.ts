// Language detection: by script for non-Latin text, by stopword hits for Latin-script text.
// Stopword lists come from the stopwords-iso package through corpus/language-data.json.
import { foldText, isUnspacedScript, letterRuns } from './text.ts';

export interface LanguageData {
  stopwords: Record<string, string[]>;
}

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

export class LanguageModel {
  readonly stopwords: Map<string, Set<string>>;
  /** word -> indices (in `stopwords` order) of the languages that list it; built on first use */
  private stopwordLanguages: Map<string, number[]> | null = null;
  private languageOrder: Array<{ lang: string; norm: number }> = [];

  constructor(data: LanguageData) {
    this.stopwords = new Map(
      Object.entries(data.stopwords).map(([lang, list]) => [lang, new Set(list.map((w) => foldText(w)))]),
    );
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
        this.languageOrder.push({ lang, norm: Math.log2(words.size + 2) });
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
    let best = 'en';
    let bestScore = -1;
    for (const [k, { lang, norm }] of this.languageOrder.entries()) {
      if (lang === 'ru' || lang === 'uk') continue;
      // Long lists (English has ~1,300 entries) hit more by chance; normalise by list size a little.
      const score = hits[k]! / norm;
      if (score > bestScore) {
        bestScore = score;
        best = lang;
      }
    }
    if (normHint && normHint !== best && this.stopwords.has(normHint)) {
      // Trust the page's declared language unless the text clearly says otherwise.
      const k = this.languageOrder.findIndex((l) => l.lang === normHint);
      if (hits[k]! / this.languageOrder[k]!.norm >= bestScore * 0.6) return normHint;
    }
    return best;
  }
}
