import { describe, expect, it } from 'vitest';
import { alignedSpan, renderingWords, sameRendering, sharingPassages, stemPostingsOf } from '../../engine/translation-differences.ts';
import { analyseArticle, buildCorpus } from '../../engine/analyze.ts';
import type { CorpusRecord, TranslationDifference } from '../../engine/schemas.ts';
import { englishTranslationNote } from '../../i18n/english.ts';
import { analyseSeed, knowledge, seedId, seedRecord } from '../support/engine.ts';

/** The difference's note as the CLI and the English UI word it ('' for no item). */
const note = (d: TranslationDifference | undefined) => (d ? englishTranslationNote(d.detail) : '');
const outletsOf = (v: TranslationDifference['variants'][number]) => v.sources.map((s) => s.id);

describe('translation differences on the seeds', () => {
  const d000 = analyseSeed('000').translationDifferences;

  it("reading 000: Qin Gang's escalation quote is a modality shift (will / could) with 002's rendering beside it", () => {
    const item = d000.find((d) => d.variants.some((v) => /spiral out of control/.test(v.text)));
    expect(item?.kind).toBe('modality');
    expect(note(item)).toMatch(/could vs will: certainty softened/);
    expect(item?.detail).toEqual({ code: 'modality', to: 'could', from: 'will', shift: 'softened', outlet: expect.any(String) });
    const texts = item!.variants.map((v) => v.text);
    expect(texts.some((t) => /crisis will escalate and spiral out of control/.test(t))).toBe(true);
    expect(texts.some((t) => /could escalate/.test(t))).toBe(true);
    expect(texts.some((t) => /will worsen and become uncontrollable/.test(t))).toBe(true);
  });

  it('reading 000: "as soon as possible" is missing in 001\'s rendering of the restraint quote', () => {
    const item = d000.find((d) => d.kind === 'omitted-phrase');
    expect(note(item)).toMatch(/“as soon as possible” is missing/);
    expect(item?.detail).toMatchObject({ code: 'phrase-missing', phrase: 'as soon as possible' });
    const v001 = item!.variants.find((v) => outletsOf(v).includes(seedId('001')));
    expect(v001?.text).toMatch(/exercise restraint, resume peace talks and return/);
  });

  it('reading 000: Kuleba\'s "We discussed" vs "We talked about" is quote wording, with the differing words marked', () => {
    const item = d000.find((d) => d.variants.some((v) => /We talked about/.test(v.text)));
    expect(item?.kind).toBe('quote-wording');
    const v002 = item!.variants.find((v) => /We talked about/.test(v.text))!;
    expect(v002.parts.filter((p) => p.change === 'added').map((p) => p.value.trim()).join(' ')).toMatch(/talked about/);
  });

  it("reading 001: Kirby's quote in 001 vs 002 is quote wording", () => {
    const item = analyseSeed('001').translationDifferences.find((d) => d.variants.some((v) => /very good thing for the two to talk/.test(v.text)));
    expect(item?.kind).toBe('quote-wording');
    expect(item!.variants.some((v) => /very good if the two of them talked/.test(v.text))).toBe(true);
  });

  it('name spellings across the corpus', () => {
    const notes = ['000', '001', '002', '003', '004'].flatMap((s) => analyseSeed(s).translationDifferences.filter((d) => d.kind === 'name-spelling').map((d) => note(d)));
    const all = notes.join('\n');
    for (const [a, b] of [['Kiev', 'Kyiv'], ['Kuleba', 'Kouleba'], ['Dmytro', 'Dmitro'], ['Volodymyr', 'Volodimir'], ['Zelensky', 'Zelenskyy']]) {
      expect(notes.some((n) => n.includes(a!) && n.includes(b!)), `${a} / ${b} in\n${all}`).toBe(true);
    }
  });

  it('name spellings: only names the page writes, against how other versions write them', () => {
    for (const key of ['000', '001', '002', '003', '004']) {
      const page = seedRecord(key).text;
      for (const d of analyseSeed(key).translationDifferences.filter((x) => x.kind === 'name-spelling')) {
        // the page's own spelling comes first, and the page really writes it
        const [mine, ...theirs] = d.variants;
        expect(mine!.sources.map((s) => s.id), `${key}: ${note(d)}`).toContain(seedRecord(key).id);
        expect(page, `${key}: ${note(d)}`).toContain(mine!.text);
        // every other spelling is another version's, and the page never writes it
        expect(theirs.length, `${key}: ${note(d)}`).toBeGreaterThan(0);
        for (const v of theirs) {
          expect(v.sources.map((s) => s.id)).not.toContain(seedRecord(key).id);
          expect(new RegExp(`\\b${v.text}\\b`).test(page), `${key}: ${v.text}`).toBe(false);
        }
      }
    }
    // 000 writes neither Zelensky nor Lu Shaye: no row for them, whatever the alias table knows
    const notes000 = analyseSeed('000').translationDifferences.filter((d) => d.kind === 'name-spelling').map((d) => note(d));
    expect(notes000.join('\n')).not.toMatch(/Zelensk|Lu Sha/);
    expect(notes000).toContain('Kiev · Kyiv');
    // 003 writes "Lu Shai" and no other version names him: a one-sided row against the alias table is gone
    expect(analyseSeed('003').translationDifferences.some((d) => /Lu Sha/.test(note(d)))).toBe(false);
  });
});

