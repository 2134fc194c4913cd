// Stored features in a compact binary form (schema v5): what the store keeps for every article
// besides its text. An article's features repeat a lot: every sentence's text is in the article's
// text, each claim's text is its sentence's, a claim's quotes are parts of it, and the same terms,
// entity ids and names come back in many fields. So the packed form keeps each distinct string
// once (a string table, one UTF-8 run), every other string as its number in that table, sentences
// as spans of the article's text, claims as their sentence's number with their quotes as spans of
// it, and numbers as varints. Unpacked, the features are the ArticleFeatures computeFeatures
// returned, field for field and key for key (test/unit/features-codec.test.ts).
//
// Layout: u8 PACKED_FEATURES_FORMAT; varint text length, u32 hash of the text (the features are
// only unpacked against the very text they were packed with: spans into another text would read
// wrong, so another text throws); the string table (varint count, varint UTF-16 length of each,
// varint UTF-8 byte length, the bytes); then the fields in ArticleFeatures's order.
import type { ArticleFeatures, EntityWeight, EventDate } from '../engine/features.ts';
import type { Claim, Speaker } from '../engine/claims.ts';
import type { Sentence } from '../engine/text.ts';
import type { StoredFeatures } from './schema.ts';

/** Version of the layout above: bump with any change to it (a packed record of an unknown format is recomputed; format 1 is still read). */
export const PACKED_FEATURES_FORMAT = 2;

export class FeaturesCodecError extends Error {
  constructor(problem: string) {
    super(`packed features: ${problem}`);
    this.name = 'FeaturesCodecError';
  }
}

/** Thrown while packing: a value the layout has no room for (the caller stores the features unpacked). */
class Unpackable extends Error {}

/** FNV-1a over the UTF-16 code units of `text`. */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

class Writer {
  private buf = new Uint8Array(4096);
  length = 0;
  private readonly strings = new Map<string, number>();
  private readonly table: string[] = [];

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  uint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new Unpackable(`not a small whole number: ${n}`);
    this.room(5);
    while (n >= 0x80) {
      this.buf[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.length++] = n;
  }

  float(x: number): void {
    if (typeof x !== 'number') throw new Unpackable('not a number');
    this.room(8);
    new DataView(this.buf.buffer, this.length, 8).setFloat64(0, x, true);
    this.length += 8;
  }

  u32(n: number): void {
    this.room(4);
    new DataView(this.buf.buffer, this.length, 4).setUint32(0, n, true);
    this.length += 4;
  }

  str(s: string): void {
    if (typeof s !== 'string') throw new Unpackable('not a string');
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.table.length;
      this.strings.set(s, i);
      this.table.push(s);
    }
    this.uint(i);
  }

  strs(list: readonly string[]): void {
    if (!Array.isArray(list)) throw new Unpackable('not a list');
    this.uint(list.length);
    for (const s of list) this.str(s);
  }

  nullableStr(s: string | null): void {
    if (s === null) this.byte(0);
    else {
      this.byte(1);
      this.str(s);
    }
  }

  bool(b: boolean): void {
    if (typeof b !== 'boolean') throw new Unpackable('not a boolean');
    this.byte(b ? 1 : 0);
  }

  /** The header, the string table, then the body written so far. */
  finish(text: string): Uint8Array<ArrayBuffer> {
    const joined = this.table.join('');
    if (LONE_SURROGATE.test(joined)) throw new Unpackable('a string that UTF-8 cannot hold');
    const utf8 = new TextEncoder().encode(joined);
    const head = new Writer();
    head.byte(PACKED_FEATURES_FORMAT);
    head.uint(text.length);
    head.u32(textHash(text));
    head.uint(this.table.length);
    for (const s of this.table) head.uint(s.length);
    head.uint(utf8.length);
    const out = new Uint8Array(head.length + utf8.length + this.length);
    out.set(head.buf.subarray(0, head.length));
    out.set(utf8, head.length);
    out.set(this.buf.subarray(0, this.length), head.length + utf8.length);
    return out;
  }
}

