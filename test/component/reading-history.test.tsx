// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
// Reading history in the interface: the first-run choice in the sidebar, the settings, what the
// corpus holds when nothing matches, "you read it" on a listed article; on the options page the
// counts by outlet and language, forget (last hour, last day, everything), export, a lowered limit;
// and the import of a folder of saved .html pages (real pages from ../shared/fixtures), with a
// line for each page that is not imported.
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { corpusDescription } from '../../components/sidebar/Results.tsx';
import { OptionsApp, type SettingsAccess } from '../../components/options/OptionsApp.tsx';
import { readSavedPages, savedPageUrl } from '../../components/options/saved-pages.ts';
import type { AnalysisResult, CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/schema.ts';
import { overviewOf, type CorpusAdmin } from '../../store/corpus-admin.ts';
import type { CheckedFile, ImportOptions } from '../../store/import.ts';
import { storedArticle } from '../../store/identity.ts';
import type { StoredArticle } from '../../store/schema.ts';
import { analyseSeed, SHARED } from '../support/engine.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

afterEach(cleanup);

const ready = (result: AnalysisResult, extra: Partial<Extract<TabState, { status: 'ready' }>> = {}): TabState => ({ status: 'ready', url: 'https://news.example/a', result, savedId: null, ...extra });

describe('sidebar: reading history', () => {
  it('first run: the sidebar asks; "Keep what I read" turns it on and the question goes', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    const prompt = await screen.findByTestId('reading-history-prompt');
    expect(prompt.textContent).toMatch(/Grow your corpus as you read\?/);
    expect(prompt.textContent).toMatch(/Never in private windows/);
    fireEvent.click(within(prompt).getByRole('button', { name: 'Keep what I read' }));
    await waitFor(() => expect(screen.queryByTestId('reading-history-prompt')).toBeNull());
    expect(backend.savedSettings.at(-1)?.readingHistory).toBe('on');
  });

  it('"Not now" turns it off; a reader who chose is not asked again', async () => {
    const backend = new FakeBackend();
    backend.states.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Not now' }));
    await waitFor(() => expect(screen.queryByTestId('reading-history-prompt')).toBeNull());
    expect(backend.savedSettings.at(-1)?.readingHistory).toBe('off');
    cleanup();
    const again = new FakeBackend();
    again.settings = { ...DEFAULT_SETTINGS, readingHistory: 'on' };
    again.states.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={again} />);
    await screen.findByText('This story elsewhere');
    expect(screen.queryByTestId('reading-history-prompt')).toBeNull();
  });

  it('the settings turn it on or off and set the limit', async () => {
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, readingHistory: 'off' };
    backend.states.set(1, ready(analyseSeed('000')));
    render(<SidebarApp backend={backend} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    const box = (await screen.findByRole('checkbox', { name: /Keep the news articles I read/ })) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    await waitFor(() => expect(backend.savedSettings.at(-1)?.readingHistory).toBe('on'));
    const limit = screen.getByLabelText(/Keep at most/) as HTMLSelectElement;
    expect(limit.value).toBe('5000');
    fireEvent.change(limit, { target: { value: '500' } });
    await waitFor(() => expect(backend.savedSettings.at(-1)?.readingHistoryLimit).toBe(500));
  });

  it('nothing found: says what the corpus holds, read articles included, and how to grow it', async () => {
    expect(corpusDescription({ bundled: 5, saved: 0, imported: 0, read: 0, languages: ['de', 'en', 'es', 'fr', 'pt'] })).toBe(
      '5 bundled articles in 5 languages (German, English, Spanish, French, and Portuguese)',
    );
    expect(corpusDescription({ bundled: 5, saved: 0, imported: 0, read: 120, languages: ['en', 'de'] })).toBe('125 articles (5 bundled, 120 you read) in 2 languages (English and German)');
    expect(corpusDescription({ bundled: 5, saved: 2, imported: 1, read: 120, languages: ['en'] })).toBe('128 articles (5 bundled, 3 of yours, 120 you read) in English');

    const nothing: AnalysisResult = { ...analyseSeed('000'), related: [], missingContext: [], translationDifferences: [] };
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, readingHistory: 'off' };
    backend.states.set(1, ready(nothing, { corpusMakeup: { bundled: 5, saved: 0, imported: 0, read: 0, languages: ['en'] } }));
    render(<SidebarApp backend={backend} />);
    const grow = (await screen.findByText(/To grow it/)).textContent!;
    expect(grow).toMatch(/turn on reading history in the settings/);
    expect(grow).toMatch(/a folder of saved pages/);
    cleanup();
    backend.settings = { ...DEFAULT_SETTINGS, readingHistory: 'on' };
    render(<SidebarApp backend={backend} />);
    expect((await screen.findByText(/To grow it/)).textContent).not.toMatch(/reading history/);
  });

  it('a listed article the reader read says so', async () => {
    const result = analyseSeed('000');
    const readId = result.related[0]!.id;
    const backend = new FakeBackend();
    backend.settings = { ...DEFAULT_SETTINGS, readingHistory: 'on' };
    backend.states.set(1, ready(result, { readIds: [readId] }));
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByText('This story elsewhere');
    const cards = [...container.querySelectorAll('[data-section="elsewhere"] [data-relation]')];
    const read = cards.filter((c) => c.getAttribute('data-read') === 'true');
    expect(read.map((c) => c.getAttribute('data-id'))).toEqual([readId]);
    expect(read[0]!.querySelector('.card-meta')!.textContent).toMatch(/you read it$/);
    expect(cards.filter((c) => c.textContent!.includes('you read it'))).toHaveLength(1);
  });
});

