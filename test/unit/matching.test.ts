import { describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus, matchArticle } from '../../engine/analyze.ts';
import { CorpusIndex } from '../../engine/corpus-index.ts';
import { computeFeatures, siteOf } from '../../engine/features.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { analyseSeed, bundledCorpus, bundledRecords, knowledge, seedId } from '../support/engine.ts';
import { classifyPair, MATCH_WEIGHTS, pairFeatures, pairSignals, sharedQuote } from '../../engine/match.ts';

const SAME = ['000', '001', '002'];
const ALL = ['000', '001', '002', '003', '004'];

describe('the seed matrix (golden)', () => {
  for (const a of ALL) {
    it(`reading ${a}`, () => {
      const result = analyseSeed(a);
      expect(result.article.inCorpus).toBe(seedId(a));
      const relation = new Map(result.related.map((r) => [r.id.slice(0, 3), r.relation]));
      for (const b of ALL) {
        if (b === a) {
          expect(relation.has(b), 'never related to itself').toBe(false);
          continue;
        }
        const expected = SAME.includes(a) && SAME.includes(b) ? 'same-story' : 'related';
        expect(relation.get(b), `${a} -> ${b}`).toBe(expected);
      }
    });
  }

  it('labels related coverage earlier or later with its date', () => {
    const r = analyseSeed('000').related;
    expect(r.find((x) => x.id.startsWith('003'))).toMatchObject({ timing: 'later', eventDate: '2023-04-26' });
    expect(r.find((x) => x.id.startsWith('004'))).toMatchObject({ timing: 'earlier', eventDate: '2022-04-04' });
  });

  it('gives 1 to 4 true reasons', () => {
    for (const a of ALL) {
      for (const r of analyseSeed(a).related) {
        expect(r.why.length).toBeGreaterThanOrEqual(1);
        expect(r.why.length).toBeLessThanOrEqual(4);
      }
    }
    const to001 = analyseSeed('000').related.find((x) => x.id.startsWith('001'))!;
    expect(to001.why).toContain('same people: Qin Gang, Dmytro Kuleba');
    expect(to001.why).toContain('same day');
    const to003 = analyseSeed('000').related.find((x) => x.id.startsWith('003'))!;
    expect(to003.why.join(' ')).toMatch(/later event, 26 Apr 2023: Xi Jinping–Volodymyr Zelensky call/);
  });

  it('two calls between the same ministers on different dates are related, not the same story', () => {
    const base = { outlet: 'Test Wire', language: 'en' };
    const call1: CorpusRecord = { ...base, id: 'call-1', title: 'Wang Yi and Dmytro Kuleba hold phone call', published: '2022-04-05', text: 'Chinese Foreign Minister Wang Yi held a phone call with Ukrainian Foreign Minister Dmytro Kuleba on Monday. Wang said China supports peace talks. Kuleba said Ukraine wants China to use its influence.' };
    const call2: CorpusRecord = { ...base, id: 'call-2', title: 'Wang Yi and Dmytro Kuleba hold phone call', published: '2023-09-20', text: 'Chinese Foreign Minister Wang Yi held a phone call with Ukrainian Foreign Minister Dmytro Kuleba on Tuesday. Wang said China supports peace talks. Kuleba said Ukraine wants China to use its influence.' };
    const corpus = buildCorpus([call2], knowledge);
    const [m] = matchArticle(computeFeatures(call1, knowledge), corpus.index, null);
    expect(m?.relation).toBe('related');
    expect(m?.timing).toBe('later');
  });

  it('finds the same story in another language through names, not words', async () => {
    const fr: CorpusRecord = { id: 'fr-1', outlet: 'Le Test', language: 'fr', published: '2023-03-16', title: 'Qin Gang et Dmytro Kouleba au téléphone', text: 'Le ministre chinois des Affaires étrangères Qin Gang a appelé jeudi son homologue ukrainien Dmytro Kouleba. Pékin souhaite que Kiev et Moscou reprennent les pourparlers de paix « dès que possible ». Qin Gang a dit que la Chine craint une escalade de la crise.' };
    const corpus = buildCorpus([...bundledRecords, fr], knowledge);
    const rec = bundledRecords[0]!;
    const r = await analyseArticle({ title: rec.title, text: rec.text, published: rec.published }, corpus, knowledge);
    expect(r.related.find((x) => x.id === 'fr-1')?.relation).toBe('same-story');
  });

  it('shows nothing for an unrelated article', async () => {
    const r = await analyseArticle({ title: 'Muguruza wins Wimbledon', text: 'Garbine Muguruza won her first Wimbledon title on Saturday, beating Venus Williams 7-5 6-0 on Centre Court in the final. The Spaniard dropped to her knees after the match.', published: '2017-07-15' }, bundledCorpus, knowledge);
    expect(r.related).toEqual([]);
  });
});

