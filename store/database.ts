// The one module that owns Sidelight's IndexedDB schema (through idb): versioned upgrades,
// validated reads, the bundled corpus sync and the reader's own articles.
// Imports (batched, all or nothing) are in import.ts, their journal in journal.ts.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb';
import { textFingerprint, type ArticleFeatures } from '../engine/features.ts';
import { packFeatures, unpackFeatures } from './features-codec.ts';
import { CorpusRecordSchema, type CorpusRecord } from '../engine/schemas.ts';
import { mergeRecords, storedArticle, urlKey } from './identity.ts';
import { outsideImports, recoverInterruptedImport } from './journal.ts';
import { runTransaction, settle } from './transaction.ts';
import { fieldProblems, type FieldProblem } from './problems.ts';
import { ARTICLES_STAMP_KEY, bumpArticlesStamp } from './stamp.ts';

export { ARTICLES_STAMP_KEY, bumpArticlesStamp };
import {
  CorpusSettingsSchema,
  DEFAULT_CORPUS_SETTINGS,
  StoredArticleSchema,
  StoredFeaturesSchema,
  type CorpusSettings,
  type JournalEntry,
  type StoredArticle,
  type StoredFeatures,
  type UserOrigin,
} from './schema.ts';

export const DB_NAME = 'sidelight';
/**
 * v1: articles (by-origin), features, meta.
 * v2: articles gain `fingerprint` and `urlKey` with indexes (duplicate detection); `settings`;
 *     `journal` (what an import overwrote, for all-or-nothing imports).
 * v3: the `read` origin (reading history) and the `by-origin-added` index ([origin, addedAt]):
 *     the oldest read articles are evicted first, and "the last hour" is a key range.
 * v4: `snapshot` (the corpus index as a few binary records, store/snapshot.ts); `meta` gains
 *     `articles-stamp`, bumped by every transaction that writes articles.
 * v5: stored features are `packed` (store/features-codec.ts) instead of a plain object; the
 *     upgrade packs each record that reads back identical, and leaves any other as it was.
 */
export const DB_VERSION = 5;

export interface SidelightDB extends DBSchema {
  articles: { key: string; value: StoredArticle; indexes: { 'by-origin': string; 'by-url': string; 'by-fingerprint': string; 'by-origin-added': [string, number] } };
  features: { key: string; value: StoredFeatures };
  meta: { key: string; value: unknown };
  settings: { key: string; value: unknown };
  journal: { key: string; value: JournalEntry };
  snapshot: { key: string; value: unknown };
}

export type Database = IDBPDatabase<SidelightDB>;
type UpgradeTransaction = IDBPTransaction<SidelightDB, StoreNames<SidelightDB>[], 'versionchange'>;

/**
 * Upgrade steps, one per schema version; step i takes a database from version i to i + 1.
 * Steps are never edited once released: a database written by any earlier version must open
 * (test/unit/store-upgrade.test.ts opens a fixture of each one).
 */
