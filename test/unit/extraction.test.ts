// Extraction on real news pages: Readability's own fixtures (../shared/fixtures/readability-pages),
// through the same extractArticle the content script runs, in linkedom.
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractArticle, blockText, hasArticleLength, pageTextLength, MAX_PAGE_TEXT_CHARS } from '../../extraction/extract-article.ts';
import { cleanArticleText } from '../../engine/boilerplate.ts';
import { SHARED } from '../support/engine.ts';

const PAGES = path.join(SHARED, 'fixtures/readability-pages');
const slugs = fs.readdirSync(PAGES).filter((d) => fs.existsSync(path.join(PAGES, d, 'source.html')));

const words = (t: string) => (t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

describe('extraction on real news pages', () => {
  it('has the fixture pages', () => expect(slugs.length).toBeGreaterThanOrEqual(10));

  it.each(slugs)('%s: title and text as Readability expects', (slug) => {
    const dir = path.join(PAGES, slug);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as { title: string; lang?: string; readerable: boolean };
    const { document } = parseHTML(fs.readFileSync(path.join(dir, 'source.html'), 'utf8'));
    const result = extractArticle(document as unknown as Document, `https://example.test/${slug}`, { force: true });
    expect(result.kind).toBe('article');
    if (result.kind !== 'article') return;
    expect(result.article.title).toBe(meta.title.trim());
    // the expected text: Readability's expected output, as text, with our furniture filter
    const expectedDoc = parseHTML(`<html><body><div id="root">${fs.readFileSync(path.join(dir, 'expected.html'), 'utf8')}</div></body></html>`).document;
    const expected = cleanArticleText(blockText(expectedDoc.getElementById('root') as unknown as Element)).paragraphs.join('\n');
    const got = new Set(words(result.article.text));
    const want = words(expected);
    const found = want.filter((w) => got.has(w)).length / Math.max(1, want.length);
    expect(found, `${slug}: share of expected words extracted`).toBeGreaterThan(0.97);
    // no more than a little text beyond what Readability keeps
    expect(words(result.article.text).length).toBeLessThanOrEqual(want.length * 1.05 + 20);
    if (meta.lang) expect(result.article.language).toBe(meta.lang);
  });

  it('says a page without an article is not an article', () => {
    const { document } = parseHTML('<html><head><title>Search</title></head><body><nav><a href="/a">A</a> <a href="/b">B</a></nav><p>No results.</p></body></html>');
    expect(extractArticle(document as unknown as Document, 'https://example.test/search').kind).toBe('not-article');
  });

  it('keeps figure captions and navigation out of the text', () => {
    const para = 'Chinese Foreign Minister Qin Gang spoke with his Ukrainian counterpart on Thursday about the war and the prospects for peace talks between the two sides. '.repeat(4);
    const html = `<html lang="en"><head><title>Ministers speak</title></head><body><nav>Home World Sport</nav><article><h1>Ministers speak</h1><p>${para}</p><figure><img src="x.jpg"><figcaption>File photo: the minister (AP/Jane Doe)</figcaption></figure><p>${para}</p><p>${para}</p></article><footer>© Outlet</footer></body></html>`;
    const { document } = parseHTML(html);
    const r = extractArticle(document as unknown as Document, null);
    expect(r.kind).toBe('article');
    if (r.kind === 'article') {
      expect(r.article.text).not.toMatch(/File photo|Jane Doe|Home World Sport|© Outlet/);
      expect(r.article.language).toBe('en');
    }
  });

  it('counts page text without scripts, styles, noscript or templates, and stops past the limit', () => {
    const html = '<html><head><title>t</title><style>head{}</style></head><body>ab<div>cd<script>var x = 1;</script><p>ef<b>gh</b></p><style>p{}</style><noscript>nn</noscript><template>tt</template><!-- comment --></div><svg><style>svg{}</style><text>ij</text></svg>kl</body></html>';
    const { document } = parseHTML(html);
    const doc = document as unknown as Document;
    expect(pageTextLength(doc)).toBe('abcdefghijkl'.length);
    expect(pageTextLength(doc, 5)).toBeGreaterThan(5);
    expect(pageTextLength(doc, 5)).toBeLessThan(12);
    const empty = parseHTML('<html><body></body></html>').document as unknown as Document;
    expect(pageTextLength(empty)).toBe(0);
  });

  it('says a page with more text than the cap is too large, before reading it', () => {
    const para = `<p>${'word '.repeat(20_000)}</p>`;
    const { document } = parseHTML(`<html><head><title>Big</title></head><body><article>${para.repeat(Math.ceil(MAX_PAGE_TEXT_CHARS / 100_000) + 1)}</article></body></html>`);
    const r = extractArticle(document as unknown as Document, null);
    expect(r.kind).toBe('too-large');
    if (r.kind === 'too-large') expect(r.reason).toBe('the page has over 2,000,000 characters of text (the limit)');
  });
});

describe('length by script', () => {
  const page = (slug: string) => parseHTML(fs.readFileSync(path.join(PAGES, slug, 'source.html'), 'utf8')).document as unknown as Document;

  it('a real Chinese news page (qq: about 650 characters, 22 runs between spaces) is an article', () => {
    const result = extractArticle(page('qq'), 'https://tech.qq.com/a/20161014/000000.htm');
    expect(result.kind).toBe('article');
    if (result.kind !== 'article') return;
    expect(result.article.text).toMatch(/DeepMind/);
    // few "words" between spaces: counted in words it would be too little text
    expect(result.article.text.split(/\s+/).length).toBeLessThan(80);
  });

  it('readerable pages in scripts with spaces are still articles', () => {
    for (const slug of slugs) {
      const meta = JSON.parse(fs.readFileSync(path.join(PAGES, slug, 'expected-metadata.json'), 'utf8')) as { readerable: boolean };
      if (!meta.readerable) continue;
      expect(extractArticle(page(slug), `https://example.test/${slug}`).kind, slug).toBe('article');
    }
  });

  it('hasArticleLength: words for spaced scripts, characters for Chinese, Japanese and Thai', () => {
    const english = 'The minister spoke with his counterpart on Thursday about the war. ';
    expect(hasArticleLength(english.repeat(8))).toBe(true); // 88 words
    expect(hasArticleLength(english.repeat(4))).toBe(false); // 44 words
    // Chinese (written for this test): 40 characters a sentence
    const chinese = '外交部长周四与乌克兰外长通电话，双方讨论了战争局势和和平谈判的前景。';
    expect(hasArticleLength(chinese.repeat(3))).toBe(false);
    expect(hasArticleLength(chinese.repeat(7))).toBe(true);
    // Japanese (kana and kanji) and Thai, written for this test
    const japanese = '外務大臣は木曜日にウクライナの外相と電話で会談し、和平交渉について話し合った。';
    expect(hasArticleLength(japanese.repeat(2))).toBe(false);
    expect(hasArticleLength(japanese.repeat(6))).toBe(true);
    const thai = 'รัฐมนตรีต่างประเทศได้พูดคุยทางโทรศัพท์กับรัฐมนตรีต่างประเทศยูเครนเมื่อวันพฤหัสบดี ';
    expect(hasArticleLength(thai.repeat(2))).toBe(false);
    expect(hasArticleLength(thai.repeat(4))).toBe(true);
  });
});
