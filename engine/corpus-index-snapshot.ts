// The corpus index as bytes, and back: what lets the background start from a snapshot instead of
// rebuilding the index from every article's stored features. Pure: no storage here (store/ keeps
// the bytes, with a validated header); this file knows the index's layout.
//
// Layout (little-endian, every section at a multiple of 8 bytes):
//   u32 magic "SLIX", u32 INDEX_SNAPSHOT_FORMAT, u32 byte length of the JSON part, u32 slots
//   JSON (UTF-8): strings and small numbers (ids, titles, vocabulary, entities, languages, …); the
//   long lists of strings (titles, fingerprints, the vocabulary, entities' keys, names and types)
//   each as one string cut at NUL (format 2: splitting one string is several times faster than
//   parsing as many JSON strings), or as a list when one of its strings holds a NUL
//   Uint32 offsets[slots + 1] into data; Uint32 cuts[slots * 3] (ledeAt, entAt, ancAt)
//   Uint32 data (every summary's packed ids, one after another)
//   Float64 norms[slots * 4] (term, lede, entity, lede-entity weight)
//   Uint16 language of each term id
// A snapshot that does not hold together (wrong magic or format, a section out of bounds, an id
// out of range) throws SnapshotError: the caller rebuilds the index, never trusts it.
import { CorpusIndex, type ArticleSummary, type CorpusIndexState, type EntityInfo } from './corpus-index.ts';
import type { EventDate, EventStatus } from './features.ts';

function siteAt(sites: ReadonlyArray<unknown>, slot: number): string | null {
  const site = sites[slot];
  if (site !== null && typeof site !== 'string') throw new SnapshotError(`slot ${slot}: site is not text`);
  return site;
}

/** Bumped whenever the layout above, or what the index keeps per article, changes. */
export const INDEX_SNAPSHOT_FORMAT = 2;
const MAGIC = 0x58494c53; // "SLIX"
const HEAD = 16;

export class SnapshotError extends Error {
  constructor(problem: string) {
    super(`index snapshot: ${problem}`);
    this.name = 'SnapshotError';
  }
}

interface SnapshotJson {
  termCount: number;
  normsAt: number;
  languages: string[];
  /** per slot; null for a removed article */
  ids: Array<string | null>;
  titles: string[];
  /** language index per slot */
  langs: number[];
  events: string[][];
  status: Array<EventStatus | null>;
  dates: Array<EventDate | null>;
  fingerprints: string[];
  published: Array<string | null>;
  /** the site of each article (features' `site`) */
  sites: Array<string | null>;
  /** slots whose fingerprint the index maps to them (byFingerprint) */
  fingerprintSlots: number[];
  /** by term id */
  terms: string[];
  /** by entity id: key, canonical, type, known */
  entities: Array<[string, string, EntityInfo['type'], boolean]>;
}

/** SnapshotJson as the bytes hold it: long lists of strings joined (joinList), entities by column. */
type StoredJson = Omit<SnapshotJson, 'titles' | 'fingerprints' | 'terms' | 'entities'> & {
  titles: string | string[];
  fingerprints: string | string[];
  terms: string | string[];
  entityCount: number;
  entityKeys: string | string[];
  entityNames: string | string[];
  entityTypes: string | string[];
  /** '1' or '0' per entity */
  entityKnown: string;
};

/** A list of strings as one string cut at NUL; the list itself when one of them holds a NUL. */
function joinList(list: readonly string[]): string | string[] {
  return list.some((s) => s.includes('\0')) ? [...list] : list.join('\0');
}

/** joinList's output back as the list of `length` strings it was; throws SnapshotError otherwise. */
function splitList(value: unknown, length: number, what: string): string[] {
  if (typeof value === 'string') {
    const list = length === 0 && value === '' ? [] : value.split('\0');
    if (list.length === length) return list;
  } else if (Array.isArray(value) && value.length === length && value.every((s) => typeof s === 'string')) return value as string[];
  throw new SnapshotError(`its ${what} do not match their count`);
}

const align = (n: number) => (n + 7) & ~7;