export const UPGRADES: ReadonlyArray<(db: Database, tx: UpgradeTransaction) => void | Promise<void>> = [
  // v0 -> v1: articles, their computed features, and small metadata (bundled corpus version)
  (db) => {
    const articles = db.createObjectStore('articles', { keyPath: 'id' });
    articles.createIndex('by-origin', 'origin');
    db.createObjectStore('features', { keyPath: 'id' });
    db.createObjectStore('meta');
  },
  // v1 -> v2: duplicate-detection indexes (filled in for existing articles), settings, import journal
  async (db, tx) => {
    const articles = tx.objectStore('articles');
    articles.createIndex('by-url', 'urlKey');
    articles.createIndex('by-fingerprint', 'fingerprint');
    db.createObjectStore('settings');
    db.createObjectStore('journal', { keyPath: 'id' });
    let cursor = await articles.openCursor();
    while (cursor) {
      const value: unknown = cursor.value;
      // a record too broken to fingerprint is left as it is: reads set it aside and report it
      if (isObject(value) && isObject(value.record) && typeof value.record.text === 'string') {
        const key = urlKey(typeof value.record.url === 'string' ? value.record.url : undefined);
        const upgraded = { ...value, fingerprint: textFingerprint(value.record.text), ...(key === undefined ? {} : { urlKey: key }) };
        await cursor.update(upgraded as unknown as StoredArticle);
      }
      cursor = await cursor.continue();
    }
  },
  // v2 -> v3: articles by origin and time added (reading history: oldest first, the last hour);
  // IndexedDB fills the new index from the stored articles itself
  (_db, tx) => {
    tx.objectStore('articles').createIndex('by-origin-added', ['origin', 'addedAt']);
  },
  // v3 -> v4: a persisted snapshot of the corpus index (header, extras and binary chunks, out-of-line keys)
  (db) => {
    db.createObjectStore('snapshot');
  },
  // v4 -> v5: features packed against their article's text. A record is packed only when its
  // article is there with the text it was computed from and the packed form reads back to the very
  // same features; any other record (stale, damaged, of an older shape) is left as it was.
  async (_db, tx) => {
    const articles = tx.objectStore('articles');
    let cursor = await tx.objectStore('features').openCursor();
    while (cursor) {
      const packed = await packStoredRecord(cursor.value, (id) => articles.get(id));
      if (packed) await cursor.update(packed);
      cursor = await cursor.continue();
    }
  },
];

/** A v4 features record packed (v5), or null when it stays as it is. */
async function packStoredRecord(value: unknown, article: (id: string) => Promise<unknown>): Promise<StoredFeatures | null> {
  const parsed = StoredFeaturesSchema.safeParse(value);
  if (!parsed.success || parsed.data.packed || typeof parsed.data.features !== 'object' || parsed.data.features === null) return null;
  const stored = StoredArticleSchema.safeParse(await article(parsed.data.id));
  if (!stored.success || stored.data.fingerprint !== parsed.data.textFingerprint) return null;
  const { id, format, textFingerprint, features } = parsed.data;
  const text = stored.data.record.text;
  const packed = packFeatures(features as ArticleFeatures, text);
  if (!packed) return null;
  try {
    if (JSON.stringify(unpackFeatures(packed, text)) !== JSON.stringify(features)) return null;
  } catch {
    return null;
  }
  return { id, format, textFingerprint, packed };
}