describe('reports of one site', () => {
  it('reads the site from the address (host without www.), never from the outlet name', () => {
    expect(siteOf('https://www.Example.com/news/1')).toBe('example.com');
    expect(siteOf('https://news.example.com/a?b=1')).toBe('news.example.com');
    expect(siteOf(null)).toBeNull();
    expect(siteOf('not an address')).toBeNull();
    expect(computeFeatures({ title: 'A', text: 'Some text here.', url: 'https://www.example.org/x' }, knowledge).site).toBe('example.org');
    expect(computeFeatures({ title: 'A', text: 'Some text here.' }, knowledge).site).toBeNull();
  });

  it('marks a pair of one site, and the fitted model reads it as less likely the same story', () => {
    const text = 'Police in Riverton are looking for witnesses after a car hit a cyclist on Main Street on Tuesday evening. The cyclist, a 54-year-old man, was taken to hospital with serious injuries. The driver did not stop.';
    const rec = (id: string, url: string | null, more = ''): CorpusRecord => ({ id, outlet: 'Test Wire', language: 'en', published: '2024-05-07', title: 'Cyclist seriously hurt in hit-and-run', text: text + more, url });
    const corpus = buildCorpus([rec('a-site', 'https://www.police-a.example/1'), rec('b-site', 'https://police-b.example/2'), rec('no-site', null), rec('a-copy', 'https://police-a.example/3', ' Officers asked for dashcam footage.')], knowledge);
    const index = corpus.index;
    const q = index.profile(computeFeatures(rec('query', 'https://police-a.example/9', ' Officers asked for dashcam footage.'), knowledge));
    const signals = (id: string) => pairSignals(q, index.get(id)!, index);
    expect(signals('a-site').sameSite).toBe(true);
    expect(pairFeatures(signals('a-site')).sameSite).toBe(1);
    expect(signals('b-site').sameSite).toBe(false);
    expect(pairFeatures(signals('b-site')).sameSite).toBe(0);
    // an article without an address is never of the query's site
    expect(signals('no-site').sameSite).toBe(false);
    // the same text twice on one site is one article, not two reports of the site
    expect(signals('a-copy').sameSite).toBe(false);
    const noSite = index.profile(computeFeatures(rec('query', null), knowledge));
    expect(pairSignals(noSite, index.get('no-site')!, index).sameSite).toBe(false);
    // the same text on another site is more likely the same story than on the query's own site
    expect(classifyPair(q, index.get('b-site')!, index).confidence).toBeGreaterThan(classifyPair(q, index.get('a-site')!, index).confidence);
  });
});

describe('finding the article read in the corpus', () => {
  it('a page with the same text plus site furniture is the corpus article (near-duplicate), not another version', async () => {
    const rec = bundledRecords[0]!;
    const page = { title: `${rec.title} | World news`, text: `${rec.text}\nPhoto: a view of the ministry building, taken last year by our photographer in the capital.`, published: rec.published };
    const r = await analyseArticle(page, bundledCorpus, knowledge);
    expect(r.article.inCorpus).toBe(rec.id);
    expect(r.related.map((x) => x.id)).not.toContain(rec.id);
  });

  it('an article that only shares the story is not taken for a corpus article', async () => {
    const rec = bundledRecords[0]!;
    const half = rec.text.split(/\n+/).filter((_, i) => i % 2 === 0).join('\n\n');
    const r = await analyseArticle({ title: rec.title, text: half, published: rec.published }, bundledCorpus, knowledge);
    expect(r.article.inCorpus).toBeNull();
    expect(r.related.find((x) => x.id === rec.id)?.relation).toBe('same-story');
  });
});

describe('the corpus index', () => {
  it('finds candidates through postings and updates incrementally', () => {
    const index = new CorpusIndex();
    for (const r of bundledRecords) index.add({ record: r, features: computeFeatures(r, knowledge) });
    const q = index.profile(computeFeatures(bundledRecords[0]!, knowledge));
    const ids = (excludeId?: string) => index.candidates(q, MATCH_WEIGHTS, 10, excludeId).map((c) => index.at(c.slot)!.id);
    expect(ids(bundledRecords[0]!.id)).toContain(bundledRecords[1]!.id);
    expect(ids(bundledRecords[0]!.id)).not.toContain(bundledRecords[0]!.id);
    index.remove(bundledRecords[1]!.id);
    expect(index.size).toBe(4);
    expect(ids()).not.toContain(bundledRecords[1]!.id);
    expect(ids()).toContain(bundledRecords[0]!.id);
  });
});

describe('the quote two articles share', () => {
  it("is the same whether the first article's quote grams were made for an earlier pair or not (every pair of bundled articles)", () => {
    const quotes = bundledRecords.map((r) => computeFeatures(r, knowledge).quotes);
    let found = 0;
    for (const a of quotes) {
      for (const b of quotes) {
        if (a === b) continue;
        const fresh = sharedQuote([...a], b);
        // `a` itself: its grams are kept from its first pair on
        expect(sharedQuote(a, b)).toBe(fresh);
        expect(sharedQuote(a, b)).toBe(fresh);
        if (fresh) found++;
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});
