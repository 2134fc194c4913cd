// Opens a database written by every earlier schema version (fixture dumps under
// test/fixtures/db/) with the current code: the reader's articles, hidden flags and settings
// survive, corrupt records are set aside, and a new bundled corpus leaves user articles alone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeFeatures, FEATURES_VERSION, textFingerprint } from '../../engine/features.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { DB_VERSION, openDatabase, readAllArticles, readSettings, syncBundledCorpus, putUserArticles } from '../../store/database.ts';
import { dumpFromJson, loadDump, type DatabaseDump } from '../fixtures/db/dump.ts';
import bundled from '../../corpus/bundled-corpus.json';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { storedArticle } from '../../store/identity.ts';
import { featuresOfRecord } from '../../store/features-codec.ts';
import { StoredFeaturesSchema } from '../../store/schema.ts';
import { keepReadArticle } from '../../store/reading-history.ts';
import { CorpusService } from '../../background/corpus-service.ts';
import { INDEX_SNAPSHOT_FORMAT } from '../../engine/corpus-index-snapshot.ts';
import { readIndexSnapshot } from '../../store/snapshot.ts';

const dir = join(import.meta.dirname, '../fixtures/db');
const fixtures = readdirSync(dir)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => dumpFromJson(readFileSync(join(dir, f), 'utf8')))
  .sort((a, b) => a.version - b.version);

let n = 0;
async function openFixture(dump: DatabaseDump) {
  const name = `upgrade-${dump.version}-${n++}`;
  await loadDump(name, dump);
  return openDatabase(name);
}

function storedValues(dump: DatabaseDump, store: string): Array<Record<string, unknown>> {
  return (dump.stores.find((s) => s.name === store)?.records ?? []).map((r) => r.value as Record<string, unknown>);
}

