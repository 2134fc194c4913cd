// Article extraction with @mozilla/readability, shared by the content script (browser DOM) and
// the CLI (linkedom). Readability runs on a clone; its output element is turned into plain text
// paragraph by paragraph, dropping figures and captions. The output is untrusted page text and is
// validated by ExtractedArticleSchema where it crosses into the background.
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { cleanArticleText } from '../engine/boilerplate.ts';
import { EXTRACTED_LIMITS, type ExtractedArticle } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';
import { MAX_PAGE_DEPTH, pageShape } from './page-shape.ts';

/** Pages larger than this are not analysed (the content script reports "page too large"). */
export const MAX_PAGE_ELEMENTS = 60_000;
export const MAX_ARTICLE_CHARS = 200_000;
/**
 * Pages with more visible text than this are not read at all: Readability works through all of a
 * page's text before the article cap can apply, and on a 10 MB page that blocked the page for ~13 s
 * (test/e2e/hostile-pages.test.ts). Ten times the article cap; script and style text do not count
 * (sites carry megabytes of inline data).
 */
export const MAX_PAGE_TEXT_CHARS = 2_000_000;

export type ExtractionResult =
  | { kind: 'article'; article: ExtractedArticle }
  | { kind: 'not-article'; reason: string }
  | { kind: 'too-large'; reason: string };

// element names as localName gives them: lower case
const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'td', 'th', 'dt', 'dd', 'article', 'section', 'div', 'tr', 'ul', 'ol', 'table', 'header', 'footer', 'br', 'hr']);
const SKIP = new Set(['figure', 'figcaption', 'picture', 'img', 'svg', 'video', 'audio', 'iframe', 'script', 'style', 'noscript', 'button', 'form', 'aside', 'nav']);
const NON_SPACE = /\S/;

/**
 * Text of an element with a line break between blocks (Readability's textContent joins them).
 * One walk in document order, lines built by concatenation (a line is trimmed and its spaces
 * collapsed once, when a block ends it), no string built for an element's name.
 */
export function blockText(root: Element): string {
  const out: string[] = [];
  let line = '';
  let hasText = false;
  const endLine = () => {
    if (hasText) {
      const text = line.replace(/\s+/g, ' ').trim();
      if (text) out.push(text);
    }
    line = '';
    hasText = false;
  };
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const type = child.nodeType;
      if (type === 3) {
        const value = (child as Text).data;
        line += value;
        if (!hasText && NON_SPACE.test(value)) hasText = true;
      } else if (type === 1) {
        // localName: lower case for HTML and SVG elements alike (tagName is upper case in HTML only)
        const name = (child as Element).localName;
        if (SKIP.has(name)) continue;
        if (BLOCK.has(name)) {
          endLine();
          walk(child);
          endLine();
        } else walk(child);
      }
    }
  };
  walk(root);
  endLine();
  return out.join('\n');
}

function metaContent(doc: Document, selectors: string[]): string | null {
  for (const sel of selectors) {
    const v = doc.querySelector(sel)?.getAttribute('content')?.trim();
    if (v) return v;
  }
  return null;
}

const NOT_PAGE_TEXT = new Set(['script', 'style', 'noscript', 'template']);

/**
 * Characters of text in the page's body, not counting scripts and styles (cheap: no layout, and no
 * string is built: `body.textContent` allocated the whole page text, scripts included, and was
 * 10-20% of extraction on news pages). A plain walk of the nodes, in document order, summing the
 * lengths of text nodes and not entering script, style, noscript or template elements; it stops
 * as soon as `limit` is passed (the count is then `> limit`, not exact).
 */
export function pageTextLength(doc: Document, limit = Infinity): number {
  const body = doc.body;
  if (!body) return 0;
  let length = 0;
  let node: Node | null = body.firstChild;
  while (node) {
    if (node.nodeType === 3) {
      length += (node as Text).length;
      if (length > limit) return length;
    } else if (node.nodeType === 1 && node.firstChild && !NOT_PAGE_TEXT.has((node as Element).localName)) {
      node = node.firstChild;
      continue;
    }
    // next in document order, without going above body
    while (node && node !== body && !node.nextSibling) node = node.parentNode;
    node = node && node !== body ? node.nextSibling : null;
  }
  return length;
}

/**
 * Readability's options: the article element itself, not its HTML (no serialisation to reparse);
 * classes kept (the text does not need them removed: a walk over the article saved); a shorter
 * minimum article (300 characters, not 500) before Readability retries with looser rules.
 */
export const READABILITY_OPTIONS = { serializer: (el: Node) => el, charThreshold: 300, keepClasses: true };

/**
 * Less text than this is not a news article (unless the reader asked): 80 words in scripts written
 * with spaces between words; 200 characters in scripts written without (Chinese, Japanese, Thai,
 * Lao, Khmer, Myanmar), where a "word" between spaces is a whole clause or sentence. Mixed text
 * counts both, each against its own bar.
 */
