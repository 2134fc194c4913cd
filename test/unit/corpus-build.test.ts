import { describe, expect, it } from 'vitest';
import bundled from '../../corpus/bundled-corpus.json';
import aliases from '../../corpus/aliases.json';
import languageData from '../../corpus/language-data.json';
import { buildAliasTable, buildBundledCorpus, buildLanguageData } from '../../corpus/build-corpus.ts';
import { CorpusRecordSchema } from '../../engine/schemas.ts';

describe('the bundled corpus', () => {
  it('is current: the committed files equal what the build script makes', () => {
    expect(bundled).toEqual(buildBundledCorpus());
    expect(aliases).toEqual(buildAliasTable());
    expect(languageData).toEqual(buildLanguageData());
  });

  it('has the five seeds with ids, outlets, dates and original languages from the seeds README', () => {
    expect(bundled.map((r) => [r.id, r.published, r.language])).toEqual([
      ['000_d21c0c05997b9057', '2023-03-16', 'pt'],
      ['001_b8e1867e7be6ee1c', '2023-03-16', 'de'],
      ['002_c854ee8ebe2786a7', '2023-03-16', 'es'],
      ['003_0eb4975a21467d31', '2023-04-26', 'en'],
      ['004_672c8eb654738f91', '2022-04-04', 'fr'],
    ]);
    expect(bundled[0]?.outlet).toMatch(/Diário de Notícias/);
    expect(bundled[3]?.outlet).toBe('The Guardian');
    for (const r of bundled) expect(CorpusRecordSchema.safeParse(r).success).toBe(true);
  });

  it('has clean titles and bodies without boilerplate', () => {
    expect(bundled[3]?.title).toBe('Xi Jinping sends Chinese peace talks delegation to Ukraine');
    expect(bundled[1]?.title).not.toMatch(/^date/);
    const all = bundled.map((r) => r.text).join('\n');
    for (const junk of ['Source: DN', 'To home page', 'Tagesspiegel Plus', 'Keep reading', 'Study time', 'Leave a Reply', 'See also']) expect(all).not.toContain(junk);
  });
});
