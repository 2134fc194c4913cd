// @vitest-environment happy-dom
// Accessibility of every view of the sidebar, as far as a DOM without layout can tell: landmarks,
// one h1 and no skipped heading level, a name for every control, disclosures that say what they
// open, a live region that speaks outside the busy area. (Contrast and focus rings need a real
// browser: axe-core in the end-to-end tests.)
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import type { TabState } from '../../messaging/protocol.ts';
import { analyseSeed } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

afterEach(cleanup);

const shown = (el: Element) => !el.closest('[hidden]') && el.getAttribute('aria-hidden') !== 'true' && !el.closest('[aria-hidden="true"]');

/** Everything a screen reader user meets in the view shown, checked in one go. */
function checkView(container: Element) {
  expect(container.querySelector('header.topbar')).not.toBeNull();
  expect(container.querySelectorAll('main')).toHaveLength(1);
  const headings = [...container.querySelectorAll<HTMLElement>('h1, h2, h3, h4')].filter(shown);
  const levels = headings.map((h) => Number(h.tagName[1]));
  expect(levels.filter((l) => l === 1), 'one h1').toHaveLength(1);
  expect(levels[0], 'the first heading is the h1').toBe(1);
  levels.forEach((l, i) => {
    if (i) expect(l - levels[i - 1]!, `heading ${headings[i]!.textContent} skips a level`).toBeLessThanOrEqual(1);
  });
  for (const h of headings) expect(h.textContent?.trim(), 'empty heading').toBeTruthy();
  for (const b of [...container.querySelectorAll<HTMLElement>('button, a, input, select')].filter(shown)) {
    const name = b.getAttribute('aria-label') ?? (b.id ? container.querySelector(`label[for="${b.id}"]`)?.textContent : null) ?? b.closest('label')?.textContent ?? b.textContent;
    expect(name?.trim(), `unnamed control ${b.outerHTML.slice(0, 80)}`).toBeTruthy();
    if (b.tagName === 'BUTTON') expect(b.getAttribute('type'), 'buttons say their type').toMatch(/^(button|submit)$/);
  }
  for (const t of [...container.querySelectorAll<HTMLElement>('[aria-expanded]')].filter(shown)) {
    const controls = t.getAttribute('aria-controls');
    if (t.getAttribute('aria-expanded') === 'true' && controls) expect(document.getElementById(controls), `aria-controls of ${t.textContent}`).not.toBeNull();
    if (!t.classList.contains('more') && !t.classList.contains('icon-button')) expect(controls, `${t.textContent} says what it opens`).toBeTruthy();
  }
  const live = container.querySelector('.visually-hidden[role="status"]') as HTMLElement;
  expect(live.closest('[aria-busy]'), 'the live region is outside the busy area').toBeNull();
}

describe('sidebar accessibility', () => {
  it.each<[string, TabState]>([
    ['extracting', { status: 'extracting', url: 'https://news.example/a' }],
    ['analysing', { status: 'analysing', url: 'https://news.example/a', title: 'A story', corpusSize: 5 }],
    ['paused', { status: 'paused', url: 'https://news.example/a', reason: 'Sidelight analyses pages only when you ask.' }],
    ['not-article', { status: 'not-article', url: 'https://x.example', reason: 'no article' }],
    ['too-large', { status: 'too-large', url: null, reason: 'too many elements' }],
    ['unsupported', { status: 'unsupported', url: null }],
    ['error', { status: 'error', url: null, message: 'boom' }],
  ])('%s', async (id, state) => {
    const backend = new FakeBackend();
    backend.states.set(1, state);
    const { container } = render(<SidebarApp backend={backend} />);
    await waitFor(() => expect(container.querySelector(`[data-state="${id}"]`)).not.toBeNull());
    checkView(container);
  });

  it('results, with every disclosure open', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'ready', url: 'https://news.example/a', result: analyseSeed('000'), savedId: null });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    checkView(container);
    for (const b of [...container.querySelectorAll<HTMLElement>('.why-toggle')]) fireEvent.click(b);
    checkView(container);
    expect(container.querySelector('main')?.getAttribute('aria-busy')).toBe('false');
  });

  it('no matches', async () => {
    const backend = new FakeBackend();
    const result = { ...analyseSeed('000'), related: [], missingContext: [], translationDifferences: [] };
    backend.states.set(1, { status: 'ready', url: 'https://news.example/a', result, savedId: null });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('No other coverage found');
    checkView(container);
  });

  it('reader view and settings', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'ready', url: 'https://news.example/a', result: analyseSeed('000'), savedId: null });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    fireEvent.click(container.querySelector('.missing-item .sources button') as HTMLElement);
    await waitFor(() => expect(container.querySelector('.reader')).not.toBeNull());
    checkView(container);
    fireEvent.click(screen.getByText('← Back to results'));
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    checkView(container);
    // every field is labelled and grouped
    expect(screen.getAllByRole('group').map((g) => g.querySelector('legend')?.textContent)).toEqual(['Analyse pages', 'Never analyse these sites', 'Reading history', 'Theme', 'Results']);
  });
});
