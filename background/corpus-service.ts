// Owns the corpus in the background: opens the store, syncs the bundled corpus, keeps the
// in-memory index (features are computed once per article and stored with it), and reads the
// full articles an analysis lists from the store.
import { computeFeatures, FEATURES_VERSION, textFingerprint, type ArticleFeatures } from '../engine/features.ts';
import { CorpusIndex, type IndexedArticle } from '../engine/corpus-index.ts';
import { decodeIndexSnapshot, encodeIndexSnapshot, INDEX_SNAPSHOT_FORMAT } from '../engine/corpus-index-snapshot.ts';
import type { Corpus } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { forEachArticlePage, getArticle, openDatabase, putFeatures, readArticlesStamp, readArticlesWithFeatures, readFeaturesPage, saveUserArticlesStamped, syncBundledCorpus, type Database, type SaveOutcome } from '../store/database.ts';
import { appendSnapshotDelta, readIndexSnapshot, readSnapshotDelta, writeIndexSnapshot, type SnapshotExtras } from '../store/snapshot.ts';

/** Articles saved one by one are recorded beside the snapshot up to this many; then it is written whole. */
const MAX_SNAPSHOT_DELTA = 200;
import type { StoredArticle, StoredFeatures } from '../store/schema.ts';
import { featuresOfRecord, featuresRecord } from '../store/features-codec.ts';
import type { CorpusMakeup } from '../messaging/protocol.ts';
import { keepReadArticle, type KeepOutcome } from '../store/reading-history.ts';
import bundledCorpus from '../corpus/bundled-corpus.json';

export const BUNDLED_VERSION = `${bundledCorpus.length}:${textFingerprint(JSON.stringify(bundledCorpus))}`;

/**
 * An article's features: the stored ones when this engine version computed them for this text,
 * else computed now and added to `fresh`, for the caller to store.
 */
function featuresOf(article: StoredArticle, stored: StoredFeatures | null | undefined, fresh: StoredFeatures[]): ArticleFeatures {
  if (stored && stored.format === FEATURES_VERSION && stored.textFingerprint === article.fingerprint) {
    const read = featuresOfRecord(stored, article.record.text);
    if (read) return read;
  }
  const features = computeFeatures(article.record, defaultKnowledge());
  fresh.push(featuresRecord(article.id, FEATURES_VERSION, article.fingerprint, features, article.record.text));
  return features;
}

/** How the index was had at start: from the stored snapshot, or rebuilt (and why). */
export type SnapshotLoad =
  /** `readMs`: reading and checking the stored records; `decodeMs`: the index made from the bytes */
  | { from: 'snapshot'; current: boolean; readMs: number; decodeMs: number; /** articles saved since, replayed from the delta */ replayed: number }
  | { from: 'rebuilt'; reason: 'missing' | 'stale' | 'damaged'; problem: string };

export interface CorpusServiceOptions {
  /** how long after the last change the index's snapshot is written (ms; default 2,000) */
  snapshotDelayMs?: number;
  /** the IndexedDB database's name (default: the store's) */
  databaseName?: string;
}

export class CorpusService {
  /**
   * the in-memory index, kept and updated in place: articles added, changed or removed (replaced
   * only once, at start, by the stored snapshot when that is sound)
   */
  private index = new CorpusIndex();
  /** id -> fingerprint of the text the index holds for it */
  private readonly indexed = new Map<string, string>();
  /** id -> origin and record language of each indexed article, for "what was searched" */
  private readonly kinds = new Map<string, { origin: StoredArticle['origin']; language: string | null }>();
  /** bumped by every change to the store; the index is current when it has caught up */
  private generation = 1;
  private currentGeneration = 0;
  /** reconciles run one after another, never two at once */
  private queue: Promise<void> = Promise.resolve();
  private db: Promise<Database> | null = null;
  /** the articles stamp (store/stamp.ts) of the store state the index holds; null: not known */
  private stamp: number | null = null;
  private started = false;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly snapshotDelayMs: number;
  private readonly databaseName: string | undefined;
  /** how the index was had at start (null before the first load) */
  snapshotLoad: SnapshotLoad | null = null;

  constructor(options: CorpusServiceOptions = {}) {
    this.snapshotDelayMs = options.snapshotDelayMs ?? 2000;
    this.databaseName = options.databaseName;
  }

