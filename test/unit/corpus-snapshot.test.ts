// The background starts from the stored index snapshot (store/snapshot.ts, fake-indexeddb) when it
// is sound and current, and rebuilds the index otherwise: a snapshot of an older engine version,
// a truncated one, a damaged one and one older than the store each end in the same analysis of the
// five seeds as an index built fresh from the store.
import { describe, expect, it } from 'vitest';
import { CorpusService } from '../../background/corpus-service.ts';
import { analyseArticle } from '../../engine/analyze.ts';
import { INDEX_SNAPSHOT_FORMAT } from '../../engine/corpus-index-snapshot.ts';
import { FEATURES_VERSION } from '../../engine/features.ts';
import type { AnalysisResult, CorpusRecord } from '../../engine/schemas.ts';
import { openDatabase, putUserArticles, readArticlesStamp, setHidden } from '../../store/database.ts';
import { deleteIndexSnapshot, readIndexSnapshot, SNAPSHOT_CHUNK_BYTES } from '../../store/snapshot.ts';
import { bundledRecords, knowledge, seedRecord } from '../support/engine.ts';

const SEEDS = ['000', '001', '002', '003', '004'];
const EXPECTED = { indexFormat: INDEX_SNAPSHOT_FORMAT, featuresVersion: FEATURES_VERSION };
const mine = (id: string, text: string): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'My Outlet', text, published: '2023-03-16', language: 'en' });
const USER = [
  mine('zz-mine-1', 'Qin Gang spoke with Dmytro Kuleba by phone on Thursday about peace talks and grain exports.'),
  mine('zz-mine-2', 'Ukraine and China discussed a peace plan; the foreign ministers agreed to keep talking, officials said on Thursday.'),
];

let n = 0;
/** A store with the bundled corpus and two articles of the reader's, indexed once (and its snapshot written). */
async function storeWithSnapshot(): Promise<string> {
  const name = `snapshot-${n++}`;
  const first = new CorpusService({ databaseName: name });
  await first.getIndex();
  await putUserArticles(await first.database(), USER, 'imported');
  first.invalidate();
  await first.getIndex();
  expect(await first.flushSnapshot()).toBeGreaterThan(0);
  return name;
}

async function analyses(service: CorpusService): Promise<AnalysisResult[]> {
  const corpus = await service.getCorpus();
  return Promise.all(SEEDS.map((p) => seedRecord(p)).map((r) => analyseArticle({ title: r.title, text: r.text, published: r.published, outlet: r.outlet }, corpus, knowledge)));
}

/** The analyses from an index built from the store alone (snapshot dropped first). */
async function fresh(name: string): Promise<AnalysisResult[]> {
  const db = await openDatabase(name);
  await deleteIndexSnapshot(db);
  db.close();
  const service = new CorpusService({ databaseName: name });
  const out = await analyses(service);
  expect(service.snapshotLoad).toMatchObject({ from: 'rebuilt', reason: 'missing' });
  return out;
}

/** Changes the stored snapshot's records in place, as another version or a damaged disk left them. */
async function tamper(name: string, change: (store: { get(k: string): Promise<unknown>; put(v: unknown, k: string): Promise<unknown>; delete(k: string): Promise<unknown> }) => Promise<void>) {
  const db = await openDatabase(name);
  const tx = db.transaction('snapshot', 'readwrite');
  await change(tx.store as never);
  await tx.done;
  db.close();
}

