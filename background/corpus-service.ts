// Owns the corpus in the background: opens the store, syncs the bundled corpus, keeps the
// in-memory index (features are computed once per article and stored with it).
import { computeFeatures, type ArticleFeatures } from '../engine/features.ts';
import { CorpusIndex } from '../engine/corpus-index.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { textFingerprint } from '../engine/features.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { openDatabase, putFeatures, readAllArticles, readAllFeatures, readFeatures, syncBundledCorpus, putUserArticles, getArticle, type Database } from '../store/database.ts';
import type { StoredFeatures } from '../store/schema.ts';
import { FEATURES_VERSION } from '../engine/features.ts';
import bundledCorpus from '../corpus/bundled-corpus.json';

export const BUNDLED_VERSION = `${bundledCorpus.length}:${textFingerprint(JSON.stringify(bundledCorpus))}`;

export class CorpusService {
  /** the in-memory index, kept and updated in place: articles added, changed or removed */
  private readonly index = new CorpusIndex();
  /** id -> fingerprint of the text the index holds for it */
  private readonly indexed = new Map<string, string>();
  /** bumped by every change to the store; the index is current when it has caught up */
  private generation = 1;
  private currentGeneration = 0;
  /** reconciles run one after another, never two at once */
  private queue: Promise<void> = Promise.resolve();
  private db: Promise<Database> | null = null;

  database(): Promise<Database> {
    this.db ??= openDatabase();
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

  async getRecord(id: string): Promise<CorpusRecord | null> {
    return (await getArticle(await this.database(), id))?.record ?? null;
  }

  async saveArticle(record: CorpusRecord): Promise<void> {
    await putUserArticles(await this.database(), [record], 'saved');
    this.invalidate();
  }

  /**
   * Brings the index up to the store: adds new and changed articles (features from the store when
   * current, computed and stored otherwise), removes deleted and hidden ones. Work is proportional
   * to what changed, except for reading the article list.
   */
  private async reconcile(target: number): Promise<void> {
    const db = await this.database();
    const meta = await db.get('meta', 'bundled-version');
    if (meta !== BUNDLED_VERSION) await syncBundledCorpus(db, bundledCorpus as CorpusRecord[], BUNDLED_VERSION);
    const { articles } = await readAllArticles(db);
    const visible = new Map(articles.filter((a) => !a.hidden).map((a) => [a.id, a]));
    for (const id of [...this.indexed.keys()]) {
      if (!visible.has(id)) {
        this.index.remove(id);
        this.indexed.delete(id);
      }
    }
    const changed = [...visible.values()].filter((a) => this.indexed.get(a.id) !== textFingerprint(a.record.text));
    if (changed.length) {
      const stored = changed.length > 50 ? await readAllFeatures(db) : null;
      const knowledge = defaultKnowledge();
      const fresh: StoredFeatures[] = [];
      for (const a of changed) {
        const fp = textFingerprint(a.record.text);
        const s = stored ? stored.get(a.id) : await readFeatures(db, a.id);
        let features: ArticleFeatures;
        if (s && s.format === FEATURES_VERSION && s.textFingerprint === fp) features = s.features as ArticleFeatures;
        else {
          features = computeFeatures(a.record, knowledge);
          fresh.push({ id: a.id, format: FEATURES_VERSION, textFingerprint: fp, features });
        }
        this.index.add({ record: a.record, features });
        this.indexed.set(a.id, fp);
      }
      if (fresh.length) await putFeatures(db, fresh);
    }
    this.currentGeneration = Math.max(this.currentGeneration, target);
  }
}
