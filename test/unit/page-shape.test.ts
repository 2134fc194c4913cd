// The element count and depth extraction's page limits use, in a browser-like DOM (happy-dom) and
// in linkedom (the CLI), where `getElementsByTagName('*').length` is 0 and the limit never applied.
import { Window } from 'happy-dom';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractArticle, MAX_PAGE_ELEMENTS } from '../../extraction/extract-article.ts';
import { MAX_PAGE_DEPTH, pageShape } from '../../extraction/page-shape.ts';

const PAGES: Record<string, string> = {
  flat: `<html><head><title>t</title></head><body>${'<p>a <b>b</b> <i>c</i></p>'.repeat(50)}</body></html>`,
  nested: `<html><body><main><article>${'<div><section>'.repeat(20)}<p>x</p>${'</section></div>'.repeat(20)}</article><aside><ul><li>1</li><li>2</li></ul></aside></main><footer><p>f</p></footer></body></html>`,
};

const parsers: Record<string, (html: string) => Document> = {
  linkedom: (html) => parseHTML(html).document as unknown as Document,
  'happy-dom': (html) => {
    const window = new Window();
    window.document.write(html);
    return window.document as unknown as Document;
  },
};

describe.each(Object.entries(parsers))('pageShape under %s', (_name, parse) => {
  it.each(Object.keys(PAGES))('%s: every element counted, the deepest depth found', (page) => {
    const doc = parse(PAGES[page]!);
    const shape = pageShape(doc, MAX_PAGE_DEPTH);
    expect(shape.elements).toBe(doc.querySelectorAll('*').length);
    // <html> 1, <body> 2, then <main><article> and 20 × <div><section>, then <p>
    expect(shape.depth).toBe(page === 'nested' ? 2 + 2 + 40 + 1 : 4);
  });

  it('stops at the first element deeper than the limit', () => {
    const doc = parse(`<html><body>${'<div>'.repeat(2000)}x${'</div>'.repeat(2000)}</body></html>`);
    // <html>, <body> and 99 <div>s (and <head>, before <body>, where the parser adds one)
    expect(pageShape(doc, 100)).toEqual({ elements: 101 + (doc.querySelector('head') ? 1 : 0), depth: 101 });
  });

  it('extraction refuses a page over the element limit, and one nested deeper than the depth limit', () => {
    const words = '<p>Some words of an article about a council meeting on the budget, with more words after them.</p>'.repeat(5);
    const many = extractArticle(parse(`<html><body><article>${words}</article>${'<i></i>'.repeat(MAX_PAGE_ELEMENTS)}</body></html>`), null, { force: true });
    const doc = parse('<html><body></body></html>');
    // the <i>s, <html>, <body>, <article>, five <p>s, and <head> where the parser adds one
    const count = MAX_PAGE_ELEMENTS + 8 + (doc.querySelector('head') ? 1 : 0);
    expect(many).toEqual({ kind: 'too-large', reason: `the page has ${count.toLocaleString('en')} elements (limit ${MAX_PAGE_ELEMENTS.toLocaleString('en')})` });
    const deep = extractArticle(parse(`<html><body>${'<div>'.repeat(MAX_PAGE_DEPTH)}${words}${'</div>'.repeat(MAX_PAGE_DEPTH)}</body></html>`), null, { force: true });
    expect(deep).toEqual({ kind: 'too-large', reason: `the page nests elements more than ${MAX_PAGE_DEPTH} deep (limit ${MAX_PAGE_DEPTH})` });
    const ok = extractArticle(parse(`<html><body>${'<div>'.repeat(MAX_PAGE_DEPTH - 3)}${words}${'</div>'.repeat(MAX_PAGE_DEPTH - 3)}</body></html>`), null, { force: true });
    expect(ok.kind).toBe('article');
  });
});
