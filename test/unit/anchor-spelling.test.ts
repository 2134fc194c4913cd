import { describe, expect, it } from 'vitest';
import { checkLexicon } from '../../corpus/build-corpus.ts';
import { anchorKey, anchorSpellingOf, anchorTokens, computeFeatures, type Lexicon } from '../../engine/features.ts';
import { knowledge } from '../support/engine.ts';

const rules = anchorSpellingOf(knowledge.lexicon);
const key = (name: string) => anchorTokens([`Heute sagte ${name} etwas.`], rules)[0];

describe('anchor spelling keys (corpus/lexicon.json anchorSpelling)', () => {
  it('gives one key to a name written the ways of two languages', () => {
    expect(key('Selenskyj')).toBe(key('Zelensky'));
    expect(key('Kardinal')).toBe(key('Cardinal'));
    expect(key('Orbán')).toBe(key('Orban'));
    expect(key('Tschaikowski')).toBe(key('Chaikovsky'));
    expect(key('Schulz')).toBe(key('Shulz'));
    expect(key('Mohammed')).toBe(key('Mohamed'));
  });

  it('keeps different names apart and numbers as written', () => {
    expect(key('Merkel')).not.toBe(key('Markel'));
    expect(key('Biden')).not.toBe(key('Baden'));
    expect(anchorTokens(['Sie kamen 2019 zurück'], rules)).toEqual(['2019']);
    expect(anchorKey('1000', rules)).toBe('1000');
  });

  it('without rules, anchors are the folded words', () => {
    expect(anchorTokens(['Heute sagte Selenskyj etwas.'])).toEqual(['selenskyj']);
    expect(anchorSpellingOf({ events: {}, roleWords: [] } as Lexicon)).toEqual([]);
  });

  it('computeFeatures stores the keys, so that a German and an English text share the name', () => {
    const de = computeFeatures({ title: 'Gespräch mit Selenskyj', text: 'Der Präsident sprach am Montag mit Wolodymyr Selenskyj in Kiew.' }, knowledge);
    const en = computeFeatures({ title: 'Talks with Zelensky', text: 'The president spoke with Volodymyr Zelensky in Kyiv on Monday.' }, knowledge);
    const shared = (de.anchors ?? []).filter((a) => (en.anchors ?? []).includes(a));
    expect(shared).toContain(key('Zelensky'));
    expect(shared).toContain(key('Volodymyr'));
  });

  it('the lexicon check rejects malformed rules, naming the entry', () => {
    const lexicon = structuredClone(knowledge.lexicon) as unknown as { anchorSpelling: { rules: unknown[] } };
    lexicon.anchorSpelling.rules.push(['(', 'x'], ['a*', 'b'], ['q', 'K'], ['only one']);
    const problems = checkLexicon(lexicon).join('\n');
    const n = knowledge.lexicon.anchorSpelling!.rules.length;
    expect(problems).toMatch(new RegExp(`anchorSpelling\\.rules\\[${n}\\]: "\\(" is not a regular expression`));
    expect(problems).toMatch(new RegExp(`anchorSpelling\\.rules\\[${n + 1}\\]: "a\\*" matches the empty string`));
    expect(problems).toMatch(new RegExp(`anchorSpelling\\.rules\\[${n + 2}\\]: the replacement "K" is not written folded`));
    expect(problems).toMatch(new RegExp(`anchorSpelling\\.rules\\[${n + 3}\\]: not a \\[pattern, replacement\\] pair`));
  });
});