  database(): Promise<Database> {
    this.db ??= openDatabase(this.databaseName === undefined ? {} : { name: this.databaseName });
    return this.db;
  }

  /** Loads the bundled corpus into IndexedDB; idempotent. */
  async syncBundled(): Promise<void> {
    const db = await this.database();
    await syncBundledCorpus(db, bundledCorpus as CorpusRecord[], BUNDLED_VERSION);
    this.invalidate();
  }

  /** The store changed (import, delete, hide, save): the next getIndex() catches up. */
  invalidate(): void {
    this.generation++;
  }

  async getIndex(): Promise<CorpusIndex> {
    while (this.currentGeneration < this.generation) {
      const target = this.generation;
      this.queue = this.queue.then(() => (this.currentGeneration < target ? this.reconcile(target) : undefined));
      await this.queue;
    }
    return this.index;
  }

  /** The corpus as the analysis reads it: the current index, full articles from the store. */
  async getCorpus(): Promise<Corpus> {
    const index = await this.getIndex();
    return { index, load: (ids) => this.load(ids) };
  }

  /**
   * What the index holds: articles by origin and their own languages (the records' `language`,
   * which for a translation kept in the corpus is the original's), most articles first.
   */
  makeup(): CorpusMakeup {
    const out: CorpusMakeup = { bundled: 0, saved: 0, imported: 0, read: 0, languages: [] };
    const languages = new Map<string, number>();
    for (const { origin, language } of this.kinds.values()) {
      out[origin]++;
      if (language) languages.set(language, (languages.get(language) ?? 0) + 1);
    }
    out.languages = [...languages].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
    return out;
  }

  async getRecord(id: string): Promise<CorpusRecord | null> {
    return (await getArticle(await this.database(), id))?.record ?? null;
  }

  /**
   * Saves one article (validated by the store first: one that does not fit the corpus format
   * throws and writes nothing) and indexes it at once (no pass over the corpus). `indexed`: the
   * article stored under the returned id is now matched against (false when the reader hid it).
   */
  async saveArticle(record: CorpusRecord): Promise<SaveOutcome & { indexed: boolean }> {
    const db = await this.database();
    const { outcomes: [outcome], stamp } = await saveUserArticlesStamped(db, [record], 'saved');
    await this.getIndex();
    const stored = await getArticle(db, outcome!.id);
    if (stored && !stored.hidden && outcome!.outcome !== 'bundled') {
      await this.queue;
      await this.indexStored(db, stored, null);
      this.kinds.set(stored.id, { origin: stored.origin, language: stored.record.language ?? null });
      await this.followWrite(db, stamp, stored);
    } else this.invalidate();
    return { ...outcome!, indexed: stored !== null && !stored.hidden };
  }

  /** Where an indexed article came from (null when the index does not hold it). */
  originOf(id: string): StoredArticle['origin'] | null {
    return this.kinds.get(id)?.origin ?? null;
  }

  /**
   * Keeps a page the reader read (reading history; the caller has checked that it may) and updates
   * the index in place: the article added or refreshed, the read articles evicted at the limit
   * removed. No pass over the corpus.
   */
  async keepRead(record: CorpusRecord, limit: number): Promise<KeepOutcome> {
    const db = await this.database();
    const outcome = await keepReadArticle(db, record, { limit });
    await this.getIndex();
    await this.queue;
    for (const id of outcome.evicted) {
      this.index.remove(id);
      this.indexed.delete(id);
      this.kinds.delete(id);
    }
    const stored = outcome.outcome === 'in-corpus' ? null : await getArticle(db, outcome.id);
    if (stored && !stored.hidden && this.indexed.get(stored.id) !== stored.fingerprint) await this.indexStored(db, stored, (await readFeaturesPage(db, [stored.id])).get(stored.id));
    if (stored && !stored.hidden) this.kinds.set(stored.id, { origin: stored.origin, language: stored.record.language ?? null });
    // one article added (nothing evicted) is recorded beside the stored snapshot, as a save is
    if (outcome.stamp.after !== outcome.stamp.before) await this.followWrite(db, outcome.stamp, stored && !stored.hidden && outcome.evicted.length === 0 ? stored : null);
    return outcome;
  }

