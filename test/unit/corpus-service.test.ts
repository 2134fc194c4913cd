// The background's corpus: bundled corpus loaded on first use, the index kept current in place
// as the store changes, never a stale index after a change that lands while a load runs.
import { describe, expect, it } from 'vitest';
import { CorpusService } from '../../background/corpus-service.ts';
import { deleteArticles, putUserArticles, setHidden } from '../../store/database.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { bundledRecords } from '../support/engine.ts';

const mine = (id: string, text: string): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'My Outlet', text, published: '2023-03-16', language: 'en' });

describe('CorpusService', () => {
  it('loads the bundled corpus, then follows adds, hides and deletes incrementally', async () => {
    const service = new CorpusService();
    const index = await service.getIndex();
    expect(index.size).toBe(bundledRecords.length);
    const db = await service.database();
    await putUserArticles(db, [mine('mine-1', 'Qin Gang spoke with Dmytro Kuleba by phone on Thursday about peace talks.')], 'imported');
    service.invalidate();
    const mine1 = (await service.getIndex()).get('mine-1')!;
    expect((await service.getIndex()).entityInfo(mine1.data[mine1.entAt]! >>> 8)?.canonical).toMatch(/Qin Gang|Dmytro Kuleba/);
    expect((await service.getIndex()).size).toBe(bundledRecords.length + 1);
    await setHidden(db, bundledRecords[0]!.id, true);
    service.invalidate();
    expect((await service.getIndex()).get(bundledRecords[0]!.id)).toBeUndefined();
    await deleteArticles(db, ['mine-1']);
    service.invalidate();
    const after = await service.getIndex();
    expect(after.get('mine-1')).toBeUndefined();
    expect(after.size).toBe(bundledRecords.length - 1);
    expect(after).toBe(index); // the same index, updated in place
  });

  it('says what it holds: articles by origin and their own languages, following adds, hides and deletes', async () => {
    // the store is shared with the test above (one fake IndexedDB): counts are taken from where it left them
    const service = new CorpusService();
    const index = await service.getIndex();
    const before = service.makeup();
    expect(before.bundled + before.saved + before.imported).toBe(index.size);
    // the bundled texts are English translations; their records keep the originals' languages
    const shownBundled = bundledRecords.filter((r) => index.has(r.id));
    expect(before.bundled).toBe(shownBundled.length);
    expect([...before.languages].sort()).toEqual([...new Set(shownBundled.map((r) => r.language!))].sort());
    expect(before.languages.length).toBeGreaterThan(2);
    const db = await service.database();
    await putUserArticles(db, [mine('mine-a', 'Qin Gang spoke with Dmytro Kuleba by phone on Thursday.'), { ...mine('mine-b', 'Zweiter Text über die Gespräche in Kiew.'), language: 'ko' }], 'imported');
    service.invalidate();
    await service.getIndex();
    const after = service.makeup();
    expect(after).toMatchObject({ bundled: before.bundled, saved: before.saved, imported: before.imported + 2 });
    expect(after.languages).toContain('ko');
    // most articles first: English now has one more than any other language
    expect(after.languages[0]).toBe('en');
    await setHidden(db, shownBundled[0]!.id, true);
    await deleteArticles(db, ['mine-b']);
    service.invalidate();
    await service.getIndex();
    const last = service.makeup();
    expect(last).toMatchObject({ bundled: before.bundled - 1, imported: before.imported + 1 });
    expect(last.languages).not.toContain('ko');
  });

  it('a change that lands while the index loads is in the index that getIndex returns', async () => {
    const service = new CorpusService();
    const db = await service.database();
    const loading = service.getIndex();
    await putUserArticles(db, [mine('late-1', 'Wang Yi met Antony Blinken in Munich on Saturday to discuss the war.')], 'saved');
    service.invalidate();
    await loading;
    expect((await service.getIndex()).get('late-1')).toBeDefined();
  });
});
