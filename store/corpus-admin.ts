// What the options page can do with the corpus. The page reaches the store only through this
// interface: the extension passes the IndexedDB implementation below, component tests a fake.
// Writes happen in the page's own context (same origin as the background, same database); after
// each one the background is told (`corpus-changed`) so it drops its in-memory index.
import {
  clearUserCorpus,
  deleteArticles,
  deleteInvalidRecords,
  openDatabase,
  readAllArticles,
  readSettings,
  setHidden,
  writeSettings,
  type Database,
  type InvalidRecord,
} from './database.ts';
import { exportCorpus, type ExportScope, type ExportedCorpus } from './export.ts';
import { checkImportFile, importChecked, type CheckOptions, type CheckedFile, type ImportOptions, type ImportReport } from './import.ts';
import { forgetReadArticles, trimReadArticles } from './reading-history.ts';
import type { ArticleOrigin, CorpusSettings, StoredArticle } from './schema.ts';

export interface ArticleSummary {
  id: string;
  title: string;
  outlet: string;
  url: string | null;
  published: string | null;
  language: string | null;
  origin: ArticleOrigin;
  hidden: boolean;
  addedAt: number;
}

export interface CorpusOverview {
  /** newest first */
  articles: ArticleSummary[];
  byOrigin: Record<ArticleOrigin, number>;
  /** most articles first; `unknown` for articles without a language */
  byLanguage: Array<{ language: string; count: number }>;
  hidden: number;
  /** records that failed validation, set aside: not used for matching, kept until deleted */
  invalid: InvalidRecord[];
  settings: CorpusSettings;
  /** the reading history (origin `read`): counts by outlet and by language, most first */
  read: { byOutlet: Array<{ outlet: string; count: number }>; byLanguage: Array<{ language: string; count: number }> };
}

export interface CorpusAdmin {
  overview(): Promise<CorpusOverview>;
  deleteArticles(ids: readonly string[]): Promise<number>;
  setHidden(id: string, hidden: boolean): Promise<void>;
  clearUserCorpus(): Promise<number>;
  deleteInvalid(records: readonly InvalidRecord[]): Promise<number>;
  /** checks every line of an import file; writes nothing */
  checkImport(text: string, options?: CheckOptions): Promise<CheckedFile>;
  /** writes a checked file, all or nothing (throws ImportRejectedError when it has invalid lines, unless validOnly) */
  runImport(checked: CheckedFile, options?: ImportOptions): Promise<ImportReport>;
  exportCorpus(scope: ExportScope): Promise<ExportedCorpus>;
  saveSettings(settings: CorpusSettings): Promise<void>;
  /** "Forget what I read": the read articles added since `since` (ms), or all when null; returns how many */
  forgetRead(since: number | null): Promise<number>;
  /** evicts the oldest read articles beyond `limit` (the reader lowered it); returns how many */
  trimRead(limit: number): Promise<number>;
}

export function summarize(article: StoredArticle): ArticleSummary {
  const { id, title, outlet, url, published, language } = article.record;
  return { id, title, outlet, url: url ?? null, published: published ?? null, language: language ?? null, origin: article.origin, hidden: article.hidden, addedAt: article.addedAt };
}

export function overviewOf(articles: readonly StoredArticle[], invalid: InvalidRecord[], settings: CorpusSettings): CorpusOverview {
  const byOrigin: Record<ArticleOrigin, number> = { bundled: 0, saved: 0, imported: 0, read: 0 };
  const languages = new Map<string, number>();
  const readOutlets = new Map<string, number>();
  const readLanguages = new Map<string, number>();
  let hidden = 0;
  for (const a of articles) {
    if (a.origin === 'read') {
      readOutlets.set(a.record.outlet, (readOutlets.get(a.record.outlet) ?? 0) + 1);
      const l = a.record.language ?? 'unknown';
      readLanguages.set(l, (readLanguages.get(l) ?? 0) + 1);
    }
    byOrigin[a.origin]++;
    const language = a.record.language ?? 'unknown';
    languages.set(language, (languages.get(language) ?? 0) + 1);
    if (a.hidden) hidden++;
  }
  return {
    articles: articles.map(summarize).sort((a, b) => b.addedAt - a.addedAt || a.title.localeCompare(b.title)),
    byOrigin,
    byLanguage: [...languages].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count || a.language.localeCompare(b.language)),
    hidden,
    invalid,
    settings,
    read: {
      byOutlet: [...readOutlets].map(([outlet, count]) => ({ outlet, count })).sort((a, b) => b.count - a.count || a.outlet.localeCompare(b.outlet)),
      byLanguage: [...readLanguages].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count || a.language.localeCompare(b.language)),
    },
  };
}

export interface IdbCorpusAdminOptions {
  name?: string;
  /** tells the other contexts (the background) that the corpus changed */
  notifyChanged?(): void;
  /** another tab holds the database at an older version: the page waits for it */
  onBlocked?(): void;
}

export function createIdbCorpusAdmin(options: IdbCorpusAdminOptions = {}): CorpusAdmin {
  let connection: Promise<Database> | null = null;
  const database = () => {
    connection ??= openDatabase({
      ...(options.name === undefined ? {} : { name: options.name }),
      onBlocked: () => options.onBlocked?.(),
      // closed for a newer version or by the browser: the next call opens it again
      onClosed: () => {
        connection = null;
      },
    }).catch((error: unknown) => {
      connection = null;
      throw error;
    });
    return connection;
  };
  const changed = <T>(result: T): T => {
    options.notifyChanged?.();
    return result;
  };
  return {
    async overview() {
      const db = await database();
      const [{ articles, invalid }, settings] = await Promise.all([readAllArticles(db), readSettings(db)]);
      return overviewOf(articles, settings.invalid ? [...invalid, settings.invalid] : invalid, settings.settings);
    },
    async deleteArticles(ids) {
      return changed(await deleteArticles(await database(), ids));
    },
    async setHidden(id, hidden) {
      await setHidden(await database(), id, hidden);
      changed(undefined);
    },
    async clearUserCorpus() {
      return changed(await clearUserCorpus(await database()));
    },
    async deleteInvalid(records) {
      return changed(await deleteInvalidRecords(await database(), records));
    },
    checkImport(text, checkOptions) {
      return checkImportFile(text, checkOptions);
    },
    async runImport(checked, importOptions) {
      return changed(await importChecked(await database(), checked, importOptions));
    },
    async exportCorpus(scope) {
      return exportCorpus(await database(), scope);
    },
    async saveSettings(settings) {
      await writeSettings(await database(), settings);
    },
    async forgetRead(since) {
      return changed((await forgetReadArticles(await database(), since)).length);
    },
    async trimRead(limit) {
      return changed((await trimReadArticles(await database(), limit)).length);
    },
  };
}
