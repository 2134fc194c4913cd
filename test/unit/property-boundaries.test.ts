// Bad data never spreads: property-based tests (fast-check, seeded, thousands of runs) of the zod
// boundaries that take outside input:
// - JSONL corpus lines and files (engine/corpus-file.ts over CorpusRecordSchema, and the store's
//   own line check in store/import.ts): random and mutated lines are either accepted as a valid
//   record (nothing but the schema's fields, within bounds) or rejected with a message naming the
//   field (or the line, when it is not a JSON object);
// - messages (messaging/protocol.ts): content-script messages are page-controlled input, page
//   messages come from extension pages; random objects and mutated valid messages;
// - the store's import (store/import.ts, fake-indexeddb): a rejected file, or an import that fails
//   half-way, leaves the database byte-for-byte as it was (a dump of every store, canonically serialised).
//
// The oracle is a small spec of each schema below (FIELD SPECS), written from the schemas'
// documented rules; a mutation of one field must be rejected naming exactly that field.
// Reproduce a failure with the seed and path fast-check prints; SIDELIGHT_FUZZ_SEED and
// SIDELIGHT_FUZZ_SCALE (a multiplier of the run counts) override the defaults.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { parseCorpusJsonl, parseCorpusLine } from '../../engine/corpus-file.ts';
import { CorpusRecordSchema, type CorpusRecord } from '../../engine/schemas.ts';
import { ContentToBackgroundSchema, PageToBackgroundSchema } from '../../messaging/protocol.ts';
import { openDatabase, putUserArticles, readAllArticles, setHidden, syncBundledCorpus, writeSettings, type Database } from '../../store/database.ts';
import { checkImportFile, checkLine, importChecked, importJsonl, ImportRejectedError } from '../../store/import.ts';
import { StoredArticleSchema } from '../../store/schema.ts';
import { dumpDatabase } from '../fixtures/db/dump.ts';

const SEED = Number(process.env.SIDELIGHT_FUZZ_SEED ?? 20261125);
const SCALE = Number(process.env.SIDELIGHT_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const params = (numRuns: number) => ({ seed: SEED, numRuns: runs(numRuns) });
/** The store properties open a database a run: report the first counterexample instead of shrinking for minutes. */
const storeParams = (numRuns: number) => ({ ...params(numRuns), endOnFailure: true });

/** Runs per property, summed into the figure the test prints at the end. */
const ran: Record<string, number> = {};
function count(name: string, numRuns: number): number {
  ran[name] = runs(numRuns);
  return numRuns;
}

// ------------------------------------------------------------------------------------------------
// FIELD SPECS: the oracle
// ------------------------------------------------------------------------------------------------

type Spec =
  | { kind: 'string'; min?: number; max: number; pattern?: RegExp; calendarDate?: boolean; nullable?: boolean; optional?: boolean }
  | { kind: 'int'; min: number }
  | { kind: 'bool' }
  | { kind: 'literal'; value: string }
  | { kind: 'object'; fields: Record<string, Spec> };

const str = (max: number, more: Partial<Extract<Spec, { kind: 'string' }>> = {}): Spec => ({ kind: 'string', max, ...more });
const obj = (fields: Record<string, Spec>): Spec => ({ kind: 'object', fields });

const CORPUS_RECORD: Record<string, Spec> = {
  id: str(200, { min: 1 }),
  title: str(1000),
  outlet: str(300, { min: 1 }),
  url: str(4000, { nullable: true, optional: true }),
  // a real calendar date (YYYY-MM-DD, then anything, e.g. a time)
  published: str(Infinity, { pattern: /^\d{4}-\d{2}-\d{2}/, calendarDate: true, nullable: true, optional: true }),
  language: str(Infinity, { pattern: /^[a-z]{2,3}$/, nullable: true, optional: true }),
  text: str(2_000_000, { min: 1 }),
};

const EXTRACTED_ARTICLE: Record<string, Spec> = {
  url: str(4000, { nullable: true }),
  title: str(2000),
  byline: str(1000, { nullable: true }),
  siteName: str(500, { nullable: true }),
  published: str(100, { nullable: true }),
  language: str(35, { nullable: true }),
  text: str(2_000_000),
};

/** Each message variant: its discriminator and fields. */
const CONTENT_MESSAGES: Array<Record<string, Spec>> = [
  { type: { kind: 'literal', value: 'extracting' }, url: str(4000) },
  { type: { kind: 'literal', value: 'extracted' }, url: str(4000), result: obj({ kind: { kind: 'literal', value: 'article' }, article: obj(EXTRACTED_ARTICLE) }) },
  { type: { kind: 'literal', value: 'extracted' }, url: str(4000), result: obj({ kind: { kind: 'literal', value: 'not-article' }, reason: str(500) }) },
  { type: { kind: 'literal', value: 'extracted' }, url: str(4000), result: obj({ kind: { kind: 'literal', value: 'too-large' }, reason: str(500) }) },
];
// "paused" (the reader's settings say not to read the page) where the protocol has it
if (ContentToBackgroundSchema.safeParse({ type: 'paused', url: '', reason: '' }).success) {
  CONTENT_MESSAGES.push({ type: { kind: 'literal', value: 'paused' }, url: str(4000), reason: str(500) });
}
const PAGE_MESSAGES: Array<Record<string, Spec>> = [
  { type: { kind: 'literal', value: 'get-tab-state' }, tabId: { kind: 'int', min: 0 } },
  { type: { kind: 'literal', value: 'analyse-tab' }, tabId: { kind: 'int', min: 0 } },
  { type: { kind: 'literal', value: 'save-tab-article' }, tabId: { kind: 'int', min: 0 } },
  { type: { kind: 'literal', value: 'get-corpus-article' }, id: str(200, { min: 1 }) },
];

// ------------------------------------------------------------------------------------------------
// arbitraries
// ------------------------------------------------------------------------------------------------

/** Page and file text as it comes: any code point (lone surrogates too), markup, controls, bidi. */
const HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '\u202E', '\u2066', '\u200F', '\u0000', '"', '\\', '\n', '\r\n', '__proto__', '{"id":1}', '\uFEFF', '\uD800', '🙂', 'ﷺ'];
const anyText = (minLength: number, maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength, maxLength }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 6 })
        .map((parts) => parts.join(''))
        .filter((s) => s.length >= minLength && s.length <= maxLength),
    },
  );

