// Saving a page from the sidebar tells the truth, and store writes do not interleave with an import:
// a record the store would set aside is never reported saved; two routes of a single-page site
// are two articles; a different text under the same address is replaced only with a word about
// it; the content script's message that fails its schema becomes an error the reader sees;
// "Clear my corpus" during an import leaves what it reports. fake-indexeddb, real CorpusService.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkContentMessage } from '../../background/content-messages.ts';
import { CorpusService } from '../../background/corpus-service.ts';
import { TabAnalysis } from '../../background/tab-analysis.ts';
import type { CorpusRecord, ExtractedArticle } from '../../engine/schemas.ts';
import { clearUserCorpus, openDatabase, readAllArticles, saveUserArticles, type Database } from '../../store/database.ts';
import { urlKey } from '../../store/identity.ts';
import { importJsonl } from '../../store/import.ts';

const STORY = (n: number) =>
  `Story ${n}. The harbour board of Westhaven met on Monday and agreed to repair the northern breakwater before the winter storms, at a cost the board put at ${n} million. ` +
  'Fishing crews had asked for the work for three years. '.repeat(6);

function article(n: number, extra: Partial<ExtractedArticle> = {}): ExtractedArticle {
  return { url: `https://news.example/story-${n}`, title: `Breakwater story ${n}`, byline: null, siteName: 'Westhaven Post', published: '2025-10-06', language: 'en', text: STORY(n), ...extra };
}

let tab = 1;
/** A TabAnalysis over a real CorpusService, with the article extracted in a tab of its own. */
function tabWith(service: CorpusService, a: ExtractedArticle): { tabs: TabAnalysis; tabId: number } {
  const tabs = new TabAnalysis(service, { changed: () => undefined });
  const tabId = tab++;
  tabs.set(tabId, { status: 'analysing', url: a.url, title: a.title, corpusSize: 0 }, a);
  return { tabs, tabId };
}

describe('Save from the sidebar', () => {
  const service = new CorpusService();

  it('an article whose title, site name and lang do not fit the corpus format is saved in a form the store keeps, and indexed', async () => {
    const a = article(1, { title: `Breakwater ${'very '.repeat(300)}long title`, siteName: `Westhaven ${'Post '.repeat(80)}`, language: 'x' });
    expect(a.title.length).toBeGreaterThan(1000);
    expect(a.siteName!.length).toBeGreaterThan(300);
    const { tabs, tabId } = tabWith(service, a);
    const reply = await tabs.save(tabId);
    expect(reply).toMatchObject({ ok: true, message: 'Saved to your corpus.' });
    const id = (reply as { id: string }).id;
    const db = await service.database();
    const { articles, invalid } = await readAllArticles(db);
    expect(invalid).toEqual([]); // nothing set aside
    const saved = articles.find((x) => x.id === id)!;
    expect(saved.record.title.length).toBe(1000);
    expect(saved.record.outlet.length).toBeLessThanOrEqual(300);
    expect(saved.record.language).toBeNull();
    expect((await service.getIndex()).get(id)).toBeDefined(); // matched against from now on
  });

  it('a record that fails the corpus format is not written, and the store says which field', async () => {
    const db = await service.database();
    const before = (await readAllArticles(db)).articles.length;
    const bad: CorpusRecord = { id: 'bad-1', title: 't'.repeat(1001), outlet: 'o', text: 'Some text.', language: 'x' };
    await expect(saveUserArticles(db, [bad], 'saved')).rejects.toThrow(/corpus format \(title: .*; language: /);
    expect((await readAllArticles(db)).articles.length).toBe(before);
  });

  it('two routes of a single-page site (#/story/1, #/story/2) are two articles; a plain fragment is still the same page', async () => {
    expect(urlKey('https://spa.example/#/story/1')).not.toBe(urlKey('https://spa.example/#/story/2'));
    expect(urlKey('https://spa.example/#!/story/1')).not.toBe(urlKey('https://spa.example/#!/story/2'));
    expect(urlKey('https://spa.example/story#comments')).toBe(urlKey('https://spa.example/story'));
    const first = tabWith(service, article(2, { url: 'https://spa.example/#/story/1', title: 'First route story' }));
    const second = tabWith(service, article(3, { url: 'https://spa.example/#/story/2', title: 'Second route story' }));
    const r1 = await first.tabs.save(first.tabId);
    const r2 = await second.tabs.save(second.tabId);
    expect(r1).toMatchObject({ ok: true, message: 'Saved to your corpus.' });
    expect(r2).toMatchObject({ ok: true, message: 'Saved to your corpus.' });
    const { articles } = await readAllArticles(await service.database());
    const spa = articles.filter((a) => a.record.url?.startsWith('https://spa.example/'));
    expect(spa.map((a) => a.record.title).sort()).toEqual(['First route story', 'Second route story']);
    expect(spa.find((a) => a.record.title === 'First route story')!.record.text).toBe(STORY(2));
  });

  it('another text under the same address replaces the earlier one only with a word about it', async () => {
    const first = tabWith(service, article(4, { url: 'https://news.example/live', title: 'Morning version' }));
    const second = tabWith(service, article(5, { url: 'https://news.example/live', title: 'Evening version' }));
    await first.tabs.save(first.tabId);
    const reply = await second.tabs.save(second.tabId);
    expect(reply.ok).toBe(true);
    expect(reply.message).toMatch(/replaces the text saved earlier from the same address \(“Morning version”\)/);
    // the same text saved again: said to be there already, nothing replaced
    const again = tabWith(service, article(5, { url: 'https://news.example/live', title: 'Evening version' }));
    expect((await again.tabs.save(again.tabId)).message).toMatch(/^Already in your corpus/);
  });
});

describe('a content script message that fails its schema', () => {
  it('becomes an error state naming the field, not silence', () => {
    const raw = { type: 'extracted', url: 'https://news.example/a', result: { kind: 'article', article: { ...article(6), title: 'T'.repeat(2449) } } };
    const checked = checkContentMessage(raw, 'https://news.example/a');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.state).toMatchObject({ status: 'error', url: 'https://news.example/a', message: expect.stringMatching(/result\.article\.title/) });
    expect(checkContentMessage({ type: 'extracting', url: 'https://news.example/a' }, null)).toMatchObject({ ok: true });
  });
});