class Reader {
  at = 0;
  private readonly view: DataView;
  table: string[] = [];
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  byte(): number {
    if (this.at >= this.bytes.length) throw new FeaturesCodecError('truncated');
    return this.bytes[this.at++]!;
  }

  uint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
      if (shift > 28) throw new FeaturesCodecError('a number too long');
    }
  }

  float(): number {
    if (this.at + 8 > this.bytes.length) throw new FeaturesCodecError('truncated');
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  u32(): number {
    if (this.at + 4 > this.bytes.length) throw new FeaturesCodecError('truncated');
    const x = this.view.getUint32(this.at, true);
    this.at += 4;
    return x;
  }

  str(): string {
    const i = this.uint();
    const s = this.table[i];
    if (s === undefined) throw new FeaturesCodecError(`string ${i} out of range`);
    return s;
  }

  strs(): string[] {
    const n = this.uint();
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = this.str();
    return out;
  }

  /** reads and checks a list of strings, building nothing */
  skipStrs(): void {
    const n = this.uint();
    for (let i = 0; i < n; i++) this.str();
  }

  nullableStr(): string | null {
    return this.byte() === 0 ? null : this.str();
  }

  bool(): boolean {
    return this.byte() === 1;
  }

  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new FeaturesCodecError('truncated');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

function writeCounts(w: Writer, counts: Record<string, number>): void {
  const keys = Object.keys(counts);
  w.uint(keys.length);
  for (const k of keys) {
    w.str(k);
    w.uint(counts[k]!);
  }
}

/** Term counts (built only when `build`: otherwise read and checked). */
function readCounts(r: Reader, build: boolean): Record<string, number> {
  const n = r.uint();
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const k = r.str();
    const v = r.uint();
    if (build) out[k] = v;
  }
  return out;
}

const STATUS = [undefined, null, 'planned', 'happened'] as const;

/**
 * The features as packed bytes, spans taken in `text` (the article record's text), or null when
 * something in them has no place in the layout (they are then stored as they are).
 */
export function packFeatures(features: ArticleFeatures, text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return pack(features, text);
  } catch (e) {
    if (e instanceof Unpackable || e instanceof TypeError) return null;
    throw e;
  }
}

