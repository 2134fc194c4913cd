// The store's everyday operations: validated reads (bad records set aside), delete, hide,
// clear, settings, saving a page, and the options page's admin interface over IndexedDB.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { createIdbCorpusAdmin } from '../../store/corpus-admin.ts';
import {
  clearUserCorpus,
  deleteArticles,
  deleteInvalidRecords,
  openDatabase,
  putUserArticles,
  readAllArticles,
  readSettings,
  setHidden,
  syncBundledCorpus,
  writeSettings,
  type Database,
} from '../../store/database.ts';
import { urlKey } from '../../store/identity.ts';

let n = 0;
const open: Database[] = [];
async function freshDb(): Promise<Database> {
  const db = await openDatabase(`store-${n++}`);
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const rec = (id: string, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: `https://example.com/${id}`, published: '2024-01-01', language: 'en', text: `Text of ${id}.`, ...extra });
const BUNDLED = [rec('b1'), rec('b2', { language: 'fr' })];

describe('urlKey', () => {
  it('ignores scheme, www, fragment, tracking parameters, trailing slash and host case', () => {
    const key = urlKey('https://www.Example.com/news/story/?utm_source=x&id=3&fbclid=y#comments');
    expect(key).toBe('example.com/news/story?id=3');
    expect(urlKey('http://example.com/news/story?id=3')).toBe(key);
    expect(urlKey('  ')).toBeUndefined();
    expect(urlKey(null)).toBeUndefined();
    expect(urlKey('not a url')).toBe('not a url');
  });
});

describe('reads are validated', () => {
  it('sets aside records that fail validation, across pages of reads, without touching them', async () => {
    const db = await freshDb();
    await putUserArticles(db, Array.from({ length: 2500 }, (_, i) => rec(`a${String(i).padStart(4, '0')}`)), 'imported');
    const tx = db.transaction('articles', 'readwrite');
    await tx.store.put({ id: 'a1500', record: { id: 'a1500' } } as never);
    await tx.store.put({ id: 'zz', origin: 'martian' } as never);
    await tx.done;
    const { articles, invalid } = await readAllArticles(db);
    expect(articles).toHaveLength(2499);
    expect(invalid.map((i) => i.key)).toEqual(['a1500', 'zz']);
    expect(invalid[0]!.problems).toContainEqual({ field: 'record.title', problem: { code: 'missing' } });
    expect(await db.get('articles', 'zz')).toEqual({ id: 'zz', origin: 'martian' });
    // deleting set-aside records only deletes records that are still invalid
    expect(await deleteInvalidRecords(db, [{ store: 'articles', key: 'zz' }, { store: 'articles', key: 'a0001' }])).toBe(1);
    expect((await readAllArticles(db)).invalid.map((i) => i.key)).toEqual(['a1500']);
  });
});

