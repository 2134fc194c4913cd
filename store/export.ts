// Exporting the corpus as JSONL: one CorpusRecord a line, plus a `sidelight` key with what the
// store knows beyond the record (origin, when added, hidden), so that importing the file gives
// back an identical corpus. Readers of the plain format (the CLI's --corpus) ignore that key.
import type { CorpusRecord } from '../engine/schemas.ts';
import { readAllArticles, type Database } from './database.ts';
import type { ExportExtras, StoredArticle } from './schema.ts';

/** 'user': saved, imported and read articles; 'all': the bundled ones too; 'read': the reading history only */
export type ExportScope = 'user' | 'all' | 'read';

export interface ExportedCorpus {
  /** the file's lines, each ending in a newline (a Blob can be made from them without joining) */
  lines: string[];
  count: number;
}

export function exportLine(article: StoredArticle): string {
  const { id, title, outlet, url, published, language, text } = article.record;
  const extras: ExportExtras = { origin: article.origin, addedAt: article.addedAt, hidden: article.hidden };
  // the record's fields in the documented order (undefined ones are left out), then the extras
  const line: CorpusRecord & { sidelight: ExportExtras } = { id, title, outlet, url, published, language, text, sidelight: extras };
  return `${JSON.stringify(line)}\n`;
}

export async function exportCorpus(db: Database, scope: ExportScope): Promise<ExportedCorpus> {
  const { articles } = await readAllArticles(db);
  const chosen = articles
    .filter((a) => (scope === 'all' ? true : scope === 'read' ? a.origin === 'read' : a.origin !== 'bundled'))
    .sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { lines: chosen.map(exportLine), count: chosen.length };
}

export function exportFileName(scope: ExportScope, date = new Date()): string {
  return `sidelight-${scope === 'all' ? 'corpus' : scope === 'read' ? 'reading-history' : 'my-articles'}-${date.toISOString().slice(0, 10)}.jsonl`;
}