const rec = (id: string, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: `https://example.com/${id}`, published: '2024-01-01', language: 'en', text: `Text of ${id}.`, ...extra });

/** An in-memory CorpusAdmin with reading history. */
class FakeAdmin implements CorpusAdmin {
  articles: StoredArticle[] = [
    storedArticle(rec('b1', { language: 'de' }), 'bundled', false, 1),
    storedArticle(rec('b2', { language: 'fr' }), 'bundled', false, 1),
  ];
  imported: CheckedFile[] = [];
  calls: string[] = [];
  async overview() {
    return overviewOf(this.articles, [], { exportScope: 'user' });
  }
  async deleteArticles() {
    return 0;
  }
  async setHidden() {}
  async clearUserCorpus() {
    return 0;
  }
  async deleteInvalid() {
    return 0;
  }
  async checkImport(): Promise<CheckedFile> {
    throw new Error('not used');
  }
  async runImport(checked: CheckedFile, options: ImportOptions = {}) {
    this.imported.push(checked);
    options.onProgress?.({ done: checked.entries.length, total: checked.entries.length });
    for (const e of checked.entries) this.articles.push(storedArticle(e.record, 'imported', false, 10));
    return { added: checked.entries.length, merged: 0, alreadyBundled: 0, duplicates: { id: 0, url: 0, text: 0 }, skippedInvalid: 0, milliseconds: 1 };
  }
  async exportCorpus(scope: 'user' | 'all' | 'read') {
    this.calls.push(`export ${scope}`);
    const chosen = this.articles.filter((a) => (scope === 'read' ? a.origin === 'read' : scope === 'all' || a.origin !== 'bundled'));
    return { lines: chosen.map((a) => `${JSON.stringify(a.record)}\n`), count: chosen.length };
  }
  async saveSettings() {}
  async forgetRead(since: number | null) {
    this.calls.push(`forget ${since}`);
    const before = this.articles.length;
    this.articles = this.articles.filter((a) => a.origin !== 'read' || (since !== null && a.addedAt < since));
    return before - this.articles.length;
  }
  async trimRead(limit: number) {
    this.calls.push(`trim ${limit}`);
    const read = this.articles.filter((a) => a.origin === 'read').sort((a, b) => a.addedAt - b.addedAt);
    const drop = new Set(read.slice(0, Math.max(0, read.length - limit)).map((a) => a.id));
    this.articles = this.articles.filter((a) => !drop.has(a.id));
    return drop.size;
  }
}

class FakeSettings implements SettingsAccess {
  saved: Settings[] = [];
  constructor(public value: Settings) {}
  async load() {
    return this.value;
  }
  async save(s: Settings) {
    this.saved.push(s);
    this.value = s;
  }
  watch() {
    return () => undefined;
  }
}

const HOUR = 3_600_000;
const NOW = 1_000 * HOUR;

