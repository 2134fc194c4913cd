// @vitest-environment happy-dom
// The reader's settings: reading a stored value (a bad field falls back alone), site names, which
// pages wait until asked, the versioned storage item, and the content script obeying them.
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { extractAndSend } from '../../content/setup.ts';
import { DEFAULT_SETTINGS, analysisPolicy, excludedSiteFor, keepPolicy, normaliseSite, parseSettings, type Settings } from '../../settings/schema.ts';
import { SETTINGS_MIGRATIONS, SETTINGS_VERSION, loadSettings, resetSettingsItemForTests, saveSettings, watchSettings } from '../../settings/storage.ts';

beforeEach(() => {
  fakeBrowser.reset();
  resetSettingsItemForTests();
});

describe('parseSettings', () => {
  it('keeps valid fields and replaces each bad or missing one by its default', () => {
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ analyse: 'when-asked', theme: 'purple', itemsPerSection: 0, neverSites: ['https://www.BBC.co.uk/news', 'bbc.co.uk', '???'] })).toEqual({
      analyse: 'when-asked',
      theme: 'system',
      itemsPerSection: 5,
      neverSites: ['bbc.co.uk'],
      collapsedSections: [],
      readingHistory: 'ask',
      readingHistoryLimit: 5000,
    });
    expect(parseSettings({ ...DEFAULT_SETTINGS, neverSites: 'example.com' }).neverSites).toEqual([]);
  });

  it('collapsed sections: known section names, each once; anything else falls back to none collapsed', () => {
    expect(parseSettings({ collapsedSections: ['missing', 'translation', 'missing'] }).collapsedSections).toEqual(['missing', 'translation']);
    expect(parseSettings({ collapsedSections: ['missing', 'sidebar'] }).collapsedSections).toEqual([]);
    expect(parseSettings({ collapsedSections: 'missing' }).collapsedSections).toEqual([]);
  });
});

describe('sites', () => {
  it.each([
    ['example.com', 'example.com'],
    ['  https://www.Example.com:8080/a/b?c#d ', 'example.com'],
    ['news.example.co.uk/', 'news.example.co.uk'],
    ['localhost', 'localhost'],
    ['', null],
    ['not a site', null],
    ['http://', null],
  ])('normaliseSite(%j) = %j', (input, expected) => {
    expect(normaliseSite(input)).toBe(expected);
  });

  it('a listed site covers its subdomains, not look-alikes', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, neverSites: ['example.com'] };
    expect(excludedSiteFor('https://example.com/a', settings)).toBe('example.com');
    expect(excludedSiteFor('https://news.example.com/a', settings)).toBe('example.com');
    expect(excludedSiteFor('https://badexample.com/a', settings)).toBeNull();
    expect(excludedSiteFor('chrome://settings', settings)).toBeNull();
  });

  it('analysisPolicy: auto analyses, a listed site and "only when asked" wait, saying why', () => {
    expect(analysisPolicy('https://news.example/a', DEFAULT_SETTINGS)).toEqual({ analyse: true });
    expect(analysisPolicy('https://www.news.example/a', { ...DEFAULT_SETTINGS, neverSites: ['news.example'] })).toEqual({
      analyse: false,
      reason: 'You asked Sidelight never to analyse pages on news.example.',
    });
    expect(analysisPolicy('https://news.example/a', { ...DEFAULT_SETTINGS, analyse: 'when-asked' })).toEqual({ analyse: false, reason: 'Sidelight analyses pages only when you ask.' });
  });
});

describe('keepPolicy (reading history)', () => {
  const on: Settings = { ...DEFAULT_SETTINGS, readingHistory: 'on', neverSites: ['private.example'] };
  it('keeps a web page only when the reader turned it on, outside private windows and never-listed sites', () => {
    expect(keepPolicy('https://news.example/a', on, { incognito: false })).toEqual({ keep: true });
    expect(keepPolicy('https://news.example/a', on, { incognito: true })).toEqual({ keep: false, reason: 'private-window' });
    expect(keepPolicy('https://www.private.example/a', on, { incognito: false })).toEqual({ keep: false, reason: 'never-site' });
    expect(keepPolicy('https://sub.private.example/a', on, { incognito: false })).toEqual({ keep: false, reason: 'never-site' });
    expect(keepPolicy('file:///home/a.html', on, { incognito: false })).toEqual({ keep: false, reason: 'not-web' });
    expect(keepPolicy('https://news.example/a', DEFAULT_SETTINGS, { incognito: false })).toEqual({ keep: false, reason: 'not-chosen' });
    expect(keepPolicy('https://news.example/a', { ...on, readingHistory: 'off' }, { incognito: false })).toEqual({ keep: false, reason: 'off' });
  });
});