describe('"Clear my corpus" during an import', () => {
  let n = 0;
  const open: Database[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    vi.unstubAllGlobals();
  });
  const records = (count: number) =>
    Array.from({ length: count }, (_, i) => JSON.stringify({ id: `imp-${i}`, title: `Imported ${i}`, outlet: 'Outlet', text: `Imported article number ${i} about the harbour.` })).join('\n');

  /** Starts a 1,500-article import (batches of 500) and asks to clear after its first batch. */
  async function clearDuringImport() {
    const db = await openDatabase(`clear-during-import-${n++}`);
    open.push(db);
    let clearing: Promise<number> | null = null;
    const report = await importJsonl(db, records(1500), {
      batchSize: 500,
      onProgress: ({ done }) => {
        if (done === 500 && !clearing) clearing = clearUserCorpus(db);
      },
    });
    expect(clearing).not.toBeNull();
    const cleared = await clearing!;
    const remaining = (await readAllArticles(db)).articles.length;
    return { report, cleared, remaining };
  }

  it('waits for the import: it removes all 1,500 it reports added, and none remain', async () => {
    const { report, cleared, remaining } = await clearDuringImport();
    expect(report.added).toBe(1500);
    expect(cleared).toBe(1500);
    expect(remaining).toBe(0);
  });

  it('the same with Web Locks (an import in one page, the clear in another)', async () => {
    // an exclusive LockManager that queues, as the browser's does (Node 20 has none)
    const queues = new Map<string, Promise<unknown>>();
    const locks = {
      request(name: string, ...rest: unknown[]) {
        const [options, callback] = (rest.length === 2 ? rest : [{}, rest[0]]) as [{ ifAvailable?: boolean }, (lock: unknown) => Promise<unknown>];
        const held = queues.get(name);
        if (held && options.ifAvailable) return callback(null);
        const run = (held ?? Promise.resolve()).then(() => callback({ name }));
        const tail = run.catch(() => undefined);
        queues.set(name, tail);
        void tail.then(() => {
          if (queues.get(name) === tail) queues.delete(name);
        });
        return run;
      },
    };
    vi.stubGlobal('navigator', { locks });
    const { report, cleared, remaining } = await clearDuringImport();
    expect(report.added).toBe(1500);
    expect(cleared).toBe(1500);
    expect(remaining).toBe(0);
  });
});

describe('Save and page dates', () => {
  it('a page date that is no calendar day is left out, a real one kept, and the record passes the store schema', async () => {
    const { recordToSave } = await import('../../background/tab-analysis.ts');
    const { CorpusRecordSchema } = await import('../../engine/schemas.ts');
    const page = { url: 'https://news.example/a', title: 'A headline', byline: null, siteName: 'News Example', language: 'en', text: 'Some article text for the record.' };
    const bad = recordToSave({ ...page, published: '2023-02-30T10:00:00Z' });
    expect(bad.published).toBeNull();
    expect(CorpusRecordSchema.safeParse(bad).success).toBe(true);
    expect(recordToSave({ ...page, published: '2024-02-29T10:00:00Z' }).published).toBe('2024-02-29');
  });
});
