// Import of JSONL files into the store: all or nothing, line reports, duplicates, batches,
// rollbacks, and export -> import round trips. fake-indexeddb, a fresh database per test.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { openDatabase, readAllArticles, readArticlesStamp, setHidden, syncBundledCorpus, putUserArticles, type Database } from '../../store/database.ts';
import { lineErrorMessages, storeErrorMessage } from '../../i18n/store-messages.ts';
import { exportCorpus } from '../../store/export.ts';
import { checkImportFile, importChecked, importJsonl, ImportRejectedError } from '../../store/import.ts';
import { beginImport, recoverInterruptedImport, withImportLock, writeJournalledBatch } from '../../store/journal.ts';
import { storedArticle } from '../../store/identity.ts';
import type { StoredArticle } from '../../store/schema.ts';
import { dumpDatabase } from '../fixtures/db/dump.ts';

let n = 0;
const open: Database[] = [];
async function freshDb(): Promise<{ db: Database; name: string }> {
  const name = `import-${n++}`;
  const db = await openDatabase(name);
  open.push(db);
  return { db, name };
}
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  vi.restoreAllMocks();
});

const BUNDLED: CorpusRecord[] = [
  { id: 'b1', title: 'Budget passes', outlet: 'Example Times', url: 'https://example.com/budget', published: '2024-03-01', language: 'en', text: 'Parliament passed the budget on Friday.' },
  { id: 'b2', title: 'Storm', outlet: 'Example Post', url: 'https://example.org/storm', published: '2024-03-02', language: 'en', text: 'A storm hit the coast on Saturday.' },
];

function record(i: number, extra: Partial<CorpusRecord> = {}): CorpusRecord {
  return {
    id: `rec-${i}`,
    title: `Article number ${i}`,
    outlet: `Outlet ${i % 7}`,
    url: `https://news${i % 13}.example/story/${i}`,
    published: `2024-0${(i % 9) + 1}-1${i % 10}`,
    language: ['en', 'fr', 'de', 'es'][i % 4]!,
    text: `Story ${i}: the council met on Tuesday and voted ${i} to ${i % 5} on the proposal about item ${i * 31}. ${'More words follow here. '.repeat(20)}`,
    ...extra,
  };
}
const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/**
 * The database's contents: its dump without the articles stamp, which counts writes (store/stamp.ts)
 * and goes up with every import batch and rollback, so that no index snapshot taken meanwhile is trusted.
 */
async function contents(name: string) {
  const dump = await dumpDatabase(name);
  return { ...dump, stores: dump.stores.map((s) => (s.name === 'meta' ? { ...s, records: s.records.filter((r) => r.key !== 'articles-stamp') } : s)) };
}

async function seeded() {
  const t = await freshDb();
  await syncBundledCorpus(t.db, BUNDLED, 'test');
  await setHidden(t.db, 'b2', true);
  await putUserArticles(t.db, [record(1000, { title: 'Saved one' })], 'saved');
  return t;
}

async function expectRejectedUnchanged(text: string, match: RegExp) {
  const { db, name } = await seeded();
  const before = await contents(name);
  const error = await importJsonl(db, text).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRejectedError);
  expect(storeErrorMessage(error)).toMatch(/nothing was imported|empty/i);
  const report = lineErrorMessages((error as ImportRejectedError).checked.errors).join('\n') || storeErrorMessage(error);
  expect(report).toMatch(match);
  expect(await contents(name)).toEqual(before);
  return (error as ImportRejectedError).checked;
}

