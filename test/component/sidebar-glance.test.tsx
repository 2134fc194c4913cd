// @vitest-environment happy-dom
// What a reader takes in at a glance: the summary line and its jump links, sections collapsed and
// remembered, headline-first cards (a link only for web addresses), language names, and
// "possibly the same story".
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { languageLabel, webLink } from '../../components/sidebar/format.ts';
import type { AnalysisResult, RelatedArticle } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { DEFAULT_SETTINGS } from '../../settings/schema.ts';
import { analyseSeed, seedId } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

type ReadyState = Extract<TabState, { status: 'ready' }>;
const ready = (result: AnalysisResult): ReadyState => ({ status: 'ready', url: 'https://news.example/a', result, savedId: null });

afterEach(cleanup);

async function shown(result: AnalysisResult, backend = new FakeBackend()) {
  backend.states.set(1, ready(result));
  const view = render(<SidebarApp backend={backend} />);
  await screen.findByText('This story elsewhere');
  return { ...view, backend };
}

const summaryLinks = (container: Element) => [...container.querySelectorAll<HTMLAnchorElement>('.summary a')];

describe('summary line', () => {
  it('seed 000: versions, what they add, what they render differently; each part links to its section', async () => {
    const result = analyseSeed('000');
    const { container } = await shown(result);
    const names = result.translationDifferences.filter((d) => d.kind === 'name-spelling').length;
    const numbers = result.translationDifferences.filter((d) => d.kind === 'number').length;
    const quotes = result.translationDifferences.length - names - numbers;
    expect(quotes).toBeGreaterThan(0);
    expect(names).toBeGreaterThan(0);
    const links = summaryLinks(container);
    expect(links.map((a) => a.textContent)).toEqual([
      '2 other versions',
      `${result.missingContext.length} things they add`,
      `${quotes} quotes rendered differently`,
      ...(numbers ? [`${numbers} numbers given differently`] : []),
      `${names} names spelled differently`,
    ]);
    expect(container.querySelector('.summary')?.textContent).toMatch(/^2 other versions · \d+ things they add · \d+ quotes rendered differently/);
    // every link leads to a heading that exists
    for (const a of links) {
      const target = a.getAttribute('href')!.slice(1);
      expect(container.querySelector(`#${target}`), target).not.toBeNull();
      expect(target).toBe(`${a.dataset.sectionLink}-heading`);
    }
    // the summary comes first, right under the article's header
    expect(container.querySelector('.article-header + .summary')).not.toBeNull();
  });

  it('following a part opens its section when collapsed, remembers that, and focuses its heading', async () => {
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, collapsedSections: ['translation', 'missing'] };
    const { container } = await shown(analyseSeed('000'), backend);
    const content = container.querySelector('#translation-content') as HTMLElement;
    expect(content.hidden).toBe(true);
    fireEvent.click(summaryLinks(container).find((a) => /quotes rendered differently/.test(a.textContent ?? ''))!);
    await waitFor(() => expect(content.hidden).toBe(false));
    expect(backend.savedSettings.at(-1)?.collapsedSections).toEqual(['missing']);
    await waitFor(() => expect(document.activeElement).toBe(container.querySelector('#translation-heading button')));
    // the other collapsed section stays collapsed
    expect((container.querySelector('#missing-content') as HTMLElement).hidden).toBe(true);
  });

  it('no same-story version: the related count leads, and what other coverage adds', async () => {
    const result = analyseSeed('003');
    expect(result.related.every((r) => r.relation === 'related')).toBe(true);
    const { container } = await shown(result);
    const texts = summaryLinks(container).map((a) => a.textContent);
    expect(texts[0]).toBe(`${result.related.length} related articles`);
    expect(texts[1]).toBe(`${result.missingContext.length} things other coverage adds`);
  });
});

describe('sections remembered', () => {
  it('collapsing a section saves it in the settings; the next page shows it collapsed', async () => {
    const backend = new FakeBackend();
    const { container } = await shown(analyseSeed('000'), backend);
    fireEvent.click(container.querySelector('#missing-heading button')!);
    await waitFor(() => expect(backend.savedSettings.at(-1)?.collapsedSections).toEqual(['missing']));
    expect((container.querySelector('#missing-content') as HTMLElement).hidden).toBe(true);
    cleanup();
    // another page, another sidebar: the settings say collapsed
    const next = new FakeBackend();
    next.settings = backend.settings;
    const again = await shown(analyseSeed('001'), next);
    expect(again.container.querySelector('#missing-heading button')?.getAttribute('aria-expanded')).toBe('false');
    expect((again.container.querySelector('#missing-content') as HTMLElement).hidden).toBe(true);
    expect((again.container.querySelector('#elsewhere-content') as HTMLElement).hidden).toBe(false);
  });
});