describe('the reader’s articles', () => {
  it('delete removes user articles and their features, never bundled ones', async () => {
    const db = await freshDb();
    await syncBundledCorpus(db, BUNDLED, 'v');
    await putUserArticles(db, [rec('u1'), rec('u2')], 'saved');
    await db.put('features', { id: 'u1', format: 1, textFingerprint: 'x', features: {} });
    expect(await deleteArticles(db, ['u1', 'b1', 'missing'])).toBe(1);
    expect((await readAllArticles(db)).articles.map((a) => a.id)).toEqual(['b1', 'b2', 'u2']);
    expect(await db.get('features', 'u1')).toBeUndefined();
  });

  it('hide and unhide; a hidden bundled article stays hidden through a bundled update', async () => {
    const db = await freshDb();
    await syncBundledCorpus(db, BUNDLED, 'v1');
    expect(await setHidden(db, 'b2', true)).toBe(true);
    expect(await setHidden(db, 'nope', true)).toBe(false);
    await syncBundledCorpus(db, [rec('b1'), rec('b2', { text: 'New text.' })], 'v2');
    const b2 = (await readAllArticles(db)).articles.find((a) => a.id === 'b2')!;
    expect(b2).toMatchObject({ hidden: true, record: { text: 'New text.' } });
    await setHidden(db, 'b2', false);
    expect((await readAllArticles(db)).articles.find((a) => a.id === 'b2')!.hidden).toBe(false);
  });

  it('clear removes saved and imported articles in one go and keeps the bundled ones', async () => {
    const db = await freshDb();
    await syncBundledCorpus(db, BUNDLED, 'v');
    await putUserArticles(db, [rec('u1')], 'saved');
    await putUserArticles(db, [rec('u2'), rec('u3')], 'imported');
    expect(await clearUserCorpus(db)).toBe(3);
    expect((await readAllArticles(db)).articles.map((a) => a.id)).toEqual(['b1', 'b2']);
  });

  it('saving a page twice, or a page that is already bundled, adds nothing', async () => {
    const db = await freshDb();
    await syncBundledCorpus(db, BUNDLED, 'v');
    expect(await putUserArticles(db, [rec('saved-1')], 'saved')).toEqual(['saved-1']);
    expect(await putUserArticles(db, [rec('saved-1', { title: 'Better title' })], 'saved')).toEqual(['saved-1']);
    expect(await putUserArticles(db, [rec('saved-2', { url: 'https://example.com/b1' })], 'saved')).toEqual(['b1']);
    const { articles } = await readAllArticles(db);
    expect(articles.map((a) => [a.id, a.origin, a.record.title])).toEqual([
      ['b1', 'bundled', 'Title b1'],
      ['b2', 'bundled', 'Title b2'],
      ['saved-1', 'saved', 'Better title'],
    ]);
  });

  it('a bundled update leaves out a record the reader already has under another id', async () => {
    const db = await freshDb();
    await putUserArticles(db, [rec('mine', { url: 'https://example.com/b3' })], 'saved');
    expect(await syncBundledCorpus(db, [...BUNDLED, rec('b3')], 'v')).toMatchObject({ added: 2, skipped: 1 });
  });
});

describe('settings', () => {
  it('defaults, round trip, and a corrupt record set aside', async () => {
    const db = await freshDb();
    expect(await readSettings(db)).toEqual({ settings: { exportScope: 'user' }, invalid: null });
    await writeSettings(db, { exportScope: 'all' });
    expect((await readSettings(db)).settings).toEqual({ exportScope: 'all' });
    await db.put('settings', { exportScope: 'everything' }, 'corpus');
    const read = await readSettings(db);
    expect(read.settings).toEqual({ exportScope: 'user' });
    expect(read.invalid).toMatchObject({ store: 'settings', key: 'corpus' });
  });
});

describe('the options page’s admin interface over IndexedDB', () => {
  it('counts by origin and language, lists newest first, and tells the background after each write', async () => {
    const name = `admin-${n++}`;
    const db = await openDatabase(name);
    open.push(db);
    await syncBundledCorpus(db, BUNDLED, 'v');
    const notifyChanged = vi.fn();
    const admin = createIdbCorpusAdmin({ name, notifyChanged });
    const checked = await admin.checkImport(`${JSON.stringify(rec('i1', { language: 'de' }))}\n${JSON.stringify(rec('i2', { language: null }))}\n`);
    expect(await admin.runImport(checked)).toMatchObject({ added: 2 });
    expect(notifyChanged).toHaveBeenCalledTimes(1);
    await admin.setHidden('b1', true);
    const overview = await admin.overview();
    expect(overview.byOrigin).toEqual({ bundled: 2, saved: 0, imported: 2, read: 0 });
    expect(overview.byLanguage).toEqual([
      { language: 'de', count: 1 },
      { language: 'en', count: 1 },
      { language: 'fr', count: 1 },
      { language: 'unknown', count: 1 },
    ]);
    expect(overview.hidden).toBe(1);
    expect(overview.articles.slice(0, 2).map((a) => a.id).sort()).toEqual(['i1', 'i2']);
    expect(await admin.deleteArticles(['i1'])).toBe(1);
    expect(await admin.clearUserCorpus()).toBe(1);
    expect(notifyChanged).toHaveBeenCalledTimes(4);
    await admin.saveSettings({ exportScope: 'all' });
    expect((await admin.overview()).settings.exportScope).toBe('all');
  });
});