function pack(f: ArticleFeatures, text: string): Uint8Array<ArrayBuffer> {
  const expected: Record<keyof ArticleFeatures, true> = { language: true, wordCount: true, title: true, sentences: true, entities: true, terms: true, ledeTerms: true, ledeEntities: true, events: true, eventStatus: true, eventDate: true, quotes: true, numbers: true, claims: true, anchors: true, site: true, fingerprint: true };
  for (const k of Object.keys(f)) if (!(k in expected)) throw new Unpackable(`unknown field ${k}`);
  const w = new Writer();
  w.str(f.language);
  w.uint(f.wordCount);
  w.str(f.title);
  // sentences: a span of the text from where the previous one ended, else the sentence itself
  w.uint(f.sentences.length);
  let cursor = 0;
  for (const s of f.sentences) {
    if (Object.keys(s).length !== 2) throw new Unpackable('sentence fields');
    w.uint(s.paragraph);
    const at = s.text.length ? text.indexOf(s.text, cursor) : -1;
    if (at < 0) {
      w.uint(0);
      w.str(s.text);
    } else {
      w.uint(at - cursor + 1);
      w.uint(s.text.length);
      cursor = at + s.text.length;
    }
  }
  w.uint(f.entities.length);
  for (const e of f.entities) {
    if (Object.keys(e).join() !== 'id,canonical,type,known,weight,surfaces,firstSentence') throw new Unpackable('entity fields');
    w.str(e.id);
    w.str(e.canonical);
    w.str(e.type);
    w.bool(e.known);
    w.float(e.weight);
    w.strs(e.surfaces);
    w.uint(e.firstSentence);
  }
  writeCounts(w, f.terms);
  writeCounts(w, f.ledeTerms);
  w.strs(f.ledeEntities);
  w.strs(f.events);
  const status = STATUS.indexOf(f.eventStatus as (typeof STATUS)[number]);
  if (status < 0 || (status === 0 && 'eventStatus' in f)) throw new Unpackable('eventStatus');
  w.byte(status);
  const d = f.eventDate;
  if (d === null) w.byte(0);
  else {
    if (Object.keys(d).join() !== 'iso,monthDay,weekday,source') throw new Unpackable('eventDate fields');
    w.byte(1);
    w.nullableStr(d.iso);
    w.nullableStr(d.monthDay);
    if (d.weekday === null) w.byte(0);
    else {
      w.byte(1);
      w.uint(d.weekday);
    }
    w.str(d.source);
  }
  w.strs(f.quotes);
  w.strs(f.numbers);
  w.uint(f.claims.length);
  for (const c of f.claims) {
    if (Object.keys(c).join() !== 'text,index,paragraph,quotes,speaker,speakerNamedHere,entities,terms,numbers,isNoise') throw new Unpackable('claim fields');
    const s = f.sentences[c.index];
    const textIsSentence = s !== undefined && s.text === c.text;
    const paragraphIsSentence = s !== undefined && s.paragraph === c.paragraph;
    w.byte((textIsSentence ? 1 : 0) | (paragraphIsSentence ? 2 : 0) | (c.speakerNamedHere ? 4 : 0) | (c.isNoise ? 8 : 0) | (c.speaker ? 16 : 0));
    if (typeof c.speakerNamedHere !== 'boolean' || typeof c.isNoise !== 'boolean') throw new Unpackable('claim flags');
    w.uint(c.index);
    if (!textIsSentence) w.str(c.text);
    if (!paragraphIsSentence) w.uint(c.paragraph);
    w.uint(c.quotes.length);
    for (const q of c.quotes) {
      const at = q.length ? c.text.indexOf(q) : -1;
      if (at < 0) {
        w.uint(0);
        w.str(q);
      } else {
        w.uint(at + 1);
        w.uint(q.length);
      }
    }
    if (c.speaker) {
      if (Object.keys(c.speaker).join() !== 'id,name,role') throw new Unpackable('speaker fields');
      w.str(c.speaker.id);
      w.str(c.speaker.name);
      w.nullableStr(c.speaker.role);
    } else if (c.speaker !== null) throw new Unpackable('speaker');
    w.strs(c.entities);
    w.strs(c.terms);
    w.strs(c.numbers);
  }
  if (f.anchors === undefined) {
    if ('anchors' in f) throw new Unpackable('anchors');
    w.byte(0);
  } else {
    w.byte(1);
    w.strs(f.anchors);
  }
  // site: 0 absent, 1 null, 2 a host
  if (f.site === undefined) {
    if ('site' in f) throw new Unpackable('site');
    w.byte(0);
  } else if (f.site === null) w.byte(1);
  else {
    w.byte(2);
    w.str(f.site);
  }
  w.str(f.fingerprint);
  return w.finish(text);
}

/**
 * The features packed in `bytes`, against the text they were packed with. Throws
 * FeaturesCodecError when the bytes do not hold together or `text` is not that text.
 *
 * Every byte is read and checked here, but the large fields (sentences, entities, terms, lede
 * terms, claims) are built only when first read: an analysis reads every listed article's
 * quotes, language and date, and the sentences and claims of only the few it compares
 * (engine/missing-context.ts SOURCE_LIMITS). Read, each is the value an eager read gives, and
 * the keys are in computeFeatures's order (test/unit/features-codec.test.ts).
 */
