// Reading history (opt-in): a page read as a news article is kept with the origin `read`; at the
// limit the oldest read articles go, never saved, imported or bundled ones; "Forget what I read";
// never kept in a private window or for a site on the never list; the background's index follows
// at once, so the next article on the same story finds the one read. fake-indexeddb, real store,
// real CorpusService and TabAnalysis, the seed texts from ../shared.
import { describe, expect, it } from 'vitest';
import { CorpusService } from '../../background/corpus-service.ts';
import { TabAnalysis, type PageContext } from '../../background/tab-analysis.ts';
import type { CorpusRecord, ExtractedArticle } from '../../engine/schemas.ts';
import { openDatabase, readAllArticles, saveUserArticles, setHidden, type Database } from '../../store/database.ts';
import { exportCorpus } from '../../store/export.ts';
import { importJsonl } from '../../store/import.ts';
import { forgetReadArticles, keepReadArticle, trimReadArticles } from '../../store/reading-history.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/schema.ts';
import { seedId, seedRecord, seedText } from '../support/engine.ts';

let dbs = 0;
const freshDb = (): Promise<Database> => openDatabase(`reading-history-${dbs++}`);

const page = (n: number, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({
  id: `read-${n}`,
  title: `Harbour strike, day ${n}`,
  outlet: n % 2 ? 'Westhaven Post' : 'Harbour Herald',
  url: `https://news.example/strike/${n}`,
  published: '2025-10-06',
  language: n % 3 ? 'en' : 'de',
  text: `Dock workers in Westhaven stayed out for day ${n} of the strike; the port authority said talks would resume.`,
  ...extra,
});

const byOrigin = async (db: Database, origin: string) =>
  (await readAllArticles(db)).articles
    .filter((a) => a.origin === origin)
    .map((a) => a.id)
    .sort();

describe('reading history in the store', () => {
  it('evicts the oldest read articles at the limit, never saved or imported ones (older ones included)', async () => {
    const db = await freshDb();
    // the reader's own articles, added long before any reading
    await saveUserArticles(db, [page(100, { id: 'mine-saved', text: 'A saved article about the budget vote.' })], 'saved');
    await saveUserArticles(db, [page(101, { id: 'mine-imported', text: 'An imported article about the election.' })], 'imported');
    const evicted: string[][] = [];
    for (let n = 1; n <= 5; n++) evicted.push((await keepReadArticle(db, page(n), { limit: 3, now: 1_000 + n })).evicted);
    expect(evicted).toEqual([[], [], [], ['read-1'], ['read-2']]);
    expect(await byOrigin(db, 'read')).toEqual(['read-3', 'read-4', 'read-5']);
    expect(await byOrigin(db, 'saved')).toEqual(['mine-saved']);
    expect(await byOrigin(db, 'imported')).toEqual(['mine-imported']);
    // lowering the limit evicts at once, oldest first
    expect(await trimReadArticles(db, 1)).toEqual(['read-3', 'read-4']);
    expect(await byOrigin(db, 'read')).toEqual(['read-5']);
    db.close();
  });

  it('reading a page again makes it the newest; a page the corpus has as saved is left as it is', async () => {
    const db = await freshDb();
    await keepReadArticle(db, page(1), { limit: 2, now: 1 });
    await keepReadArticle(db, page(2), { limit: 2, now: 2 });
    // page 1 again, under another id but the same address: refreshed, so page 2 is now the oldest
    const refreshed = await keepReadArticle(db, page(1, { id: 'read-other-id', title: 'Harbour strike (updated)' }), { limit: 2, now: 3 });
    expect(refreshed).toMatchObject({ id: 'read-1', outcome: 'refreshed', evicted: [] });
    // a write: the articles stamp moves on (a stored index snapshot knows it is behind)
    expect(refreshed.stamp.after).toBe(refreshed.stamp.before + 1);
    expect((await keepReadArticle(db, page(3), { limit: 2, now: 4 })).evicted).toEqual(['read-2']);
    await saveUserArticles(db, [page(9, { id: 'mine' })], 'saved');
    const left = await keepReadArticle(db, page(9, { id: 'read-9' }), { limit: 2, now: 5 });
    expect(left).toMatchObject({ id: 'mine', outcome: 'in-corpus', evicted: [] });
    // nothing written: the stamp stays
    expect(left.stamp.after).toBe(left.stamp.before);
    expect(await byOrigin(db, 'saved')).toEqual(['mine']);
    db.close();
  });

  it('saving or importing an article from the reading history makes it the reader’s: never evicted or forgotten', async () => {
    const db = await freshDb();
    await keepReadArticle(db, page(1), { limit: 10, now: 1 });
    await keepReadArticle(db, page(2), { limit: 10, now: 2 });
    const [saved] = await saveUserArticles(db, [page(1, { id: 'saved-x' })], 'saved');
    expect(saved).toEqual({ id: 'read-1', outcome: 'updated' });
    await importJsonl(db, `${JSON.stringify(page(2, { id: 'file-2' }))}\n`);
    expect(await byOrigin(db, 'saved')).toEqual(['read-1']);
    expect(await byOrigin(db, 'imported')).toEqual(['read-2']);
    expect(await forgetReadArticles(db, null)).toEqual([]);
    expect((await trimReadArticles(db, 0)).length).toBe(0);
    db.close();
  });

  it('"Forget what I read": the last hour, then everything; export of the reading history imports back as read', async () => {
    const db = await freshDb();
    const hour = 3_600_000;
    const now = 100 * hour;
    await keepReadArticle(db, page(1), { limit: 10, now: now - 30 * hour });
    await keepReadArticle(db, page(2), { limit: 10, now: now - 5 * hour });
    await keepReadArticle(db, page(3), { limit: 10, now: now - 10 * 60_000 });
    await saveUserArticles(db, [page(4, { id: 'mine' })], 'saved');
    const exported = await exportCorpus(db, 'read');
    expect(exported.count).toBe(3);
    expect(await forgetReadArticles(db, now - hour)).toEqual(['read-3']);
    expect(await forgetReadArticles(db, now - 24 * hour)).toEqual(['read-2']);
    expect(await forgetReadArticles(db, null)).toEqual(['read-1']);
    expect(await byOrigin(db, 'saved')).toEqual(['mine']);
    await importJsonl(db, exported.lines.join(''));
    expect(await byOrigin(db, 'read')).toEqual(['read-1', 'read-2', 'read-3']);
    db.close();
  });
});

describe('reading history in the background', () => {
  const service = new CorpusService();
  let settings: Settings = { ...DEFAULT_SETTINGS, readingHistory: 'on', neverSites: ['private-news.example'] };
  const tabs = new TabAnalysis(service, { changed: () => undefined }, { settings: async () => settings });
  let tab = 1;

  // seed 001, shortened by its first paragraph (so it is not the bundled copy's text), on a web page
  const paragraphs = seedText('001').split(/\n\s*\n/);
  const read001: ExtractedArticle = {
    url: 'https://tagesspiegel.example/politics/qin-kuleba',
    title: seedRecord('001').title,
    byline: null,
    siteName: 'Der Tagesspiegel',
    published: '2023-03-16',
    language: 'en',
    text: paragraphs.slice(2).join('\n\n'),
  };
  const kept = async () => (await readAllArticles(await service.database())).articles.filter((a) => a.origin === 'read');
  const analyse = async (a: ExtractedArticle, context: PageContext = { incognito: false }) => {
    const tabId = tab++;
    await tabs.analyse(tabId, a, context);
    return tabs.state(tabId);
  };

  it('keeps nothing until the reader chose, or when they turned it off', async () => {
    settings = { ...settings, readingHistory: 'ask' };
    expect((await analyse(read001))?.status).toBe('ready');
    settings = { ...settings, readingHistory: 'off' };
    await analyse(read001);
    expect(await kept()).toEqual([]);
    settings = { ...settings, readingHistory: 'on' };
  });

  it('a page in a private window is analysed but never kept', async () => {
    expect((await analyse(read001, { incognito: true }))?.status).toBe('ready');
    expect(await kept()).toEqual([]);
  });

  it('a page of a site on the never list (analysed because the reader asked) is never kept', async () => {
    expect((await analyse({ ...read001, url: 'https://www.private-news.example/qin-kuleba' }))?.status).toBe('ready');
    expect(await kept()).toEqual([]);
  });

  it('a page read in a normal window is kept and indexed at once; the next same-story page finds it', async () => {
    const db = await service.database();
    // the bundled copy of 001 hidden: only the page read can bring Der Tagesspiegel's version
    await setHidden(db, seedId('001'), true);
    service.invalidate();
    const index = await service.getIndex();
    await analyse(read001);
    const [read] = await kept();
    expect(read).toMatchObject({ origin: 'read', record: { outlet: 'Der Tagesspiegel', url: read001.url, language: 'en', published: '2023-03-16' } });
    expect(read!.id).toMatch(/^read-/);
    // in the index without a pass over the store (no invalidate since)
    expect(index.has(read!.id)).toBe(true);
    expect(service.makeup().read).toBe(1);
    // reading seed 000 next: the version read earlier is listed as the same story
    const next = await analyse({ ...read001, url: 'https://dn.example/mundo/qin-kuleba', title: seedRecord('000').title, siteName: 'Diário de Notícias', text: seedText('000') });
    expect(next?.status).toBe('ready');
    const related = next?.status === 'ready' ? next.result.related : [];
    expect(related.find((r) => r.id === read!.id)?.relation).toBe('same-story');
    expect(related.some((r) => r.id === seedId('001'))).toBe(false);
  });

  it('reading the same page again: not shown as saved (Save still offered), not kept twice', async () => {
    const before = (await kept()).map((a) => a.id).sort();
    const state = await analyse(read001);
    expect(state?.status === 'ready' && state.result.article.inCorpus).toMatch(/^read-/);
    expect(state?.status === 'ready' && state.savedId).toBeNull();
    expect((await kept()).map((a) => a.id).sort()).toEqual(before);
  });
});