export const MIN_ARTICLE_WORDS = 80;
export const MIN_ARTICLE_UNSPACED_CHARS = 200;

/** Letters of scripts written without spaces between words. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/gu;

/**
 * Whether `text` is long enough to be an article: words (runs of non-space with a letter or
 * digit outside the unspaced scripts) against MIN_ARTICLE_WORDS plus characters of the unspaced
 * scripts against MIN_ARTICLE_UNSPACED_CHARS reach one whole; counted without splitting the text.
 */
export function hasArticleLength(text: string, minWords = MIN_ARTICLE_WORDS, minChars = MIN_ARTICLE_UNSPACED_CHARS): boolean {
  const run = /\S+/g;
  let words = 0;
  let chars = 0;
  for (let m = run.exec(text); m; m = run.exec(text)) {
    const unspaced = m[0].match(UNSPACED)?.length ?? 0;
    chars += unspaced;
    if (!unspaced || /[\p{L}\p{N}]/u.test(m[0].replace(UNSPACED, ''))) words++;
    if (words / minWords + chars / minChars >= 1) return true;
  }
  return false;
}

export interface ExtractOptions {
  /** analyse even when Readability does not think the page is an article (the reader asked) */
  force?: boolean;
}

export function extractArticle(doc: Document, url: string | null, options: ExtractOptions = {}): ExtractionResult {
  const { elements, depth } = pageShape(doc, MAX_PAGE_DEPTH);
  if (elements > MAX_PAGE_ELEMENTS) return { kind: 'too-large', reason: `the page has ${elements.toLocaleString('en')} elements (limit ${MAX_PAGE_ELEMENTS.toLocaleString('en')})` };
  if (depth > MAX_PAGE_DEPTH) return { kind: 'too-large', reason: `the page nests elements more than ${MAX_PAGE_DEPTH.toLocaleString('en')} deep (limit ${MAX_PAGE_DEPTH.toLocaleString('en')})` };
  const text = pageTextLength(doc, MAX_PAGE_TEXT_CHARS);
  if (text > MAX_PAGE_TEXT_CHARS) return { kind: 'too-large', reason: `the page has over ${MAX_PAGE_TEXT_CHARS.toLocaleString('en')} characters of text (the limit)` };
  if (!options.force && !isProbablyReaderable(doc)) return { kind: 'not-article', reason: 'the page does not look like an article' };
  const clone = doc.cloneNode(true) as Document;
  const reader = new Readability(clone, READABILITY_OPTIONS);
  const parsed = reader.parse();
  if (!parsed?.content) return { kind: 'not-article', reason: 'no article text was found on the page' };
  const contentEl = parsed.content as unknown as Element;
  const raw = blockText(contentEl);
  const cleaned = cleanArticleText(raw).paragraphs.join('\n');
  if (cleaned.length > MAX_ARTICLE_CHARS) return { kind: 'too-large', reason: `the article text has ${cleaned.length.toLocaleString('en')} characters (limit ${MAX_ARTICLE_CHARS.toLocaleString('en')})` };
  if (!options.force && !hasArticleLength(cleaned)) return { kind: 'not-article', reason: 'the page has too little text to be a news article' };
  const published =
    parsed.publishedTime ??
    metaContent(doc, ['meta[property="article:published_time"]', 'meta[name="date"]', 'meta[itemprop="datePublished"]', 'meta[name="pubdate"]']);
  return { kind: 'article', article: withinLimits({
    url,
    title: (parsed.title ?? doc.title ?? '').trim(),
    byline: parsed.byline?.trim() || null,
    siteName: parsed.siteName?.trim() || metaContent(doc, ['meta[property="og:site_name"]']) || null,
    published: published ?? null,
    language: parsed.lang?.trim() || doc.documentElement.getAttribute('lang')?.trim() || null,
    text: cleaned,
  }) };
}

/**
 * The article with every field cut to its limit (EXTRACTED_LIMITS, the limits its schema checks),
 * so that no page, however long its title, `lang`, site name or address, makes the message to
 * the background invalid. An address over the limit becomes null: cut short, it would name
 * another page (the sidebar and a saved copy would link to it).
 */
export function withinLimits(article: ExtractedArticle): ExtractedArticle {
  const cut = (value: string | null, max: number) => (value === null ? null : cutText(value, max) || null);
  return {
    url: article.url !== null && article.url.length <= EXTRACTED_LIMITS.url ? article.url : null,
    title: cutText(article.title, EXTRACTED_LIMITS.title),
    byline: cut(article.byline, EXTRACTED_LIMITS.byline),
    siteName: cut(article.siteName, EXTRACTED_LIMITS.siteName),
    published: cut(article.published, EXTRACTED_LIMITS.published),
    language: cut(article.language, EXTRACTED_LIMITS.language),
    text: cutText(article.text, EXTRACTED_LIMITS.text),
  };
}
