// What is wrong with a value read from outside (a line of an imported file), as data: a code and
// its parameters, never words. The options page words them in the UI's language
// (components/options/store-messages.ts); the field (`text`, `published`, `sidelight.origin`) and
// the line number travel beside them, so every message can say what is wrong and where.

/** A JSON value's kind, for "expected …, got …". */
export type JsonKind = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean';

/** What a field was expected to hold. */
export type Expected = 'text' | 'date' | 'language' | 'number' | 'boolean' | 'object' | 'array';

export type ValueProblem =
  | { code: 'missing' }
  | { code: 'wrong-type'; expected: Expected; got: JsonKind }
  | { code: 'empty' }
  | { code: 'too-long'; length: number; max: number }
  | { code: 'negative' }
  /** not a date of the form YYYY-MM-DD */
  | { code: 'not-date' }
  /** the form of a date, but no day of the calendar ("2023-13-45"); `value` is its first ten characters */
  | { code: 'not-calendar-date'; value: string }
  | { code: 'not-language-code'; value: string }
  | { code: 'not-one-of'; values: string[] }
  /** anything else the validator says (its own words) */
  | { code: 'invalid'; detail: string };

export type LineProblemDetail =
  | ValueProblem
  | { code: 'line-too-long'; length: number; max: number }
  /** `detail`: the JSON parser's own words (where in the line it stopped) */
  | { code: 'not-json'; detail: string }
  | { code: 'not-object'; got: JsonKind };

export function jsonKind(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

/** The shape of a zod issue this reads (zod's and zod/mini's alike). */
export interface Issue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  expected?: unknown;
  maximum?: unknown;
  values?: readonly unknown[];
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const EXPECTED: Record<string, Expected> = { string: 'text', number: 'number', boolean: 'boolean', object: 'object', array: 'array' };

/**
 * What a validation issue of `root` (the object validated) says, as a code: from the issue's kind
 * and the value at its path. `field` is the issue's path as the report names it.
 */
export function problemOf(issue: Issue, root: unknown, field: string): ValueProblem {
  const value = valueAt(root, issue.path);
  const last = field.split('.').pop();
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return { code: 'missing' };
      const expected = last === 'published' ? 'date' : last === 'language' ? 'language' : EXPECTED[String(issue.expected)];
      return expected ? { code: 'wrong-type', expected, got: jsonKind(value) } : { code: 'invalid', detail: issue.message };
    }
    case 'too_small':
      return typeof value === 'number' ? { code: 'negative' } : { code: 'empty' };
    case 'too_big':
      return typeof value === 'string' && typeof issue.maximum === 'number' ? { code: 'too-long', length: value.length, max: issue.maximum } : { code: 'invalid', detail: issue.message };
    case 'invalid_format':
      return last === 'published' ? { code: 'not-date' } : { code: 'invalid', detail: issue.message };
    case 'custom':
      if (typeof value === 'string' && last === 'published') return { code: 'not-calendar-date', value: value.slice(0, 10) };
      if (typeof value === 'string' && last === 'language') return { code: 'not-language-code', value: value.slice(0, 40) };
      return { code: 'invalid', detail: issue.message };
    case 'invalid_value':
      return { code: 'not-one-of', values: (issue.values ?? []).map(String) };
    default:
      return { code: 'invalid', detail: issue.message };
  }
}

/** A field of a stored or imported value and what is wrong with it. */
export interface FieldProblem {
  /** the path in the value (`record.outlet`), or `(record)` for the value as a whole */
  field: string;
  problem: ValueProblem;
}

/** Every issue of a validation of `root` as a field and a code. */
export function fieldProblems(issues: readonly Issue[], root: unknown): FieldProblem[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || '(record)';
    return { field, problem: problemOf(issue, root, field) };
  });
}
