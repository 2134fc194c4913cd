// @vitest-environment happy-dom
// Every waiting state of the sidebar ends: reading the page and analysing give up after their
// time (short here) with "Try again", which asks for the page to be read again and waits anew;
// a state the background never leaves (a lost message, a background that does not answer) is
// not "Reading the page…" for good.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { FakeBackend } from './sidebar-fake-backend.ts';

afterEach(cleanup);

const GIVE_UP = { reading: 60, analysing: 90 };
const shownState = (container: Element) => container.querySelector('main [data-state]')?.getAttribute('data-state') ?? null;

describe('waiting states time out with a retry', () => {
  it('reading the page: "This is taking too long", and "Try again" reads the page again', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'extracting', url: 'https://news.example/a' });
    const { container } = render(<SidebarApp backend={backend} giveUpAfterMs={GIVE_UP} />);
    await waitFor(() => expect(shownState(container)).toBe('extracting'));
    await waitFor(() => expect(shownState(container)).toBe('timed-out'));
    expect(container.textContent).toMatch(/reading this page for over/);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(backend.analysed).toEqual([1]);
    // a new attempt: waiting again, then (still no answer) timed out again
    await waitFor(() => expect(shownState(container)).toBe('extracting'));
    await waitFor(() => expect(shownState(container)).toBe('timed-out'));
  });

  it('analysing: times out too', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'analysing', url: 'https://news.example/a', title: 'A story', corpusSize: 10 });
    const { container } = render(<SidebarApp backend={backend} giveUpAfterMs={GIVE_UP} />);
    await waitFor(() => expect(shownState(container)).toBe('analysing'));
    await waitFor(() => expect(shownState(container)).toBe('timed-out'));
    expect(container.textContent).toMatch(/analysing this page for over/);
  });

  it('a background that never answers: times out from the first question', async () => {
    const backend = new FakeBackend();
    backend.holding = true;
    const { container } = render(<SidebarApp backend={backend} giveUpAfterMs={GIVE_UP} />);
    await waitFor(() => expect(shownState(container)).toBe('timed-out'));
  });
});