describe('import: bad files are rejected whole, with each bad line named, and change nothing', () => {
  it('a line that is not JSON', async () => {
    const checked = await expectRejectedUnchanged(`${JSON.stringify(record(1))}\n{"id": "x", oops\n`, /^line 2: not valid JSON \(/);
    expect(checked.entries).toHaveLength(1);
  });

  it('a missing field and a wrong-typed field, each named with its line', async () => {
    const { outlet: _outlet, ...noOutlet } = record(2);
    const checked = await expectRejectedUnchanged(jsonl([record(1), noOutlet, { ...record(3), published: 20240301 }, { ...record(4), language: 'English' }]), /line 2: outlet: missing\nline 3: published: expected an ISO date such as 2023-03-16, got a number\nline 4: language: expected an ISO 639-1 code such as "en", got "English"/);
    expect(checked.errors.map((e) => [e.line, e.problems.map((p) => p.field)])).toEqual([
      [2, ['outlet']],
      [3, ['published']],
      [4, ['language']],
    ]);
  });

  it('a 20 MB line', async () => {
    const huge = JSON.stringify({ ...record(5), text: 'x'.repeat(20 * 1024 * 1024) });
    await expectRejectedUnchanged(`${JSON.stringify(record(1))}\n${huge}\n`, /^line 2: line is too long \(20,971,/);
  });

  it('a text over the record limit (valid JSON)', async () => {
    await expectRejectedUnchanged(`${JSON.stringify({ ...record(5), text: 'y'.repeat(2_000_001) })}\n`, /^line 1: text: /);
  });

  it('an empty file, and one of blank lines', async () => {
    await expectRejectedUnchanged('', /empty/);
    await expectRejectedUnchanged('\n \r\n\n', /empty/);
  });

  it('a line that is JSON but not an object, and bad export extras', async () => {
    await expectRejectedUnchanged(`[1,2]\n${JSON.stringify({ ...record(1), sidelight: { origin: 'stolen' } })}\n`, /line 1: expected a JSON object \(one article a line\), got an array\nline 2: sidelight\.origin: expected one of /);
  });

  it('reports the first 20 bad lines, then how many more', async () => {
    const lines = Array.from({ length: 45 }, (_, i) => (i % 2 ? JSON.stringify(record(i)) : '{bad'));
    const checked = await checkImportFile(lines.join('\n'));
    expect(checked.errors).toHaveLength(23);
    const report = lineErrorMessages(checked.errors);
    expect(report).toHaveLength(21);
    expect(report[0]).toMatch(/^line 1: /);
    expect(report[19]).toMatch(/^line 39: /);
    expect(report[20]).toBe('and 3 more lines');
  });

  it('then imports only the valid lines when asked', async () => {
    const { db } = await seeded();
    const checked = await checkImportFile(`${JSON.stringify(record(1))}\nnot json\n${JSON.stringify(record(2))}\n`);
    const report = await importChecked(db, checked, { validOnly: true });
    expect(report).toMatchObject({ added: 2, skippedInvalid: 1, merged: 0 });
    expect((await readAllArticles(db)).articles.filter((a) => a.origin === 'imported').map((a) => a.id).sort()).toEqual(['rec-1', 'rec-2']);
  });
});

describe('import: encodings and line ends', () => {
  it('accepts a BOM and CRLF line ends', async () => {
    const { db } = await freshDb();
    const text = `\uFEFF${JSON.stringify(record(1))}\r\n${JSON.stringify(record(2))}\r\n\r\n`;
    const report = await importJsonl(db, text);
    expect(report.added).toBe(2);
    const { articles } = await readAllArticles(db);
    expect(articles.map((a) => a.record)).toEqual([record(1), record(2)]);
  });

  it('numbers lines across CRLF, LF and blank lines; a CR inside a line is part of it', async () => {
    const bad = '{"id": "x"}';
    const text = `\uFEFF${JSON.stringify(record(1))}\r\n\r\n${bad}\n${JSON.stringify(record(2))}\r\n{"id":\r"y"}\r\n \r\n${bad}\r`;
    const checked = await checkImportFile(text);
    expect(checked.lines).toBe(5);
    expect(checked.entries.map((e) => [e.line, e.record.id])).toEqual([
      [1, 'rec-1'],
      [4, 'rec-2'],
    ]);
    expect(checked.errors.map((e) => e.line)).toEqual([3, 5, 7]);
  });
});

describe('import: duplicates are merged, not doubled', () => {
  it('same id, same URL, same text up to whitespace: in the file and against the store', async () => {
    const { db } = await seeded();
    const stored = record(1000, { title: 'Saved one' });
    const lines = [
      record(1),
      { ...record(1), title: 'Same id, later line wins' }, // id, within file
      { ...record(2), id: 'other-2', url: record(1).url!.replace('https://', 'http://www.') + '/?utm_source=x' }, // url, within file
      { ...record(3), url: null, text: `  ${record(1).text.replace(/ /g, '   ')}\n` }, // text, within file
      { ...stored, title: 'Saved one, updated', published: null }, // id, against the store
      { ...record(4), url: stored.url, published: null }, // url, against the store
      { ...record(5), url: null, published: null, text: stored.text.replace(/\./g, ' .') }, // text, against the store
      { ...BUNDLED[0]!, id: 'copy-of-bundled' }, // url of a bundled article: not added
      record(6),
    ];
    const report = await importJsonl(db, jsonl(lines));
    expect(report).toMatchObject({ added: 2, merged: 6, alreadyBundled: 1, duplicates: { id: 2, url: 3, text: 2 } });
    const { articles } = await readAllArticles(db);
    expect(articles.map((a) => a.id).sort()).toEqual(['b1', 'b2', 'rec-1', 'rec-1000', 'rec-6']);
    const merged = articles.find((a) => a.id === 'rec-1000')!;
    expect(merged.origin).toBe('saved');
    // a field the newer copy lacks keeps the stored value
    expect(merged.record.published).toBe(stored.published);
    // lines 1-4 are one article: each later line's fields win, under the first line's id
    const rec1 = articles.find((a) => a.id === 'rec-1')!;
    expect(rec1.record.title).toBe('Article number 3');
    expect(rec1.record.url).toBe(lines[2]!.url);
  });

  it('finds them the same way when the corpus is large next to the file (lookups instead of index walks)', async () => {
    const { db } = await freshDb();
    await importJsonl(db, jsonl(Array.from({ length: 60 }, (_, i) => record(i))));
    const report = await importJsonl(db, jsonl([{ ...record(100), url: record(7).url }, { ...record(101), url: null, text: ` ${record(8).text}  ` }, record(102)]));
    expect(report).toMatchObject({ added: 1, merged: 2, duplicates: { id: 0, url: 1, text: 1 } });
    expect((await readAllArticles(db)).articles).toHaveLength(61);
  });

  it('importing the same file twice adds nothing the second time', async () => {
    const { db } = await freshDb();
    const text = jsonl(Array.from({ length: 30 }, (_, i) => record(i)));
    expect((await importJsonl(db, text)).added).toBe(30);
    const before = (await readAllArticles(db)).articles;
    const again = await importJsonl(db, text);
    expect(again).toMatchObject({ added: 0, merged: 30, duplicates: { id: 30, url: 0, text: 0 } });
    expect((await readAllArticles(db)).articles).toEqual(before);
  });
});

describe('export then import gives back an identical corpus', () => {
  // a bundled article's addedAt is when this profile installed the bundled corpus: not the reader's data
  const comparable = ({ articles }: { articles: StoredArticle[] }) => articles.map((a) => (a.origin === 'bundled' ? { ...a, addedAt: 0 } : a));

  it('the user corpus, into a fresh profile with the same bundled corpus', async () => {
    const a = await seeded();
    await importJsonl(a.db, jsonl([record(1), record(2, { url: undefined, published: undefined, language: undefined }), record(3, { text: 'Ünïcödé “quotes” — and\nnew lines\ttabs \u2028 separators 🎉' })]));
    const exported = await exportCorpus(a.db, 'user');
    expect(exported.count).toBe(4);
    const b = await freshDb();
    await syncBundledCorpus(b.db, BUNDLED, 'test');
    await setHidden(b.db, 'b2', true);
    const report = await importJsonl(b.db, exported.lines.join(''));
    expect(report.added).toBe(4);
    expect(comparable(await readAllArticles(b.db))).toEqual(comparable(await readAllArticles(a.db)));
    // and exporting again gives the same file
    expect((await exportCorpus(b.db, 'user')).lines).toEqual(exported.lines);
  });

  it('everything, with hidden flags, into a fresh profile', async () => {
    const a = await seeded();
    await importJsonl(a.db, jsonl([record(1), record(2)]));
    const exported = await exportCorpus(a.db, 'all');
    expect(exported.count).toBe(5);
    const b = await freshDb();
    await syncBundledCorpus(b.db, BUNDLED, 'test'); // nothing hidden yet
    const report = await importJsonl(b.db, exported.lines.join(''));
    expect(report).toMatchObject({ added: 3, alreadyBundled: 2 });
    expect(comparable(await readAllArticles(b.db))).toEqual(comparable(await readAllArticles(a.db)));
  });

  it('into the same corpus, changes nothing', async () => {
    const { db, name } = await seeded();
    await importJsonl(db, jsonl([record(1), record(2)]));
    const before = await contents(name);
    await importJsonl(db, (await exportCorpus(db, 'all')).lines.join(''));
    expect(await contents(name)).toEqual(before);
  });
});

describe('an interrupted import leaves the store as before', () => {
  const file = jsonl([...Array.from({ length: 1200 }, (_, i) => record(i)), { ...record(1000, { title: 'Saved one' }), title: 'overwritten by the import' }]);

  it('an exception thrown mid-import (after two of three batches) rolls everything back', async () => {
    const { db, name } = await seeded();
    const before = await contents(name);
    const stamp = await readArticlesStamp(db);
    const progress: number[] = [];
    const error = await importJsonl(db, file, {
      onProgress: ({ done }) => {
        progress.push(done);
        if (done === 1000) throw new Error('simulated crash');
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('simulated crash');
    expect(progress).toEqual([0, 500, 1000]);
    expect(await contents(name)).toEqual(before);
    // two batches and the rollback each counted as a write: an index taken meanwhile is not current
    expect(await readArticlesStamp(db)).toBe(stamp + 3);
  });

  it('a cancel (AbortSignal) between batches rolls back', async () => {
    const { db, name } = await seeded();
    const before = await contents(name);
    const controller = new AbortController();
    const error = await importJsonl(db, file, { signal: controller.signal, onProgress: ({ done }) => done === 500 && controller.abort() }).catch((e: unknown) => e);
    expect(storeErrorMessage(error)).toMatch(/cancelled/);
    expect(await contents(name)).toEqual(before);
  });

  it('a full disk (QuotaExceededError) in the third batch rolls back, with a clear message', async () => {
    const { db, name } = await seeded();
    const before = await contents(name);
    let writes = 0;
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'articles' && ++writes > 1100) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(this, args);
      });
    }
    const error = await importJsonl(db, file).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(storeErrorMessage(error)).toMatch(/storage for Sidelight is full.*nothing already stored was lost/);
    expect(await contents(name)).toEqual(before);
  });

  it('an importer that died (page closed) is rolled back when the store is next opened', async () => {
    const { db, name } = await seeded();
    const before = await contents(name);
    await beginImport(db, 2);
    const stored = (await readAllArticles(db)).articles.find((a) => a.id === 'rec-1000')!;
    await writeJournalledBatch(db, [
      { id: 'new-1', knownAbsent: true, next: () => storedArticle(record(1, { id: 'new-1' }), 'imported', false, 1) },
      { id: 'rec-1000', knownAbsent: false, next: () => ({ ...stored, record: { ...stored.record, title: 'half imported' } }) },
    ]);
    db.close();
    // the importer's heartbeat is recent: it is taken for alive
    const other = await openDatabase(name);
    open.push(other);
    expect((await readAllArticles(other)).articles.some((a) => a.id === 'new-1')).toBe(true);
    expect(await recoverInterruptedImport(other)).toBe('busy');
    // and once it is stale (or, in a browser, its Web Lock is gone), rolled back
    expect(await recoverInterruptedImport(other, { staleAfterMs: -1 })).toBe('rolled-back');
    expect(await contents(name)).toEqual(before);
    expect(await recoverInterruptedImport(other, { staleAfterMs: -1 })).toBe('none');
  });

  it('with Web Locks, an import is alive exactly while its lock is held', async () => {
    // a minimal exclusive LockManager (Node 20 has none)
    const held = new Set<string>();
    const locks = {
      async request(name: string, ...rest: unknown[]) {
        const [options, callback] = (rest.length === 2 ? rest : [{}, rest[0]]) as [{ ifAvailable?: boolean }, (lock: unknown) => Promise<unknown>];
        if (held.has(name)) {
          if (options.ifAvailable) return callback(null);
          throw new Error('this fake does not queue');
        }
        held.add(name);
        try {
          return await callback({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    vi.stubGlobal('navigator', { locks });
    try {
      const { db, name } = await seeded();
      const before = await contents(name);
      let release!: () => void;
      const importing = withImportLock(async () => {
        await beginImport(db, 1);
        await writeJournalledBatch(db, [{ id: 'new-1', knownAbsent: true, next: () => storedArticle(record(1, { id: 'new-1' }), 'imported', false, 1) }]);
        await new Promise<void>((resolve) => (release = resolve));
      });
      await vi.waitFor(() => expect(release).toBeDefined());
      // alive (lock held), however old its heartbeat
      expect(await recoverInterruptedImport(db, { staleAfterMs: -1 })).toBe('busy');
      release();
      await importing; // the importer "dies" without committing: the lock is released
      expect(await recoverInterruptedImport(db)).toBe('rolled-back');
      expect(await contents(name)).toEqual(before);
      // a dead import found by the next importer (which holds the lock) is rolled back first
      await beginImport(db, 1);
      await writeJournalledBatch(db, [{ id: 'new-2', knownAbsent: true, next: () => storedArticle(record(2, { id: 'new-2' }), 'imported', false, 1) }]);
      const report = await importJsonl(db, jsonl([record(3)]));
      expect(report.added).toBe(1);
      expect((await readAllArticles(db)).articles.map((a) => a.id)).not.toContain('new-2');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a second import while one is alive is refused', async () => {
    const { db } = await seeded();
    await beginImport(db, 1);
    await expect(importJsonl(db, jsonl([record(1)]))).rejects.toThrow(/Another import is running/);
  });
});

describe('a 10,000-line import', () => {
  it('writes 10,000 articles in batches of 500, reporting progress', async () => {
    const { db } = await seeded();
    const text = jsonl(Array.from({ length: 10_000 }, (_, i) => record(i)));
    const t0 = performance.now();
    const checked = await checkImportFile(text);
    const t1 = performance.now();
    const progress: number[] = [];
    const report = await importChecked(db, checked, { onProgress: ({ done }) => progress.push(done) });
    const t2 = performance.now();
    // rec-1000 is already stored (saved): merged
    expect(report).toMatchObject({ added: 9_999, merged: 1 });
    expect(progress).toHaveLength(21);
    expect((await readAllArticles(db)).articles).toHaveLength(10_002);
    console.log(`10,000 lines (${(text.length / 1e6).toFixed(1)} MB): check ${Math.round(t1 - t0)} ms, write ${Math.round(t2 - t1)} ms (fake-indexeddb), ${Math.round(10_000 / ((t2 - t0) / 1000))} articles/s`);
  });
});
