// Importing a JSONL corpus file (one CorpusRecord a line, the CLI's --corpus format): check every
// line first, then write all or nothing, in batches, merging duplicates.
import { textFingerprint } from '../engine/features.ts';
import { CorpusRecordSchema, type CorpusRecord } from '../engine/schemas.ts';
import type { Database } from './database.ts';
import { mergeRecords, storedArticle, urlKey } from './identity.ts';
import { beginImport, commitImport, rollbackImport, withImportLock, writeJournalledBatch } from './journal.ts';
import { jsonKind, problemOf, type LineProblemDetail } from './problems.ts';
import { ExportExtrasSchema, StoredArticleSchema, type ExportExtras, type StoredArticle } from './schema.ts';

/** A record's text is at most 2,000,000 characters; escaped as \uXXXX it takes 6 a character. */
export const MAX_LINE_CHARS = 12_500_000;
/** Lines in the report before "and N more". */
export const REPORTED_LINES = 20;
export const DEFAULT_BATCH_SIZE = 500;

export interface LineProblem {
  /** the record's field (`text`, `published`, `sidelight.origin`), or `(line)` for the line as a whole */
  field: string;
  /** what is wrong, as a code and its parameters (the options page words it) */
  problem: LineProblemDetail;
}

export interface LineError {
  /** 1-based, as an editor shows it */
  line: number;
  problems: LineProblem[];
}

export interface ImportEntry {
  line: number;
  record: CorpusRecord;
  extras: ExportExtras | null;
}

export interface CheckedFile {
  entries: ImportEntry[];
  errors: LineError[];
  /** non-blank lines */
  lines: number;
  /** the file as a whole cannot be imported ('empty': no line with an article); null when it is only a matter of lines */
  fileProblem: 'empty' | null;
}

export interface Progress {
  done: number;
  total: number;
}

export interface CheckOptions {
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
}

/** Yields to the event loop (not throttled in background tabs as setTimeout is). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function abortError(): DOMException {
  return new DOMException('The import was cancelled.', 'AbortError');
}

/** Checks one line: a record (and the `sidelight` extras of an exported line), or what is wrong. */
export function checkLine(line: string): { record: CorpusRecord; extras: ExportExtras | null } | { problems: LineProblem[] } {
  if (line.length > MAX_LINE_CHARS) {
    return { problems: [{ field: '(line)', problem: { code: 'line-too-long', length: line.length, max: MAX_LINE_CHARS } }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { problems: [{ field: '(line)', problem: { code: 'not-json', detail: (error as Error).message } }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ field: '(line)', problem: { code: 'not-object', got: jsonKind(value) } }] };
  }
  const problems: LineProblem[] = [];
  const parsed = CorpusRecordSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.') || '(line)';
      problems.push({ field, problem: problemOf(issue, value, field) });
    }
  }
  const rawExtras = (value as { sidelight?: unknown }).sidelight;
  let extras: ExportExtras | null = null;
  if (rawExtras !== undefined) {
    const parsedExtras = ExportExtrasSchema.safeParse(rawExtras);
    if (parsedExtras.success) extras = parsedExtras.data;
    else {
      for (const issue of parsedExtras.error.issues) {
        const field = ['sidelight', ...issue.path.map(String)].join('.');
        problems.push({ field, problem: problemOf(issue, rawExtras, field) });
      }
    }
  }
  if (problems.length || !parsed.success) return { problems };
  return { record: parsed.data, extras };
}

/** Checks every line of a file; writes nothing. A BOM and CRLF line ends are accepted. */
export async function checkImportFile(text: string, options: CheckOptions = {}): Promise<CheckedFile> {
  // split on '\n' then drop a line's '\r': the same lines as split(/\r?\n/), without a regex over the whole file
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  const entries: ImportEntry[] = [];
  const errors: LineError[] = [];
  let nonBlank = 0;
  let lastYield = Date.now();
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    nonBlank++;
    const checked = checkLine(line);
    if ('problems' in checked) errors.push({ line: i + 1, problems: checked.problems });
    else entries.push({ line: i + 1, record: checked.record, extras: checked.extras });
    if (Date.now() - lastYield > 30) {
      options.onProgress?.({ done: i + 1, total: lines.length });
      await yieldToEventLoop();
      if (options.signal?.aborted) throw abortError();
      lastYield = Date.now();
    }
  }
  options.onProgress?.({ done: lines.length, total: lines.length });
  const fileProblem = nonBlank === 0 ? 'empty' : null;
  return { entries, errors, lines: nonBlank, fileProblem };
}

export interface DuplicateCounts {
  /** same id as an article already in the corpus or earlier in the file */
  id: number;
  url: number;
  text: number;
}

export interface ImportReport {
  /** new articles written */
  added: number;
  /** lines merged into an article of the reader's (already stored or earlier in the file) */
  merged: number;
  /** lines that duplicate a bundled article: not added (a hidden flag from an export is applied) */
  alreadyBundled: number;
  duplicates: DuplicateCounts;
  /** lines left out because they were invalid (only when importing the valid lines) */
  skippedInvalid: number;
  milliseconds: number;
}

