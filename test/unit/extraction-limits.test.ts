// The extraction cuts every field to the limits of the message schema (EXTRACTED_LIMITS), so a
// page with a huge title, `lang`, site name or address still yields a valid `extracted` message
// (before, the message failed validation and the sidebar waited for good). linkedom, as the CLI.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { EXTRACTED_LIMITS } from '../../engine/schemas.ts';
import { extractArticle } from '../../extraction/extract-article.ts';
import { ContentToBackgroundSchema } from '../../messaging/protocol.ts';

const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
const PARAGRAPH = 'The harbour board of Westhaven met on Monday and agreed to repair the northern breakwater before the winter storms, after fishing crews had asked for the work for three years running. ';

function page(title: string, lang: string, siteName: string): Document {
  const paragraphs = Array.from({ length: 8 }, (_, i) => `<p>${PARAGRAPH} Paragraph ${i + 1}.</p>`).join('');
  return parseHTML(`<!doctype html><html lang="${lang}"><head><title>${title}</title><meta property="og:site_name" content="${siteName}"></head><body><article><h1>${title}</h1>${paragraphs}</article></body></html>`).document;
}

describe('extracted fields within the message limits', () => {
  it('a 2,449-character title, 43-character lang, 600-character site name and 4,100-character address', () => {
    // a title with an astral character where the cut falls: never half a surrogate pair
    const title = repeatTo('Breakwater repairs approved ', EXTRACTED_LIMITS.title - 1) + '😀' + repeatTo(' and more', 448);
    expect(title.length).toBe(2449);
    const url = `https://news.example/story?pad=${'p'.repeat(4100 - 'https://news.example/story?pad='.length)}`;
    const result = extractArticle(page(title, `en-${'x'.repeat(40)}`, repeatTo('Westhaven Post ', 600)), url, { force: true });
    expect(result.kind).toBe('article');
    const article = result.kind === 'article' ? result.article : null;
    expect(article!.title.length).toBeLessThanOrEqual(EXTRACTED_LIMITS.title);
    expect(article!.title.endsWith('\ud83d')).toBe(false);
    expect(article!.language!.length).toBe(EXTRACTED_LIMITS.language);
    expect(article!.siteName!.length).toBe(EXTRACTED_LIMITS.siteName);
    expect(article!.url).toBeNull(); // cut short, an address would name another page
    expect(ContentToBackgroundSchema.safeParse({ type: 'extracted', url: url.slice(0, EXTRACTED_LIMITS.url), result }).success).toBe(true);
  });
});
