import { describe, expect, it } from 'vitest';
import aliases from '../../corpus/aliases.json';
import { AliasIndex, checkAliasTable, looseKey, type AliasEntry } from '../../engine/aliases.ts';
import { knowledge } from '../support/engine.ts';

const table = knowledge.aliases;

describe('alias resolution', () => {
  it.each([
    ['Kiev', 'Kyiv'],
    ['kyiv', 'Kyiv'],
    ['Zelenskyy', 'Volodymyr Zelensky'],
    ['Zelenskiy', 'Volodymyr Zelensky'],
    ['Volodimir Zelensky', 'Volodymyr Zelensky'],
    ['Kouleba', 'Dmytro Kuleba'],
    ['Dmitro Kuleba', 'Dmytro Kuleba'],
    ['Lu Shai', 'Lu Shaye'],
    ['盧沙野', 'Lu Shaye'],
    ['Pékin', 'Beijing'],
  ])('%s resolves to %s', (variant, canonical) => {
    const a = table.resolve(variant);
    expect(a.known).toBe(true);
    expect(a.canonical).toBe(canonical);
  });

  it('keeps Li Qiang and Li Keqiang apart', () => {
    const a = table.resolve('Li Qiang');
    const b = table.resolve('Li Keqiang');
    expect(a.known && b.known).toBe(true);
    expect(a.id).not.toBe(b.id);
  });

  it('does not join different names by string similarity', () => {
    // unknown names meet only their own spellings through the transliteration rules
    expect(table.resolve('Zhang Wei').id).not.toBe(table.resolve('Zhang Wen').id);
    expect(table.resolve('Andriy Melnyk').id).toBe(table.resolve('Andrij Melnik').id);
  });

  it('matches acronyms only in capitals ("Un" and "Eu" are words)', () => {
    expect(table.lookup('UN')?.canonical).toMatch(/United Nations/);
    expect(table.lookup('Un')).toBeNull();
    expect(table.lookup('Eu')).toBeNull();
  });

  it('does not apply spelling rules to short words ("Route" is not Rutte)', () => {
    expect(table.lookup('Route')).toBeNull();
  });

  it('transliteration rules join the usual romanisations', () => {
    expect(looseKey('Zelenskyy')).toBe(looseKey('Zelenskiy'));
    expect(looseKey('Kouleba')).toBe(looseKey('Kuleba'));
  });

  it('the generated table has no variant in two entries and covers the seeds', () => {
    expect(checkAliasTable(aliases as AliasEntry[])).toEqual([]);
    const index = new AliasIndex(aliases as AliasEntry[]);
    for (const name of ['Qin Gang', 'Dmytro Kuleba', 'Xi Jinping', 'Volodymyr Zelensky', 'Wang Yi', 'John Kirby', 'Lu Shaye', 'Sergei Lavrov', 'Hua Chunying', 'Jens Stoltenberg', 'Vladimir Putin', 'Joe Biden', 'Moscow', 'Beijing', 'Kyiv', 'China', 'Ukraine', 'Russia', 'France', 'NATO', 'White House', 'Wall Street Journal', 'European Union']) {
      expect(index.lookup(name), name).not.toBeNull();
    }
  });
});
