import { describe, expect, it } from 'vitest';
import { findEntities } from '../../engine/entities.ts';
import { knowledge } from '../support/engine.ts';

const ctx = { aliases: knowledge.aliases, roleWords: new Set(knowledge.lexicon.roleWords), isStopword: (n: string, l: string) => knowledge.languages.isStopword(n, l) };
const names = (sentences: string[], language = 'en') => [...new Set(findEntities(sentences, language, ctx).map((m) => m.canonical))];

describe('names in text', () => {
  it('trims titles and roles: "Chinese President Xi Jinping" is Xi Jinping', () => {
    expect(names(['Chinese President Xi Jinping spoke on Wednesday.'])).toEqual(['Xi Jinping']);
  });

  it('a bare surname is the full name the article uses', () => {
    const found = findEntities(['Andrew Small is an expert.', 'It is not a war, Small said.'], 'en', ctx);
    expect(found.map((m) => m.canonical)).toEqual(['Andrew Small', 'Andrew Small']);
  });

  it('a bare surname only one person of the table has is that person', () => {
    expect(names(['A spokesman said President Xi spoke for an hour.'])).toContain('Xi Jinping');
  });

  it('a bare surname several people of the table share stays unresolved', () => {
    expect(names(['The minister Wang spoke on Monday.'])).not.toContain('Wang Yi');
  });

  it('inflected forms in languages that inflect names', () => {
    expect(names(['Telefoninis pokalbis, anot Pekino, buvo pirmasis su Kinijos ministru.'], 'lt')).toEqual(expect.arrayContaining(['Beijing', 'China']));
  });

  it('a sentence-initial word is a name only if the article writes it capitalised elsewhere', () => {
    expect(names(['However the talks went on.', 'Giving details, the ministry spoke.'])).toEqual([]);
  });

  it('Chinese names by the table, inside running text', () => {
    expect(names(['中國外交部長秦剛與烏克蘭外交部長庫列巴通話。'], 'zh')).toEqual(expect.arrayContaining(['Qin Gang', 'Dmytro Kuleba']));
  });
});
