// Owns the corpus in the background: opens the store, syncs the bundled corpus, keeps the
// in-memory index (features are computed once per article and stored with it).
import { computeFeatures, type ArticleFeatures } from '../engine/features.ts';
import { CorpusIndex } from '../engine/corpus-index.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { textFingerprint } from '../engine/features.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { openDatabase, putFeatures, readAllArticles, readAllFeatures, syncBundledCorpus, putUserArticles, getArticle, type Database } from '../store/database.ts';
import type { StoredFeatures } from '../store/schema.ts';
import { FEATURES_VERSION } from '../engine/features.ts';
import bundledCorpus from '../corpus/bundled-corpus.json';

export const BUNDLED_VERSION = `${bundledCorpus.length}:${textFingerprint(JSON.stringify(bundledCorpus))}`;

export class CorpusService {
  private index: CorpusIndex | null = null;
  private loading: Promise<CorpusIndex> | null = null;
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

  invalidate(): void {
    this.index = null;
    this.loading = null;
  }

  async getIndex(): Promise<CorpusIndex> {
    if (this.index) return this.index;
    this.loading ??= this.load();
    return this.loading;
  }

  async getRecord(id: string): Promise<CorpusRecord | null> {
    return (await getArticle(await this.database(), id))?.record ?? null;
  }

  async saveArticle(record: CorpusRecord): Promise<void> {
    await putUserArticles(await this.database(), [record], 'saved');
    this.invalidate();
  }

  private async load(): Promise<CorpusIndex> {
    const db = await this.database();
    const meta = await db.get('meta', 'bundled-version');
    if (meta !== BUNDLED_VERSION) await syncBundledCorpus(db, bundledCorpus as CorpusRecord[], BUNDLED_VERSION);
    const { articles } = await readAllArticles(db);
    const stored = await readAllFeatures(db);
    const knowledge = defaultKnowledge();
    const index = new CorpusIndex();
    const fresh: StoredFeatures[] = [];
    for (const a of articles) {
      if (a.hidden) continue;
      const fp = textFingerprint(a.record.text);
      const s = stored.get(a.id);
      let features: ArticleFeatures;
      if (s && s.format === FEATURES_VERSION && s.textFingerprint === fp) features = s.features as ArticleFeatures;
      else {
        features = computeFeatures(a.record, knowledge);
        fresh.push({ id: a.id, format: FEATURES_VERSION, textFingerprint: fp, features });
      }
      index.add({ record: a.record, features });
    }
    if (fresh.length) await putFeatures(db, fresh);
    this.index = index;
    return index;
  }
}
