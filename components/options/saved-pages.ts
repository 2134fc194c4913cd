// Import a folder of saved web pages (.html, as a browser's "Save page as" writes them): each page
// read with Readability through the same extractArticle as the content script and the CLI, then
// made into a corpus record as Save makes one. Pages that are not news articles, too large, or
// unreadable are reported one by one, with the file's path and why; the rest go to the usual
// all-or-nothing import.
import type { CorpusRecord } from '../../engine/schemas.ts';
import { extractArticle } from '../../extraction/extract-article.ts';
import { recordToSave } from '../../extraction/page-record.ts';
import type { CheckedFile } from '../../store/import.ts';
import { t } from '../../i18n/messages.ts';

/** A saved page larger than this is not read (as the CLI: news pages weigh 0.5-5 MB). */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;
/** At most this many files from one folder. */
export const MAX_FOLDER_FILES = 20_000;

export interface PageProblem {
  /** the file's path inside the chosen folder */
  file: string;
  message: string;
}

export interface SavedPages {
  /** the pages read as articles, ready for the import (`line`: the page's place among the .html files, from 1) */
  checked: CheckedFile;
  problems: PageProblem[];
  /** files in the folder that are not .html pages, left alone */
  otherFiles: number;
  /** .html files in the folder */
  pages: number;
}

export interface ReadPagesOptions {
  onProgress?(progress: { done: number; total: number; file: string }): void;
  signal?: AbortSignal;
  /** parses a page (the page's DOMParser by default) */
  parse?(html: string): Document;
}

const pathOf = (file: File): string => (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;

/** The address a saved page came from: its canonical link, og:url, or the "saved from url=" comment browsers write. */
export function savedPageUrl(html: string, doc: Document): string | null {
  const candidates = [
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content'),
    /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1],
  ];
  for (const c of candidates) {
    const url = c?.trim();
    if (url && /^https?:\/\//i.test(url)) return url;
  }
  return null;
}

export async function readSavedPages(files: readonly File[], options: ReadPagesOptions = {}): Promise<SavedPages> {
  const parse = options.parse ?? ((html: string) => new DOMParser().parseFromString(html, 'text/html'));
  const html = files.filter((f) => /\.html?$/i.test(f.name)).sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  const problems: PageProblem[] = [];
  const entries: CheckedFile['entries'] = [];
  const ids = new Set<string>();
  if (html.length > MAX_FOLDER_FILES) {
    problems.push({ file: t('pageFolder'), message: t('pageTooMany', html.length, MAX_FOLDER_FILES) });
    return { checked: { entries, errors: [], lines: 0, fileProblem: null }, problems, otherFiles: files.length - html.length, pages: html.length };
  }
  for (const [i, file] of html.entries()) {
    if (options.signal?.aborted) throw new DOMException('The import was cancelled.', 'AbortError');
    const name = pathOf(file);
    options.onProgress?.({ done: i, total: html.length, file: name });
    const record = await readOne(file, parse).catch((error: unknown) => ({ problem: t('pageUnreadable', (error as Error).message) }));
    if ('problem' in record) problems.push({ file: name, message: record.problem });
    else if (ids.has(record.id)) problems.push({ file: name, message: t('pageDuplicate') });
    else {
      ids.add(record.id);
      entries.push({ line: i + 1, record, extras: null });
    }
    // a page's parse blocks the page: let it paint the progress between files
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  options.onProgress?.({ done: html.length, total: html.length, file: '' });
  return { checked: { entries, errors: [], lines: html.length, fileProblem: null }, problems, otherFiles: files.length - html.length, pages: html.length };
}

async function readOne(file: File, parse: (html: string) => Document): Promise<CorpusRecord | { problem: string }> {
  if (file.size > MAX_PAGE_BYTES) return { problem: t('pageTooLarge', (file.size / 1024 / 1024).toFixed(1), MAX_PAGE_BYTES / 1024 / 1024) };
  if (file.size === 0) return { problem: t('pageEmpty') };
  const text = await file.text();
  const doc = parse(text);
  const result = extractArticle(doc, savedPageUrl(text, doc));
  if (result.kind === 'too-large') return { problem: t('pageTooLargeReason', result.reason) };
  if (result.kind === 'not-article') return { problem: t('pageNotArticle', result.reason) };
  return recordToSave(result.article, 'page');
}
