// @vitest-environment happy-dom
// The sidebar in a DOM with a fake backend: every state, the three sections, the reader view,
// and page text rendered as text only.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import type { SidebarBackend } from '../../components/sidebar/backend.ts';
import type { AnalysisResult, CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { analyseSeed, bundledRecords, seedId } from '../support/engine.ts';

class FakeBackend implements SidebarBackend {
  states = new Map<number, TabState>();
  active: number | null = 1;
  saved: number[] = [];
  private tabListeners: Array<(id: number | null) => void> = [];
  private stateListeners: Array<(id: number) => void> = [];
  async activeTabId() {
    return this.active;
  }
  onActiveTabChanged(cb: (id: number | null) => void) {
    this.tabListeners.push(cb);
    return () => (this.tabListeners = this.tabListeners.filter((x) => x !== cb));
  }
  onTabStateChanged(cb: (id: number) => void) {
    this.stateListeners.push(cb);
    return () => (this.stateListeners = this.stateListeners.filter((x) => x !== cb));
  }
  async getTabState(id: number) {
    return this.states.get(id) ?? { status: 'waiting' as const, url: null };
  }
  async analyseTab(id: number) {
    return this.getTabState(id);
  }
  async saveTabArticle(id: number) {
    this.saved.push(id);
    return { ok: true as const, id: 'saved-1' };
  }
  async getCorpusArticle(id: string): Promise<CorpusRecord | null> {
    return bundledRecords.find((r) => r.id === id) ?? null;
  }
  openOptions() {}
  switchTo(id: number) {
    this.active = id;
    for (const l of this.tabListeners) l(id);
  }
  update(id: number, state: TabState) {
    this.states.set(id, state);
    for (const l of this.stateListeners) l(id);
  }
}

const ready = (result: AnalysisResult): TabState => ({ status: 'ready', url: 'https://news.example/a', result, savedId: null });

afterEach(cleanup);

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
    expect(container.querySelector(`[data-id="${seedId('003')}"] .relation`)?.textContent).toMatch(/Later · (26 Apr 2023|Apr 26, 2023)/);
    // reasons on demand
    const item = container.querySelector(`[data-id="${seedId('001')}"]`) as HTMLElement;
    expect(item.querySelector('.why')).toBeNull();
    fireEvent.click(within(item).getByText('Why?'));
    expect(item.querySelector('.why')?.textContent).toMatch(/same people: Qin Gang, Dmytro Kuleba/);
    // missing context: Kirby, two sources, each outlet's wording on demand
    const kirby = [...container.querySelectorAll('.missing-item')].find((e) => e.querySelector('.speaker')?.textContent === 'John Kirby') as HTMLElement;
    expect(kirby).toBeDefined();
    fireEvent.click(within(kirby).getByText(/Each outlet's wording \(2\)/));
    expect(kirby.querySelectorAll('.wordings li')).toHaveLength(2);
    // translation differences with the differing words marked
    const diff = [...container.querySelectorAll('.difference-item')].find((e) => /could vs will/.test(e.textContent ?? '')) as HTMLElement;
    expect([...diff.querySelectorAll('mark.diff-added')].map((m) => m.textContent).join(' ')).toMatch(/could/);
  });

  it('limits each list to 5 with "show more"', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    const later = container.querySelector('[data-group="since-then"]') as HTMLElement;
    expect(later.querySelectorAll('.missing-item')).toHaveLength(5);
    fireEvent.click(within(later).getByText(/Show \d+ more/));
    expect(later.querySelectorAll('.missing-item').length).toBeGreaterThan(5);
  });

  it('opens a corpus article in the reader view with the passage highlighted, and comes back', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    const kirby = [...container.querySelectorAll('.missing-item')].find((e) => e.querySelector('.speaker')?.textContent === 'John Kirby') as HTMLElement;
    fireEvent.click(kirby.querySelector('.sources button') as HTMLElement);
    await waitFor(() => expect(container.querySelector('.reader')).not.toBeNull());
    expect(container.querySelector('.reader mark')?.textContent).toMatch(/John Kirby/);
    fireEvent.click(screen.getByText('← Back to results'));
    await screen.findByText('This story elsewhere');
  });

  it.each<[TabState, RegExp]>([
    [{ status: 'not-article', url: 'https://x.example', reason: 'the page does not look like an article' }, /Not a news article/],
    [{ status: 'too-large', url: null, reason: 'the page has 300,000 elements' }, /Page too large/],
    [{ status: 'unsupported', url: 'chrome://settings' }, /Nothing to read here/],
    [{ status: 'analysing', url: null, title: 'A story', corpusSize: 12345 }, /Comparing “A story” with 12,345 articles/],
    [{ status: 'error', url: null, message: 'The analysis failed: boom' }, /Something went wrong/],
  ])('state %#', async (state, text) => {
    const backend = new FakeBackend();
    backend.states.set(1, state);
    render(<SidebarApp backend={backend} />);
    await screen.findByText(text);
  });

  it('says what was searched when nothing matches', async () => {
    const backend = new FakeBackend();
    const result = { ...analyseSeed('000'), related: [], missingContext: [], translationDifferences: [] };
    backend.states.set(1, ready(result));
    render(<SidebarApp backend={backend} />);
    await screen.findByText('No other coverage found');
    expect(screen.getByText(/Searched 5 articles in/)).toBeTruthy();
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
