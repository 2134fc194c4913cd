// How the sidebar writes dates, languages, counts and date spans (the reader's locale, via Intl).

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return 'undated';
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
  if (span.from === span.to) return `published on ${formatDate(span.from)}`;
  return `published from ${formatDate(span.from)} to ${formatDate(span.to)}`;
}
