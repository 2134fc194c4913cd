// words() splits most text itself (engine/text.ts, fast word tokens) and must agree with
// Intl.Segmenter, which it stands in for, on every text: letters of many scripts, digits, the
// characters that join words ("Xi's", "1,000", "U.S"), spaces, combining marks, emoji.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { foldText, words } from '../../engine/text.ts';

function reference(text: string, language: string) {
  return Array.from(new Intl.Segmenter(language, { granularity: 'word' }).segment(text))
    .filter((s) => s.isWordLike)
    .map((s) => ({ text: s.segment, norm: foldText(s.segment), index: s.index }));
}

const PIECES = ['Xi', 'Zelenskyy', 'said', 'é', 'ß', 'Ω', 'жа', 'İ', 'ı', '1', '2023', ' ', ' ', '\n', '\t', '.', ',', "'", '’', '‘', ':', ';', '_', '-', '–', '"', '“', '”', '«', '»', '(', '…', '·', '%', '€', '´', '`', 'ʼ', '\u00a0', '\u2024', '\u202f', '\u00ad', '\u0301', '\u200b', '\u200d', '中国', '外交部', 'カタカナ', 'の', 'א"ב', 'שלום', 'ไทย', 'مرحبا', '١٢', '한국', '😀', '👍🏽', '🇺🇦', '²'];
const LANGUAGES = ['en', 'de', 'fr', 'sv', 'fi', 'lt', 'pt', 'zh', 'ja', 'he', 'ar', 'el', 'ru'];

describe('words', () => {
  test('agrees with Intl.Segmenter on random text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }), fc.constantFrom(...LANGUAGES), (pieces, language) => {
        const text = pieces.join('');
        expect(words(text, language)).toEqual(reference(text, language));
      }),
      { numRuns: 3000 },
    );
  });

  test('agrees with Intl.Segmenter on possessives, numbers and abbreviations', () => {
    for (const text of ["China's Xi Jinping met Zelenskyy's envoy.", 'It cost 1,000.50 dollars, or 3.5%, in the U.S. on 24.02.2023.', "l'homme d’État a.b.c 1.a a.1 a'' ''a", 'Zelenskyy:Kuleba ·Kuleba· snake_case _x x_ 1_000']) {
      for (const language of LANGUAGES) expect(words(text, language)).toEqual(reference(text, language));
    }
  });
});