/** The current articles stamp (0 before any write counted one). */
export async function readArticlesStamp(db: Database): Promise<number> {
  const raw = await db.get('meta', ARTICLES_STAMP_KEY);
  return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export interface OpenOptions {
  name?: string;
  /** for fixtures and tests of upgrades only: open at an earlier version */
  version?: number;
  /** another context holds the database open at an older version and has not let go yet */
  onBlocked?(): void;
  /** the connection was closed: a newer version needs the database, or the browser closed it */
  onClosed?(reason: 'newer-version' | 'terminated'): void;
  /** skip the check for an interrupted import (fixtures) */
  skipRecovery?: boolean;
}

export async function openDatabase(nameOrOptions: string | OpenOptions = {}): Promise<Database> {
  const options = typeof nameOrOptions === 'string' ? { name: nameOrOptions } : nameOrOptions;
  const version = options.version ?? DB_VERSION;
  const db = await openDB<SidelightDB>(options.name ?? DB_NAME, version, {
    upgrade(db, oldVersion, _newVersion, tx) {
      let steps = Promise.resolve();
      for (let v = oldVersion; v < version; v++) {
        const step = UPGRADES[v]!;
        steps = steps.then(() => step(db, tx));
      }
      // a failed step aborts the upgrade: the database stays at its old version, with its data
      tx.done.catch(() => undefined);
      steps.catch(() => {
        try {
          tx.abort();
        } catch {
          // already aborted
        }
      });
    },
    blocked() {
      options.onBlocked?.();
    },
    blocking(_current, _next, event) {
      // a newer version wants the database: let it, instead of blocking its upgrade
      (event.target as IDBDatabase).close();
      options.onClosed?.('newer-version');
    },
    terminated() {
      options.onClosed?.('terminated');
    },
  });
  if (!options.skipRecovery && version >= 2) await recoverInterruptedImport(db);
  return db;
}

/** A record that failed validation: left in the store untouched, listed on the options page. */
export interface InvalidRecord {
  store: 'articles' | 'settings';
  key: string;
  /** what fails validation: each field (its path in the record, `record.outlet`) and its problem as a code */
  problems: FieldProblem[];
}

export interface ReadArticles {
  articles: StoredArticle[];
  /** records that failed validation, with why; they are left in the store untouched */
  invalid: InvalidRecord[];
}

/**
 * One page of the articles store: the records after key `after` in key order, each validated
 * (invalid ones listed with why), and the key to continue after (null on the last page). getAll in
 * pages: one request per page instead of one per record, without one huge array clone.
 */
async function readArticlePage(store: IDBPObjectStore<SidelightDB, ['articles'], 'articles', 'readonly'>, after: string | null, size: number): Promise<ReadArticles & { next: string | null }> {
  const range: IDBKeyRange | undefined = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
  const [values, keys]: [unknown[], string[]] = await Promise.all([store.getAll(range, size), store.getAllKeys(range, size)]);
  const articles: StoredArticle[] = [];
  const invalid: InvalidRecord[] = [];
  values.forEach((value, i) => {
    const parsed = StoredArticleSchema.safeParse(value);
    if (parsed.success) articles.push(parsed.data);
    else invalid.push({ store: 'articles', key: String(keys[i]), problems: fieldProblems(parsed.error.issues, value) });
  });
  return { articles, invalid, next: keys.length < size ? null : String(keys[keys.length - 1]) };
}

export async function readAllArticles(db: Database): Promise<ReadArticles> {
  const articles: StoredArticle[] = [];
  const invalid: InvalidRecord[] = [];
  // one read transaction for every page: a consistent view of the store
  const store = db.transaction('articles').store;
  let after: string | null = null;
  do {
    const page = await readArticlePage(store, after, 1000);
    articles.push(...page.articles);
    invalid.push(...page.invalid);
    after = page.next;
  } while (after !== null);
  return { articles, invalid };
}

/**
 * Calls `fn` with each page of valid articles in key order, a fresh read transaction per page, so
 * `fn` may do other work (even other transactions) between pages and memory holds one page.
 */
export async function forEachArticlePage(db: Database, fn: (page: StoredArticle[]) => Promise<void> | void, pageSize = 500): Promise<void> {
  let after: string | null = null;
  do {
    const page = await readArticlePage(db.transaction('articles').store, after, pageSize);
    if (page.articles.length) await fn(page.articles);
    after = page.next;
  } while (after !== null);
}

/** Stored features of the given articles (those that exist and validate), in one transaction. */
export async function readFeaturesPage(db: Database, ids: readonly string[]): Promise<Map<string, StoredFeatures>> {
  const store = db.transaction('features').store;
  const values = await Promise.all(ids.map((id) => store.get(id)));
  const out = new Map<string, StoredFeatures>();
  for (const value of values) {
    const parsed = StoredFeaturesSchema.safeParse(value);
    if (parsed.success) out.set(parsed.data.id, parsed.data);
  }
  return out;
}

/** The given articles with their stored features (null when missing or invalid), in one transaction. */
export async function readArticlesWithFeatures(db: Database, ids: readonly string[]): Promise<Array<{ article: StoredArticle; features: StoredFeatures | null }>> {
  const tx = db.transaction(['articles', 'features']);
  const [articles, features] = await Promise.all([Promise.all(ids.map((id) => tx.objectStore('articles').get(id))), Promise.all(ids.map((id) => tx.objectStore('features').get(id)))]);
  const out: Array<{ article: StoredArticle; features: StoredFeatures | null }> = [];
  articles.forEach((value, i) => {
    const article = StoredArticleSchema.safeParse(value);
    if (!article.success) return;
    const f = StoredFeaturesSchema.safeParse(features[i]);
    out.push({ article: article.data, features: f.success ? f.data : null });
  });
  return out;
}

export async function getArticle(db: Database, id: string): Promise<StoredArticle | null> {
  const parsed = StoredArticleSchema.safeParse(await db.get('articles', id));
  return parsed.success ? parsed.data : null;
}

export async function putFeatures(db: Database, items: StoredFeatures[]): Promise<void> {
  const tx = db.transaction('features', 'readwrite');
  await settle(tx, items.map((i) => tx.store.put(i)));
}

/**
 * Replaces the bundled corpus with `records` in one transaction: new and changed bundled articles
 * are written, bundled articles no longer shipped are removed, user articles are never touched
 * (a bundled record with the id, URL or text of one of the reader's articles is left out), and a
 * bundled article the reader hid stays hidden. Running it twice changes nothing.
 */
export async function syncBundledCorpus(db: Database, records: readonly CorpusRecord[], version: string): Promise<{ added: number; updated: number; removed: number; skipped: number }> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const features = tx.objectStore('features');
  return runTransaction(tx, async () => {
  const existing = new Map<string, unknown>();
  const bundledKeys = await articles.index('by-origin').getAllKeys('bundled');
  const bundledValues = await articles.index('by-origin').getAll('bundled');
  bundledKeys.forEach((key, i) => existing.set(key, bundledValues[i]));
  let added = 0;
  let updated = 0;
  let removed = 0;
  let skipped = 0;
  const now = Date.now();
  for (const record of records) {
    const prevRaw = existing.get(record.id);
    existing.delete(record.id);
    const prev = StoredArticleSchema.safeParse(prevRaw);
    const next = storedArticle(record, 'bundled', prev.success ? prev.data.hidden : hiddenFlagOf(prevRaw), prev.success ? prev.data.addedAt : now);
    if (prevRaw === undefined && (await isUserDuplicate(articles, next))) {
      skipped++; // the reader has their own copy of this article: theirs wins
      continue;
    }
    if (prev.success && sameArticle(prev.data, next)) continue;
    await articles.put(next);
    await features.delete(record.id);
    if (prevRaw !== undefined) updated++;
    else added++;
  }
  for (const id of existing.keys()) {
    await articles.delete(id);
    await features.delete(id);
    removed++;
  }
  await tx.objectStore('meta').put(version, 'bundled-version');
  if (added + updated + removed > 0) await bumpArticlesStamp(tx.objectStore('meta'));
  return { added, updated, removed, skipped };
  });
}