describe('options page: reading history', () => {
  it('first run: what the corpus holds and how to grow it', async () => {
    render(<OptionsApp admin={new FakeAdmin()} settings={new FakeSettings(DEFAULT_SETTINGS)} />);
    expect((await screen.findByTestId('corpus-summary')).textContent).toBe('2 bundled articles in 2 languages.');
    expect(screen.getByTestId('grow-hint').textContent).toMatch(/turn on reading history below/);
    expect(screen.getByTestId('read-count').textContent).toBe('No article you read is kept.');
    expect(screen.getByText(/You have not chosen yet/)).toBeTruthy();
    for (const name of ['The last hour', 'The last day', 'Everything', 'Export what I read as JSONL']) expect((screen.getByRole('button', { name }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('counts what was read by outlet and language; forgets the last hour, then everything; exports it', async () => {
    const admin = new FakeAdmin();
    admin.articles.push(
      storedArticle(rec('r1', { outlet: 'Der Spiegel', language: 'de' }), 'read', false, NOW - 30 * HOUR),
      storedArticle(rec('r2', { outlet: 'Le Monde', language: 'fr' }), 'read', false, NOW - 3 * HOUR),
      storedArticle(rec('r3', { outlet: 'Der Spiegel', language: 'de' }), 'read', false, NOW - 10 * 60_000),
      storedArticle(rec('s1', { outlet: 'Der Spiegel' }), 'saved', false, NOW - 60_000),
    );
    const download = vi.fn();
    const settings = new FakeSettings({ ...DEFAULT_SETTINGS, readingHistory: 'on' });
    render(<OptionsApp admin={admin} settings={settings} download={download} />);
    const panel = await screen.findByTestId('reading-history');
    await waitFor(() => expect((within(panel).getByRole('checkbox', { name: /Keep the news articles I read/ }) as HTMLInputElement).checked).toBe(true));
    expect(screen.getByTestId('corpus-summary').textContent).toBe('2 bundled articles in 2 languages; 3 you read; 1 saved or imported.');
    expect(screen.queryByTestId('grow-hint')).toBeNull();
    expect(screen.getByTestId('read-count').textContent).toBe('3 articles you read are kept.');
    expect(screen.getByTestId('read-by-outlet').textContent).toBe('By outlet: Der Spiegel 2, Le Monde 1');
    expect(screen.getByTestId('read-by-language').textContent).toBe('By language: German 2, French 1');

    fireEvent.click(within(panel).getByRole('button', { name: 'Export what I read as JSONL' }));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(download.mock.calls[0]![0]).toMatch(/^sidelight-reading-history-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect((download.mock.calls[0]![1] as string[]).map((l) => (JSON.parse(l) as CorpusRecord).id)).toEqual(['r1', 'r2', 'r3']);

    cleanup();
    render(<OptionsApp admin={admin} settings={settings} download={download} />);
    // the panel's clock is the real one: forget "the last hour" asks for what was added since an hour ago
    const before = Date.now();
    fireEvent.click(await screen.findByRole('button', { name: 'The last hour' }));
    await waitFor(() => expect(admin.calls.some((c) => c.startsWith('forget '))).toBe(true));
    const since = Number(admin.calls.find((c) => c.startsWith('forget '))!.split(' ')[1]);
    expect(since).toBeGreaterThanOrEqual(before - HOUR);
    expect(since).toBeLessThanOrEqual(Date.now() - HOUR);
    fireEvent.click(screen.getByRole('button', { name: 'Everything' }));
    await waitFor(() => expect(screen.getByTestId('history-report').textContent).toBe('Forgot 3 articles you read at any time.'));
    expect(admin.articles.filter((a) => a.origin === 'saved')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('read-count').textContent).toBe('No article you read is kept.'));
  });

  it('a limit below what is kept forgets the oldest at once', async () => {
    const admin = new FakeAdmin();
    for (let i = 0; i < 600; i++) admin.articles.push(storedArticle(rec(`r${i}`), 'read', false, i));
    const settings = new FakeSettings({ ...DEFAULT_SETTINGS, readingHistory: 'on' });
    render(<OptionsApp admin={admin} settings={settings} />);
    const panel = await screen.findByTestId('reading-history');
    const select = await waitFor(() => within(panel).getByRole('combobox') as HTMLSelectElement);
    fireEvent.change(select, { target: { value: '500' } });
    await waitFor(() => expect(screen.getByTestId('history-report').textContent).toBe('Kept the 500 newest; forgot the 100 oldest articles you read.'));
    expect(settings.saved.at(-1)?.readingHistoryLimit).toBe(500);
    expect(admin.articles.filter((a) => a.origin === 'read').map((a) => a.addedAt)[0]).toBe(100);
  });
});

/** A File as a directory input gives it: its path inside the chosen folder in webkitRelativePath. */
function folderFile(relativePath: string, content: string, type = 'text/html'): File {
  const file = new File([content], path.basename(relativePath), { type });
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

const PAGES = path.join(SHARED, 'fixtures/readability-pages');
const page = (slug: string) => fs.readFileSync(path.join(PAGES, slug, 'source.html'), 'utf8');

describe('options page: import a folder of saved pages', () => {
  it('the address of a saved page: canonical link, og:url, or the browser’s "saved from" comment; only web addresses', () => {
    const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
    const saved = '<!DOCTYPE html>\n<!-- saved from url=(0033)https://news.example/story/42.html -->\n<html><head></head><body></body></html>';
    expect(savedPageUrl(saved, parse(saved))).toBe('https://news.example/story/42.html');
    const canonical = '<html><head><link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/y"></head></html>';
    expect(savedPageUrl(canonical, parse(canonical))).toBe('https://a.example/x');
    const script = '<html><head><link rel="canonical" href="javascript:alert(1)"></head></html>';
    expect(savedPageUrl(script, parse(script))).toBeNull();
  });

  it('reads each .html page as an article, lists the pages that are not, and imports the rest with progress', async () => {
    const admin = new FakeAdmin();
    render(<OptionsApp admin={admin} settings={new FakeSettings(DEFAULT_SETTINGS)} />);
    const input = (await screen.findByLabelText('Choose a folder of saved pages')) as HTMLInputElement;
    expect(input.hasAttribute('webkitdirectory')).toBe(true);
    const files = [
      folderFile('saved/world/bbc.html', page('bbc-1')),
      folderFile('saved/world/guardian.html', page('guardian-1')),
      folderFile('saved/index.html', '<html><head><title>Front page</title></head><body><nav><a href="/a">A</a></nav><p>Welcome.</p></body></html>'),
      folderFile('saved/empty.html', ''),
      folderFile('saved/world/bbc_files/style.css', 'body{}', 'text/css'),
    ];
    fireEvent.change(input, { target: { files } });
    const report = await screen.findByText(/^Imported saved:/, undefined, { timeout: 20_000 });
    expect(report.textContent).toBe('Imported saved: 2 articles added.');
    const [checked] = admin.imported;
    expect(checked!.entries.map((e) => e.record.id)).toEqual([expect.stringMatching(/^page-[0-9a-f]{16}$/), expect.stringMatching(/^page-[0-9a-f]{16}$/)]);
    const [bbc, guardian] = checked!.entries.map((e) => e.record);
    expect(bbc!.text.length).toBeGreaterThan(1000);
    expect(guardian!.text.length).toBeGreaterThan(1000);
    const problems = within(screen.getByTestId('page-problems'));
    expect(problems.getByText('2 pages were not imported:')).toBeTruthy();
    const lines = problems.getAllByRole('listitem').map((li) => li.textContent);
    expect(lines).toEqual(['saved/empty.html: the file is empty', expect.stringMatching(/^saved\/index\.html: not a news article: /)]);
  }, 30_000);

  it('a folder without news articles imports nothing and says why for each page', async () => {
    const admin = new FakeAdmin();
    render(<OptionsApp admin={admin} settings={new FakeSettings(DEFAULT_SETTINGS)} />);
    const input = (await screen.findByLabelText('Choose a folder of saved pages')) as HTMLInputElement;
    fireEvent.change(input, { target: { files: [folderFile('notes/a.html', '<p>Hi.</p>'), folderFile('notes/b.txt', 'x', 'text/plain')] } });
    const report = await screen.findByTestId('import-report');
    await waitFor(() => expect(report.textContent).toBe('notes: none of its 1 page is a news article Sidelight can read. Nothing was imported.'));
    expect(admin.imported).toEqual([]);
    expect(screen.getByTestId('page-problems').textContent).toMatch(/notes\/a\.html: not a news article/);
  });

  it('readSavedPages reports progress page by page and can be cancelled', async () => {
    const files = [folderFile('f/1.html', page('bbc-1')), folderFile('f/2.html', page('guardian-1'))];
    const seen: number[] = [];
    const result = await readSavedPages(files, { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([0, 1, 2]);
    expect(result.pages).toBe(2);
    const controller = new AbortController();
    controller.abort();
    await expect(readSavedPages(files, { signal: controller.signal })).rejects.toThrow(/cancelled/);
  }, 30_000);
});