/** A string at or near its length bounds, or an ordinary one. */
function validString(spec: Extract<Spec, { kind: 'string' }>): fc.Arbitrary<string> {
  if (spec.calendarDate) {
    const day = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
    return fc.tuple(day, fc.string({ maxLength: 20 })).map(([iso, rest]) => `${iso.slice(0, 10)}${rest}`);
  }
  if (spec.pattern) {
    return spec.pattern.source.includes('\\d{4}') ? fc.stringMatching(spec.pattern, { maxLength: 40 }) : fc.stringMatching(spec.pattern);
  }
  const min = spec.min ?? 0;
  const ordinary = anyText(min, Math.min(spec.max, 60));
  if (!Number.isFinite(spec.max) || spec.max > 5000) return ordinary;
  return fc.oneof({ weight: 6, arbitrary: ordinary }, { weight: 1, arbitrary: fc.constantFrom('x'.repeat(spec.max), 'x'.repeat(Math.max(min, spec.max - 1))) });
}

function validValue(spec: Spec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'string': {
      const base = validString(spec);
      return spec.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
    }
    case 'int':
      return fc.oneof(fc.integer({ min: spec.min, max: 2 ** 31 - 1 }), fc.constantFrom(spec.min, Number.MAX_SAFE_INTEGER));
    case 'bool':
      return fc.boolean();
    case 'literal':
      return fc.constant(spec.value);
    case 'object':
      return validObject(spec.fields);
  }
}

function validObject(fields: Record<string, Spec>): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    model[key] = validValue(spec);
    if (!(spec.kind === 'string' && spec.optional)) required.push(key);
  }
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}