type PlanItem =
  | { kind: 'new'; article: StoredArticle }
  /** merge into an article already stored (of the reader's, or a record that fails validation) */
  | { kind: 'merge'; id: string; records: CorpusRecord[] }
  | { kind: 'hide'; id: string; hidden: boolean };

interface ExistingKeys {
  /** every stored id, bundled or not (a record that fails validation counts as not bundled) */
  origin: Map<string, 'bundled' | 'other'>;
  byUrl: Map<string, string>;
  byText: Map<string, string>;
}

interface KeyedEntry extends ImportEntry {
  url: string | undefined;
  fingerprint: string;
}

/**
 * What the store already holds that the file's lines could duplicate: all ids (one request), and
 * the articles with the file's URLs and text fingerprints: by walking the two indexes when the
 * corpus is small next to the file, else by one lookup per key, issued together.
 */
async function readExistingKeys(db: Database, entries: readonly KeyedEntry[]): Promise<ExistingKeys> {
  const tx = db.transaction('articles');
  const origin = new Map<string, 'bundled' | 'other'>();
  const byUrl = new Map<string, string>();
  const byText = new Map<string, string>();
  const [ids, bundled] = await Promise.all([tx.store.getAllKeys(), tx.store.index('by-origin').getAllKeys('bundled')]);
  for (const id of ids) origin.set(id, 'other');
  for (const id of bundled) origin.set(id, 'bundled');
  const urls = new Set(entries.flatMap((e) => (e.url === undefined ? [] : [e.url])));
  const fingerprints = new Set(entries.map((e) => e.fingerprint));
  const walk = async (index: 'by-url' | 'by-fingerprint', into: Map<string, string>) => {
    let cursor = await tx.store.index(index).openKeyCursor();
    while (cursor) {
      const key = String(cursor.key);
      if (!into.has(key)) into.set(key, String(cursor.primaryKey));
      cursor = await cursor.continue();
    }
  };
  const lookUp = async (index: 'by-url' | 'by-fingerprint', keys: Set<string>, into: Map<string, string>) => {
    const found = await Promise.all([...keys].map(async (key) => [key, await tx.store.index(index).getKey(key)] as const));
    for (const [key, id] of found) if (id !== undefined) into.set(key, id);
  };
  if (ids.length * 2 < urls.size + fingerprints.size) await Promise.all([walk('by-url', byUrl), walk('by-fingerprint', byText)]);
  else await Promise.all([lookUp('by-url', urls, byUrl), lookUp('by-fingerprint', fingerprints, byText)]);
  await tx.done;
  return { origin, byUrl, byText };
}

/** Decides, line by line, what each valid line becomes: a new article, a merge, or nothing. */
function planImport(entries: readonly KeyedEntry[], existing: ExistingKeys, now: number) {
  const items = new Map<string, PlanItem>();
  const byUrl = new Map(existing.byUrl);
  const byText = new Map(existing.byText);
  const duplicates: DuplicateCounts = { id: 0, url: 0, text: 0 };
  let merged = 0;
  let alreadyBundled = 0;
  for (const { record, extras, url: key, fingerprint } of entries) {
    let target: string | undefined;
    let by: keyof DuplicateCounts = 'id';
    if (items.has(record.id) || existing.origin.has(record.id)) target = record.id;
    else if (key !== undefined && byUrl.has(key)) [target, by] = [byUrl.get(key), 'url'];
    else if (byText.has(fingerprint)) [target, by] = [byText.get(fingerprint), 'text'];

    const register = (id: string) => {
      if (key !== undefined && !byUrl.has(key)) byUrl.set(key, id);
      if (!byText.has(fingerprint)) byText.set(fingerprint, id);
    };
    if (target === undefined) {
      // an export's read articles come back as reading history; anything else imported is the reader's
      const origin = extras?.origin === 'saved' || extras?.origin === 'read' ? extras.origin : 'imported';
      items.set(record.id, { kind: 'new', article: storedArticle(record, origin, extras?.hidden ?? false, extras?.addedAt ?? now, fingerprint) });
      register(record.id);
      continue;
    }
    duplicates[by]++;
    const pending = items.get(target);
    if (pending?.kind === 'new') {
      const mergedRecord = mergeRecords(pending.article.record, record);
      items.set(target, { kind: 'new', article: storedArticle(mergedRecord, pending.article.origin, pending.article.hidden, pending.article.addedAt) });
      register(target);
      merged++;
    } else if (pending?.kind === 'merge') {
      pending.records.push(record);
      register(target);
      merged++;
    } else if (existing.origin.get(target) === 'bundled' || pending?.kind === 'hide') {
      alreadyBundled++;
      // an exported bundled article carries the reader's hidden flag back
      if (extras?.origin === 'bundled' && extras.hidden !== undefined && target === record.id) items.set(target, { kind: 'hide', id: target, hidden: extras.hidden });
    } else {
      items.set(target, { kind: 'merge', id: target, records: [record] });
      register(target);
      merged++;
    }
  }
  return { items: [...items.values()], duplicates, merged, alreadyBundled };
}