describe('index snapshot in the background', () => {
  it('starts from a sound snapshot: the same index, makeup and analyses as a fresh build', async () => {
    const name = await storeWithSnapshot();
    const service = new CorpusService({ databaseName: name });
    const index = await service.getIndex();
    expect(service.snapshotLoad).toMatchObject({ from: 'snapshot', current: true });
    expect(index.size).toBe(bundledRecords.length + USER.length);
    const fromSnapshot = await analyses(service);
    const makeup = service.makeup();
    expect(fromSnapshot.some((a) => a.related.some((r) => r.id === 'zz-mine-1'))).toBe(true);
    expect(fromSnapshot).toEqual(await fresh(name));
    const rebuilt = new CorpusService({ databaseName: name });
    await rebuilt.getIndex();
    expect(rebuilt.makeup()).toEqual(makeup);
  });

  it('rebuilds from a snapshot of an older engine (index format or features version) and gives the same analyses', async () => {
    for (const field of ['indexFormat', 'featuresVersion'] as const) {
      const name = await storeWithSnapshot();
      await tamper(name, async (store) => {
        const header = (await store.get('header')) as Record<string, number>;
        await store.put({ ...header, [field]: header[field]! - 1 }, 'header');
      });
      const service = new CorpusService({ databaseName: name });
      const out = await analyses(service);
      expect(service.snapshotLoad).toMatchObject({ from: 'rebuilt', reason: 'stale' });
      expect(out).toEqual(await fresh(name));
    }
  });

  it('rebuilds from a truncated or damaged snapshot and gives the same analyses', async () => {
    const damages: Array<[string, (store: Parameters<Parameters<typeof tamper>[1]>[0]) => Promise<void>]> = [
      ['truncated', async (store) => {
        await store.put(((await store.get('chunk-000000')) as ArrayBuffer).slice(0, 1000), 'chunk-000000');
      }],
      ['a chunk missing', (store) => store.delete('chunk-000000').then(() => undefined)],
      ['a byte changed', async (store) => {
        const bytes = new Uint8Array(((await store.get('chunk-000000')) as ArrayBuffer).slice(0));
        bytes[bytes.length >> 1]! ^= 1;
        await store.put(bytes.buffer, 'chunk-000000');
      }],
      ['a header that does not parse', (store) => store.put({ format: 1, articles: 'many' }, 'header').then(() => undefined)],
    ];
    for (const [what, damage] of damages) {
      const name = await storeWithSnapshot();
      await tamper(name, damage);
      const service = new CorpusService({ databaseName: name });
      const out = await analyses(service);
      expect(service.snapshotLoad, what).toMatchObject({ from: 'rebuilt', reason: 'damaged' });
      expect(out, what).toEqual(await fresh(name));
    }
  });

  it('brings a snapshot older than the store up to date (an article saved, another hidden meanwhile), then writes a current one', async () => {
    const name = await storeWithSnapshot();
    const db = await openDatabase(name);
    const before = await readArticlesStamp(db);
    await putUserArticles(db, [mine('zz-mine-3', 'Dmytro Kuleba said on Thursday that Qin Gang promised to respect Ukraine\'s territorial integrity.')], 'saved');
    await setHidden(db, bundledRecords[0]!.id, true);
    expect(await readArticlesStamp(db)).toBe(before + 2);
    db.close();
    const service = new CorpusService({ databaseName: name });
    const index = await service.getIndex();
    expect(service.snapshotLoad).toMatchObject({ from: 'snapshot', current: false });
    expect(index.has('zz-mine-3')).toBe(true);
    expect(index.has(bundledRecords[0]!.id)).toBe(false);
    const out = await analyses(service);
    await service.flushSnapshot();
    const again = new CorpusService({ databaseName: name });
    expect(await analyses(again)).toEqual(out);
    expect(again.snapshotLoad).toMatchObject({ from: 'snapshot', current: true });
    expect(out).toEqual(await fresh(name));
  });

  it('saving articles records them beside the snapshot (it is not written again); the next start replays them and gives the same analyses', async () => {
    const name = await storeWithSnapshot();
    const service = new CorpusService({ databaseName: name, snapshotDelayMs: 60_000 });
    await service.getIndex();
    const db = await openDatabase(name);
    const before = await readIndexSnapshot(db, EXPECTED);
    for (const [i, text] of ['Qin Gang and Dmytro Kuleba spoke again on Friday about the grain deal.', 'Kuleba said on Saturday that the call with Qin Gang was long and frank.'].entries()) {
      expect(await service.saveArticle(mine(`zz-saved-${i}`, text))).toMatchObject({ outcome: 'added', indexed: true });
    }
    // the stored snapshot is the one written before the saves: nothing but the delta was written
    const after = await readIndexSnapshot(db, EXPECTED);
    expect(after.ok && after.header).toEqual(before.ok && before.header);
    expect(await readArticlesStamp(db)).toBe((before.ok ? before.header.stamp : -1) + 2);
    db.close();
    const live = await analyses(service);
    const next = new CorpusService({ databaseName: name });
    const replayed = await analyses(next);
    expect(next.snapshotLoad).toMatchObject({ from: 'snapshot', current: true, replayed: 2 });
    expect((await next.getIndex()).has('zz-saved-1')).toBe(true);
    expect(replayed).toEqual(live);
    expect(replayed).toEqual(await fresh(name));
  });

  it('a delta that does not lead to the store (a change made elsewhere after the saves) is not replayed: the pass brings the index up to date', async () => {
    const name = await storeWithSnapshot();
    const service = new CorpusService({ databaseName: name, snapshotDelayMs: 60_000 });
    await service.getIndex();
    await service.saveArticle(mine('zz-saved-a', 'Qin Gang and Dmytro Kuleba spoke again on Friday about the grain deal.'));
    const db = await openDatabase(name);
    await setHidden(db, bundledRecords[1]!.id, true);
    db.close();
    const next = new CorpusService({ databaseName: name });
    const out = await analyses(next);
    expect(next.snapshotLoad).toMatchObject({ from: 'snapshot', current: false, replayed: 0 });
    const index = await next.getIndex();
    expect(index.has('zz-saved-a')).toBe(true);
    expect(index.has(bundledRecords[1]!.id)).toBe(false);
    expect(out).toEqual(await fresh(name));
  });

  it('saving one article keeps the snapshot current without a pass over the store', async () => {
    const name = await storeWithSnapshot();
    const service = new CorpusService({ databaseName: name, snapshotDelayMs: 60_000 });
    await service.getIndex();
    const saved = await service.saveArticle(mine('zz-mine-4', 'Qin Gang and Dmytro Kuleba spoke again on Friday about the grain deal.'));
    expect(saved).toMatchObject({ outcome: 'added', indexed: true });
    await service.flushSnapshot();
    const db = await openDatabase(name);
    const read = await readIndexSnapshot(db, EXPECTED);
    expect(read.ok && read.header.stamp).toBe(await readArticlesStamp(db));
    expect(read.ok && read.extras.ids).toContain('zz-mine-4');
    expect(read.ok && read.header.chunks).toBe(Math.ceil((read.ok ? read.header.byteLength : 0) / SNAPSHOT_CHUNK_BYTES));
    db.close();
    const next = new CorpusService({ databaseName: name });
    expect((await next.getIndex()).has('zz-mine-4')).toBe(true);
    expect(next.snapshotLoad).toMatchObject({ from: 'snapshot', current: true });
  });

  it('a page kept in the reading history is recorded beside the snapshot; one that evicts older read pages has the snapshot written again; each next start holds what the store holds', async () => {
    const name = await storeWithSnapshot();
    const service = new CorpusService({ databaseName: name, snapshotDelayMs: 60_000 });
    await service.getIndex();
    const db = await openDatabase(name);
    const first = await service.keepRead(mine('zz-read-1', 'Qin Gang and Dmytro Kuleba spoke again on Friday about the grain deal.'), 1);
    expect(first).toMatchObject({ outcome: 'added', evicted: [] });
    expect(first.stamp.after).toBe(first.stamp.before + 1);
    expect(await readArticlesStamp(db)).toBe(first.stamp.after);
    const next = new CorpusService({ databaseName: name });
    expect((await next.getIndex()).has('zz-read-1')).toBe(true);
    expect(next.snapshotLoad).toMatchObject({ from: 'snapshot', current: true, replayed: 1 });
    // a second read page at a limit of 1 evicts the first: not a delta, the snapshot is written again
    const second = await service.keepRead(mine('zz-read-2', 'Kuleba said on Saturday that the call with Qin Gang was long and frank.'), 1);
    expect(second).toMatchObject({ outcome: 'added', evicted: ['zz-read-1'] });
    await service.flushSnapshot();
    const read = await readIndexSnapshot(db, EXPECTED);
    expect(read.ok && read.header.stamp).toBe(await readArticlesStamp(db));
    expect(read.ok && read.extras.ids).toContain('zz-read-2');
    expect(read.ok && read.extras.ids).not.toContain('zz-read-1');
    db.close();
    const last = new CorpusService({ databaseName: name });
    const index = await last.getIndex();
    expect(last.snapshotLoad).toMatchObject({ from: 'snapshot', current: true });
    expect(index.has('zz-read-2')).toBe(true);
    expect(index.has('zz-read-1')).toBe(false);
    expect(await analyses(last)).toEqual(await fresh(name));
  });
});