const WRONG_TYPES: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  // finite: the JSONL tests go through JSON, where NaN and Infinity become null (valid where nullable)
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Values that break one field's rule, each with the rule broken. */
function invalidValue(spec: Spec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'string': {
      const wrongType = WRONG_TYPES.filter((v) => typeof v !== 'string' && !(v === null && spec.nullable));
      const options: Array<{ weight: number; arbitrary: fc.Arbitrary<unknown> }> = [{ weight: 4, arbitrary: wrongType }];
      if (spec.min) options.push({ weight: 4, arbitrary: fc.constant('') });
      // one past the limit; rarely for the 2,000,000-character texts, which are slow to make
      if (Number.isFinite(spec.max)) options.push({ weight: spec.max > 5000 ? 1 : 4, arbitrary: fc.integer({ min: 1, max: 50 }).map((extra) => 'y'.repeat(spec.max + extra)) });
      if (spec.pattern) options.push({ weight: 4, arbitrary: anyText(0, 30).filter((s) => !spec.pattern!.test(s)) });
      // the shape of a date, not a day of the calendar
      if (spec.calendarDate) options.push({ weight: 4, arbitrary: fc.tuple(fc.constantFrom('2023-13-45', '0000-00-00', '2023-02-29', '1900-02-29', '2023-04-31', '2023-00-10', '2023-01-00', '0000-01-01'), fc.constantFrom('', 'T10:00:00Z', ' x')).map(([d, rest]) => d + rest) });
      return fc.oneof(...options);
    }
    case 'int':
      return fc.oneof(
        fc.integer({ min: -(2 ** 31), max: spec.min - 1 }),
        fc.double({ noInteger: true }),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '3', null, true),
      );
    case 'bool':
      return WRONG_TYPES.filter((v) => typeof v !== 'boolean');
    case 'literal':
      return fc.oneof(anyText(0, 20).filter((s) => s !== spec.value), WRONG_TYPES);
    case 'object':
      return WRONG_TYPES.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v));
  }
}

function isRequired(spec: Spec): boolean {
  return !(spec.kind === 'string' && spec.optional);
}

/** Leaves and nodes of a spec tree with their paths (the discriminators are mutated like any field). */
function specPaths(fields: Record<string, Spec>, prefix: string[] = []): Array<{ path: string[]; spec: Spec }> {
  return Object.entries(fields).flatMap(([key, spec]) => [{ path: [...prefix, key], spec }, ...(spec.kind === 'object' ? specPaths(spec.fields, [...prefix, key]) : [])]);
}

type Mutation =
  | { valid: true; how: string; value: Record<string, unknown> }
  | { valid: false; how: string; field: string; value: Record<string, unknown> };

function setAt(target: Record<string, unknown>, path: string[], value: unknown, remove = false): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

