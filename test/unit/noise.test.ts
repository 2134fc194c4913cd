// Furniture never becomes a claim: on the seeds (see missing-context.test.ts) and on real pages.
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../engine/claims.ts';
import { extractArticle } from '../../extraction/extract-article.ts';
import { SHARED, knowledge } from '../support/engine.ts';

const PAGES = path.join(SHARED, 'fixtures/readability-pages');
const slugs = fs.readdirSync(PAGES).filter((d) => fs.existsSync(path.join(PAGES, d, 'source.html')));
const FURNITURE = /©|all rights reserved|subscribe|newsletter|advertisement|follow us on|sign up|read more|click here|share this|getty images|\(photo|photo:|ap photo|reuters\/|related stories/i;

describe('no furniture in the claims of real news pages', () => {
  it.each(slugs)('%s', (slug) => {
    const { document } = parseHTML(fs.readFileSync(path.join(PAGES, slug, 'source.html'), 'utf8'));
    const r = extractArticle(document as unknown as Document, null, { force: true });
    if (r.kind !== 'article') throw new Error(`${slug}: ${r.kind}`);
    const language = knowledge.languages.detect(r.article.text, r.article.language);
    const claims = extractClaims(r.article.text, language, knowledge).filter((c) => !c.isNoise);
    expect(claims.length, `${slug} has claims`).toBeGreaterThan(3);
    for (const c of claims) expect(c.text, slug).not.toMatch(FURNITURE);
  });

  it('a short heading is noise, a sentence is not', () => {
    const [h, s] = extractClaims('First official exchange between the two ministers\nThe two ministers spoke by phone on Thursday about the war.', 'en', knowledge);
    expect(h?.isNoise).toBe(true);
    expect(s?.isNoise).toBe(false);
  });
});
