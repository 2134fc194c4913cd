// Language detection: by script for non-Latin text, by stopword hits for Latin-script text.
// Stopword lists come from the stopwords-iso package through corpus/language-data.json.
import { foldText, isUnspacedScript } from './text.ts';

export interface LanguageData {
  stopwords: Record<string, string[]>;
}

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