/** The index as one byte array (copies its data: the index may change afterwards). */
export function encodeIndexSnapshot(index: CorpusIndex): Uint8Array {
  const state = index.snapshotState();
  const slots = state.summaries.length;
  const languageIndex = new Map(state.languages.map((l, i) => [l, i]));
  const terms = new Array<string>(state.termCount).fill('');
  const termLanguage = new Uint16Array(state.termCount);
  for (const [language, vocabulary] of state.termsByLanguage) {
    const lang = languageIndex.get(language) ?? 0;
    for (const [term, id] of vocabulary) {
      terms[id] = term;
      termLanguage[id] = lang;
    }
  }
  const json: SnapshotJson = { termCount: state.termCount, normsAt: state.normsAt, languages: [...state.languages], ids: [], titles: [], langs: [], events: [], status: [], dates: [], fingerprints: [], published: [], sites: [], fingerprintSlots: [], terms, entities: state.entities.map((e) => [e.key, e.canonical, e.type, e.known]) };
  const offsets = new Uint32Array(slots + 1);
  const cuts = new Uint32Array(slots * 3);
  let total = 0;
  state.summaries.forEach((s, slot) => {
    offsets[slot] = total;
    json.ids.push(s ? s.id : null);
    json.titles.push(s?.title ?? '');
    json.langs.push(s ? (languageIndex.get(s.language) ?? 0) : 0);
    json.events.push(s ? [...s.events] : []);
    json.status.push(s?.eventStatus ?? null);
    json.dates.push(s?.eventDate ?? null);
    json.fingerprints.push(s?.fingerprint ?? '');
    json.published.push(s?.published ?? null);
    json.sites.push(s?.site ?? null);
    if (!s) return;
    cuts[slot * 3] = s.ledeAt;
    cuts[slot * 3 + 1] = s.entAt;
    cuts[slot * 3 + 2] = s.ancAt;
    total += s.data.length;
  });
  offsets[slots] = total;
  for (const [fingerprint, id] of state.byFingerprint) {
    const slot = index.get(id)?.slot;
    if (slot !== undefined && state.summaries[slot]?.fingerprint === fingerprint) json.fingerprintSlots.push(slot);
  }
  const { titles, fingerprints, terms: vocabulary, entities, ...rest } = json;
  const stored: StoredJson = {
    ...rest,
    titles: joinList(titles),
    fingerprints: joinList(fingerprints),
    terms: joinList(vocabulary),
    entityCount: entities.length,
    entityKeys: joinList(entities.map((e) => e[0])),
    entityNames: joinList(entities.map((e) => e[1])),
    entityTypes: joinList(entities.map((e) => e[2])),
    entityKnown: entities.map((e) => (e[3] ? '1' : '0')).join(''),
  };
  const jsonBytes = new TextEncoder().encode(JSON.stringify(stored));
  const sizes = [align(jsonBytes.length), align(offsets.byteLength), align(cuts.byteLength), align(total * 4), align(slots * 4 * 8), align(termLanguage.byteLength)];
  const out = new Uint8Array(HEAD + sizes.reduce((a, b) => a + b, 0));
  const head = new DataView(out.buffer);
  head.setUint32(0, MAGIC, true);
  head.setUint32(4, INDEX_SNAPSHOT_FORMAT, true);
  head.setUint32(8, jsonBytes.length, true);
  head.setUint32(12, slots, true);
  let at = HEAD;
  out.set(jsonBytes, at);
  at += sizes[0]!;
  out.set(new Uint8Array(offsets.buffer), at);
  at += sizes[1]!;
  out.set(new Uint8Array(cuts.buffer), at);
  at += sizes[2]!;
  const data = new Uint32Array(out.buffer, at, total);
  state.summaries.forEach((s, slot) => {
    if (s) data.set(s.data, offsets[slot]!);
  });
  at += sizes[3]!;
  const norms = new Float64Array(out.buffer, at, slots * 4);
  norms.set(state.norms.term.subarray(0, slots), 0);
  norms.set(state.norms.lede.subarray(0, slots), slots);
  norms.set(state.norms.entity.subarray(0, slots), slots * 2);
  norms.set(state.norms.ledeEntity.subarray(0, slots), slots * 3);
  at += sizes[4]!;
  out.set(new Uint8Array(termLanguage.buffer), at);
  return out;
}

/** The format a snapshot says it has (null when it is not one), without decoding it. */
export function snapshotFormatOf(bytes: Uint8Array): number | null {
  if (bytes.byteLength < HEAD) return null;
  const head = new DataView(bytes.buffer, bytes.byteOffset, HEAD);
  return head.getUint32(0, true) === MAGIC ? head.getUint32(4, true) : null;
}