/** A valid object with one field broken (invalid, naming it) or changed within the rules (valid). */
function mutated(fields: Record<string, Spec>, valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Mutation> {
  const paths = specPaths(fields);
  return fc.tuple(valid, fc.constantFrom(...paths), fc.nat(4)).chain(([value, { path, spec }, pick]): fc.Arbitrary<Mutation> => {
    const field = path.join('.');
    if (pick === 0 && isRequired(spec)) return fc.constant({ valid: false, how: `missing ${field}`, field, value: setAt(value, path, undefined, true) });
    if (pick === 0) return fc.constant({ valid: true, how: `no ${field}`, value: setAt(value, path, undefined, true) });
    if (pick === 1 && spec.kind === 'string' && spec.nullable) return fc.constant({ valid: true, how: `${field} null`, value: setAt(value, path, null) });
    if (pick === 2) {
      // a key the schema does not know: dropped from the parsed value, never passed on
      return fc
        .oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'), fc.string({ minLength: 1, maxLength: 12 }))
        .filter((k) => !Object.hasOwn(fieldsAt(fields, path.slice(0, -1)), k) && k !== 'sidelight')
        .chain((key) => fc.anything({ maxDepth: 2 }).map((extra) => ({ valid: true as const, how: `extra key ${JSON.stringify(key)}`, value: withOwnKey(value, path.slice(0, -1), key, extra) })));
    }
    return invalidValue(spec).map((bad) => ({ valid: false as const, how: `${field} = ${preview(bad)}`, field, value: setAt(value, path, bad) }));
  });
}

/** The fields of the object at `path` in a spec tree. */
function fieldsAt(fields: Record<string, Spec>, path: string[]): Record<string, Spec> {
  let at = fields;
  for (const key of path) {
    const spec = at[key];
    if (spec?.kind !== 'object') throw new Error(`no object at ${path.join('.')}`);
    at = spec.fields;
  }
  return at;
}

/** Adds an own property (even "__proto__", as JSON.parse makes it) without touching prototypes. */
function withOwnKey(target: Record<string, unknown>, path: string[], key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  let node: Record<string, unknown> = copy;
  for (const k of path) node = node[k] as Record<string, unknown>;
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…(${v.length})` : v) : String(JSON.stringify(v) ?? v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Own keys of every object in a parsed value, checked against the spec: nothing unknown passes. */
function unknownKeys(value: unknown, fields: Record<string, Spec>, at = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  if (Object.getPrototypeOf(value) !== Object.prototype) out.push(`${at || '(root)'}: prototype is not Object.prototype`);
  for (const key of Reflect.ownKeys(value)) {
    const spec = fields[String(key)];
    if (!spec) out.push(`${at}${String(key)}`);
    else if (spec.kind === 'object') out.push(...unknownKeys((value as Record<string, unknown>)[String(key)], spec.fields, `${at}${String(key)}.`));
  }
  return out;
}

/** Fields of the variant a message's discriminators pick. */
function variantOf(variants: Array<Record<string, Spec>>, value: Record<string, unknown>): Record<string, Spec> {
  const kind = (value.result as { kind?: unknown } | undefined)?.kind;
  const found = variants.find((v) => (v.type as { value: string }).value === value.type && (!v.result || (v.result as { fields: Record<string, { value?: string }> }).fields.kind!.value === kind));
  if (!found) throw new Error(`no variant for ${JSON.stringify(value).slice(0, 80)}`);
  return found;
}

function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && Object.getPrototypeOf(probe) === Object.prototype && !('id' in probe) && !('text' in probe);
}

const issuesOf = (error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }) => error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

// ------------------------------------------------------------------------------------------------
// JSONL lines and files
// ------------------------------------------------------------------------------------------------

const validRecord = validObject(CORPUS_RECORD);
const recordMutation = mutated(CORPUS_RECORD, validRecord);

/** A line as a file carries it: the JSON of the value, sometimes with spaces or a CR around it. */
const asLine = (value: unknown) => fc.constantFrom('', ' ', '\t').map((pad) => `${pad}${JSON.stringify(value)}${pad}`);

/** A broken line: truncated JSON, random text, JSON that is not an object. */
const brokenLine: fc.Arbitrary<{ line: string; field: '(line)' | '(record)'; json: boolean }> = fc.oneof(
  fc.tuple(validRecord, fc.double({ min: 0.05, max: 0.95, noNaN: true })).map(([r, cut]) => {
    const text = JSON.stringify(r);
    return { line: text.slice(0, Math.max(1, Math.floor(text.length * cut))), field: '(line)' as const, json: false };
  }),
  anyText(1, 80)
    .filter((s) => s.trim() !== '' && !/[\r\n]/.test(s) && !isJson(s))
    .map((s) => ({ line: s, field: '(line)' as const, json: false })),
  fc
    .oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }))
    .map((v) => ({ line: JSON.stringify(v), field: '(record)' as const, json: true })),
);

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

describe('JSONL corpus lines (engine/corpus-file.ts, CorpusRecordSchema)', () => {
  test('a mutated record is accepted exactly when the change keeps it valid; a rejection names the field', () => {
    fc.assert(
      fc.property(recordMutation, (m) => {
        const direct = CorpusRecordSchema.safeParse(JSON.parse(JSON.stringify(m.value)));
        const line = parseCorpusLine(JSON.stringify(m.value));
        if (m.valid) {
          expect(direct.success, `${m.how}: ${direct.error ? JSON.stringify(issuesOf(direct.error)) : ''}`).toBe(true);
          expect('record' in line).toBe(true);
          const record = (line as { record: CorpusRecord }).record;
          expect(unknownKeys(record, CORPUS_RECORD), m.how).toEqual([]);
          expect(CorpusRecordSchema.safeParse(record).success).toBe(true);
        } else {
          expect(direct.success, `${m.how} was accepted`).toBe(false);
          // every issue is on that field (a wrong type can bring a second one: `[]` is also too short)
          expect([...new Set(issuesOf(direct.error!).map((i) => i.path))], m.how).toEqual([m.field]);
          expect(issuesOf(direct.error!).every((i) => i.message.length > 0)).toBe(true);
          expect('error' in line && line.error.startsWith(`${m.field}: `), `${m.how}: ${JSON.stringify(line)}`).toBe(true);
        }
        expect(prototypesClean()).toBe(true);
      }),
      params(count('mutated JSONL lines', 3000)),
    );
  });

  test('any line at all: a valid record with only its fields, or an error that names the field or says the line is not JSON', () => {
    const anyLine = fc.oneof(
      brokenLine.map((b) => b.line),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }).map((v) => JSON.stringify(v) ?? 'undefined'),
      recordMutation.chain((m) => asLine(m.value)),
    );
    fc.assert(
      fc.property(anyLine, (line) => {
        const r = parseCorpusLine(line);
        if ('record' in r) {
          expect(unknownKeys(r.record, CORPUS_RECORD)).toEqual([]);
          expect(CorpusRecordSchema.safeParse(r.record).success).toBe(true);
        } else {
          expect(r.error).toMatch(/^(not valid JSON \(.+\)|(\(record\)|(id|title|outlet|url|published|language|text)): .+)/s);
        }
        expect(prototypesClean()).toBe(true);
      }),
      params(count('random JSONL lines', 3000)),
    );
  });

  test('a file: every non-blank line is either a record or an error with its line number, never both, never lost', () => {
    const fileLine = fc.oneof(
      { weight: 4, arbitrary: recordMutation.map((m) => ({ text: JSON.stringify(m.value), valid: m.valid, id: m.valid ? (m.value.id as string) : null })) },
      { weight: 1, arbitrary: brokenLine.map((b) => ({ text: b.line, valid: false, id: null })) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t').map((text) => ({ text, valid: true, id: null as string | null, blank: true })) },
    );
    fc.assert(
      fc.property(fc.array(fileLine, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const parsed = parseCorpusJsonl(lines.map((l) => l.text).join(eol));
        const expectedErrors = lines.flatMap((l, i) => (!l.valid ? [i + 1] : []));
        expect(parsed.errors.map((e) => e.line)).toEqual(expectedErrors);
        for (const e of parsed.errors) expect(e.message.length).toBeGreaterThan(0);
        const ids = lines.flatMap((l) => (l.valid && l.id !== null ? [l.id] : []));
        expect(parsed.records.map((r) => r.id).sort()).toEqual([...new Set(ids)].sort());
        expect(parsed.duplicateIds).toBe(ids.length - new Set(ids).size);
        for (const r of parsed.records) expect(unknownKeys(r, CORPUS_RECORD)).toEqual([]);
      }),
      params(count('JSONL files (parseCorpusJsonl)', 1000)),
    );
  });
});

describe("the store's line check (store/import.ts checkLine)", () => {
  const extrasMutation = fc.oneof(
    fc.record({ origin: fc.constantFrom('bundled', 'saved', 'imported'), hidden: fc.boolean(), addedAt: fc.nat() }, { requiredKeys: [] }).map((extras) => ({ extras, field: null as string | null })),
    fc.oneof(
      fc.record({ origin: fc.string({ maxLength: 8 }).filter((s) => !['bundled', 'saved', 'imported'].includes(s)) }).map((extras) => ({ extras, field: 'sidelight.origin' })),
      fc.record({ hidden: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)) }).map((extras) => ({ extras, field: 'sidelight.hidden' })),
      fc.record({ addedAt: fc.oneof(fc.integer({ max: -1 }), fc.string({ maxLength: 3 })) }).map((extras) => ({ extras, field: 'sidelight.addedAt' })),
      fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)).map((extras) => ({ extras: extras as unknown, field: 'sidelight' })),
    ),
  );

  test('a mutated line (record and the export extras): accepted when valid, else every broken field named', () => {
    fc.assert(
      fc.property(recordMutation, fc.option(extrasMutation, { nil: undefined }), (m, extras) => {
        const value = extras === undefined ? m.value : { ...m.value, sidelight: extras.extras };
        const checked = checkLine(JSON.stringify(value));
        const expectedFields = [...(m.valid ? [] : [m.field]), ...(extras?.field ? [extras.field] : [])];
        if (!expectedFields.length) {
          expect('record' in checked, `${m.how}: ${JSON.stringify(checked).slice(0, 300)}`).toBe(true);
          if ('record' in checked) expect(unknownKeys(checked.record, CORPUS_RECORD)).toEqual([]);
        } else {
          expect('problems' in checked, `${m.how} accepted`).toBe(true);
          if ('problems' in checked) {
            expect([...new Set(checked.problems.map((p) => p.field))], m.how).toEqual(expectedFields);
            // every problem a code of its own, worded by a message (none left to the validator's words)
            for (const p of checked.problems) expect(p.problem.code, `${m.how}: ${p.field}`).not.toBe('invalid');
          }
        }
      }),
      params(count('mutated lines (store checkLine)', 2000)),
    );
  });

  test('a broken line is reported for the line as a whole', () => {
    fc.assert(
      fc.property(brokenLine, (b) => {
        const checked = checkLine(b.line);
        expect('problems' in checked && checked.problems.length === 1 && checked.problems[0]!.field === '(line)', JSON.stringify(checked)).toBe(true);
      }),
      params(count('broken lines (store checkLine)', 1000)),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// messages
// ------------------------------------------------------------------------------------------------

describe.each([
  { name: 'ContentToBackgroundSchema (content script -> background: page-controlled)', schema: ContentToBackgroundSchema, variants: CONTENT_MESSAGES },
  { name: 'PageToBackgroundSchema (extension pages -> background)', schema: PageToBackgroundSchema, variants: PAGE_MESSAGES },
])('$name', ({ name, schema, variants }) => {
  /** the top-level fields of every variant */
  const keys = [...new Set(variants.flatMap((v) => Object.keys(v)))];
  const mutations = fc.oneof(...variants.map((fields) => mutated(fields, validObject(fields))));

  test('a mutated message is accepted exactly when the change keeps it valid; a rejection names the field', () => {
    fc.assert(
      fc.property(mutations, (m) => {
        const parsed = schema.safeParse(m.value);
        if (m.valid) {
          expect(parsed.success, `${m.how}: ${parsed.error ? JSON.stringify(issuesOf(parsed.error)) : ''}`).toBe(true);
          expect(unknownKeys(parsed.data, variantOf(variants, parsed.data as Record<string, unknown>)), m.how).toEqual([]);
          expect(schema.safeParse(parsed.data).success).toBe(true);
        } else {
          expect(parsed.success, `${m.how} was accepted`).toBe(false);
          const paths = [...new Set(issuesOf(parsed.error!).map((i) => i.path))];
          // a broken discriminator (type, result.kind) is reported on it alone; any other field by its path
          expect(paths, m.how).toEqual([m.field]);
          for (const i of issuesOf(parsed.error!)) expect(i.message.length).toBeGreaterThan(0);
        }
        expect(prototypesClean()).toBe(true);
      }),
      params(count(`mutated messages: ${name.split(' ')[0]}`, 2000)),
    );
  });

  test('any value at all: accepted as a message with only known fields, or rejected with a message on a named field', () => {
    const anyValue = fc.oneof(
      fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }),
      fc.dictionary(fc.constantFrom(...keys, 'kind', 'article', '__proto__'), fc.anything({ maxDepth: 2 })),
      fc.record({ type: fc.constantFrom(...variants.map((v) => (v.type as { value: string }).value)) }).chain((base) => fc.dictionary(fc.constantFrom(...keys), fc.anything({ maxDepth: 2 })).map((rest) => ({ ...rest, ...base }))),
    );
    fc.assert(
      fc.property(anyValue, (value) => {
        const parsed = schema.safeParse(value);
        if (parsed.success) {
          expect(unknownKeys(parsed.data, variantOf(variants, parsed.data as Record<string, unknown>))).toEqual([]);
        } else {
          const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
          for (const issue of issuesOf(parsed.error)) {
            expect(issue.message.length).toBeGreaterThan(0);
            // only a value that is not an object at all is rejected without a field
            if (isObject) expect(keys).toContain(issue.path.split('.')[0]);
            else expect(issue.path).toBe('');
          }
        }
        expect(prototypesClean()).toBe(true);
      }),
      params(count(`random messages: ${name.split(' ')[0]}`, 2000)),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// the store: a rejected import changes nothing
// ------------------------------------------------------------------------------------------------

let dbCount = 0;
const openDbs: Database[] = [];
afterEach(() => {
  for (const db of openDbs.splice(0)) db.close();
});

const BUNDLED: CorpusRecord[] = [
  { id: 'b1', title: 'Budget passes', outlet: 'Example Times', url: 'https://example.com/budget', published: '2024-03-01', language: 'en', text: 'Parliament passed the budget on Friday after a long debate.' },
  { id: 'b2', title: 'Storm', outlet: 'Example Post', url: 'https://example.org/storm', published: '2024-03-02', language: 'en', text: 'A storm hit the coast on Saturday and cut power to thousands.' },
];

/** A store with bundled, hidden, saved and imported articles and settings. */
async function seededStore(): Promise<{ db: Database; name: string }> {
  const name = `property-${dbCount++}`;
  const db = await openDatabase(name);
  openDbs.push(db);
  await syncBundledCorpus(db, BUNDLED, 'test');
  await setHidden(db, 'b2', true);
  await putUserArticles(db, [{ id: 's1', title: 'Saved one', outlet: 'Own', text: 'The reader saved this one from the sidebar.' }], 'saved');
  await importJsonl(db, `${JSON.stringify({ id: 'i1', title: 'Imported', outlet: 'Wire', url: 'https://wire.example/i1', text: 'An imported article about the harbour.' })}\n`);
  await writeSettings(db, { exportScope: 'all' });
  return { db, name };
}

/**
 * The whole database (schema, every key and value) as one string: JSON with key order kept and
 * tags for what JSON would lose (undefined, -0, NaN, Infinity, dates, binary). Equal strings: the
 * same bytes in every store. (v8.serialize is not canonical: it writes the same string one-byte or
 * two-byte depending on how V8 happened to store it.)
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return { $undefined: true };
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
    if (v instanceof Date) return { $date: v.getTime() };
    if (ArrayBuffer.isView(v)) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    return v;
  });
}

type Dump = Awaited<ReturnType<typeof dumpDatabase>>;
/**
 * The store's contents, byte for byte, except the articles stamp: it counts writes (store/stamp.ts)
 * and goes up with every import batch and rollback, so that no index snapshot taken meanwhile is trusted.
 */
async function snapshot(name: string): Promise<{ dump: Dump; text: string }> {
  const raw = await dumpDatabase(name);
  const dump = { ...raw, stores: raw.stores.map((s) => (s.name === 'meta' ? { ...s, records: s.records.filter((r) => r.key !== 'articles-stamp') } : s)) };
  return { dump, text: canonical(dump) };
}

/** Which stores and records differ between two snapshots (for the failure message). */
function describeChange(a: Dump, b: Dump): string {
  const out: string[] = [];
  if (a.version !== b.version) out.push(`version ${a.version} -> ${b.version}`);
  for (const store of new Set([...a.stores, ...b.stores].map((s) => s.name))) {
    const [sa, sb] = [a.stores.find((s) => s.name === store), b.stores.find((s) => s.name === store)];
    const recs = (s: typeof sa) => new Map((s?.records ?? []).map((r) => [canonical(r.key), canonical(r.value)]));
    const [ra, rb] = [recs(sa), recs(sb)];
    for (const key of new Set([...ra.keys(), ...rb.keys()])) {
      const [va, vb] = [ra.get(key), rb.get(key)];
      if (va === undefined) out.push(`${store} ${key}: added ${vb!.slice(0, 300)}`);
      else if (vb === undefined) out.push(`${store} ${key}: removed`);
      else if (va !== vb) out.push(`${store} ${key}: ${va.slice(0, 300)} -> ${vb.slice(0, 300)}`);
    }
    if (canonical(sa?.indexes) !== canonical(sb?.indexes)) out.push(`${store}: indexes changed`);
  }
  return out.join('\n') || '(same records, in another order)';
}

async function expectUnchanged(name: string, before: { dump: Dump; text: string }, what: string): Promise<void> {
  const after = await snapshot(name);
  if (after.text !== before.text) expect.fail(`${what} changed the store:\n${describeChange(before.dump, after.dump)}`);
}

/** A valid record that does not collide with the seeded ones by id (collisions by URL or text are merges: fine). */
const importable = validRecord.filter((r) => !['b1', 'b2', 's1', 'i1'].includes(r.id as string));

describe('the store import (store/import.ts, fake-indexeddb)', () => {
  test('a file with any invalid line is rejected, names each bad line, and leaves the store byte-for-byte unchanged', { timeout: 180_000 }, async () => {
    const lines = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: importable.map((r) => ({ text: JSON.stringify(r), valid: true })) },
        { weight: 1, arbitrary: recordMutation.filter((m) => !m.valid).map((m) => ({ text: JSON.stringify(m.value), valid: false })) },
        { weight: 1, arbitrary: brokenLine.map((b) => ({ text: b.line, valid: false })) },
      ),
      { minLength: 1, maxLength: 12 },
    );
    await fc.assert(
      fc.asyncProperty(lines.filter((ls) => ls.some((l) => !l.valid)), fc.boolean(), async (ls, bom) => {
        const { db, name } = await seededStore();
        const before = await snapshot(name);
        const text = (bom ? '\uFEFF' : '') + ls.map((l) => l.text).join('\n');
        const error = await importJsonl(db, text, { batchSize: 2 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejectedError);
        const reported = (error as ImportRejectedError).checked.errors.map((e) => e.line);
        expect(reported).toEqual(ls.flatMap((l, i) => (l.valid ? [] : [i + 1])));
        await expectUnchanged(name, before, 'a rejected file');
        db.close();
      }),
      storeParams(count('rejected import files (store unchanged)', 300)),
    );
  });

  test('an import that fails half-way (a batch throws, or it is cancelled) rolls back to the same bytes', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(importable, { minLength: 2, maxLength: 10 }), fc.nat(6), fc.boolean(), async (records, failAt, cancel) => {
        const { db, name } = await seededStore();
        const before = await snapshot(name);
        const checked = await checkImportFile(records.map((r) => JSON.stringify(r)).join('\n'));
        expect(checked.errors).toEqual([]);
        const controller = new AbortController();
        let progressCalls = 0;
        const error = await importChecked(db, checked, {
          batchSize: 1,
          signal: controller.signal,
          onProgress: () => {
            if (progressCalls++ < failAt) return;
            if (cancel) controller.abort();
            else throw new Error('the page went away');
          },
        }).catch((e: unknown) => e);
        if (!(error instanceof Error)) return; // it finished before the failure point: nothing to roll back
        await expectUnchanged(name, before, `${cancel ? 'a cancel' : 'a failure'} at progress call ${failAt}`);
        db.close();
      }),
      storeParams(count('imports failing half-way (rolled back)', 200)),
    );
  });

  test('a valid file is accepted, and everything stored after it reads back valid', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(importable, { minLength: 1, maxLength: 10 }), async (records) => {
        const { db } = await seededStore();
        const report = await importJsonl(db, records.map((r) => JSON.stringify(r)).join('\n'), { batchSize: 3 });
        // every line is accounted for: a new article, merged into one (same id, URL or text), or already bundled
        expect(report.added + report.merged + report.alreadyBundled).toBe(records.length);
        const { articles, invalid } = await readAllArticles(db);
        expect(invalid).toEqual([]);
        expect(articles).toHaveLength(4 + report.added);
        for (const a of articles) {
          expect(StoredArticleSchema.safeParse(a).success).toBe(true);
          expect(unknownKeys(a.record, CORPUS_RECORD)).toEqual([]);
        }
        db.close();
      }),
      storeParams(count('valid import files (accepted, stored valid)', 150)),
    );
  });
});

describe('figures', () => {
  test('fuzz cases run', () => {
    const total = Object.values(ran).reduce((a, b) => a + b, 0);
    console.log(`property-boundaries: seed ${SEED}, ${total.toLocaleString('en')} cases: ${Object.entries(ran).map(([k, v]) => `${k} ${v}`).join('; ')}`);
    expect(total).toBeGreaterThan(0);
  });
});
