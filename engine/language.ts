// Language detection: by script for non-Latin text, by stopword hits for Latin-script text.
// Stopword lists come from the stopwords-iso package through corpus/language-data.json.
import { foldText, isUnspacedScript } from './text.ts';

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

export class LanguageModel {
  readonly stopwords: Map<string, Set<string>>;

  constructor(data: LanguageData) {
    this.stopwords = new Map(
      Object.entries(data.stopwords).map(([lang, list]) => [lang, new Set(list.map((w) => foldText(w)))]),
    );
  }

  isStopword(norm: string, language: string): boolean {
    return this.stopwords.get(language)?.has(norm) ?? false;
  }

  /** ISO 639-1 code of the text's language; `hint` (page lang, metadata) wins when it is plausible. */
  detect(text: string, hint?: string | null): string {
    const sample = text.slice(0, 5000);
    if (isUnspacedScript(sample)) {
      if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(sample)) return 'ja';
      return 'zh';
    }
    const cyrillic = (sample.match(/\p{Script=Cyrillic}/gu) ?? []).length;
    const letters = (sample.match(/\p{L}/gu) ?? []).length || 1;
    // other scripts with one main language here; else the page's declared language
    for (const [re, code] of SCRIPT_LANGUAGES) {
      // Persian, Urdu and Pashto are written in Arabic script too: the page's declaration decides
      if ((sample.match(re) ?? []).length / letters > 0.4) return code === 'ar' && hint && /^(?:fa|ur|ps)\b/i.test(hint) ? hint.slice(0, 2).toLowerCase() : code;
    }
    const latin = (sample.match(/\p{Script=Latin}/gu) ?? []).length;
    if (latin / letters < 0.4 && hint && /^[a-z]{2,3}(?:-|$)/i.test(hint)) return hint.split('-')[0]!.toLowerCase();
    if (cyrillic / letters > 0.4) return /[іїєґ]/iu.test(sample) ? 'uk' : 'ru';
    const normHint = hint?.toLowerCase().slice(0, 2) ?? null;
    const tokens = (foldText(sample).match(/\p{L}+/gu) ?? []).slice(0, 800);
    let best = 'en';
    let bestScore = -1;
    for (const [lang, words] of this.stopwords) {
      if (lang === 'ru' || lang === 'uk') continue;
      let hits = 0;
      for (const t of tokens) if (words.has(t)) hits++;
      // Long lists (English has ~1,300 entries) hit more by chance; normalise by list size a little.
      const score = hits / Math.log2(words.size + 2);
      if (score > bestScore) {
        bestScore = score;
        best = lang;
      }
    }
    if (normHint && normHint !== best && this.stopwords.has(normHint)) {
      // Trust the page's declared language unless the text clearly says otherwise.
      const hintWords = this.stopwords.get(normHint) ?? new Set<string>();
      let hits = 0;
      for (const t of tokens) if (hintWords.has(t)) hits++;
      if (hits / Math.log2(hintWords.size + 2) >= bestScore * 0.6) return normHint;
    }
    return best;
  }
}
