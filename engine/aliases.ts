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

/** Exact key: folded, punctuation removed, possessive dropped. */
export function exactKey(name: string): string {
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
    const exact = this.byExact.get(HAS_UNSPACED.test(name) ? name.trim() : exactKey(name));
    if (exact) return this.acronymCaseOk(exact, name) ? exact : null;
    if (options.exactOnly) return null;
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
