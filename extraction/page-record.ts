// The corpus record made from an extracted article: what Save, the reading history and the
// options page's folder import write. Pure (no DOM, no browser API).
import { textFingerprint } from '../engine/features.ts';
import { isCalendarDate, isLanguageCode, RECORD_LIMITS, type CorpusRecord, type ExtractedArticle } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';

/** The corpus record Save writes for an extracted article. */
export function recordToSave(article: ExtractedArticle, idPrefix = 'saved'): CorpusRecord {
  let outlet = article.siteName?.trim() || null;
  if (!outlet && article.url) {
    try {
      outlet = new URL(article.url).hostname.replace(/^www\./, '') || null;
    } catch {
      outlet = null;
    }
  }
  // "en-GB" -> "en"; anything that is not then a language code ("x", "english") is left out
  const language = article.language?.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  const url = article.url !== null && article.url.length <= RECORD_LIMITS.url ? article.url : null;
  return {
    id: `${idPrefix}-${textFingerprint(article.text).slice(0, 16)}`,
    title: cutText(article.title, RECORD_LIMITS.title) || '(untitled)',
    outlet: cutText(outlet ?? 'unknown outlet', RECORD_LIMITS.outlet),
    url,
    // a page's date that is no calendar day ("2023-02-30") is left out: the store would set the record aside
    published: isCalendarDate(article.published ?? '') ? article.published!.slice(0, 10) : null,
    language: isLanguageCode(language) ? language : null,
    text: cutText(article.text, RECORD_LIMITS.text),
  };
}

