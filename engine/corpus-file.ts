// The JSONL corpus format (one CorpusRecord a line), shared by the CLI and the options page import.
import { CorpusRecordSchema, describeIssues, type CorpusRecord } from './schemas.ts';

export interface JsonlError {
  line: number;
  message: string;
}

export interface ParsedJsonl {
  records: CorpusRecord[];
  /** line numbers are 1-based */
  errors: JsonlError[];
  /** how many lines repeated an id earlier in the same file (the later one wins) */
  duplicateIds: number;
}

export function parseCorpusLine(line: string): { record: CorpusRecord } | { error: string } {
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

export function parseCorpusJsonl(text: string): ParsedJsonl {
  const records = new Map<string, CorpusRecord>();
  const errors: JsonlError[] = [];
  let duplicateIds = 0;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const r = parseCorpusLine(line);
    if ('error' in r) errors.push({ line: i + 1, message: r.error });
    else {
      if (records.has(r.record.id)) duplicateIds++;
      records.set(r.record.id, r.record);
    }
  });
  return { records: [...records.values()], errors, duplicateIds };
}

export function toJsonl(records: readonly CorpusRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