describe('classifying renderings', () => {
  const versions = async (a: string, b: string) => {
    const base = { outlet: 'Outlet', language: 'en', published: '2023-03-16' };
    const intro = 'Chinese Foreign Minister Qin Gang spoke by phone with Ukrainian Foreign Minister Dmytro Kuleba on Thursday, the ministry said.';
    const recA: CorpusRecord = { ...base, id: 'a', outlet: 'Outlet A', title: 'Qin Gang and Dmytro Kuleba speak by phone', text: `${intro}\n“${a},” Qin Gang said.` };
    const recB: CorpusRecord = { ...base, id: 'b', outlet: 'Outlet B', title: 'Qin Gang and Dmytro Kuleba speak by phone', text: `${intro}\n“${b},” Qin Gang said.` };
    const index = buildCorpus([recB], knowledge);
    return (await analyseArticle({ title: recA.title, text: recA.text, published: recA.published }, index, knowledge)).translationDifferences.filter((d) => d.kind !== 'name-spelling');
  };

  it('identical renderings produce no item', async () => {
    expect(await versions('China will continue to play a constructive role in the crisis', 'China will continue to play a constructive role in the crisis')).toEqual([]);
  });

  it('punctuation, quote marks, case and "the" are no difference', async () => {
    expect(await versions('China will continue to play a constructive role in the crisis', 'china will continue to play a constructive role in crisis!')).toEqual([]);
    expect(sameRendering('“We think, it is good.”', 'we think it is good')).toBe(true);
  });

  it('modality', async () => {
    const [d] = await versions('China fears that the crisis will escalate and spiral out of control', 'China fears that the crisis could escalate and spiral out of control');
    expect(d).toMatchObject({ kind: 'modality' });
    expect(note(d)).toMatch(/could vs will: certainty softened/);
  });

  it('negation', async () => {
    const [d] = await versions('Ukraine will give up the lost territories in the east', 'Ukraine will not give up the lost territories in the east');
    expect(d?.kind).toBe('negation');
    expect(d?.detail.code).toBe('negation-added');
  });

  it('numbers', async () => {
    const [d] = await versions('China has sent 12 shipments of humanitarian aid to Ukraine', 'China has sent 15 shipments of humanitarian aid to Ukraine');
    expect(d?.kind).toBe('number');
    expect(note(d)).toMatch(/12 vs 15/);
    expect(d?.detail).toMatchObject({ code: 'numbers-differ', here: ['12'], there: ['15'] });
  });

  it('an omitted phrase inside the quote', async () => {
    const [d] = await versions('all parties should remain calm, resume peace talks as soon as possible and return to dialogue', 'all parties should remain calm, resume peace talks and return to dialogue');
    expect(d?.kind).toBe('omitted-phrase');
    expect(note(d)).toMatch(/as soon as possible/);
  });

  it('wording', async () => {
    const [d] = await versions('We discussed the importance of the principle of territorial integrity', 'We talked about the importance of the principle of territorial integrity');
    expect(d?.kind).toBe('quote-wording');
  });

  it('a longer or shorter extent of the same quote is no difference', async () => {
    expect(await versions('We discussed the importance of the principle of territorial integrity', 'the importance of the principle of territorial integrity')).toEqual([]);
  });

  it('finds the rendering of a quote inside a sentence', async () => {
    expect(alignedSpan('China fears the crisis will escalate', 'Officials said China fears the crisis could escalate, a spokesman said.')).toMatch(/^China fears the crisis could escalate/);
  });
});

