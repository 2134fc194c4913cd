// When two articles are the same article: the same id, the same URL (normalised), or the same
// text up to whitespace and punctuation (engine's textFingerprint).
import { textFingerprint } from '../engine/features.ts';
import { isRouteFragment } from '../engine/url.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import type { ArticleOrigin, StoredArticle } from './schema.ts';

const TRACKING_PARAM = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i;

/**
 * A URL reduced to what names the article: no scheme, no `www.`, no tracking parameters, no
 * trailing slash, no fragment unless it is a single-page site's route (`#/story/1`, `#!/a`:
 * engine/url.ts); the host in lower case. Not a URL: the trimmed text.
 */
export function urlKey(url: string | null | undefined): string | undefined {
  const raw = url?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return raw;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return raw;
  const params = [...parsed.searchParams].filter(([k]) => !TRACKING_PARAM.test(k));
  const search = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const path = parsed.pathname.replace(/\/+$/, '');
  const route = isRouteFragment(parsed.hash) ? parsed.hash : '';
  return `${parsed.host.toLowerCase().replace(/^www\./, '')}${path}${search}${route}`;
}

/** `fingerprint`: textFingerprint(record.text), when the caller has computed it already. */
export function storedArticle(record: CorpusRecord, origin: ArticleOrigin, hidden: boolean, addedAt: number, fingerprint = textFingerprint(record.text)): StoredArticle {
  const key = urlKey(record.url);
  return { id: record.id, record, origin, hidden, addedAt, fingerprint, ...(key === undefined ? {} : { urlKey: key }) };
}

/** An article merged with a newer copy of itself: the newer fields win, a missing one keeps the older. */
export function mergeRecords(older: CorpusRecord, newer: CorpusRecord): CorpusRecord {
  const merged: CorpusRecord = { ...older, ...newer, id: older.id };
  for (const key of ['url', 'published', 'language'] as const) {
    const value = newer[key] ?? older[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
