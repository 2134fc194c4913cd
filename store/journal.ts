// All-or-nothing imports across many small transactions. Each batch records, in the same
// transaction as its writes, what it overwrote (the `journal` store); a marker in `meta` says an
// import is under way. The last step clears journal and marker in one transaction: that is the
// commit. An import that fails, is cancelled, or dies with its page is rolled back from the
// journal: the store is as before the import, never half imported.
import type { Database } from './database.ts';
import { ImportMarkerSchema, JournalEntrySchema, type JournalEntry, type StoredArticle } from './schema.ts';
import { RequestList, runTransaction, settle } from './transaction.ts';
import { bumpArticlesStamp } from './stamp.ts';

const MARKER_KEY = 'import-in-progress';
const LOCK_NAME = 'sidelight-import';
/** Without Web Locks, an import whose last batch is older than this is taken for dead. */
const STALE_AFTER_MS = 2 * 60_000;

export interface JournalWrite {
  id: string;
  /** the caller knows no article has this id (a new one): only its key is looked up */
  knownAbsent: boolean;
  /** what to store, given what is stored now (undefined: nothing); null: leave it as it is */
  next(stored: unknown): StoredArticle | null;
}

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
  request<T>(name: string, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

function lockManager(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks ?? null;
}

/** Without Web Locks: the lock's holders in this context, one after another. */
let localQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs an import while holding the import lock, so other contexts can tell it is alive.
 * `holdsLock` is false where Web Locks are missing (then liveness is told by the heartbeat, and
 * only the holders in this context wait for each other).
 */
export function withImportLock<T>(callback: (holdsLock: boolean) => Promise<T>): Promise<T> {
  const locks = lockManager();
  if (locks) return locks.request(LOCK_NAME, () => callback(true));
  const run = localQueue.then(() => callback(false));
  localQueue = run.catch(() => undefined);
  return run;
}

/**
 * Runs a store write that must not land in the middle of an import (clearing the corpus: the
 * import's later batches would write after it, and its report would count articles the clear
 * removed): it waits for a running import to end, and an import started meanwhile waits for it.
 */
export function outsideImports<T>(write: () => Promise<T>): Promise<T> {
  return withImportLock(() => write());
}

export class ImportBusyError extends Error {
  constructor() {
    super('Another import is running (in another tab or window). Wait for it to finish, then try again.');
    this.name = 'ImportBusyError';
  }
}

/**
 * Starts an import: rolls back one that died, refuses while another one is alive. Holding the
 * import lock, any import still marked is dead (a live one would hold the lock).
 */
export async function beginImport(db: Database, total: number, holdsLock = false): Promise<void> {
  if (holdsLock) await rollbackIfMarked(db);
  else if ((await recoverInterruptedImport(db)) === 'busy') throw new ImportBusyError();
  const tx = db.transaction(['journal', 'meta'], 'readwrite');
  const now = Date.now();
  await settle(tx, [tx.objectStore('journal').clear(), tx.objectStore('meta').put(ImportMarkerSchema.parse({ startedAt: now, heartbeat: now, total }), MARKER_KEY)]);
}

/**
 * Writes one batch of articles in one transaction, with one journal entry saying what it changed.
 * An article the caller knows to be new is added (not put) without reading first: if one appeared
 * meanwhile, the add fails and the import is rolled back; nothing is overwritten unjournalled.
 */
export async function writeJournalledBatch(db: Database, writes: readonly JournalWrite[]): Promise<number> {
  // relaxed durability: a batch lost to a power cut is no worse than a batch never written; the
  // journal and the marker are in the same transactions, so recovery still rolls back to before
  const tx = db.transaction(['articles', 'features', 'journal', 'meta'], 'readwrite', { durability: 'relaxed' });
  const articles = tx.objectStore('articles');
  const features = tx.objectStore('features');
  return runTransaction(tx, async () => {
    const [marker, batches, lookups] = await Promise.all([
      tx.objectStore('meta').get(MARKER_KEY),
      tx.objectStore('journal').count(),
      Promise.all(
        writes.map(async ({ knownAbsent, id }) => {
          if (knownAbsent) return null;
          const [before, featuresBefore] = await Promise.all([articles.get(id) as Promise<unknown>, features.get(id) as Promise<unknown>]);
          return { before, featuresBefore };
        }),
      ),
    ]);
    const parsedMarker = ImportMarkerSchema.safeParse(marker);
    // rolled back from elsewhere (taken for dead): writing on would leave a half import
    if (!parsedMarker.success) throw new Error('The import was interrupted: its journal was rolled back.');
    const entry: JournalEntry = { id: `batch-${String(batches + 1).padStart(6, '0')}`, added: [], overwritten: [] };
    const requests = new RequestList();
    writes.forEach(({ id, next }, i) => {
      const lookup = lookups[i];
      const article = next(lookup?.before);
      if (!article) return;
      if (article.id !== id) throw new Error(`Import batch: article ${article.id} written under id ${id}`);
      if (!lookup) {
        entry.added.push(id);
        requests.add(articles.add(article));
      } else {
        entry.overwritten.push({ id, before: lookup.before ?? null, featuresBefore: lookup.featuresBefore ?? null });
        requests.add(articles.put(article));
        if (lookup.featuresBefore !== undefined) requests.add(features.delete(id));
      }
    });
    requests.add(tx.objectStore('journal').put(entry));
    requests.add(tx.objectStore('meta').put({ ...parsedMarker.data, heartbeat: Date.now() }, MARKER_KEY));
    await requests.all();
    await bumpArticlesStamp(tx.objectStore('meta'));
    return entry.added.length + entry.overwritten.length;
  });
}

/** The commit: one transaction drops the journal and the marker. */
export async function commitImport(db: Database): Promise<void> {
  const tx = db.transaction(['journal', 'meta'], 'readwrite');
  await settle(tx, [tx.objectStore('journal').clear(), tx.objectStore('meta').delete(MARKER_KEY)]);
}

/** Puts back everything the journal says an import changed, latest batch first, in one transaction. */
export async function rollbackImport(db: Database): Promise<number> {
  const tx = db.transaction(['articles', 'features', 'journal', 'meta'], 'readwrite');
  const articles = tx.objectStore('articles');
  const features = tx.objectStore('features');
  return runTransaction(tx, async () => {
    const requests = new RequestList();
    let restored = 0;
    const entries = await tx.objectStore('journal').getAll();
    for (const raw of entries.reverse()) {
      const entry = JournalEntrySchema.safeParse(raw);
      // entries are written by this module only; one that does not parse cannot be undone
      if (!entry.success) continue;
      for (const id of entry.data.added) {
        requests.add(articles.delete(id));
        requests.add(features.delete(id));
        restored++;
      }
      for (const { id, before, featuresBefore } of entry.data.overwritten) {
        // the values go back exactly as they were, valid or not
        requests.add(before === null || before === undefined ? articles.delete(id) : articles.put(before as StoredArticle));
        requests.add(featuresBefore === null || featuresBefore === undefined ? features.delete(id) : features.put(featuresBefore as never));
        restored++;
      }
    }
    requests.add(tx.objectStore('journal').clear());
    requests.add(tx.objectStore('meta').delete(MARKER_KEY));
    await requests.all();
    if (restored) await bumpArticlesStamp(tx.objectStore('meta'));
    return restored;
  });
}

export type RecoveryOutcome = 'none' | 'rolled-back' | 'busy';

/**
 * If an import was under way and its importer is gone (page closed, browser crashed), rolls it
 * back. An importer is alive while it holds the import lock (Web Locks); where those are missing,
 * while its last batch is recent.
 */
export async function recoverInterruptedImport(db: Database, options: { staleAfterMs?: number } = {}): Promise<RecoveryOutcome> {
  const raw: unknown = await db.get('meta', MARKER_KEY);
  if (raw === undefined) return 'none';
  const locks = lockManager();
  if (locks) {
    return locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return 'busy';
      return (await rollbackIfMarked(db)) ? 'rolled-back' : 'none';
    });
  }
  const marker = ImportMarkerSchema.safeParse(raw);
  if (marker.success && Date.now() - marker.data.heartbeat <= (options.staleAfterMs ?? STALE_AFTER_MS)) return 'busy';
  return (await rollbackIfMarked(db)) ? 'rolled-back' : 'none';
}

async function rollbackIfMarked(db: Database): Promise<boolean> {
  if ((await db.get('meta', MARKER_KEY)) === undefined) return false;
  await rollbackImport(db);
  return true;
}

/** Whether an import is under way (live or dead). */
export async function importInProgress(db: Database): Promise<boolean> {
  return (await db.get('meta', MARKER_KEY)) !== undefined;
}
