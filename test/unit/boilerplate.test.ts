import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanArticleText, splitTitleAndBody } from '../../engine/boilerplate.ts';
import { SEEDS_DIR } from '../support/engine.ts';

const FURNITURE = [/^Source: DN$/, /^To home page$/, /^More on the Ukraine war at/, /^Keep reading:?$/, /^Study time/, /^See also/, /^Leave a Reply$/, /Required fields are marked/, /^File photo/, /^Archive photo/, /\(With information from/];

describe('boilerplate removal on the seed texts', () => {
  const seeds = fs.readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt'));
  it.each(seeds)('%s keeps the article and drops the furniture', (file) => {
    const { paragraphs } = cleanArticleText(fs.readFileSync(path.join(SEEDS_DIR, file), 'utf8'));
    for (const p of paragraphs) for (const re of FURNITURE) expect(p, `${file}: ${p}`).not.toMatch(re);
    expect(paragraphs.join(' ').split(/\s+/).length).toBeGreaterThan(200);
  });

  it('drops the headline list after "Keep reading:"', () => {
    const { paragraphs, removed } = cleanArticleText('A sentence of the article that is long enough.\nKeep reading:\nPoland will send jets\nUN investigators report');
    expect(paragraphs).toEqual(['A sentence of the article that is long enough.']);
    expect(removed).toHaveLength(3);
  });

  it('keeps a paragraph that ends with a wire credit, without the credit', () => {
    const { paragraphs } = cleanArticleText('“We think it would be good,” John Kirby said when asked about the report. (AFP)');
    expect(paragraphs).toEqual(['“We think it would be good,” John Kirby said when asked about the report.']);
  });

  it('drops photo captions with credits', () => {
    const { paragraphs } = cleanArticleText('Chinese Foreign Minister Qin Gang (AP/Andy Wong) (Andy Wong/)\nThe call lasted an hour.');
    expect(paragraphs).toEqual(['The call lasted an hour.']);
  });

  it('reads a scraper date prefix and a headline with a section suffix', () => {
    const t = splitTitleAndBody(' date 2023-03-16 Xi sends a delegation | Ukraine\n\nThe body of the article follows here.');
    expect(t).toMatchObject({ title: 'Xi sends a delegation', datePrefix: '2023-03-16', paragraphs: ['The body of the article follows here.'] });
  });
});
