// What bench/browser-extraction-bench.ts injects into each fixture page: the content script's
// extraction, bare Readability, and the steps of extractArticle for a breakdown.
export { extractArticle, blockText, pageTextLength, READABILITY_OPTIONS, MAX_PAGE_TEXT_CHARS } from '../extraction/extract-article.ts';
export { pageShape, MAX_PAGE_DEPTH } from '../extraction/page-shape.ts';
export { cleanArticleText } from '../engine/boilerplate.ts';
export { Readability, isProbablyReaderable } from '@mozilla/readability';