function sameArticle(a: StoredArticle, b: StoredArticle): boolean {
  const fields = ['id', 'title', 'outlet', 'url', 'published', 'language', 'text'] as const;
  return (
    a.id === b.id && a.origin === b.origin && a.hidden === b.hidden && a.fingerprint === b.fingerprint && a.urlKey === b.urlKey &&
    fields.every((f) => (a.record[f] ?? null) === (b.record[f] ?? null))
  );
}

function hiddenFlagOf(raw: unknown): boolean {
  return isObject(raw) && raw.hidden === true;
}

export type ArticlesStore = IDBPObjectStore<SidelightDB, StoreNames<SidelightDB>[], 'articles', 'readwrite'>;

async function isUserDuplicate(articles: ArticlesStore, candidate: StoredArticle): Promise<boolean> {
  const byId = await articles.get(candidate.id);
  if (byId !== undefined) return true;
  const matches = [
    ...(candidate.urlKey === undefined ? [] : await articles.index('by-url').getAll(candidate.urlKey)),
    ...(await articles.index('by-fingerprint').getAll(candidate.fingerprint)),
  ];
  return matches.some((m) => m.origin !== 'bundled');
}

/**
 * Finds the article `candidate` duplicates: same id first, then same URL, then same text.
 * Returns the stored article (validated) or null.
 */
