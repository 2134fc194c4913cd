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