/** An index from a snapshot's bytes; throws SnapshotError when they do not hold together. */
export function decodeIndexSnapshot(bytes: Uint8Array): CorpusIndex {
  const format = snapshotFormatOf(bytes);
  if (format === null) throw new SnapshotError('not a snapshot');
  if (format !== INDEX_SNAPSHOT_FORMAT) throw new SnapshotError(`format ${format}, this engine reads ${INDEX_SNAPSHOT_FORMAT}`);
  // sections are read at multiples of 8 from the start of a buffer of their own
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const head = new DataView(own.buffer, own.byteOffset, HEAD);
  const jsonLength = head.getUint32(8, true);
  const slots = head.getUint32(12, true);
  let at = own.byteOffset + HEAD;
  const end = own.byteOffset + own.byteLength;
  const take = (byteLength: number): number => {
    const start = at;
    if (start + byteLength > end) throw new SnapshotError(`truncated (${own.byteLength} bytes)`);
    at += align(byteLength);
    return start;
  };
  let stored: StoredJson;
  try {
    stored = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(own.buffer, take(jsonLength), jsonLength))) as StoredJson;
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError('its text part does not parse');
  }
  if (typeof stored !== 'object' || stored === null) throw new SnapshotError('its text part does not match its slots');
  const lists = [stored.ids, stored.langs, stored.events, stored.status, stored.dates, stored.published, stored.sites];
  if (!lists.every((l) => Array.isArray(l) && l.length === slots) || !Number.isSafeInteger(stored.termCount) || !Number.isSafeInteger(stored.entityCount) || !Array.isArray(stored.languages) || !Array.isArray(stored.fingerprintSlots)) {
    throw new SnapshotError('its text part does not match its slots');
  }
  const entityKeys = splitList(stored.entityKeys, stored.entityCount, 'entity keys');
  const entityNames = splitList(stored.entityNames, stored.entityCount, 'entity names');
  const entityTypes = splitList(stored.entityTypes, stored.entityCount, 'entity types');
  if (typeof stored.entityKnown !== 'string' || stored.entityKnown.length !== stored.entityCount) throw new SnapshotError('its entity flags do not match their count');
  const json: SnapshotJson = {
    ...stored,
    titles: splitList(stored.titles, slots, 'titles'),
    fingerprints: splitList(stored.fingerprints, slots, 'fingerprints'),
    terms: splitList(stored.terms, stored.termCount, 'terms'),
    entities: entityKeys.map((key, i) => [key, entityNames[i]!, entityTypes[i] as EntityInfo['type'], stored.entityKnown[i] === '1']),
  };
  const offsets = new Uint32Array(own.buffer, take((slots + 1) * 4), slots + 1);
  const cuts = new Uint32Array(own.buffer, take(slots * 12), slots * 3);
  const total = offsets[slots]!;
  // copied out, so that the snapshot's own buffer is not kept alive by the index
  const data = new Uint32Array(own.buffer, take(total * 4), total).slice();
  const norms = new Float64Array(own.buffer, take(slots * 32), slots * 4);
  const termLanguage = new Uint16Array(own.buffer, take(json.termCount * 2), json.termCount);
  if (at !== align(end)) throw new SnapshotError(`${end - at} bytes more than its sections`);
  const summaries: Array<ArticleSummary | null> = [];
  for (let slot = 0; slot < slots; slot++) {
    const id = json.ids[slot];
    if (id === null || id === undefined) {
      summaries.push(null);
      continue;
    }
    const from = offsets[slot]!;
    const to = offsets[slot + 1]!;
    if (!(from <= to && to <= total)) throw new SnapshotError(`slot ${slot}: data out of bounds`);
    const language = json.languages[json.langs[slot]!];
    if (typeof language !== 'string') throw new SnapshotError(`slot ${slot}: unknown language`);
    summaries.push({
      slot,
      id,
      title: json.titles[slot]!,
      language,
      events: json.events[slot]!,
      eventStatus: json.status[slot]!,
      eventDate: json.dates[slot]!,
      fingerprint: json.fingerprints[slot]!,
      published: json.published[slot]!,
      site: siteAt(json.sites, slot),
      data: data.subarray(from, to),
      ledeAt: cuts[slot * 3]!,
      entAt: cuts[slot * 3 + 1]!,
      ancAt: cuts[slot * 3 + 2]!,
    });
  }
  const termsByLanguage = new Map<string, Map<string, number>>();
  for (let id = 0; id < json.termCount; id++) {
    const language = json.languages[termLanguage[id]!];
    if (typeof language !== 'string') throw new SnapshotError(`term ${id}: unknown language`);
    let vocabulary = termsByLanguage.get(language);
    if (!vocabulary) termsByLanguage.set(language, (vocabulary = new Map()));
    vocabulary.set(json.terms[id]!, id);
  }
  const byFingerprint = new Map<string, string>();
  for (const slot of json.fingerprintSlots) {
    const s = summaries[slot];
    if (!s) throw new SnapshotError(`fingerprint of slot ${slot}, which is empty`);
    byFingerprint.set(s.fingerprint, s.id);
  }
  const state: CorpusIndexState = {
    summaries,
    byFingerprint,
    termsByLanguage,
    termCount: json.termCount,
    entities: json.entities.map(([key, canonical, type, known]) => ({ key, canonical, type, known })),
    languages: json.languages,
    norms: { term: norms.subarray(0, slots), lede: norms.subarray(slots, slots * 2), entity: norms.subarray(slots * 2, slots * 3), ledeEntity: norms.subarray(slots * 3) },
    normsAt: json.normsAt,
  };
  try {
    return CorpusIndex.fromSnapshotState(state);
  } catch (e) {
    throw new SnapshotError(e instanceof Error ? e.message.replace(/^index snapshot: /, '') : String(e));
  }
}

/**
 * A 32-bit checksum of bytes (FNV-1a over 32-bit words, then the tail bytes): what the store keeps
 * beside a snapshot to tell a damaged one from a sound one. Fast, not cryptographic.
 */
export function snapshotChecksum(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2) : new Uint32Array(bytes.slice(0, bytes.byteLength & ~3).buffer);
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  for (let i = words.length * 4; i < bytes.byteLength; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