describe('store upgrades', () => {
  it('has a fixture for every schema version up to the current one', () => {
    expect(fixtures.map((f) => f.version)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
  });

  for (const dump of fixtures) {
    describe(`from schema v${dump.version}`, () => {
      it('keeps every article, origin and hidden flag, and sets the corrupt record aside', async () => {
        const db = await openFixture(dump);
        expect(db.version).toBe(DB_VERSION);
        const { articles, invalid } = await readAllArticles(db);
        const before = storedValues(dump, 'articles');
        const valid = before.filter((v) => v.id !== 'damaged');
        expect(articles.map((a) => a.id).sort()).toEqual(valid.map((v) => v.id).sort());
        for (const v of valid) {
          const a = articles.find((x) => x.id === v.id)!;
          expect(a.record).toEqual(v.record);
          expect(a.origin).toBe(v.origin);
          expect(a.hidden).toBe(v.hidden);
          expect(a.addedAt).toBe(v.addedAt);
          expect(a.fingerprint).toBe(textFingerprint((v.record as CorpusRecord).text));
        }
        expect(invalid.map((i) => i.key)).toEqual(['damaged']);
        expect(invalid[0]!.problems.map((p) => p.field).join(' ')).toMatch(/outlet/);
        // set aside, not deleted
        expect(await db.get('articles', 'damaged')).toBeDefined();
        db.close();
      });

      it('keeps computed features, metadata and settings', async () => {
        const db = await openFixture(dump);
        for (const f of storedValues(dump, 'features')) {
          expect(await db.get('features', f.id as string)).toEqual(f);
          // packed features (v5) read back against their article's text
          const article = storedValues(dump, 'articles').find((a) => a.id === f.id)!;
          if (f.packed) expect(featuresOfRecord(StoredFeaturesSchema.parse(f), (article.record as CorpusRecord).text)).toMatchObject({ title: (article.record as CorpusRecord).title });
        }
        expect(await db.get('meta', 'bundled-version')).toBe(dump.stores.find((s) => s.name === 'meta')!.records.find((r) => r.key === 'bundled-version')!.value);
        const settings = dump.stores.find((s) => s.name === 'settings')?.records.find((r) => r.key === 'corpus')?.value;
        expect((await readSettings(db)).settings).toEqual(settings ?? { exportScope: 'user' });
        db.close();
      });

      it('finds duplicates of upgraded articles by URL and by text', async () => {
        const db = await openFixture(dump);
        const saved = storedValues(dump, 'articles').find((v) => v.origin === 'saved')!.record as CorpusRecord;
        // same page, other tracking parameters and scheme: merged into the saved article
        const [byUrl] = await putUserArticles(db, [{ ...saved, id: 'other-id', url: saved.url!.replace('https://www.', 'http://').replace(/\?.*/, ''), title: 'Updated title' }], 'saved');
        expect(byUrl).toBe(saved.id);
        expect((await db.get('articles', saved.id))!.record.title).toBe('Updated title');
        // same text, other whitespace: merged
        const [byText] = await putUserArticles(db, [{ ...saved, id: 'third-id', url: null, text: `  ${saved.text.replace(/ /g, '\n ')} ` }], 'saved');
        expect(byText).toBe(saved.id);
        const { articles } = await readAllArticles(db);
        expect(articles.filter((a) => a.origin === 'saved' || a.origin === 'imported')).toHaveLength(3);
        // the newer copy's fields win; a field it lacks (url) keeps the stored one
        expect(articles.find((a) => a.id === saved.id)!.record.url).toBe(saved.url!.replace('https://www.', 'http://').replace(/\?.*/, ''));
        db.close();
      });

      it('reading history works on the upgraded store: oldest read articles evicted first, saved and imported ones never', async () => {
        const db = await openFixture(dump);
        const before = await readAllArticles(db);
        const mineBefore = before.articles.filter((a) => a.origin === 'saved' || a.origin === 'imported').map((a) => a.id).sort();
        const readBefore = before.articles.filter((a) => a.origin === 'read').sort((a, b) => a.addedAt - b.addedAt).map((a) => a.id);
        const page = (n: number): CorpusRecord => ({ id: `read-page-${n}`, title: `Page ${n}`, outlet: 'Wire', url: `https://wire.example/p/${n}`, published: '2024-05-01', language: 'en', text: `Report number ${n} on the harbour strike, day ${n}.` });
        // limit 2: each new page pushes the oldest read article out
        const first = await keepReadArticle(db, page(1), { limit: 2, now: 1_720_000_000_000 });
        expect(first.outcome).toBe('added');
        expect(first.evicted).toEqual(readBefore.slice(0, Math.max(0, readBefore.length - 1)));
        await keepReadArticle(db, page(2), { limit: 2, now: 1_720_000_000_001 });
        const third = await keepReadArticle(db, page(3), { limit: 2, now: 1_720_000_000_002 });
        expect(third.evicted).toEqual(['read-page-1']);
        const after = await readAllArticles(db);
        expect(after.articles.filter((a) => a.origin === 'saved' || a.origin === 'imported').map((a) => a.id).sort()).toEqual(mineBefore);
        expect(after.articles.filter((a) => a.origin === 'read').map((a) => a.id).sort()).toEqual(['read-page-2', 'read-page-3']);
        expect(after.articles.filter((a) => a.origin === 'bundled')).toHaveLength(2);
        db.close();
      });

      it('replaces the bundled corpus without touching user articles; a hidden bundled article stays hidden', async () => {
        const db = await openFixture(dump);
        const before = await readAllArticles(db);
        const hiddenRecord = before.articles.find((a) => a.id === 'bundled-hidden')!.record;
        const next: CorpusRecord[] = [
          { ...hiddenRecord, text: `${hiddenRecord.text} Updated.` },
          { id: 'bundled-new', title: 'A new bundled article', outlet: 'Example Wire', url: 'https://wire.example/new', published: '2024-04-01', language: 'en', text: 'Something new happened.' },
        ];
        const result = await syncBundledCorpus(db, next, 'next');
        expect(result).toEqual({ added: 1, updated: 1, removed: 1, skipped: 0 });
        const after = await readAllArticles(db);
        const user = (list: typeof after.articles) => list.filter((a) => a.origin !== 'bundled');
        expect(user(after.articles)).toEqual(user(before.articles));
        const bundled = after.articles.filter((a) => a.origin === 'bundled');
        expect(bundled.map((a) => [a.id, a.hidden])).toEqual([
          ['bundled-hidden', true],
          ['bundled-new', false],
        ]);
        expect(bundled[0]!.record.text).toMatch(/Updated\.$/);
        // running it again changes nothing
        expect(await syncBundledCorpus(db, next, 'next')).toEqual({ added: 0, updated: 0, removed: 0, skipped: 0 });
        expect(after.invalid.map((i) => i.key)).toEqual(['damaged']);
        db.close();
      });

      it('has an index snapshot store: the background rebuilds the index (no sound snapshot), writes one, and the next start loads it', async () => {
        const name = `upgrade-snapshot-${dump.version}-${n++}`;
        await loadDump(name, dump);
        const service = new CorpusService({ databaseName: name, snapshotDelayMs: 60_000 });
        const db = await service.database();
        expect(db.objectStoreNames.contains('snapshot')).toBe(true);
        const before = await readIndexSnapshot(db, { indexFormat: INDEX_SNAPSHOT_FORMAT, featuresVersion: FEATURES_VERSION });
        // v1 to v3 had none; the v4 and v5 fixtures' lost its binary record, and is stale first once the engine's formats moved on
        const header = dump.stores.find((s) => s.name === 'snapshot')?.records.find((r) => r.key === 'header')?.value as { indexFormat: number; featuresVersion: number } | undefined;
        const current = header?.indexFormat === INDEX_SNAPSHOT_FORMAT && header.featuresVersion === FEATURES_VERSION;
        expect(before).toMatchObject({ ok: false, reason: dump.version < 4 ? 'missing' : current ? 'damaged' : 'stale' });
        const index = await service.getIndex();
        expect(service.snapshotLoad).toMatchObject({ from: 'rebuilt' });
        // the fixture's valid, visible articles (and the bundled corpus it is synced to)
        for (const v of storedValues(dump, 'articles').filter((v) => v.id !== 'damaged' && v.origin !== 'bundled')) expect(index.has(v.id as string)).toBe(true);
        expect(index.has('bundled-hidden')).toBe(false);
        expect(await service.flushSnapshot()).toBeGreaterThan(0);
        const next = new CorpusService({ databaseName: name });
        expect((await next.getIndex()).size).toBe(index.size);
        expect(next.snapshotLoad).toMatchObject({ from: 'snapshot', current: true });
        expect(next.makeup()).toEqual(service.makeup());
      });
    });
  }

  it('v4 -> v5 packs the stored features that read back identical and leaves every other record as it was', async () => {
    const name = 'upgrade-pack-features';
    const knowledge = defaultKnowledge();
    const records = (bundled as CorpusRecord[]).slice(0, 12);
    const v4 = await openDatabase({ name, version: 4, skipRecovery: true });
    const plain = records.map((r) => ({ id: r.id, format: FEATURES_VERSION, textFingerprint: textFingerprint(r.text), features: computeFeatures(r, knowledge) }));
    // what a v4 store can also hold: features of an older engine, features of a text since replaced, features of an article gone
    const [changed, stale] = [records[0]!, records[1]!];
    const others = [
      { id: stale.id, format: 1, textFingerprint: textFingerprint(stale.text), features: { terms: { budget: 1 } } },
      { id: 'gone', format: FEATURES_VERSION, textFingerprint: textFingerprint(changed.text), features: plain[0]!.features },
    ];
    const tx = v4.transaction(['articles', 'features'], 'readwrite');
    for (const r of records) await tx.objectStore('articles').put(storedArticle(r === changed ? { ...r, text: `${r.text} Updated since.` } : r, 'imported', false, 1_710_000_000_000));
    for (const f of [...plain.slice(2), ...others, { ...plain[0]!, id: changed.id }]) await tx.objectStore('features').put(f as never);
    await tx.done;
    v4.close();

    const db = await openDatabase(name);
    expect(db.version).toBe(5);
    for (const [i, r] of records.entries()) {
      if (r === changed || r === stale) continue;
      const raw = StoredFeaturesSchema.parse(await db.get('features', r.id));
      expect(raw.features).toBeUndefined();
      expect(raw.packed).toBeInstanceOf(Uint8Array);
      expect(raw).toMatchObject({ id: r.id, format: FEATURES_VERSION, textFingerprint: textFingerprint(r.text) });
      expect(featuresOfRecord(raw, r.text)).toStrictEqual(plain[i]!.features);
    }
    // left as they were
    expect(await db.get('features', stale.id)).toEqual(others[0]);
    expect(await db.get('features', 'gone')).toEqual(others[1]);
    expect(await db.get('features', changed.id)).toEqual({ ...plain[0]!, id: changed.id });
    db.close();
  });

  it('a failing upgrade step leaves the database at its old version with its data', async () => {
    const dump = fixtures[0]!;
    const name = 'upgrade-fails';
    // a v1 database whose articles store is missing the records' key path cannot be indexed by
    // fingerprint: simulate a failing step by making the store not an object store of articles
    await loadDump(name, { ...dump, stores: dump.stores.filter((s) => s.name !== 'articles') });
    await expect(openDatabase(name)).rejects.toBeDefined();
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames].sort()).toEqual(['features', 'meta']);
    raw.close();
  });
});