describe('headline-first cards', () => {
  const withUrls = (urls: Array<string | null>): AnalysisResult => {
    const base = analyseSeed('000');
    return { ...base, related: base.related.map((r, i) => ({ ...r, url: urls[i] ?? null })) };
  };

  it('the headline links to the original in a new tab, only for http(s) addresses', async () => {
    const urls = ['https://www.tagesspiegel.de/politik/china-ukraine.html', 'javascript:alert(1)', 'http://example.org/fr/article', 'data:text/html,<b>x</b>'];
    const result = withUrls(urls);
    const { container } = await shown(result);
    const card = (i: number) => container.querySelector(`.related-item[data-id="${result.related[i]!.id}"]`) as HTMLElement;
    for (const i of [0, 2]) {
      const a = card(i).querySelector('.card-title a') as HTMLAnchorElement;
      expect(a.getAttribute('href')).toBe(urls[i]);
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.textContent).toBe(result.related[i]!.title);
      // the corpus text is still a click away
      expect(card(i).querySelector('.read-here')).not.toBeNull();
    }
    for (const i of [1, 3]) {
      expect(card(i).querySelector('a')).toBeNull();
      expect(card(i).querySelector('.card-title button')?.textContent).toBe(result.related[i]!.title);
    }
    // the headline comes first, then the outlet line
    expect(card(0).firstElementChild?.className).toBe('card-title');
    expect(card(0).querySelector('.card-title + .card-meta')).not.toBeNull();
  });

  it('webLink: http and https only', () => {
    expect(webLink('https://a.example/x')).toBe('https://a.example/x');
    expect(webLink('HTTP://a.example')).toBe('http://a.example/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', '/relative/path', 'ftp://a.example', '', null]) {
      expect(webLink(bad), String(bad)).toBeNull();
    }
  });

  it('languages by name: "in German" for a German text, "translated from German" for a translation', async () => {
    expect(languageLabel('de', 'de')).toBe('in German');
    expect(languageLabel('de', 'en')).toBe('translated from German');
    expect(languageLabel('zh', 'zh')).toBe('in Chinese');
    expect(languageLabel(null, 'en')).toBe('');
    const base = analyseSeed('000');
    const german = base.related.find((r) => r.id === seedId('001'))!;
    const result: AnalysisResult = { ...base, related: base.related.map((r) => (r.id === german.id ? { ...r, textLanguage: 'de' } : r)) };
    const { container } = await shown(result);
    expect(container.querySelector(`[data-id="${german.id}"] .card-meta`)?.textContent).toMatch(/ · in German$/);
    // the bundled Spanish article's text is an English translation
    expect(container.querySelector(`[data-id="${seedId('002')}"] .card-meta`)?.textContent).toMatch(/ · translated from Spanish$/);
    expect(container.querySelector('[data-section="elsewhere"]')?.textContent).not.toMatch(/\b(de|es|fr|pt)\b/);
  });

  it('the reader view of a translation kept in the corpus says "translated from Spanish", not "Spanish"', async () => {
    const { container } = await shown(analyseSeed('000'));
    fireEvent.click(container.querySelector(`[data-id="${seedId('002')}"] .card-title button`)!);
    const reader = await waitFor(() => {
      const el = container.querySelector('.reader');
      if (!el) throw new Error('no reader view yet');
      return el;
    });
    expect(reader.querySelector('.eyebrow')?.textContent).toMatch(/ · translated from Spanish$/);
  });

  it('"possibly the same story": related coverage at or above the possible bar, in a group of its own', async () => {
    const base = analyseSeed('000');
    const later = base.related.find((r) => r.id === seedId('003'))!;
    const possible: RelatedArticle = { ...later, possiblySame: true };
    const result: AnalysisResult = { ...base, related: base.related.map((r) => (r.id === later.id ? possible : r)) };
    const { container } = await shown(result);
    const group = container.querySelector('[data-group="possible"]') as HTMLElement;
    expect(group.querySelector('h3')?.textContent).toBe('Possibly the same story');
    expect([...group.querySelectorAll('[data-id]')].map((e) => e.getAttribute('data-id'))).toEqual([later.id]);
    expect(container.querySelector('[data-group="later"]')).toBeNull();
    expect(summaryLinks(container).map((a) => a.textContent)).toContain('1 possibly the same story');
    // and not among the same-story versions
    expect(container.querySelector(`[data-group="same-story"] [data-id="${later.id}"]`)).toBeNull();
  });
});

describe('nothing found: what the corpus holds and how to grow it', () => {
  const nothing = (): AnalysisResult => ({ ...analyseSeed('000'), related: [], missingContext: [], translationDifferences: [] });

  it('the bundled corpus: its articles in their own languages, not their texts\' language', async () => {
    const backend = new FakeBackend();
    const result = nothing();
    // the engine reads every bundled text as English: the records say otherwise
    expect(result.corpus.languages).toEqual(['en']);
    backend.states.set(1, { ...ready(result), corpusDates: { from: '2022-04-04', to: '2023-04-26' }, corpusMakeup: { bundled: 5, saved: 0, imported: 0, read: 0, languages: ['de', 'en', 'es', 'fr', 'pt'] } });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByRole('heading', { name: 'No other coverage found' });
    expect(container.querySelector('.no-matches .searched')?.textContent).toMatch(
      /^Searched 5 bundled articles in 5 languages \(German, English, Spanish, French,? and Portuguese\), published from (4 Apr 2022|Apr 4, 2022) to (26 Apr 2023|Apr 26, 2023)\. /,
    );
    const grow = container.querySelector('.no-matches .grow')?.textContent ?? '';
    expect(grow).toMatch(/only the few examples it comes with/);
    expect(grow).toMatch(/save the articles you read/);
    expect(grow).toMatch(/import coverage from other outlets/);
    fireEvent.click(screen.getByRole('button', { name: 'Import articles' }));
    expect(backend.optionsOpened).toBe(1);
  });

  it('with the reader\'s own articles, and the page already saved', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { ...ready(nothing()), savedId: 'saved-1', corpusMakeup: { bundled: 5, saved: 20, imported: 100, read: 0, languages: ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl'] } });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByRole('heading', { name: 'No other coverage found' });
    expect(container.querySelector('.no-matches .searched')?.textContent).toMatch(/^Searched 125 articles \(5 bundled, 120 of yours\) in 7 languages\. /);
    const grow = container.querySelector('.no-matches .grow')?.textContent ?? '';
    expect(grow).not.toMatch(/examples it comes with|save the articles you read/);
  });
});