  /** Adds one stored article to the index now: its stored features when current, else computed (and stored). */
  private async indexStored(db: Database, stored: StoredArticle, features: StoredFeatures | null | undefined): Promise<void> {
    const fresh: StoredFeatures[] = [];
    const indexed = featuresOf(stored, features, fresh);
    await putFeatures(db, fresh);
    this.index.add({ record: stored.record, features: indexed });
    this.indexed.set(stored.id, stored.fingerprint);
  }

  /**
   * After one write the index followed in place: the index holds the store's state after it when it
   * held the state just before it. The one article added (`added`) is recorded beside the stored
   * snapshot (cost in proportion to the change); otherwise, or when that fails, the snapshot is
   * written again.
   */
  private async followWrite(db: Database, stamp: { before: number; after: number }, added: StoredArticle | null): Promise<void> {
    if (this.stamp !== stamp.before) return;
    this.stamp = stamp.after;
    const entry = added ? { stamp: stamp.after, id: added.id, fingerprint: added.fingerprint, origin: added.origin, language: added.record.language ?? null } : null;
    if (!entry || !(await appendSnapshotDelta(db, entry, MAX_SNAPSHOT_DELTA).catch(() => false))) this.scheduleSnapshot();
  }

  /** Records and features of the given articles, from the store (features computed when stale). */
  private async load(ids: readonly string[]): Promise<Map<string, IndexedArticle>> {
    const db = await this.database();
    const out = new Map<string, IndexedArticle>();
    const fresh: StoredFeatures[] = [];
    for (const { article, features } of await readArticlesWithFeatures(db, ids)) {
      if (!article.hidden) out.set(article.id, { record: article.record, features: featuresOf(article, features, fresh) });
    }
    if (fresh.length) await putFeatures(db, fresh);
    return out;
  }

  /**
   * Brings the index up to the store in one pass over it, a page at a time (memory stays bounded):
   * adds new and changed articles (features from the store when current, computed and stored
   * otherwise), removes deleted and hidden ones.
   */
  private async reconcile(target: number): Promise<void> {
    const db = await this.database();
    const meta = await db.get('meta', 'bundled-version');
    if (meta !== BUNDLED_VERSION) await syncBundledCorpus(db, bundledCorpus as CorpusRecord[], BUNDLED_VERSION);
    // read before the pass: a change landing during it leaves the index marked older than the store
    const stamp = await readArticlesStamp(db);
    if (!this.started) {
      this.started = true;
      await this.loadSnapshot(db, stamp);
    }
    if (this.stamp === stamp) {
      // nothing written to the articles since the index was current
      this.currentGeneration = Math.max(this.currentGeneration, target);
      return;
    }
    const seen = new Set<string>();
    let added = 0;
    await forEachArticlePage(db, async (page) => {
      const changed: StoredArticle[] = [];
      for (const a of page) {
        if (a.hidden) continue;
        seen.add(a.id);
        this.kinds.set(a.id, { origin: a.origin, language: a.record.language ?? null });
        if (this.indexed.get(a.id) !== a.fingerprint) changed.push(a);
      }
      if (!changed.length) return;
      const stored = await readFeaturesPage(db, changed.map((a) => a.id));
      const fresh: StoredFeatures[] = [];
      for (const a of changed) {
        this.index.add({ record: a.record, features: featuresOf(a, stored.get(a.id), fresh) }, { bulk: true });
        this.indexed.set(a.id, a.fingerprint);
        added++;
      }
      if (fresh.length) await putFeatures(db, fresh);
    });
    for (const id of [...this.indexed.keys()]) {
      if (!seen.has(id)) {
        this.index.remove(id);
        this.indexed.delete(id);
        this.kinds.delete(id);
      }
    }
    if (added > 0) this.index.settle();
    this.currentGeneration = Math.max(this.currentGeneration, target);
    this.stamp = stamp;
    this.scheduleSnapshot();
  }