describe('numbers in reported facts', () => {
  it('flags the same fact told with different numbers, and not the same numbers', async () => {
    const make = (id: string, n: string): CorpusRecord => ({
      id,
      outlet: `Outlet ${id}`,
      language: 'en',
      published: '2023-03-16',
      title: 'Qin Gang and Dmytro Kuleba speak by phone',
      text: `Chinese Foreign Minister Qin Gang spoke by phone with Ukrainian Foreign Minister Dmytro Kuleba on Thursday.\nIn February, China published a ${n}-point peace plan that calls for a ceasefire and for peace talks between Russia and Ukraine.`,
    });
    const index = buildCorpus([make('b', '10'), make('c', '12')], knowledge);
    const a = make('a', '12');
    const diffs = (await analyseArticle({ title: a.title, text: a.text, published: a.published }, index, knowledge)).translationDifferences.filter((d) => d.kind === 'number');
    expect(diffs).toHaveLength(1);
    expect(note(diffs[0])).toMatch(/12 vs 10/);
    expect(diffs[0]!.variants[1]!.sources[0]!.id).toBe('b');
  });
});

describe('attribution', () => {
  const make = (id: string, speaker: string): CorpusRecord => ({
    id,
    outlet: `Outlet ${id}`,
    language: 'en',
    published: '2023-03-16',
    title: 'Qin Gang and Dmytro Kuleba speak by phone',
    text: `Chinese Foreign Minister Qin Gang spoke by phone with Ukrainian Foreign Minister Dmytro Kuleba on Thursday about the war.\n“We discussed the importance of the principle of territorial integrity during the call,” ${speaker} said on Twitter.`,
  });

  it('the same words given to two different speakers', async () => {
    const index = buildCorpus([make('b', 'Qin Gang')], knowledge);
    const a = make('a', 'Dmytro Kuleba');
    const [d] = (await analyseArticle({ title: a.title, text: a.text, published: a.published }, index, knowledge)).translationDifferences.filter((x) => x.kind === 'attribution');
    expect(d?.detail).toEqual({ code: 'attribution', here: 'Dmytro Kuleba', there: 'Qin Gang' });
    expect(note(d)).toBe('the same words attributed to Dmytro Kuleba and to Qin Gang');
  });

  it('the same words given to the same speaker are no attribution item', async () => {
    const index = buildCorpus([make('b', 'Dmytro Kuleba')], knowledge);
    const a = make('a', 'Dmytro Kuleba');
    expect((await analyseArticle({ title: a.title, text: a.text, published: a.published }, index, knowledge)).translationDifferences.filter((x) => x.kind === 'attribution')).toEqual([]);
  });
});

describe('passages compared only where they share a stem', () => {
  it('finds exactly the passages sharing a word with the one read, in order, with the number shared (real sentences of two seeds)', async () => {
    const { sentences } = await import('../../engine/text.ts');
    const setsOf = (prefix: string) => sentences(seedRecord(prefix).text.replace(/\n+/g, ' ')).map((s) => new Set(renderingWords(s).filter((w) => w.length >= 3)));
    const read = setsOf('000');
    const passages = setsOf('001').map((stems) => ({ stems }));
    expect(read.length).toBeGreaterThan(10);
    expect(passages.length).toBeGreaterThan(10);
    const postings = stemPostingsOf(passages);
    const counts = new Int32Array(passages.length);
    let some = 0;
    for (const q of read) {
      const touched = sharingPassages(q, postings, counts);
      const expected = passages.map((p, k) => [k, [...q].filter((w) => p.stems.has(w)).length] as const).filter(([, m]) => m > 0);
      expect(touched).toEqual(expected.map(([k]) => k));
      expect(touched.map((k) => counts[k])).toEqual(expected.map(([, m]) => m));
      some += touched.length ? 1 : 0;
      for (const k of touched) counts[k] = 0;
    }
    expect(some).toBeGreaterThan(0);
  });
});
