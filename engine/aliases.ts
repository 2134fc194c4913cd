// Entity names: the alias table (data in corpus/aliases.json) and the transliteration rules that
// turn a written name into a lookup key. Variants in the table resolve to one entity; names that
// are not in the table still meet their other spellings through the loose key (Zelenskyy ->
// zelenski), but never through fuzzy string similarity, so Li Qiang and Li Keqiang stay apart.
import * as z from 'zod/mini';
import { foldText } from './text.ts';

export const EntityTypeSchema = z.enum(['person', 'place', 'organisation']);
export type EntityType = z.infer<typeof EntityTypeSchema>;

export const AliasEntrySchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case')),
  canonical: z.string().check(z.minLength(1)),
  type: EntityTypeSchema,
  variants: z.array(z.string().check(z.minLength(1))),
  note: z.optional(z.string()),
});
export type AliasEntry = z.infer<typeof AliasEntrySchema>;
export const AliasSourceSchema = z.array(AliasEntrySchema);

const HAS_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const exactKeys = new Map<string, string>();

/** Exact key: folded, punctuation removed, possessive dropped. */
export function exactKey(name: string): string {
  let key = exactKeys.get(name);
  if (key === undefined) {
    if (exactKeys.size > 50_000) exactKeys.clear();
    exactKeys.set(name, (key = computeExactKey(name)));
  }
  return key;
}

