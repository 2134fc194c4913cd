// The reader's settings: shape, defaults, and the rules that read them (which pages to analyse).
// Pure: no browser API, so the sidebar, the content script and the tests share it. Storage is
// settings/storage.ts.
import * as z from 'zod/mini';

export const AnalyseModeSchema = z.enum(['auto', 'when-asked']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);
/** The sidebar's result sections, as the summary line and the collapsed list name them. */
export const ResultSectionSchema = z.enum(['elsewhere', 'missing', 'translation']);
export type ResultSection = z.infer<typeof ResultSectionSchema>;
/** Reading history: 'ask' until the reader chooses (first run), then 'on' or 'off'. */
export const ReadingHistorySchema = z.enum(['ask', 'on', 'off']);
export type ReadingHistory = z.infer<typeof ReadingHistorySchema>;
/** Bounds of the reading-history limit the reader can set. */
export const READ_LIMIT_BOUNDS = { min: 10, max: 100_000 } as const;
/** The reading-history limits the settings offer (the reader's own value is added when it is another one). */
export const READ_LIMIT_CHOICES = [500, 1000, 5000, 20_000] as const;

/** A hostname as stored: lower case, no scheme, port, path or leading "www.". */
const siteSchema = z.string().check(z.minLength(1), z.maxLength(253));

export const SettingsSchema = z.object({
  /** 'auto': analyse every page that looks like an article; 'when-asked': only after "Analyse this page" */
  analyse: AnalyseModeSchema,
  /** sites never analysed unless the reader asks on the page; a site covers its subdomains */
  neverSites: z.array(siteSchema).check(z.maxLength(1000)),
  theme: ThemeSchema,
  /** items shown in each result list before "Show more" */
  itemsPerSection: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
  /** result sections the reader collapsed; they stay collapsed on every page until opened again */
  collapsedSections: z.array(ResultSectionSchema).check(z.maxLength(10)),
  /** keep every page read as a news article in the reader's corpus (settings v2) */
  readingHistory: ReadingHistorySchema,
  /** at most this many read articles are kept; the oldest go first (settings v2) */
  readingHistoryLimit: z.number().check(z.int(), z.minimum(READ_LIMIT_BOUNDS.min), z.maximum(READ_LIMIT_BOUNDS.max)),
});
export type Settings = z.infer<typeof SettingsSchema>;
export type AnalyseMode = Settings['analyse'];
export type Theme = Settings['theme'];

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  analyse: 'auto',
  neverSites: [],
  theme: 'system',
  itemsPerSection: 5,
  collapsedSections: [],
  readingHistory: 'ask',
  readingHistoryLimit: 5000,
}) as Settings;

/** The choices the settings panel offers for items per section. */
export const ITEMS_PER_SECTION_CHOICES = [3, 5, 10, 20] as const;

/**
 * Reads a stored value field by field: a field that is missing or invalid (a hand-edited store,
 * a value from a newer version) falls back to its default instead of losing every setting.
 */
export function parseSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = SettingsSchema.shape[key].safeParse(value[key]);
    return parsed.success ? (parsed.data as Settings[K]) : DEFAULT_SETTINGS[key];
  };
  const sites = field('neverSites')
    .map(normaliseSite)
    .filter((s): s is string => s !== null);
  return {
    analyse: field('analyse'),
    neverSites: [...new Set(sites)],
    theme: field('theme'),
    itemsPerSection: field('itemsPerSection'),
    collapsedSections: [...new Set(field('collapsedSections'))],
    readingHistory: field('readingHistory'),
    readingHistoryLimit: field('readingHistoryLimit'),
  };
}

/** One DNS label: letters, digits and inner hyphens (non-ASCII letters allowed as typed). */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * "https://www.Example.com:8080/news/x" or "example.com" -> "example.com"; null when the input
 * names no plausible host. Parsed by hand: the input is text the reader typed, not an address.
 */
export function normaliseSite(input: string): string | null {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '') // scheme
    .split(/[/?#\\]/)[0]! // path, query, fragment
    .replace(/^[^@]*@/, '') // user info
    .replace(/:\d*$/, '') // port
    .replace(/\.$/, '') // the root's dot
    .replace(/^www\./, '');
  if (!host || host.length > 253) return null;
  return host.split('.').every((label) => LABEL.test(label)) ? host : null;
}

/** The site a page belongs to, as the never-analyse list names it; null for non-web URLs. */
export function siteOf(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return normaliseSite(new URL(url).hostname);
  } catch {
    return null;
  }
}

/** The listed site that covers a URL (the site itself or a parent domain), if any. */
export function excludedSiteFor(url: string | null, settings: Settings): string | null {
  const host = siteOf(url);
  if (!host) return null;
  return settings.neverSites.find((site) => host === site || host.endsWith(`.${site}`)) ?? null;
}

export type AnalysisPolicy = { analyse: true } | { analyse: false; reason: string };

/** Whether a page is analysed on its own, or waits until the reader asks (and why). */
export function analysisPolicy(url: string | null, settings: Settings): AnalysisPolicy {
  const site = excludedSiteFor(url, settings);
  if (site) return { analyse: false, reason: `You asked Sidelight never to analyse pages on ${site}.` };
  if (settings.analyse === 'when-asked') return { analyse: false, reason: 'Sidelight analyses pages only when you ask.' };
  return { analyse: true };
}

export type KeepPolicy = { keep: true } | { keep: false; reason: 'not-chosen' | 'off' | 'private-window' | 'never-site' | 'not-web' };

/**
 * Whether a page read as a news article is kept in the reading history: only when the reader
 * turned it on, never in a private (incognito) window, never for a site on the never list (even
 * when the reader asked to analyse the page), only for web pages.
 */
export function keepPolicy(url: string | null, settings: Settings, context: { incognito: boolean }): KeepPolicy {
  if (context.incognito) return { keep: false, reason: 'private-window' };
  if (settings.readingHistory !== 'on') return { keep: false, reason: settings.readingHistory === 'ask' ? 'not-chosen' : 'off' };
  if (!siteOf(url)) return { keep: false, reason: 'not-web' };
  if (excludedSiteFor(url, settings)) return { keep: false, reason: 'never-site' };
  return { keep: true };
}