export async function findDuplicate(articles: ArticlesStore, record: CorpusRecord): Promise<{ article: StoredArticle; by: 'id' | 'url' | 'text' } | null> {
  const byId = StoredArticleSchema.safeParse(await articles.get(record.id));
  if (byId.success) return { article: byId.data, by: 'id' };
  const key = urlKey(record.url);
  if (key !== undefined) {
    const byUrl = StoredArticleSchema.safeParse(await articles.index('by-url').get(key));
    if (byUrl.success) return { article: byUrl.data, by: 'url' };
  }
  const byText = StoredArticleSchema.safeParse(await articles.index('by-fingerprint').get(textFingerprint(record.text)));
  if (byText.success) return { article: byText.data, by: 'text' };
  return null;
}

/** What saving one article did. */
export type SaveOutcome =
  /** a new article */
  | { id: string; outcome: 'added' }
  /** the same text was there already (same id, address or text): its fields updated, the text kept */
  | { id: string; outcome: 'updated' }
  /** an article with the same address but another text was there: its text was replaced by this one */
  | { id: string; outcome: 'replaced'; previousTitle: string }
  /** the bundled corpus has this article (same address or text): not added; `sameText` false when the texts differ */
  | { id: string; outcome: 'bundled'; sameText: boolean };

/** A record the store would set aside: nothing written. `problems` say which fields and why (the UI words them). */
export class InvalidArticleError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`the article does not fit the corpus format (${problems.map((p) => `${p.field}: ${p.problem.code}`).join('; ')})`);
    this.name = 'InvalidArticleError';
  }
}

/** Adds or merges one record, validated first (nothing is written for a record the store would set aside). */
async function putUserArticle(articles: ArticlesStore, features: { delete(id: string): Promise<unknown> }, input: CorpusRecord, origin: UserOrigin, now: number): Promise<SaveOutcome> {
  const parsed = CorpusRecordSchema.safeParse(input);
  if (!parsed.success) throw new InvalidArticleError(fieldProblems(parsed.error.issues, input));
  const record = parsed.data;
  const duplicate = await findDuplicate(articles, record);
  const fingerprint = textFingerprint(record.text);
  const sameText = duplicate?.article.fingerprint === fingerprint;
  if (duplicate?.article.origin === 'bundled') return { id: duplicate.article.id, outcome: 'bundled', sameText };
  // an article kept from reading history and now saved (or imported) becomes the reader's: never evicted or forgotten
  const promoted = duplicate?.article.origin === 'read' && origin !== 'read';
  const next = duplicate
    ? storedArticle(mergeRecords(duplicate.article.record, record), promoted ? origin : duplicate.article.origin, duplicate.article.hidden, promoted ? now : duplicate.article.addedAt)
    : storedArticle(record, origin, false, now, fingerprint);
  await articles.put(next);
  await features.delete(next.id);
  if (!duplicate) return { id: next.id, outcome: 'added' };
  return sameText ? { id: next.id, outcome: 'updated' } : { id: next.id, outcome: 'replaced', previousTitle: duplicate.article.record.title };
}

/**
 * Adds the reader's articles (small numbers: imports go through import.ts), each validated
 * (one that fails CorpusRecordSchema writes nothing and throws, naming the field). A duplicate of
 * one of the reader's articles is merged into it; a duplicate of a bundled article is not added.
 * Returns what happened to each record, in order.
 */
export async function saveUserArticles(db: Database, records: readonly CorpusRecord[], origin: UserOrigin): Promise<SaveOutcome[]> {
  return (await saveUserArticlesStamped(db, records, origin)).outcomes;
}

/** saveUserArticles, also saying the articles stamp before and after (for the index's snapshot). */
export async function saveUserArticlesStamped(db: Database, records: readonly CorpusRecord[], origin: UserOrigin): Promise<{ outcomes: SaveOutcome[]; stamp: { before: number; after: number } }> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const now = Date.now();
  return runTransaction(tx, async () => {
    const outcomes: SaveOutcome[] = [];
    for (const record of records) outcomes.push(await putUserArticle(articles, tx.objectStore('features'), record, origin, now));
    const stamp = await bumpArticlesStamp(tx.objectStore('meta'));
    return { outcomes, stamp };
  });
}

/** saveUserArticles, returning only the id each record ended up under. */
export async function putUserArticles(db: Database, records: readonly CorpusRecord[], origin: UserOrigin): Promise<string[]> {
  return (await saveUserArticles(db, records, origin)).map((r) => r.id);
}