  /**
   * At start: the index from the stored snapshot when it is whole, of this engine's formats, and
   * agrees with itself; otherwise the index is rebuilt from stored features (and why is kept in
   * `snapshotLoad`). A snapshot older than the store is still used: the pass that follows brings
   * it up to date without recomputing or rereading the features of unchanged articles.
   */
  private async loadSnapshot(db: Database, stamp: number): Promise<void> {
    const started = performance.now();
    const read = await readIndexSnapshot(db, { indexFormat: INDEX_SNAPSHOT_FORMAT, featuresVersion: FEATURES_VERSION });
    const readAt = performance.now();
    if (!read.ok) {
      this.snapshotLoad = { from: 'rebuilt', reason: read.reason, problem: read.problem };
      return;
    }
    let index: CorpusIndex;
    try {
      index = decodeIndexSnapshot(read.bytes);
    } catch (e) {
      this.snapshotLoad = { from: 'rebuilt', reason: 'damaged', problem: e instanceof Error ? e.message : String(e) };
      return;
    }
    const { ids, fingerprints, origins, languages } = read.extras;
    if (index.size !== ids.length || !ids.every((id) => index.has(id))) {
      this.snapshotLoad = { from: 'rebuilt', reason: 'damaged', problem: 'snapshot index and extras list different articles' };
      return;
    }
    this.index = index;
    ids.forEach((id, i) => {
      this.indexed.set(id, fingerprints[i]!);
      this.kinds.set(id, { origin: origins[i]!, language: languages[i] ?? null });
    });
    this.stamp = read.header.stamp;
    // articles saved one by one since the snapshot: added again in the same order, the index is as it was
    const delta = read.header.stamp === stamp ? [] : await readSnapshotDelta(db, read.header.stamp, stamp);
    if (delta?.length) {
      const fresh: StoredFeatures[] = [];
      const stored = new Map((await readArticlesWithFeatures(db, delta.map((e) => e.id))).map((x) => [x.article.id, x]));
      // each saved article must still be in the store as saved (else a pass over the store brings the index up to date)
      if (delta.every((e) => stored.get(e.id)?.article.fingerprint === e.fingerprint && !stored.get(e.id)!.article.hidden)) {
        for (const e of delta) {
          const { article, features } = stored.get(e.id)!;
          index.add({ record: article.record, features: featuresOf(article, features, fresh) });
          this.indexed.set(e.id, e.fingerprint);
          this.kinds.set(e.id, { origin: e.origin, language: e.language });
        }
        if (fresh.length) await putFeatures(db, fresh);
        this.stamp = stamp;
      }
    }
    this.snapshotLoad = { from: 'snapshot', current: this.stamp === stamp, readMs: Math.round(readAt - started), decodeMs: Math.round(performance.now() - readAt), replayed: this.stamp === stamp ? (delta?.length ?? 0) : 0 };
  }

  /** Writes the snapshot once changes have settled (snapshotDelayMs after the last one). */
  private scheduleSnapshot(): void {
    if (this.snapshotTimer !== null) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      void this.flushSnapshot().catch(() => undefined); // a snapshot not written is rebuilt next start
    }, this.snapshotDelayMs);
    // in Node (CLI, bench, tests) a pending snapshot does not keep the process alive
    (this.snapshotTimer as { unref?: () => void }).unref?.();
  }

  /**
   * Writes the index's snapshot now, when the index is current and its store state known; returns
   * the bytes written, or null when there was nothing sound to write.
   */
  async flushSnapshot(): Promise<number | null> {
    if (this.snapshotTimer !== null) {
      clearTimeout(this.snapshotTimer);
      this.snapshotTimer = null;
    }
    await this.queue;
    if (this.currentGeneration < this.generation || this.stamp === null) return null;
    const extras: SnapshotExtras = { ids: [], fingerprints: [], origins: [], languages: [] };
    for (const [id, fingerprint] of this.indexed) {
      const kind = this.kinds.get(id);
      if (!kind || !this.index.has(id)) return null;
      extras.ids.push(id);
      extras.fingerprints.push(fingerprint);
      extras.origins.push(kind.origin);
      extras.languages.push(kind.language);
    }
    // encoded at once (synchronously), so the bytes, the extras and the stamp are one state
    const bytes = encodeIndexSnapshot(this.index);
    const snapshot = { bytes, indexFormat: INDEX_SNAPSHOT_FORMAT, featuresVersion: FEATURES_VERSION, articles: extras.ids.length, stamp: this.stamp, extras };
    return writeIndexSnapshot(await this.database(), snapshot);
  }
}
