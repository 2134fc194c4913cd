// The store's failures and an imported file's problems in the UI's language (the options page,
// and the background's answer to Save): the store gives them
// as codes and parameters (store/errors.ts, store/problems.ts, store/import.ts); every message
// names what is wrong and where (the line, the field). Values from the file and the browser's own
// words (a JSON parser's position, a storage error) are passed through as they are.
import { count, plural, t, type MessageKey } from './messages.ts';
import { storeFailure } from '../store/errors.ts';
import { REPORTED_LINES, type ImportRejection, type LineError, type LineProblem } from '../store/import.ts';
import type { Expected, FieldProblem, JsonKind, LineProblemDetail } from '../store/problems.ts';

const VALUE_KINDS: Record<Expected | JsonKind, MessageKey> = {
  text: 'valueString',
  string: 'valueString',
  date: 'valueDate',
  language: 'valueLanguage',
  number: 'valueNumber',
  boolean: 'valueBoolean',
  object: 'valueObject',
  array: 'valueArray',
  null: 'valueNull',
};

/** An imported line's problem, without its field. */
export function lineProblemMessage(p: LineProblemDetail): string {
  switch (p.code) {
    case 'missing':
      return t('problemMissing');
    case 'wrong-type':
      return t('problemWrongType', t(VALUE_KINDS[p.expected]), t(VALUE_KINDS[p.got]));
    case 'empty':
      return t('problemEmpty');
    case 'too-long':
      return t('problemTooLong', p.length, p.max);
    case 'negative':
      return t('problemNegative');
    case 'not-date':
      return t('problemNotDate');
    case 'not-calendar-date':
      return t('problemNotCalendarDate', p.value);
    case 'not-language-code':
      return t('problemNotLanguage', p.value);
    case 'not-one-of':
      return t('problemNotOneOf', p.values.join(t('listSeparator')));
    case 'invalid':
      return t('problemInvalid', p.detail);
    case 'line-too-long':
      return t('problemLineTooLong', p.length, p.max);
    case 'not-json':
      return t('problemNotJson', p.detail);
    case 'not-object':
      return t('problemNotObject', t(VALUE_KINDS[p.got]));
  }
}

/** "outlet: missing; published: expected …": each field and its problem (the value as a whole: the problem alone). */
export function fieldProblemsMessage(problems: ReadonlyArray<FieldProblem | LineProblem>): string {
  return problems.map((p) => (p.field === '(record)' || p.field === '(line)' ? lineProblemMessage(p.problem) : t('fieldProblem', p.field, lineProblemMessage(p.problem)))).join(t('listSeparatorStrong'));
}

/** "line 3: text: must not be empty; …" for the first `limit` bad lines, then "and N more lines". */
export function lineErrorMessages(errors: readonly LineError[], limit = REPORTED_LINES): string[] {
  const out = errors.slice(0, limit).map((e) =>
    t(
      'lineError',
      e.line,
      fieldProblemsMessage(e.problems),
    ),
  );
  if (errors.length > limit) out.push(plural(errors.length - limit, 'moreLinesOne', 'moreLinesOther'));
  return out;
}

export function rejectionMessage(r: ImportRejection): string {
  switch (r.code) {
    case 'file-empty':
      return t('fileProblem', t('fileEmpty'));
    case 'invalid-lines':
      return t('rejectedInvalidLines', count(r.invalid), plural(r.lines, 'linesOne', 'linesOther'));
    case 'no-valid-line':
      return t('rejectedNoValidLine');
  }
}

/** A failed store operation in words a reader can act on. */
export function storeErrorMessage(error: unknown): string {
  const f = storeFailure(error);
  switch (f.code) {
    case 'import-rejected':
      return rejectionMessage(f.reason);
    case 'import-busy':
      return t('importBusy');
    case 'invalid-article':
      return t('storeInvalidArticle', fieldProblemsMessage(f.problems));
    case 'quota':
      return t('storeQuota');
    case 'changed':
      return t('storeChanged');
    case 'cancelled':
      return t('storeCancelled');
    case 'newer-version':
      return t('storeNewerVersion');
    case 'closed':
      return t('storeClosed');
    case 'io':
      return f.detail ? t('storeIoDetail', f.detail) : t('storeIo');
    case 'unknown':
      return f.detail ? t('storeUnknownDetail', f.detail) : t('storeUnknown');
  }
}
