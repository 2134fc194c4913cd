// Small formatting helpers shared by the options page's parts.
import { foldText } from '../../engine/text.ts';

export const count = (n: number): string => n.toLocaleString('en');

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "French" for "fr" (in the reader's language, via Intl.DisplayNames); the code itself when unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Case- and accent-insensitive form for search. */
export function searchKey(text: string): string {
  return foldText(text);
}

/** Only web links are links: an imported URL could be `javascript:`. */
export function safeHref(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function downloadFile(fileName: string, parts: BlobPart[]): void {
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/x-ndjson' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
