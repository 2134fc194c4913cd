// textFingerprint hashes the words in one pass; it must equal the hash of the folded word list it
// stands for, on any text (import and duplicate detection rely on it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textFingerprint } from '../../engine/features.ts';
import { foldText, letterRuns } from '../../engine/text.ts';

/** The definition: FNV-1a (2 x 32 bits) over the folded words joined by single spaces. */
function reference(text: string): string {
  const norm = letterRuns(foldText(text), true).join(' ');
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}:${norm.length}`;
}

const pieces = ['Kyiv', 'KIEV', 'Zelensky’s', 'É', 'é', 'e\u0301', 'Σ', 'ΣΑΣ', 'ﬁ', 'İ', 'ß', '北京', '١٢٣', 'Ⅻ', '\uD83D\uDE00', '\uD800', ' ', '\n', '—', ',', '1,000', '½', 'Ǆ', 'ǅ', 'ﾊﾟ', 'Å', 'ø', 'Łódź'];

describe('textFingerprint', () => {
  it('equals the hash of the folded word list on texts mixing scripts, marks, ligatures and surrogates', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(textFingerprint(text)).toBe(reference(text));
      }),
      { numRuns: 3000, seed: 20261125 },
    );
  });

  it('is the same across case, accents, punctuation and spacing, and differs for different words', () => {
    expect(textFingerprint('Kyiv,  said Zelensky.')).toBe(textFingerprint('kyiv said ZELENSKY'));
    expect(textFingerprint('Café')).toBe(textFingerprint('cafe'));
    expect(textFingerprint('Kyiv said')).not.toBe(textFingerprint('Kiev said'));
  });
});
