// Reading one article file for the CLI: a .txt (first non-empty line the title) or an .html page
// (Readability through linkedom), with its size limits checked before anything slow runs.
import path from 'node:path';
import { parseHTML } from 'linkedom';
import type { ReadArticle } from '../engine/analyze.ts';
import { splitTitleAndBody } from '../engine/boilerplate.ts';
import { extractArticle, MAX_ARTICLE_CHARS, MAX_PAGE_ELEMENTS } from '../extraction/extract-article.ts';
import { CliError, htmlDeclaredCharset, readTextFile } from './read-file.ts';

/** A .txt article: the extension's article limit in characters (UTF-8 takes at most 4 bytes a character, and a file has some blank lines). */
export const MAX_TXT_BYTES = 1024 * 1024;
/** An .html page: news pages weigh 0.5-5 MB with their inline scripts; linkedom reads 16 MB in ~2 s. */
export const MAX_HTML_BYTES = 20 * 1024 * 1024;
/**
 * Tags in an .html file before it is parsed: linkedom takes ~1 KB an element and slows down far
 * beyond the extension's element limit (2.8 million empty tags ran 10 minutes into 4.7 GB), so a
 * page that cannot pass that limit is refused before parsing. Twice the limit: tags in scripts
 * and comments count here and not as elements.
 */
export const MAX_HTML_TAGS = 2 * MAX_PAGE_ELEMENTS;

/** Start tags in raw HTML, counting stops once past `limit`. */
function countTags(html: string, limit: number): number {
  const tag = /<[a-zA-Z]/g;
  let n = 0;
  while (tag.exec(html)) if (++n > limit) break;
  return n;
}

function readHtml(file: string, id: string): ReadArticle {
  const raw = readTextFile(file, { maxBytes: MAX_HTML_BYTES, what: 'an .html page', declaredCharset: htmlDeclaredCharset });
  if (countTags(raw, MAX_HTML_TAGS) > MAX_HTML_TAGS) {
    throw new CliError(`${file}: too large: over ${MAX_HTML_TAGS.toLocaleString('en')} tags (a page is read up to ${MAX_PAGE_ELEMENTS.toLocaleString('en')} elements)`);
  }
  let { document } = parseHTML(raw);
  // linkedom makes no <html> for a fragment (text, or tags without <html>): wrap it as a browser would
  if (!document.documentElement) ({ document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${raw}</body></html>`));
  const result = extractArticle(document as unknown as Document, null, { force: true });
  if (result.kind !== 'article') throw new CliError(`${file}: ${result.kind === 'too-large' ? 'too large: ' : ''}${result.reason}`);
  if (!result.article.text.trim()) throw new CliError(`${file}: no article text was found on the page`);
  return { id, title: result.article.title, text: result.article.text, language: result.article.language, published: result.article.published, outlet: result.article.siteName };
}

function readTxt(file: string, id: string): ReadArticle {
  const raw = readTextFile(file, { maxBytes: MAX_TXT_BYTES, what: 'a .txt article', limitNote: `its text at most ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters` });
  const { title, paragraphs, datePrefix } = splitTitleAndBody(raw);
  const text = paragraphs.join('\n\n');
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new CliError(`${file}: too large: the article has ${text.length.toLocaleString('en')} characters (limit ${MAX_ARTICLE_CHARS.toLocaleString('en')}, as in the extension)`);
  }
  if (!text.trim()) throw new CliError(`${file}: no article text after the title line`);
  const firstLine = raw.split('\n').find((l) => l.trim())?.trim() ?? title;
  return { id, title: firstLine.replace(/^date\s+\d{4}-\d{2}-\d{2}\s+/i, '') || title, text, published: datePrefix };
}

export function readArticleFile(file: string): ReadArticle {
  const id = path.basename(file).replace(/\.(?:txt|html?)$/i, '');
  return /\.html?$/i.test(file) ? readHtml(file, id) : readTxt(file, id);
}
