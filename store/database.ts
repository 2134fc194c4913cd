// The one module that owns Sidelight's IndexedDB schema (through idb): versioned upgrades,
// validated reads, batched writes.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CorpusRecord } from '../engine/schemas.ts';
import { StoredArticleSchema, StoredFeaturesSchema, type ArticleOrigin, type StoredArticle, type StoredFeatures } from './schema.ts';

export const DB_NAME = 'sidelight';
export const DB_VERSION = 1;

interface SidelightDB extends DBSchema {
  articles: { key: string; value: StoredArticle; indexes: { 'by-origin': string } };
  features: { key: string; value: StoredFeatures };
  meta: { key: string; value: unknown };
}

export type Database = IDBPDatabase<SidelightDB>;

/** Upgrade steps, one per schema version; each runs once, in order. */
const UPGRADES: Array<(db: IDBPDatabase<SidelightDB>) => void> = [
  // v0 -> v1: articles, their computed features, and small metadata (bundled corpus version)
  (db) => {
    const articles = db.createObjectStore('articles', { keyPath: 'id' });
    articles.createIndex('by-origin', 'origin');
    db.createObjectStore('features', { keyPath: 'id' });
    db.createObjectStore('meta');
  },
];

export function openDatabase(name = DB_NAME): Promise<Database> {
  return openDB<SidelightDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v]!(db);
    },
    blocking(_current, _next, event) {
      // a newer version wants the database: let it, instead of blocking its upgrade
      (event.target as IDBDatabase).close();
    },
  });
}

export interface ReadArticles {
  articles: StoredArticle[];
  /** records that failed validation, with why; they are left in the store untouched */
  invalid: Array<{ key: string; problem: string }>;
}

export async function readAllArticles(db: Database): Promise<ReadArticles> {
  const articles: StoredArticle[] = [];
  const invalid: ReadArticles['invalid'] = [];
  let cursor = await db.transaction('articles').store.openCursor();
  while (cursor) {
    const parsed = StoredArticleSchema.safeParse(cursor.value);
    if (parsed.success) articles.push(parsed.data);
    else invalid.push({ key: String(cursor.key), problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    cursor = await cursor.continue();
  }
  return { articles, invalid };
}

export async function readFeatures(db: Database, id: string): Promise<StoredFeatures | null> {
  const parsed = StoredFeaturesSchema.safeParse(await db.get('features', id));
  return parsed.success ? parsed.data : null;
}

export async function readAllFeatures(db: Database): Promise<Map<string, StoredFeatures>> {
  const out = new Map<string, StoredFeatures>();
  for (const value of await db.getAll('features')) {
    const parsed = StoredFeaturesSchema.safeParse(value);
    if (parsed.success) out.set(parsed.data.id, parsed.data);
  }
  return out;
}

export async function putFeatures(db: Database, items: StoredFeatures[]): Promise<void> {
  const tx = db.transaction('features', 'readwrite');
  await Promise.all([...items.map((i) => tx.store.put(i)), tx.done]);
}

/**
 * Replaces the bundled corpus with `records` in one transaction: new and changed bundled articles
 * are written, bundled articles no longer shipped are removed, user articles are never touched,
 * and a bundled article the reader hid stays hidden. Running it twice changes nothing.
 */
export async function syncBundledCorpus(db: Database, records: readonly CorpusRecord[], version: string): Promise<{ added: number; updated: number; removed: number }> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const existing = new Map<string, StoredArticle>();
  for (const a of await articles.index('by-origin').getAll('bundled')) existing.set(a.id, a);
  let added = 0;
  let updated = 0;
  let removed = 0;
  const now = Date.now();
  for (const record of records) {
    const prev = existing.get(record.id);
    existing.delete(record.id);
    const userCopy = prev ? null : await articles.get(record.id);
    if (userCopy) continue; // the reader has their own article under this id: theirs wins
    if (prev && JSON.stringify(prev.record) === JSON.stringify(record)) continue;
    await articles.put({ id: record.id, record, origin: 'bundled', hidden: prev?.hidden ?? false, addedAt: prev?.addedAt ?? now });
    await tx.objectStore('features').delete(record.id);
    if (prev) updated++;
    else added++;
  }
  for (const id of existing.keys()) {
    await articles.delete(id);
    await tx.objectStore('features').delete(id);
    removed++;
  }
  await tx.objectStore('meta').put(version, 'bundled-version');
  await tx.done;
  return { added, updated, removed };
}

export async function putUserArticles(db: Database, records: readonly CorpusRecord[], origin: Exclude<ArticleOrigin, 'bundled'>): Promise<void> {
  const tx = db.transaction(['articles', 'features'], 'readwrite');
  const now = Date.now();
  for (const record of records) {
    void tx.objectStore('articles').put({ id: record.id, record, origin, hidden: false, addedAt: now });
    void tx.objectStore('features').delete(record.id);
  }
  await tx.done;
}

export async function getArticle(db: Database, id: string): Promise<StoredArticle | null> {
  const parsed = StoredArticleSchema.safeParse(await db.get('articles', id));
  return parsed.success ? parsed.data : null;
}
