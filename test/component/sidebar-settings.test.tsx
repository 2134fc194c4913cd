// @vitest-environment happy-dom
// The sidebar's settings: the gear opens them over the results, every change is saved at once,
// and the sidebar follows them (theme on <html>, items per section, the paused state's way there).
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsPanel } from '../../components/sidebar/SettingsPanel.tsx';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import type { TabState } from '../../messaging/protocol.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/schema.ts';
import { analyseSeed } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

const ready = (): TabState => ({ status: 'ready', url: 'https://www.news.example/world/a', result: analyseSeed('000'), savedId: null });

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
  localStorage.clear();
});

async function openSettings() {
  const gear = await screen.findByRole('button', { name: 'Settings' });
  expect(gear.getAttribute('aria-expanded')).toBe('false');
  gear.focus();
  fireEvent.click(gear);
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
  expect(gear.getAttribute('aria-expanded')).toBe('true');
  return gear;
}

describe('sidebar settings', () => {
  it('the gear opens the settings over the results, with the current values; back returns to the results and the gear', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready());
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    const gear = await openSettings();
    expect((container.querySelector('.view') as HTMLElement).hidden).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Settings' }));
    expect((screen.getByRole('radio', { name: /Automatically/ }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'Same as the system' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('combobox', { name: /Items shown in each list/ }) as HTMLSelectElement).value).toBe('5');
    fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    await waitFor(() => expect(container.querySelector('.settings')).toBeNull());
    expect((container.querySelector('.view') as HTMLElement).hidden).toBe(false);
    expect(document.activeElement).toBe(gear);
    // the gear toggles too
    fireEvent.click(gear);
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    fireEvent.click(gear);
    await waitFor(() => expect(container.querySelector('.settings')).toBeNull());
  });

  it('analyse only when asked: saved at once', async () => {
    const backend = new FakeBackend();
    render(<SidebarApp backend={backend} />);
    await openSettings();
    fireEvent.click(screen.getByRole('radio', { name: /Only when I ask/ }));
    expect(backend.savedSettings.at(-1)).toEqual({ ...DEFAULT_SETTINGS, analyse: 'when-asked' });
    expect((screen.getByRole('radio', { name: /Only when I ask/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('sites never to analyse: add this page\'s site in one click, add by name or address, refuse a non-site, remove', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready());
    render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    await openSettings();
    expect(screen.getByText('No sites.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Never analyse news.example' }));
    expect(backend.settings.neverSites).toEqual(['news.example']);
    expect(screen.queryByRole('button', { name: 'Never analyse news.example' })).toBeNull();

    const input = screen.getByRole('textbox', { name: 'Add a site' }) as HTMLInputElement;
    fireEvent.input(input, { target: { value: 'not a site!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/is not a site name/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(backend.settings.neverSites).toEqual(['news.example']);

    fireEvent.input(input, { target: { value: 'https://www.Example.COM:8080/politics/story' } });
    fireEvent.submit(input.closest('form') as HTMLFormElement);
    await waitFor(() => expect(backend.settings.neverSites).toEqual(['example.com', 'news.example']));
    expect(input.value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
    const list = document.querySelector('.site-list') as HTMLElement;
    expect([...list.querySelectorAll('li span')].map((e) => e.textContent)).toEqual(['example.com', 'news.example']);

    fireEvent.click(within(list).getByRole('button', { name: 'Remove example.com' }));
    expect(backend.settings.neverSites).toEqual(['news.example']);
  });

  it('theme: data-theme on <html> (none for the system theme), remembered for the next sidebar', async () => {
    const backend = new FakeBackend();
    render(<SidebarApp backend={backend} />);
    await openSettings();
    const root = document.documentElement;
    expect(root.dataset.theme).toBeUndefined();
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(root.dataset.theme).toBe('dark'));
    expect(localStorage.getItem('sidelight-theme')).toBe('dark');
    fireEvent.click(screen.getByRole('radio', { name: 'Light' }));
    await waitFor(() => expect(root.dataset.theme).toBe('light'));
    fireEvent.click(screen.getByRole('radio', { name: 'Same as the system' }));
    await waitFor(() => expect(root.dataset.theme).toBeUndefined());
    expect(backend.savedSettings.map((s) => s.theme)).toEqual(['dark', 'light', 'system']);
  });

  it('a theme saved earlier applies when the sidebar opens', async () => {
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, theme: 'dark' };
    render(<SidebarApp backend={backend} />);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
  });

  it('items per section: the lists show that many before "Show more"', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready());
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    const laterItems = () => container.querySelectorAll('[data-section="missing"] [data-group="since-then"] .missing-item').length;
    // missing context shows at most the engine's shown items (3 a section), fewer when the setting is lower
    expect(laterItems()).toBe(3);
    await openSettings();
    fireEvent.change(screen.getByRole('combobox', { name: /Items shown in each list/ }), { target: { value: '3' } });
    expect(backend.settings.itemsPerSection).toBe(3);
    fireEvent.click(screen.getByRole('button', { name: '← Back' }));
    await waitFor(() => expect(laterItems()).toBe(3));
    // a setting below 3 shows fewer: see 'follows settings changed elsewhere'
  });

  it('follows settings changed elsewhere (the options page, another window)', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready());
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('Missing context');
    backend.changeSettings({ ...DEFAULT_SETTINGS, itemsPerSection: 2, theme: 'light' });
    await waitFor(() => expect(container.querySelectorAll('[data-group="since-then"] .missing-item').length).toBe(2));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });

  it('the paused state leads to the settings that paused it', async () => {
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, analyse: 'when-asked' };
    backend.states.set(1, { status: 'paused', url: 'https://news.example/a', reason: 'Sidelight analyses pages only when you ask.' });
    render(<SidebarApp backend={backend} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Change settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    expect((screen.getByRole('radio', { name: /Only when I ask/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('a tab switch keeps the settings open but never the previous page underneath', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready());
    backend.states.set(2, { status: 'extracting', url: 'https://other.example/b' });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    await openSettings();
    backend.switchTo(2);
    await waitFor(() => expect(container.querySelector('.view [data-state="extracting"]')).not.toBeNull());
    expect(container.querySelector('.settings')).not.toBeNull();
    expect(container.querySelector('.article-header')).toBeNull();
    // and it offers the new page's site
    expect(screen.getByRole('button', { name: 'Never analyse other.example' })).toBeTruthy();
  });

  it('the panel alone (for the options page): a second-level heading, changes through onChange', () => {
    const changes: Settings[] = [];
    render(<SettingsPanel settings={DEFAULT_SETTINGS} onChange={(s) => changes.push(s)} headingLevel={2} />);
    expect(screen.getByRole('heading', { level: 2, name: 'Settings' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Never analyse/ })).toBeNull();
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(changes).toEqual([{ ...DEFAULT_SETTINGS, theme: 'dark' }]);
  });
});
