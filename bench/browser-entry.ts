// What bench/browser-extraction-bench.ts injects into each fixture page: the content script's
// extraction and bare Readability, bundled together.
export { extractArticle } from '../extraction/extract-article.ts';
export { Readability } from '@mozilla/readability';
