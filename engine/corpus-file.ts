// The JSONL corpus format (one CorpusRecord a line), shared by the CLI and the options page import.
import { CorpusRecordSchema, describeIssues, type CorpusRecord } from './schemas.ts';

/**
 * The longest line read: a record's text is at most 2,000,000 characters, which escaped as \uXXXX
 * take 6 a character. The same bound as the options page import (store/import.ts MAX_LINE_CHARS).
 */
export const MAX_LINE_CHARS = 12_500_000;

export interface JsonlError {
  line: number;
  message: string;
}

export interface DuplicateId {
  /** the later line, which is left out */
  line: number;
  id: string;
  /** the first line with that id, which is kept */
  firstLine: number;
}

export interface ParsedJsonl {
  /** one record an id: the first line with that id */
  records: CorpusRecord[];
  /** 1-based line number of each record, in the order of `records` */
  lines: number[];
  /** line numbers are 1-based */
  errors: JsonlError[];
  /** how many lines repeated an id earlier in the same file (left out: the first one is kept) */
  duplicateIds: number;
  /** each left-out line, with the line it repeats */
  duplicates: DuplicateId[];
}

export function parseCorpusLine(line: string): { record: CorpusRecord } | { error: string } {
  if (line.length > MAX_LINE_CHARS) {
    return { error: `(record): line too long: ${line.length.toLocaleString('en')} characters (at most ${MAX_LINE_CHARS.toLocaleString('en')})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const parsed = CorpusRecordSchema.safeParse(value);
  if (!parsed.success) return { error: describeIssues(parsed.error) };
  return { record: parsed.data };
}

/**
 * Every non-blank line of a file: a record or an error. A leading BOM and CRLF line ends are
 * accepted (as the options page accepts them). A repeated id keeps the first line and reports the
 * later ones in `duplicates`.
 */
export function parseCorpusJsonl(text: string): ParsedJsonl {
  const firstLineOf = new Map<string, number>();
  const records: CorpusRecord[] = [];
  const lines: number[] = [];
  const errors: JsonlError[] = [];
  const duplicates: DuplicateId[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // one line at a time by indexOf: no array of every line of a large file
  let start = 0;
  for (let n = 1; start <= body.length; n++) {
    let end = body.indexOf('\n', start);
    if (end < 0) end = body.length;
    let line = body.slice(start, end);
    start = end + 1;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (!line.trim()) continue;
    const r = parseCorpusLine(line);
    if ('error' in r) errors.push({ line: n, message: r.error });
    else {
      const first = firstLineOf.get(r.record.id);
      if (first !== undefined) duplicates.push({ line: n, id: r.record.id, firstLine: first });
      else {
        firstLineOf.set(r.record.id, n);
        records.push(r.record);
        lines.push(n);
      }
    }
  }
  return { records, lines, errors, duplicateIds: duplicates.length, duplicates };
}

export function toJsonl(records: readonly CorpusRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