export function unpackFeatures(bytes: Uint8Array, text: string): ArticleFeatures {
  const r = new Reader(bytes);
  const format = r.byte();
  // format 1 is format 2 without the site byte (features before FEATURES_VERSION 12 had no site)
  if (format !== PACKED_FEATURES_FORMAT && format !== 1) throw new FeaturesCodecError(`format ${format}, expected ${PACKED_FEATURES_FORMAT}`);
  if (r.uint() !== text.length || r.u32() !== textHash(text)) throw new FeaturesCodecError('packed for another text');
  const count = r.uint();
  const lengths = new Array<number>(count);
  for (let i = 0; i < count; i++) lengths[i] = r.uint();
  const joined = new TextDecoder().decode(r.take(r.uint()));
  let at = 0;
  r.table = lengths.map((n) => joined.slice(at, (at += n)));
  if (at !== joined.length) throw new FeaturesCodecError('string table does not add up');

  const language = r.str();
  const wordCount = r.uint();
  const title = r.str();
  // the large fields: checked now (a skipping read), built when first read
  const sentencesAt = r.at;
  const sentenceCount = countSentences(r, text);
  const entitiesAt = r.at;
  readEntities(r, false);
  const termsAt = r.at;
  readCounts(r, false);
  const ledeTermsAt = r.at;
  readCounts(r, false);
  const ledeEntities = r.strs();
  const events = r.strs();
  const status = r.byte();
  if (status >= STATUS.length) throw new FeaturesCodecError('eventStatus');
  let eventDate: EventDate | null = null;
  if (r.byte() === 1) eventDate = { iso: r.nullableStr(), monthDay: r.nullableStr(), weekday: r.byte() === 0 ? null : r.uint(), source: r.str() as EventDate['source'] };
  const quotes = r.strs();
  const numbers = r.strs();
  const claimsAt = r.at;
  readClaims(r, null, sentenceCount);
  const anchors = r.byte() === 1 ? r.strs() : undefined;
  const siteKind = format === 1 ? 0 : r.byte();
  if (siteKind > 2) throw new FeaturesCodecError('site');
  const site = siteKind === 2 ? r.str() : siteKind === 1 ? null : undefined;
  const fingerprint = r.str();
  if (r.at !== bytes.length) throw new FeaturesCodecError('bytes left over');

  const table = r.table;
  const from = (position: number): Reader => {
    const x = new Reader(bytes);
    x.table = table;
    x.at = position;
    return x;
  };
  let sentences: Sentence[] | undefined;
  const sentencesOf = () => (sentences ??= readSentences(from(sentencesAt), text, true));
  // the keys in computeFeatures's order
  const out: Record<string, unknown> = { language, wordCount, title };
  lazy(out, 'sentences', sentencesOf);
  lazy(out, 'entities', () => readEntities(from(entitiesAt), true));
  lazy(out, 'terms', () => readCounts(from(termsAt), true));
  lazy(out, 'ledeTerms', () => readCounts(from(ledeTermsAt), true));
  Object.assign(out, { ledeEntities, events });
  if (status !== 0) out.eventStatus = STATUS[status];
  Object.assign(out, { eventDate, quotes, numbers });
  lazy(out, 'claims', () => readClaims(from(claimsAt), sentencesOf(), sentenceCount));
  if (anchors !== undefined) out.anchors = anchors;
  if (site !== undefined) out.site = site;
  out.fingerprint = fingerprint;
  return out as unknown as ArticleFeatures;
}

/** A field built by `make` when first read (then a plain data property); assigning replaces it. */
function lazy(target: Record<string, unknown>, key: string, make: () => unknown): void {
  const settle = (value: unknown) => Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      settle(value);
      return value;
    },
    set: settle,
  });
}

/** Reads and checks the sentences, building nothing: how many there are. */
function countSentences(r: Reader, text: string): number {
  const at = r.at;
  const n = r.uint();
  r.at = at;
  readSentences(r, text, false);
  return n;
}

