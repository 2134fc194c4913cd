// How the sidebar writes dates, languages, counts and date spans (the reader's locale, via Intl).
import { t } from '../../i18n/messages.ts';

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('undated');
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function languageName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "English, French and German" */
export function listOf(items: readonly string[]): string {
  const parts = items.filter(Boolean);
  try {
    return new Intl.ListFormat(undefined, { type: 'conjunction' }).format(parts);
  } catch {
    return parts.join(', ');
  }
}

/** "1 article", "12,345 articles" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** "from 4 Apr 2022 to 26 Apr 2023", "on 4 Apr 2022", or '' when no article is dated. */
export function dateSpan(span: { from: string | null; to: string | null } | undefined): string {
  if (!span?.from || !span.to) return '';
  if (span.from === span.to) return t('publishedOn', formatDate(span.from));
  return t('publishedFromTo', formatDate(span.from), formatDate(span.to));
}

/**
 * "in German" for an article written in German; "translated from German" for a corpus text in
 * another language than its article's own (a translation kept in the corpus). '' when unknown.
 */
export function languageLabel(language: string | null | undefined, textLanguage?: string | null): string {
  const name = languageName(language);
  if (!name) return '';
  return textLanguage && language && textLanguage !== language ? t('translatedFrom', name) : t('inLanguage', name);
}

/**
 * The address a listed article links to: only a web page (http or https). Anything else a corpus
 * record may hold (javascript:, data:, file:, a relative path) is no link.
 */
export function webLink(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
