// Reading history in the store: the articles the reader read, kept (opt-in) with the origin `read`
// so the next article on the same story finds them. At most `limit` of them: adding one past the
// limit evicts the oldest read articles, never a saved, imported or bundled one. "Forget what I
// read" deletes them all or those of the last hour or day. Whether a page is kept at all (the
// setting, private windows, the never list) is the background's decision (background/reading-history.ts).
import { textFingerprint } from '../engine/features.ts';
import { CorpusRecordSchema, type CorpusRecord } from '../engine/schemas.ts';
import type { IDBPTransaction } from 'idb';
import { findDuplicate, InvalidArticleError, type Database, type SidelightDB } from './database.ts';
import { fieldProblems } from './problems.ts';
import { mergeRecords, storedArticle } from './identity.ts';
import { outsideImports } from './journal.ts';
import { ARTICLES_STAMP_KEY, bumpArticlesStamp } from './stamp.ts';
import { runTransaction } from './transaction.ts';

/** The reading-history limit when the reader has not set one. */
export const DEFAULT_READ_LIMIT = 5000;

/** What keeping one read page did. */
export type KeepOutcome = (
  /** a new read article */
  | { id: string; outcome: 'added'; evicted: string[] }
  /** read before: its fields updated and it counts as read now (the newest, last to be evicted) */
  | { id: string; outcome: 'refreshed'; evicted: string[] }
  /** the corpus has it as a saved, imported or bundled article: left as it is */
  | { id: string; outcome: 'in-corpus'; evicted: string[] }
) & {
  /** the articles stamp before and after (store/stamp.ts; equal when nothing was written) */
  stamp: { before: number; after: number };
};

/** Every read article, oldest first ([origin, addedAt] keys from `lower` on). */
function readRange(from = -Infinity): IDBKeyRange {
  return IDBKeyRange.bound(['read', from], ['read', Infinity]);
}

/**
 * Keeps one read page (validated first: one that does not fit the corpus format writes nothing and
 * throws, naming the field), then evicts the oldest read articles beyond `limit`, in one transaction.
 */
export async function keepReadArticle(db: Database, input: CorpusRecord, options: { limit: number; now?: number }): Promise<KeepOutcome> {
  const parsed = CorpusRecordSchema.safeParse(input);
  if (!parsed.success) throw new InvalidArticleError(fieldProblems(parsed.error.issues, input));
  const record = parsed.data;
  const now = options.now ?? Date.now();
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  return runTransaction(tx, async (): Promise<KeepOutcome> => {
    const duplicate = await findDuplicate(articles, record);
    if (duplicate && duplicate.article.origin !== 'read') {
      const stamp = await readStamp(tx);
      return { id: duplicate.article.id, outcome: 'in-corpus', evicted: [], stamp: { before: stamp, after: stamp } };
    }
    const fingerprint = textFingerprint(record.text);
    const next = duplicate
      ? storedArticle(mergeRecords(duplicate.article.record, record), 'read', duplicate.article.hidden, now)
      : storedArticle(record, 'read', false, now, fingerprint);
    await articles.put(next);
    if (duplicate?.article.fingerprint !== fingerprint) await tx.objectStore('features').delete(next.id);
    const evicted = await evictBeyond(tx, options.limit, next.id);
    // every transaction that writes articles bumps the stamp (a snapshot of the index knows it is behind)
    const stamp = await bumpArticlesStamp(tx.objectStore('meta'));
    return { id: next.id, outcome: duplicate ? 'refreshed' : 'added', evicted, stamp };
  });
}

type Tx = IDBPTransaction<SidelightDB, ['articles', 'features', 'meta'], 'readwrite'>;

async function readStamp(tx: Tx): Promise<number> {
  const raw = await tx.objectStore('meta').get(ARTICLES_STAMP_KEY);
  return typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : 0;
}

/** Deletes the oldest read articles until at most `limit` remain (`keep`: never this one). */
async function evictBeyond(tx: Tx, limit: number, keep: string | null): Promise<string[]> {
  const articles = tx.objectStore('articles');
  const index = articles.index('by-origin-added');
  let excess = (await index.count(readRange())) - Math.max(0, limit);
  const evicted: string[] = [];
  let cursor = excess > 0 ? await index.openKeyCursor(readRange()) : null;
  while (cursor && excess > 0) {
    const id = cursor.primaryKey;
    if (id !== keep) {
      evicted.push(id);
      excess--;
    }
    cursor = await cursor.continue();
  }
  for (const id of evicted) {
    await articles.delete(id);
    await tx.objectStore('features').delete(id);
  }
  return evicted;
}

/** Evicts the oldest read articles beyond `limit` (the reader lowered it). Returns their ids. */
export async function trimReadArticles(db: Database, limit: number): Promise<string[]> {
  const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
  return runTransaction(tx, async () => {
    const evicted = await evictBeyond(tx, limit, null);
    if (evicted.length) await bumpArticlesStamp(tx.objectStore('meta'));
    return evicted;
  });
}

/**
 * "Forget what I read": deletes the read articles added since `since` (ms since the epoch), or all
 * of them when `since` is null. Saved, imported and bundled articles stay. Waits for a running
 * import, as clearing the corpus does. Returns the deleted ids.
 */
export function forgetReadArticles(db: Database, since: number | null): Promise<string[]> {
  return outsideImports(async () => {
    const tx = db.transaction(['articles', 'features', 'meta'], 'readwrite');
    return runTransaction(tx, async () => {
      const ids = (await tx.objectStore('articles').index('by-origin-added').getAllKeys(readRange(since ?? -Infinity))).map(String);
      for (const id of ids) {
        await tx.objectStore('articles').delete(id);
        await tx.objectStore('features').delete(id);
      }
      if (ids.length) await bumpArticlesStamp(tx.objectStore('meta'));
      return ids;
    });
  });
}