/** Deletes the reader's articles (bundled ones can only be hidden: an update would bring them back). */
export async function deleteArticles(db: Database, ids: readonly string[]): Promise<number> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  return runTransaction(tx, async () => {
  let deleted = 0;
  for (const id of ids) {
    const value: unknown = await articles.get(id);
    if (value === undefined || (isObject(value) && value.origin === 'bundled')) continue;
    await articles.delete(id);
    await tx.objectStore('features').delete(id);
    deleted++;
  }
  if (deleted) await bumpArticlesStamp(tx.objectStore('meta'));
  return deleted;
  });
}

/** Hides or shows an article; a hidden article is kept but not matched against. */
export async function setHidden(db: Database, id: string, hidden: boolean): Promise<boolean> {
  const tx = db.transaction(['articles', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  return runTransaction(tx, async () => {
    const parsed = StoredArticleSchema.safeParse(await articles.get(id));
    if (parsed.success && parsed.data.hidden !== hidden) {
      await articles.put({ ...parsed.data, hidden });
      await bumpArticlesStamp(tx.objectStore('meta'));
    }
    return parsed.success;
  });
}

/**
 * Deletes every saved and imported article in one transaction; bundled ones stay. Waits for a
 * running import to finish first (journal.ts, `outsideImports`), so what it reports deleted is
 * what the corpus held, and nothing an import writes afterwards is left over.
 */
export function clearUserCorpus(db: Database): Promise<number> {
  return outsideImports(() => clearNow(db));
}

async function clearNow(db: Database): Promise<number> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const byOrigin = tx.objectStore('articles').index('by-origin');
  return runTransaction(tx, async () => {
  let deleted = 0;
  for (const origin of ['saved', 'imported'] as const) {
    for (const id of await byOrigin.getAllKeys(origin)) {
      await tx.objectStore('articles').delete(id);
      await tx.objectStore('features').delete(id);
      deleted++;
    }
  }
  if (deleted) await bumpArticlesStamp(tx.objectStore('meta'));
  return deleted;
  });
}

/** Deletes records that fail validation (only those: a key that now parses is kept). */
export async function deleteInvalidRecords(db: Database, records: ReadonlyArray<Pick<InvalidRecord, 'store' | 'key'>>): Promise<number> {
  const tx = db.transaction(['articles', 'features', 'settings', 'meta'], 'readwrite');
  return runTransaction(tx, async () => {
  let deleted = 0;
  let articlesDeleted = 0;
  for (const { store, key } of records) {
    if (store === 'articles') {
      const value: unknown = await tx.objectStore('articles').get(key);
      if (value === undefined || StoredArticleSchema.safeParse(value).success) continue;
      await tx.objectStore('articles').delete(key);
      await tx.objectStore('features').delete(key);
      articlesDeleted++;
    } else {
      const value: unknown = await tx.objectStore('settings').get(key);
      if (value === undefined || CorpusSettingsSchema.safeParse(value).success) continue;
      await tx.objectStore('settings').delete(key);
    }
    deleted++;
  }
  if (articlesDeleted) await bumpArticlesStamp(tx.objectStore('meta'));
  return deleted;
  });
}

export interface ReadSettings {
  settings: CorpusSettings;
  /** the stored settings failed validation: the defaults are used, the record is kept */
  invalid: InvalidRecord | null;
}

export async function readSettings(db: Database): Promise<ReadSettings> {
  const raw: unknown = await db.get('settings', 'corpus');
  if (raw === undefined) return { settings: { ...DEFAULT_CORPUS_SETTINGS }, invalid: null };
  const parsed = CorpusSettingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, invalid: null };
  return { settings: { ...DEFAULT_CORPUS_SETTINGS }, invalid: { store: 'settings', key: 'corpus', problems: fieldProblems(parsed.error.issues, raw) } };
}

export async function writeSettings(db: Database, settings: CorpusSettings): Promise<void> {
  await db.put('settings', CorpusSettingsSchema.parse(settings), 'corpus');
}
