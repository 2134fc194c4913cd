// Text primitives shared by every engine module: normalisation, sentences, words.
// Sentences and words come from Intl.Segmenter (built into Node and browsers), so no
// hand-written tokenizer has to know every script.

/** Lower-case, strip diacritics, unify quotes and dashes. */
export function foldText(text: string): string {
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
  const out: WordToken[] = [];
  for (const seg of segmenter(wordSegmenters, language, 'word').segment(text)) {
    if (!seg.isWordLike) continue;
    out.push({ text: seg.segment, norm: foldText(seg.segment), index: seg.index });
  }
  return out;
}

export function wordCount(text: string, language = 'en'): number {
  return words(text, language).length;
}

/** True for scripts written without spaces between words (Chinese, Japanese, Thai...). */
export function isUnspacedScript(text: string): boolean {
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu) ?? []).length;
  return cjk > text.length * 0.2;
}

/** Very light suffix stripping shared by Latin-script languages: enough to join plural/singular
 * and common verb endings for term weighting, not a linguistic stemmer. */
export function stem(norm: string): string {
  if (norm.length <= 4 || /\d/.test(norm)) return norm;
  return norm.replace(/(?:ies|ied|ing|ed|es|s|e|ment|ments)$/u, '') || norm;
}