/** What a merge or hide item becomes, given the article stored now; null: nothing to write. */
function resolveItem(item: PlanItem, stored: unknown, now: number): StoredArticle | null {
  if (item.kind === 'new') return item.article;
  const parsed = StoredArticleSchema.safeParse(stored);
  if (item.kind === 'hide') return parsed.success && parsed.data.hidden !== item.hidden ? { ...parsed.data, hidden: item.hidden } : null;
  if (parsed.success && parsed.data.origin === 'bundled') return null; // became bundled meanwhile: keep it
  // a stored record that fails validation is replaced by the imported one
  let record = parsed.success ? parsed.data.record : item.records[0]!;
  for (const r of parsed.success ? item.records : item.records.slice(1)) record = mergeRecords(record, r);
  // an article from reading history that a file also holds becomes imported (never evicted or forgotten)
  if (parsed.success) return storedArticle(record, parsed.data.origin === 'read' ? 'imported' : parsed.data.origin, parsed.data.hidden, parsed.data.addedAt);
  return storedArticle({ ...record, id: item.id }, 'imported', false, now);
}

export interface ImportOptions {
  /** import the valid lines of a file that has invalid ones (default: reject the whole file) */
  validOnly?: boolean;
  batchSize?: number;
  onProgress?(progress: Progress): void;
  signal?: AbortSignal;
}

/** Why a whole file was not imported (the options page words it; `message` is for logs). */
export type ImportRejection = { code: 'file-empty' } | { code: 'invalid-lines'; invalid: number; lines: number } | { code: 'no-valid-line' };

export class ImportRejectedError extends Error {
  constructor(
    readonly checked: CheckedFile,
    readonly reason: ImportRejection,
  ) {
    super(reason.code === 'invalid-lines' ? `import rejected: ${reason.invalid} of ${reason.lines} lines are not valid articles` : `import rejected: ${reason.code}`);
    this.name = 'ImportRejectedError';
  }
}

/**
 * Writes the checked file to the store, all or nothing. Any invalid line rejects the file unless
 * `validOnly`. Batches of `batchSize` articles, each its own transaction, with a yield to the
 * event loop between them; a failure, a cancel (`signal`), or an exception thrown by
 * `onProgress` rolls everything back.
 */
export async function importChecked(db: Database, checked: CheckedFile, options: ImportOptions = {}): Promise<ImportReport> {
  if (checked.fileProblem) throw new ImportRejectedError(checked, { code: 'file-empty' });
  if (checked.errors.length && !options.validOnly) throw new ImportRejectedError(checked, { code: 'invalid-lines', invalid: checked.errors.length, lines: checked.lines });
  if (!checked.entries.length) throw new ImportRejectedError(checked, { code: 'no-valid-line' });
  const started = Date.now();
  return withImportLock(async (holdsLock) => {
    // first: a dead import's leftovers are rolled back before the plan looks at the store
    await beginImport(db, checked.entries.length, holdsLock);
    let plan: ReturnType<typeof planImport>;
    try {
      const entries = checked.entries.map((e) => ({ ...e, url: urlKey(e.record.url), fingerprint: textFingerprint(e.record.text) }));
      const existing = await readExistingKeys(db, entries);
      const now = Date.now();
      plan = planImport(entries, existing, now);
      const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
      const total = plan.items.length;
      options.onProgress?.({ done: 0, total });
      for (let start = 0; start < total; start += batchSize) {
        if (options.signal?.aborted) throw abortError();
        await writeBatch(db, plan.items.slice(start, start + batchSize), existing, now);
        options.onProgress?.({ done: Math.min(total, start + batchSize), total });
        await yieldToEventLoop();
      }
      if (options.signal?.aborted) throw abortError();
      await commitImport(db);
    } catch (error) {
      // if the rollback fails too, the marker stays and the next opening of the store rolls back
      await rollbackImport(db).catch(() => undefined);
      throw error;
    }
    return {
      added: plan.items.filter((i) => i.kind === 'new').length,
      merged: plan.merged,
      alreadyBundled: plan.alreadyBundled,
      duplicates: plan.duplicates,
      skippedInvalid: checked.errors.length,
      milliseconds: Date.now() - started,
    };
  });
}

function writeBatch(db: Database, items: readonly PlanItem[], existing: ExistingKeys, now: number): Promise<number> {
  return writeJournalledBatch(
    db,
    items.map((item) => {
      const id = item.kind === 'new' ? item.article.id : item.id;
      return { id, knownAbsent: !existing.origin.has(id), next: (stored: unknown) => resolveItem(item, stored, now) };
    }),
  );
}

/** Checks and imports a file in one call (the CLI and tests; the options page shows the check first). */
export async function importJsonl(db: Database, text: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importChecked(db, await checkImportFile(text, { signal: options.signal }), options);
}