function computeExactKey(name: string): string {
  return foldText(name)
    .replace(/['ʼ](?:s)?$/u, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Loose key: transliteration rules that join the usual romanisations of one name
 * (y/i, ou/u, doubled letters, j/y, w/v, kh/h, ck/k, final -ij/-iy/-yy -> i).
 */
export function looseKey(name: string): string {
  let key = looseKeys.get(name);
  if (key === undefined) {
    if (looseKeys.size > 50_000) looseKeys.clear();
    looseKeys.set(name, (key = computeLooseKey(name)));
  }
  return key;
}
const looseKeys = new Map<string, string>();

function computeLooseKey(name: string): string {
  return exactKey(name)
    .split(' ')
    .map((w) =>
      w
        .replace(/ou/g, 'u')
        .replace(/kh/g, 'h')
        .replace(/ck/g, 'k')
        .replace(/w/g, 'v')
        .replace(/j/g, 'i')
        .replace(/y/g, 'i')
        .replace(/(.)\1+/g, '$1'),
    )
    .join(' ');
}

export interface ResolvedEntity {
  id: string;
  canonical: string;
  type: EntityType | 'unknown';
  /** true when the name is in the alias table */
  known: boolean;
}

export class AliasIndex {
  private readonly byExact = new Map<string, AliasEntry>();
  private readonly byLoose = new Map<string, AliasEntry>();
  private readonly byId = new Map<string, AliasEntry>();
  /** variants written in scripts without spaces, found by substring search */
  readonly unspacedVariants: Array<{ variant: string; entry: AliasEntry }> = [];
  /** the longest variant in words, to bound n-gram lookups */
  readonly maxWords: number;
  /** a surname or given name that only one person of the table has ("Xi", "Kirby", not "Wang") */
  private readonly byNamePart = new Map<string, AliasEntry | null>();
  /** one-word keys, sorted, for inflected forms ("Pekino" -> "Pekinas") */
  private readonly singleWordKeys: string[] = [];
  /** `lookup` answers by name (the table never changes), with and without `exactOnly` */
  private readonly lookups = new Map<string, AliasEntry | null>();
  private readonly exactLookups = new Map<string, AliasEntry | null>();

  constructor(entries: readonly AliasEntry[]) {
    let maxWords = 1;
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      for (const variant of [entry.canonical, ...entry.variants]) {
        if (HAS_UNSPACED.test(variant)) {
          this.unspacedVariants.push({ variant, entry });
          if (!this.byExact.has(variant)) this.byExact.set(variant, entry);
          continue;
        }
        const key = exactKey(variant);
        if (!key) continue;
        maxWords = Math.max(maxWords, key.split(' ').length);
        if (!this.byExact.has(key)) this.byExact.set(key, entry);
        const loose = looseKey(variant);
        if (!this.byLoose.has(loose)) this.byLoose.set(loose, entry);
      }
    }
    this.unspacedVariants.sort((a, b) => b.variant.length - a.variant.length);
    this.maxWords = maxWords;
    for (const entry of entries) {
      if (entry.type !== 'person') continue;
      const parts = new Set<string>();
      for (const v of [entry.canonical, ...entry.variants]) {
        if (HAS_UNSPACED.test(v)) continue;
        const words = exactKey(v).split(' ');
        if (words.length < 2) continue;
        for (const w of [words[0]!, words[words.length - 1]!]) if (w.length >= 2) parts.add(w);
      }
      for (const part of parts) {
        const prev = this.byNamePart.get(part);
        this.byNamePart.set(part, prev === undefined || prev?.id === entry.id ? entry : null);
      }
    }
    for (const key of this.byExact.keys()) if (!key.includes(' ') && !HAS_UNSPACED.test(key) && key.length >= 4) this.singleWordKeys.push(key);
    this.singleWordKeys.sort();
  }

  /** Is `key` the exact key of a variant? (`lookup` of a name whose exact key is not finds nothing with `exactOnly`.) */
  hasExactKey(key: string): boolean {
    return this.byExact.has(key);
  }

  /** The one person of the table with this surname or given name, or null (none, or several). */
  personByNamePart(name: string): AliasEntry | null {
    const key = exactKey(name);
    if (key.includes(' ') || this.byExact.has(key)) return null;
    return this.byNamePart.get(key) ?? null;
  }

  /**
   * An inflected one-word form of a table name ("Pekino", "Kinijos", "Moskvos"): the table key
   * that shares all but the last three letters, when exactly one entry has such a key.
   */
  lookupInflected(name: string): AliasEntry | null {
    const key = exactKey(name);
    if (key.length < 5 || key.includes(' ')) return null;
    const found = new Set<AliasEntry>();
    for (let cut = 1; cut <= 3 && key.length - cut >= 4; cut++) {
      const stem = key.slice(0, key.length - cut);
      let lo = 0;
      let hi = this.singleWordKeys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.singleWordKeys[mid]! < stem) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.singleWordKeys.length && this.singleWordKeys[i]!.startsWith(stem); i++) {
        const k = this.singleWordKeys[i]!;
        if (Math.abs(k.length - key.length) <= 3) found.add(this.byExact.get(k)!);
      }
      if (found.size) break;
    }
    return found.size === 1 ? [...found][0]! : null;
  }

  entry(id: string): AliasEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Resolves a name from the table, or null when it is not there. Acronyms in the table (UN, EU)
   * match only when written in capitals ("Un" and "Eu" are words in other languages), and the
   * loose spelling rules apply only to names long enough not to meet ordinary words
   * ("Route" is not Rutte).
   */
  lookup(name: string, options: { exactOnly?: boolean } = {}): AliasEntry | null {
    const cache = options.exactOnly ? this.exactLookups : this.lookups;
    let found = cache.get(name);
    if (found === undefined) {
      if (cache.size > 50_000) cache.clear();
      cache.set(name, (found = this.lookupUncached(name, options.exactOnly === true)));
    }
    return found;
  }

  private lookupUncached(name: string, exactOnly: boolean): AliasEntry | null {
    const exact = this.byExact.get(HAS_UNSPACED.test(name) ? name.trim() : exactKey(name));
    if (exact) return this.acronymCaseOk(exact, name) ? exact : null;
    if (exactOnly) return null;
    const loose = looseKey(name);
    if (loose.replace(/ /g, '').length < 6) return null;
    return this.byLoose.get(loose) ?? null;
  }

  private acronymCaseOk(entry: AliasEntry, written: string): boolean {
    const key = exactKey(written);
    const acronym = [entry.canonical, ...entry.variants].some((v) => exactKey(v) === key && v.length <= 5 && v === v.toUpperCase() && /\p{Lu}/u.test(v));
    const sameWrittenAsTable = [entry.canonical, ...entry.variants].some((v) => exactKey(v) === key && v !== v.toUpperCase());
    return !acronym || sameWrittenAsTable || written === written.toUpperCase();
  }

  /** Resolves any name: table entries by id, other names by their loose key. */
  resolve(name: string): ResolvedEntity {
    const entry = this.lookup(name);
    if (entry) return { id: entry.id, canonical: entry.canonical, type: entry.type, known: true };
    return { id: `~${looseKey(name)}`, canonical: name.replace(/['ʼ’]s$/u, ''), type: 'unknown', known: false };
  }
}

/** Problems that make a table unsafe: a variant claimed by two entries, duplicate ids. */
export function checkAliasTable(entries: readonly AliasEntry[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  const looseOwner = new Map<string, string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) problems.push(`duplicate id ${entry.id}`);
    ids.add(entry.id);
    for (const variant of new Set([entry.canonical, ...entry.variants])) {
      const key = HAS_UNSPACED.test(variant) ? variant : exactKey(variant);
      const other = owner.get(key);
      if (other && other !== entry.id) problems.push(`variant "${variant}" is in both ${other} and ${entry.id}`);
      else owner.set(key, entry.id);
      if (entry.type === 'person' && !HAS_UNSPACED.test(variant)) {
        const loose = looseKey(variant);
        const looseOther = looseOwner.get(loose);
        if (looseOther && looseOther !== entry.id) problems.push(`spelling rules join "${variant}" of ${entry.id} with ${looseOther}`);
        else looseOwner.set(loose, entry.id);
      }
    }
  }
  return problems;
}