describe('settings storage', () => {
  it('defaults before anything is saved; saves, versions, and reads back', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    const mine: Settings = { analyse: 'when-asked', neverSites: ['example.com'], theme: 'dark', itemsPerSection: 10, collapsedSections: ['missing'], readingHistory: 'on', readingHistoryLimit: 200 };
    await saveSettings(mine);
    expect(await loadSettings()).toEqual(mine);
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings).toEqual(mine);
    expect(raw.settings$).toEqual({ v: SETTINGS_VERSION });
  });

  it('a stored value from before versioning, or hand-edited, is read field by field', async () => {
    await fakeBrowser.storage.local.set({ settings: { analyse: 'auto', neverSites: ['WWW.Example.com'], theme: 42 } });
    expect(await loadSettings()).toEqual({ ...DEFAULT_SETTINGS, neverSites: ['example.com'] });
  });

  it('v1 -> v2: the stored settings are kept, reading history is asked on first use with the default limit', async () => {
    const v1 = { analyse: 'when-asked', neverSites: ['example.com'], theme: 'dark', itemsPerSection: 10, collapsedSections: ['missing'] };
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    expect(await loadSettings()).toEqual({ ...v1, readingHistory: 'ask', readingHistoryLimit: 5000 });
    const raw = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(raw.settings$).toEqual({ v: 2 });
    expect(raw.settings).toMatchObject({ readingHistory: 'ask', readingHistoryLimit: 5000 });
  });

  it('reading history: a bad choice or a limit out of bounds falls back alone', () => {
    expect(parseSettings({ readingHistory: 'on', readingHistoryLimit: 120 })).toMatchObject({ readingHistory: 'on', readingHistoryLimit: 120 });
    expect(parseSettings({ readingHistory: 'yes', readingHistoryLimit: 5 })).toMatchObject({ readingHistory: 'ask', readingHistoryLimit: 5000 });
    expect(parseSettings({ readingHistory: 'off', readingHistoryLimit: 10.5 })).toMatchObject({ readingHistory: 'off', readingHistoryLimit: 5000 });
  });

  it('every version above the first has its migration', () => {
    for (let v = 2; v <= SETTINGS_VERSION; v++) expect(typeof SETTINGS_MIGRATIONS[v], `migration to v${v}`).toBe('function');
  });

  it('watchSettings calls back with the parsed new value', async () => {
    const seen: Settings[] = [];
    const off = watchSettings((s) => seen.push(s));
    await saveSettings({ ...DEFAULT_SETTINGS, theme: 'light' });
    await vi.waitFor(() => expect(seen.at(-1)?.theme).toBe('light'));
    off();
  });
});

describe('the content script obeys the settings', () => {
  const sent = () => {
    const spy = vi.fn(async () => undefined);
    fakeBrowser.runtime.sendMessage = spy as unknown as typeof fakeBrowser.runtime.sendMessage;
    return spy;
  };

  it('only when asked: the page is not read; the background hears "paused" with the reason', async () => {
    await saveSettings({ ...DEFAULT_SETTINGS, analyse: 'when-asked' });
    const spy = sent();
    await extractAndSend(false);
    expect(spy.mock.calls.map((c) => (c as unknown[])[0])).toEqual([{ type: 'paused', url: location.href, reason: 'Sidelight analyses pages only when you ask.' }]);
  });

  it('a site never to analyse: paused too; asking (force) reads the page anyway', async () => {
    const site = normaliseSite(location.href);
    expect(site).not.toBeNull();
    await saveSettings({ ...DEFAULT_SETTINGS, neverSites: [site!] });
    const spy = sent();
    await extractAndSend(false);
    expect(spy.mock.calls.map((c) => ((c as unknown[])[0] as { type: string }).type)).toEqual(['paused']);
    spy.mockClear();
    await extractAndSend(true);
    expect(spy.mock.calls.map((c) => ((c as unknown[])[0] as { type: string }).type)).toEqual(['extracting', 'extracted']);
  });

  it('auto: the page is read', async () => {
    const spy = sent();
    await extractAndSend(false);
    expect(spy.mock.calls.map((c) => ((c as unknown[])[0] as { type: string }).type)).toEqual(['extracting', 'extracted']);
  });
});
