// @vitest-environment happy-dom
// The sidebar in a DOM with a fake backend: every state, the three sections, the reader view,
// and page text rendered as text only.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import type { AnalysisResult } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { analyseSeed, bundledRecords, seedId } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

type ReadyState = Extract<TabState, { status: 'ready' }>;
const ready = (result: AnalysisResult): ReadyState => ({ status: 'ready', url: 'https://news.example/a', result, savedId: null });

afterEach(cleanup);

/** The first element matching the selector, once there is one. */
function find(container: Element, selector: string): Promise<HTMLElement> {
  return waitFor(() => {
    const el = container.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`no ${selector} yet`);
    return el;
  });
}

describe('sidebar', () => {
  it('shows the analysis: header, same story, related, missing context, translation differences', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    expect(container.querySelector('.article-header h1')?.textContent).toMatch(/^Qin Gang/);
    expect(container.querySelector('.article-header .meta')?.textContent).toMatch(/Diário de Notícias.*words/);
    const same = [...container.querySelectorAll('[data-relation="same-story"]')].map((e) => e.getAttribute('data-id'));
    const related = [...container.querySelectorAll('[data-relation="related"]')].map((e) => e.getAttribute('data-id'));
    expect(same.sort()).toEqual([seedId('001'), seedId('002')]);
    expect(related.sort()).toEqual([seedId('003'), seedId('004')]);
    expect(container.querySelector(`[data-group="later"] [data-id="${seedId('003')}"] .card-meta`)?.textContent).toMatch(/(26 Apr 2023|Apr 26, 2023)/);
    // reasons on demand
    const item = container.querySelector(`[data-id="${seedId('001')}"]`) as HTMLElement;
    expect(item.querySelector('.why')).toBeNull();
    fireEvent.click(within(item).getByText('Why?'));
    expect(item.querySelector('.why')?.textContent).toMatch(/same people: Qin Gang and Dmytro Kuleba/);
    // missing context: Kirby, two sources, each outlet's wording on demand
    const kirby = [...container.querySelectorAll('.missing-item')].find((e) => e.querySelector('.speaker')?.textContent === 'John Kirby') as HTMLElement;
    expect(kirby).toBeDefined();
    fireEvent.click(within(kirby).getByText(/Each outlet's wording \(2\)/));
    expect(kirby.querySelectorAll('.wordings li')).toHaveLength(2);
    // translation differences with the differing words marked
    const diff = [...container.querySelectorAll('.difference-item')].find((e) => /could vs will/.test(e.textContent ?? '')) as HTMLElement;
    expect([...diff.querySelectorAll('mark.diff-added')].map((m) => m.textContent).join(' ')).toMatch(/could/);
  });

  it('header: the article recognised with outlet, date, word count and language', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    const header = container.querySelector('.article-header') as HTMLElement;
    expect(within(header).getByRole('heading', { level: 1 }).textContent).toMatch(/^Qin Gang, China’s foreign minister/);
    expect(header.querySelector('.meta')?.textContent).toMatch(/^Diário de Notícias, Portugal · (16 Mar 2023|Mar 16, 2023) · 393 words · English$/);
    expect(header.querySelector('.badge')?.textContent).toBe('D');
    expect(within(header).getByRole('button', { name: 'Save this article to my corpus' })).toBeTruthy();
  });

  it('header: an article already in the corpus says so instead of offering to save it', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { ...ready(analyseSeed('000')), savedId: seedId('000') });
    render(<SidebarApp backend={backend} />);
    await screen.findByText(/In your corpus/);
    expect(screen.queryByRole('button', { name: 'Save this article to my corpus' })).toBeNull();
  });

  it('sections: each a heading that toggles (aria-expanded, aria-controls) with a count', async () => {
    const backend = new FakeBackend();
    const result = analyseSeed('000');
    backend.states.set(1, ready(result));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    const ids = [...container.querySelectorAll('[data-section]')].map((e) => e.getAttribute('data-section'));
    expect(ids).toEqual(['elsewhere', 'translation', 'missing']);
    const count = (id: string) => container.querySelector(`[data-section="${id}"] .count`)?.firstChild?.textContent;
    expect(count('elsewhere')).toBe('4');
    expect(count('missing')).toBe(String(result.missingContext.length));
    const names = result.translationDifferences.filter((d) => d.kind === 'name-spelling').length;
    expect(names).toBeGreaterThan(1);
    // the name spellings are one item
    expect(count('translation')).toBe(String(result.translationDifferences.length - names + 1));
    const toggle = screen.getByRole('button', { name: /^Missing context/ });
    expect(toggle.closest('h2')).not.toBeNull();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement;
    expect(panel.hidden).toBe(false);
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(panel.hidden).toBe(true);
    fireEvent.click(toggle);
    expect(panel.hidden).toBe(false);
  });

  it('This story elsewhere: same story first, then related as Earlier and Later with dates; outlet badge, date, language', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    const section = container.querySelector('[data-section="elsewhere"]') as HTMLElement;
    const groups = [...section.querySelectorAll('[data-group]')].map((g) => [g.getAttribute('data-group'), g.querySelector('h3')?.textContent, [...g.querySelectorAll('[data-id]')].map((e) => e.getAttribute('data-id'))]);
    expect(groups).toEqual([
      ['same-story', 'Same story, other outlets', expect.arrayContaining([seedId('001'), seedId('002')])],
      ['earlier', 'Earlier coverage', [seedId('004')]],
      ['later', 'Later coverage', [seedId('003')]],
    ]);
    const earlier = section.querySelector(`[data-id="${seedId('004')}"]`) as HTMLElement;
    // the relation is said once, by the group's heading: no label on the card
    expect(earlier.textContent).not.toMatch(/Earlier/);
    expect(earlier.querySelector('.badge')?.textContent).toBe('F');
    // the bundled French article is kept as an English translation
    expect(earlier.querySelector('.card-meta')?.textContent).toMatch(/(4 Apr 2022|Apr 4, 2022) · translated from French$/);
  });

  it('Missing context: sources with badges and dates, why on demand', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    const groups = [...container.querySelectorAll('[data-section="missing"] [data-group]')].map((g) => g.getAttribute('data-group'));
    expect(groups[0]).toBe('same-story');
    const kirby = [...container.querySelectorAll('.missing-item')].find((e) => e.querySelector('.speaker')?.textContent === 'John Kirby') as HTMLElement;
    expect(kirby.querySelectorAll('.sources li')).toHaveLength(2);
    expect(kirby.querySelector('.sources .badge')).not.toBeNull();
    expect(kirby.querySelector('.why')).toBeNull();
    const why = within(kirby).getByRole('button', { name: 'Why?' });
    fireEvent.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(kirby.querySelector('.why')?.textContent).toMatch(/Reported by 2 outlets/);
  });

  it('Translation differences: name spellings in ONE compact item, with which outlet writes which', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Translation differences');
    const section = container.querySelector('[data-section="translation"]') as HTMLElement;
    const nameItems = section.querySelectorAll('[data-kind="name-spelling"]');
    expect(nameItems).toHaveLength(1);
    const names = nameItems[0] as HTMLElement;
    const kiev = [...names.querySelectorAll('.spelling-row')].find((r) => r.querySelector('.spelling-note')?.textContent === 'Kiev · Kyiv') as HTMLElement;
    expect(kiev).toBeDefined();
    const [kievSpelling, kyivSpelling, ...rest] = [...kiev.querySelectorAll('.spelling-variant')];
    expect(rest).toEqual([]);
    expect([kievSpelling?.querySelector('.spelling-text')?.textContent, kyivSpelling?.querySelector('.spelling-text')?.textContent]).toEqual(['Kiev', 'Kyiv']);
    // the article read writes "Kiev"; each spelling has its outlets' badges, and their names for screen readers
    expect(kievSpelling?.querySelector('.here')).not.toBeNull();
    expect(kyivSpelling?.querySelectorAll('.badge')).toHaveLength(1);
    expect(kyivSpelling?.textContent).toMatch(/French-language outlet/);
    fireEvent.click(within(names).getByRole('button', { name: 'Which outlet writes which' }));
    expect(names.querySelector('.spelling-outlets')?.textContent).toMatch(/Kyiv: French-language outlet/);
    // the other differences: one item each, with sources and original languages
    const modality = section.querySelector('[data-kind="modality"]') as HTMLElement;
    expect(modality.querySelectorAll('.variant')).toHaveLength(3);
    // the renderings compared are English texts: the translations say what they were translated from
    expect(modality.textContent).toMatch(/Der Tagesspiegel, Germany, AFP copy · translated from German/);
    expect(modality.textContent).toMatch(/Diário de Notícias, Portugal \(this article\) · in English/);
  });

  it('missing context shows the items the engine marks shown; "Show all" opens the rest', async () => {
    const backend = new FakeBackend();
    const result = analyseSeed('000');
    backend.states.set(1, ready(result));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    const section = container.querySelector('[data-section="missing"]') as HTMLElement;
    const shown = result.missingContext.filter((m) => m.shown);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(result.missingContext.length);
    expect([...section.querySelectorAll('.missing-item .claim')].map((e) => e.textContent)).toEqual(shown.map((m) => m.text));
    fireEvent.click(within(section).getByText(/Show all \(\d+ more\)/));
    expect(section.querySelectorAll('.missing-item')).toHaveLength(result.missingContext.length);
  });

  it('opens a corpus article in the reader view with the passage highlighted, and comes back where it was', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    // the reader left the results with a list expanded, scrolled down
    const later = container.querySelector('[data-section="missing"] [data-group="since-then"]') as HTMLElement;
    fireEvent.click(within(container.querySelector('[data-section="missing"]') as HTMLElement).getByText(/Show all/));
    const expanded = later.querySelectorAll('.missing-item').length;
    window.scrollTo(0, 480);
    const kirby = [...container.querySelectorAll('.missing-item')].find((e) => e.querySelector('.speaker')?.textContent === 'John Kirby') as HTMLElement;
    const source = kirby.querySelector('.sources button') as HTMLButtonElement;
    source.focus();
    fireEvent.click(source);
    await waitFor(() => expect(container.querySelector('.reader')).not.toBeNull());
    const reader = container.querySelector('.reader') as HTMLElement;
    expect((container.querySelector('.view') as HTMLElement).hidden).toBe(true);
    const kirbyItem = analyseSeed('000').missingContext.find((m) => m.speaker === 'John Kirby')!;
    expect(within(reader).getByRole('heading', { level: 1 }).textContent).toBe(bundledRecords.find((r) => r.id === kirbyItem.sources[0]!.id)!.title);
    expect(document.activeElement).toBe(within(reader).getByRole('heading', { level: 1 }));
    expect(reader.querySelector('mark.passage')?.textContent).toMatch(/John Kirby/);
    expect(reader.querySelector('.passage-note')?.textContent).toMatch(/highlighted passage is the one Sidelight cited/);
    fireEvent.click(screen.getByText('← Back to results'));
    await waitFor(() => expect(container.querySelector('.reader')).toBeNull());
    expect((container.querySelector('.view') as HTMLElement).hidden).toBe(false);
    expect(window.scrollY).toBe(480);
    expect(document.activeElement).toBe(source);
    expect(later.querySelectorAll('.missing-item')).toHaveLength(expanded);
  });

  it('isolates page-derived names inside sentences (<bdi>): a right-to-left outlet name cannot reorder them', async () => {
    const backend = new FakeBackend();
    const base = analyseSeed('000');
    const arabic = 'الجزيرة نت';
    const result: AnalysisResult = {
      ...base,
      article: { ...base.article, outlet: arabic },
      related: base.related.map((r, i) => (i === 0 ? { ...r, outlet: arabic } : r)),
      missingContext: base.missingContext.map((m, i) => (i === 0 ? { ...m, sources: [{ ...m.sources[0]!, outlet: arabic }, ...m.sources.slice(1)] } : m)),
    };
    backend.states.set(1, ready(result));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    // header meta, the related item's outlet line, and the missing-context "Reported by" list
    expect(container.querySelector('.article-header .meta bdi')?.textContent).toBe(arabic);
    expect(container.querySelector('.related-item .card-meta bdi')?.textContent).toBe(arabic);
    const first = container.querySelector('.missing-item') as HTMLElement;
    fireEvent.click(within(first).getByText('Why?'));
    await waitFor(() => expect(first.querySelector('.why')).not.toBeNull());
    const why = [...first.querySelectorAll('.why li')].find((li) => li.textContent?.startsWith('Reported by'));
    expect([...(why?.querySelectorAll('bdi') ?? [])].map((b) => b.textContent)).toContain(arabic);
  });

  it('reader view: a passage not in the text is said so, not silently dropped', async () => {
    const backend = new FakeBackend();
    const base = analyseSeed('000');
    const item = base.missingContext[0]!;
    const result = { ...base, missingContext: [{ ...item, sources: [{ ...item.sources[0]!, text: 'A sentence that the article never had in it.' }] }] };
    backend.states.set(1, ready(result));
    const { container } = render(<SidebarApp backend={backend} />);
    fireEvent.click(await find(container, '.missing-item .sources button'));
    await screen.findByText(/could not find the cited passage/);
    expect(container.querySelector('.reader mark.passage')).toBeNull();
  });

  it('reader view: an article gone from the corpus leaves the results with a notice', async () => {
    const backend = new FakeBackend();
    backend.getCorpusArticle = async () => null;
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    fireEvent.click(await find(container, '.related-item .card-title button'));
    await screen.findByText('That article is no longer in your corpus.');
    expect(container.querySelector('.reader')).toBeNull();
  });

  it.each<[TabState, string, RegExp]>([
    [{ status: 'waiting', url: 'https://news.example/a' }, 'extracting', /Reading the page…/],
    [{ status: 'extracting', url: 'https://news.example/a' }, 'extracting', /Reading the page…/],
    [{ status: 'analysing', url: null, title: 'A story', corpusSize: 12345 }, 'analysing', /Analysing/],
    [{ status: 'not-article', url: 'https://x.example', reason: 'the page does not look like an article' }, 'not-article', /Not a news article/],
    [{ status: 'too-large', url: null, reason: 'the page has 300,000 elements' }, 'too-large', /Page too large/],
    [{ status: 'unsupported', url: 'chrome://settings' }, 'unsupported', /Nothing to read here/],
    [{ status: 'paused', url: 'https://news.example/a', reason: 'Sidelight analyses pages only when you ask.' }, 'paused', /Not analysed yet/],
    [{ status: 'error', url: null, message: 'The analysis failed: boom' }, 'error', /Something went wrong/],
  ])('state %#: %s has a heading and a data-state', async (state, dataState, heading) => {
    const backend = new FakeBackend();
    backend.states.set(1, state);
    const { container } = render(<SidebarApp backend={backend} />);
    const h1 = await screen.findByRole('heading', { level: 1, name: heading });
    expect(h1.closest('[data-state]')?.getAttribute('data-state')).toBe(dataState);
    expect(container.querySelector('main [data-state]')?.getAttribute('data-state')).toBe(dataState);
    expect(container.querySelector('.article-header')).toBeNull();
  });

  it('no tab at all: nothing to read', async () => {
    const backend = new FakeBackend();
    backend.active = null;
    render(<SidebarApp backend={backend} />);
    await screen.findByRole('heading', { name: 'Nothing to read here' });
  });

  it('reading and analysing: busy, placeholders shaped like the results, progress text, then "still comparing"', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'extracting', url: 'https://news.example/a' });
    const { container } = render(<SidebarApp backend={backend} slowAfterMs={50} />);
    await screen.findByText('Reading the page…');
    const main = container.querySelector('main') as HTMLElement;
    expect(main.getAttribute('aria-busy')).toBe('true');
    expect(container.querySelectorAll('.skeleton .sk-section')).toHaveLength(3);
    expect(container.querySelector('.skeleton')?.getAttribute('aria-hidden')).toBe('true');
    backend.update(1, { status: 'analysing', url: 'https://news.example/a', title: 'A story', corpusSize: 12345 });
    await waitFor(() => expect(container.querySelector('.progress')?.textContent).toBe('Comparing “A story” with 12,345 articles…'));
    expect(container.querySelector('.progress bdi')?.textContent).toBe('A story');
    expect(container.querySelectorAll('.skeleton .sk-section')).toHaveLength(3);
    expect(screen.getByRole('status', { hidden: true }).textContent).toBe('Analysing.');
    await screen.findByText(/Still comparing/);
    backend.update(1, ready(analyseSeed('000')));
    await screen.findByText('This story elsewhere');
    expect(main.getAttribute('aria-busy')).toBe('false');
    expect(container.querySelector('.skeleton')).toBeNull();
    expect(container.querySelector('.visually-hidden[role="status"]')?.textContent).toMatch(/2 other versions of this story, 2 related articles/);
  });

  it('an error says what failed and retries on request', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'error', url: 'https://news.example/a', message: 'The analysis failed: boom' });
    backend.afterAnalyse.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    await screen.findByText('The analysis failed: boom');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('This story elsewhere');
    expect(backend.analysed).toEqual([1]);
  });

  it('paused: says why and analyses the page when asked', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'paused', url: 'https://news.example/a', reason: 'You asked Sidelight never to analyse pages on news.example.' });
    backend.afterAnalyse.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    await screen.findByText(/never to analyse pages on news\.example/);
    fireEvent.click(screen.getByRole('button', { name: 'Analyse this page' }));
    await screen.findByText('This story elsewhere');
    expect(backend.analysed).toEqual([1]);
  });

  it('not an article: can be analysed anyway', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'not-article', url: 'https://x.example', reason: 'the page does not look like an article' });
    backend.afterAnalyse.set(1, { status: 'analysing', url: 'https://x.example', title: 'Search', corpusSize: 5 });
    const { container } = render(<SidebarApp backend={backend} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Analyse this page anyway' }));
    await waitFor(() => expect(container.querySelector('.progress')?.textContent).toBe('Comparing “Search” with 5 articles…'));
  });

  it('says what was searched when nothing matches: articles, languages, dates; suggests importing', async () => {
    const backend = new FakeBackend();
    const base = analyseSeed('000');
    const result = { ...base, corpus: { articles: 5, languages: ['en', 'fr'] }, related: [], missingContext: [], translationDifferences: [] };
    backend.states.set(1, { ...ready(result), corpusDates: { from: '2022-04-04', to: '2023-04-26' } });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByRole('heading', { name: 'No other coverage found' });
    const text = container.querySelector('[data-state="no-matches"]')?.textContent ?? '';
    expect(text).toMatch(/Searched 5 articles in English and French, published from (4 Apr 2022|Apr 4, 2022) to (26 Apr 2023|Apr 26, 2023)\./);
    // the article read is still named, and there are no empty sections
    expect(container.querySelector('.article-header h1')?.textContent).toMatch(/^Qin Gang/);
    expect(container.querySelector('[data-section]')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Import articles' }));
    expect(backend.optionsOpened).toBe(1);
  });

  it('never shows the previous page: a tab switch clears the analysis first', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    backend.states.set(2, { status: 'extracting', url: 'https://news.example/b' });
    backend.switchTo(2);
    await screen.findByText('Reading the page…');
    expect(container.querySelector('.article-header')).toBeNull();
    backend.update(2, ready(analyseSeed('003')));
    await waitFor(() => expect(container.querySelector('.article-header h1')?.textContent).toMatch(/^Xi Jinping sends/));
  });

  it('never shows the previous page: a late answer about the old page is dropped after a navigation', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    backend.holding = true;
    const { container } = render(<SidebarApp backend={backend} />);
    await waitFor(() => expect(container.querySelector('[data-state="extracting"]')).not.toBeNull());
    // the tab navigates while the first answer (the old page's analysis) is still on its way
    backend.states.set(1, { status: 'extracting', url: 'https://news.example/b' });
    backend.switchTo(1);
    backend.release();
    await screen.findByText('Reading the page…');
    await new Promise((r) => setTimeout(r, 20));
    expect(container.querySelector('.article-header')).toBeNull();
    backend.holding = false;
    backend.update(1, ready(analyseSeed('003')));
    await waitFor(() => expect(container.querySelector('.article-header h1')?.textContent).toMatch(/^Xi Jinping sends/));
  });

  it('never shows the previous tab: a retry answered after a tab switch is dropped', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'error', url: 'https://news.example/a', message: 'boom' });
    backend.states.set(2, { status: 'not-article', url: 'https://other.example', reason: 'no article' });
    backend.afterAnalyse.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('boom');
    backend.holding = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    backend.holding = false;
    backend.switchTo(2);
    await screen.findByText('Not a news article');
    backend.release();
    await new Promise((r) => setTimeout(r, 20));
    expect(container.querySelector('.article-header')).toBeNull();
    expect(screen.getByText('Not a news article')).toBeTruthy();
  });

  it('renders page text as text: markup in titles and quotes never becomes elements', async () => {
    const backend = new FakeBackend();
    const base = analyseSeed('000');
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\u202Egnp.exe';
    const result: AnalysisResult = {
      ...base,
      article: { ...base.article, title: evil },
      related: base.related.map((r) => ({ ...r, title: evil, outlet: evil })),
      missingContext: base.missingContext.map((m) => ({ ...m, text: evil })),
    };
    backend.states.set(1, ready(result));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.querySelector('.article-header h1')?.textContent).toBe(evil);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('saves the article to the corpus on request', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    fireEvent.click(await screen.findByText('Save this article to my corpus'));
    await screen.findByText('Saved to your corpus.');
    expect(backend.saved).toEqual([1]);
  });
});