/** The sentences (built only when `build`: otherwise read and checked). */
function readSentences(r: Reader, text: string, build: boolean): Sentence[] {
  const n = r.uint();
  const sentences: Sentence[] = build ? new Array<Sentence>(n) : [];
  let cursor = 0;
  for (let i = 0; i < n; i++) {
    const paragraph = r.uint();
    const skip = r.uint();
    if (skip === 0) {
      const s = r.str();
      if (build) sentences[i] = { text: s, paragraph };
    } else {
      const start = cursor + skip - 1;
      const end = start + r.uint();
      if (end > text.length) throw new FeaturesCodecError('a sentence beyond the text');
      if (build) sentences[i] = { text: text.slice(start, end), paragraph };
      cursor = end;
    }
  }
  return sentences;
}

function readEntities(r: Reader, build: boolean): EntityWeight[] {
  const n = r.uint();
  if (!build) {
    for (let i = 0; i < n; i++) {
      r.str();
      r.str();
      r.str();
      r.bool();
      r.float();
      r.skipStrs();
      r.uint();
    }
    return [];
  }
  const entities = new Array<EntityWeight>(n);
  for (let i = 0; i < n; i++) entities[i] = { id: r.str(), canonical: r.str(), type: r.str() as EntityWeight['type'], known: r.bool(), weight: r.float(), surfaces: r.strs(), firstSentence: r.uint() };
  return entities;
}

/** The claims, built against the sentences; with `sentences` null, only read and checked. */
function readClaims(r: Reader, sentences: readonly Sentence[] | null, sentenceCount: number): Claim[] {
  const n = r.uint();
  const claims: Claim[] = sentences ? new Array<Claim>(n) : [];
  for (let i = 0; i < n; i++) {
    const flags = r.byte();
    const index = r.uint();
    if ((flags & 3) !== 0 && index >= sentenceCount) throw new FeaturesCodecError(`claim ${i}: sentence ${index} out of range`);
    if (!sentences) {
      // read and checked only
      if (!(flags & 1)) r.str();
      if (!(flags & 2)) r.uint();
      const quotes = r.uint();
      for (let q = 0; q < quotes; q++) {
        if (r.uint() === 0) r.str();
        else r.uint();
      }
      if (flags & 16) {
        r.str();
        r.str();
        r.nullableStr();
      }
      r.skipStrs();
      r.skipStrs();
      r.skipStrs();
      continue;
    }
    const s = sentences[index];
    const claimText = flags & 1 ? s!.text : r.str();
    const paragraph = flags & 2 ? s!.paragraph : r.uint();
    const claimQuotes = new Array<string>(r.uint());
    for (let q = 0; q < claimQuotes.length; q++) {
      const from = r.uint();
      claimQuotes[q] = from === 0 ? r.str() : claimText.slice(from - 1, from - 1 + r.uint());
    }
    const speaker: Speaker | null = flags & 16 ? { id: r.str(), name: r.str(), role: r.nullableStr() } : null;
    claims[i] = { text: claimText, index, paragraph, quotes: claimQuotes, speaker, speakerNamedHere: (flags & 4) !== 0, entities: r.strs(), terms: r.strs(), numbers: r.strs(), isNoise: (flags & 8) !== 0 };
  }
  return claims;
}

/**
 * The record the store keeps for an article's features: packed against the article's text
 * (`text`, the record's text the features were computed from), or plain when they cannot be.
 */
export function featuresRecord(id: string, format: number, textFingerprint: string, features: ArticleFeatures, text: string): StoredFeatures {
  const packed = packFeatures(features, text);
  return packed ? { id, format, textFingerprint, packed } : { id, format, textFingerprint, features };
}

/**
 * The features a stored record holds, read against the article's text; null when the record holds
 * none or its packed bytes do not read back against this text (the caller recomputes them).
 */
export function featuresOfRecord(stored: StoredFeatures, text: string): ArticleFeatures | null {
  if (stored.packed) {
    try {
      return unpackFeatures(stored.packed, text);
    } catch (e) {
      if (e instanceof FeaturesCodecError) return null;
      throw e;
    }
  }
  return typeof stored.features === 'object' && stored.features !== null ? (stored.features as ArticleFeatures) : null;
}
