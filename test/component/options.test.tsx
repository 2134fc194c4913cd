// @vitest-environment happy-dom
// The options page "Corpus" against a fake CorpusAdmin: counts, search, delete, hide, import with
// progress and line reports, export, set-aside records, clear behind a confirmation, errors.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { OptionsApp } from '../../components/options/OptionsApp.tsx';
import { overviewOf, type CorpusAdmin } from '../../store/corpus-admin.ts';
import type { InvalidRecord } from '../../store/database.ts';
import { checkImportFile, type CheckedFile, type ImportOptions, type ImportReport } from '../../store/import.ts';
import { storedArticle } from '../../store/identity.ts';
import type { CorpusSettings, StoredArticle } from '../../store/schema.ts';

afterEach(cleanup);

const rec = (id: string, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: `https://example.com/${id}`, published: '2024-01-01', language: 'en', text: `Text of ${id}.`, ...extra });

/** An in-memory CorpusAdmin; `importGate` lets a test hold an import between batches. */
class FakeAdmin implements CorpusAdmin {
  articles: StoredArticle[] = [
    storedArticle(rec('b1', { title: 'Budget passes in parliament', outlet: 'Example Times', published: '2024-03-01' }), 'bundled', false, 1),
    storedArticle(rec('b2', { title: 'Storm hits the coast', outlet: 'Example Post', language: 'fr' }), 'bundled', true, 1),
    storedArticle(rec('s1', { title: 'Élection municipale', outlet: 'Le Courrier', published: '2024-02-20', language: 'fr' }), 'saved', false, 3),
    storedArticle(rec('i1', { title: 'Imported interview', outlet: 'Archive', language: null }), 'imported', false, 2),
  ];
  invalid: InvalidRecord[] = [];
  settings: CorpusSettings = { exportScope: 'user' };
  importGate: Promise<void> | null = null;
  failWith: Error | null = null;
  calls: string[] = [];

  async overview() {
    return overviewOf(this.articles, this.invalid, this.settings);
  }
  async deleteArticles(ids: readonly string[]) {
    this.maybeFail();
    const before = this.articles.length;
    this.articles = this.articles.filter((a) => !ids.includes(a.id) || a.origin === 'bundled');
    return before - this.articles.length;
  }
  async setHidden(id: string, hidden: boolean) {
    this.articles = this.articles.map((a) => (a.id === id ? { ...a, hidden } : a));
  }
  async clearUserCorpus() {
    const before = this.articles.length;
    this.articles = this.articles.filter((a) => a.origin === 'bundled');
    return before - this.articles.length;
  }
  async deleteInvalid(records: readonly InvalidRecord[]) {
    this.invalid = [];
    return records.length;
  }
  checkImport(text: string) {
    return checkImportFile(text);
  }
  async runImport(checked: CheckedFile, options: ImportOptions = {}): Promise<ImportReport> {
    this.calls.push(`import validOnly=${options.validOnly ?? false}`);
    if (checked.errors.length && !options.validOnly) throw new Error('rejected');
    const total = checked.entries.length;
    options.onProgress?.({ done: 0, total });
    options.onProgress?.({ done: Math.floor(total / 2), total });
    if (this.importGate) await this.importGate;
    this.maybeFail();
    if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    for (const e of checked.entries) this.articles.push(storedArticle(e.record, 'imported', false, 10));
    options.onProgress?.({ done: total, total });
    return { added: total, merged: 1, alreadyBundled: 0, duplicates: { id: 1, url: 0, text: 0 }, skippedInvalid: checked.errors.length, milliseconds: 5 };
  }
  async exportCorpus(scope: 'user' | 'all' | 'read') {
    const chosen = this.articles.filter((a) => (scope === 'all' ? true : scope === 'read' ? a.origin === 'read' : a.origin !== 'bundled'));
    return { lines: chosen.map((a) => `${JSON.stringify(a.record)}\n`), count: chosen.length };
  }
  async saveSettings(settings: CorpusSettings) {
    this.settings = settings;
  }
  async forgetRead(since: number | null) {
    this.calls.push(`forget since=${since}`);
    const before = this.articles.length;
    this.articles = this.articles.filter((a) => a.origin !== 'read' || (since !== null && a.addedAt < since));
    return before - this.articles.length;
  }
  async trimRead(limit: number) {
    const read = this.articles.filter((a) => a.origin === 'read').sort((a, b) => a.addedAt - b.addedAt);
    const drop = new Set(read.slice(0, Math.max(0, read.length - limit)).map((a) => a.id));
    this.articles = this.articles.filter((a) => !drop.has(a.id));
    return drop.size;
  }
  private maybeFail() {
    if (this.failWith) throw this.failWith;
  }
}

function chooseFile(text: string, name = 'corpus.jsonl') {
  const input = screen.getByLabelText('Choose a file to import') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name, { type: 'application/x-ndjson' })] } });
}

async function renderPage(admin = new FakeAdmin(), download = vi.fn()) {
  render(<OptionsApp admin={admin} download={download} />);
  await screen.findByText('In your corpus');
  return { admin, download };
}

describe('options page: Corpus', () => {
  it('counts by origin and language', async () => {
    await renderPage();
    const counts = screen.getByTestId('counts');
    expect(within(counts).getByText('Bundled')).toBeTruthy();
    expect(counts.querySelector('[data-origin="bundled"]')!.textContent).toBe('2 (1 hidden)');
    expect(counts.querySelector('[data-origin="saved"]')!.textContent).toBe('1');
    expect(counts.querySelector('[data-origin="imported"]')!.textContent).toBe('1');
    expect(counts.querySelector('[data-origin="total"]')!.textContent).toBe('4');
    expect(screen.getByTestId('languages').textContent).toBe('By language: French 2, English 1, unknown 1');
  });

  it('lists title, outlet and date, newest first, and searches them ignoring case and accents', async () => {
    await renderPage();
    const list = screen.getByTestId('article-list');
    const titles = () => [...list.querySelectorAll('.title')].map((t) => t.textContent);
    expect(titles()).toEqual(['Élection municipale', 'Imported interview', 'Budget passes in parliament', 'Storm hits the coast']);
    expect(list.querySelector('[data-id="s1"] .meta')!.textContent).toContain('Le Courrier · 2024-02-20 · French');
    fireEvent.input(screen.getByLabelText('Search articles'), { target: { value: 'election' } });
    expect(titles()).toEqual(['Élection municipale']);
    expect(screen.getByTestId('match-count').textContent).toBe('1 of 4 articles');
    fireEvent.input(screen.getByLabelText('Search articles'), { target: { value: 'example 2024-03' } });
    expect(titles()).toEqual(['Budget passes in parliament']);
    fireEvent.input(screen.getByLabelText('Search articles'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'hidden' } });
    expect(titles()).toEqual(['Storm hits the coast']);
  });

  it('deletes a user article and hides or shows a bundled one (bundled articles have no delete)', async () => {
    const { admin } = await renderPage();
    expect(screen.queryByLabelText('Delete “Budget passes in parliament”')).toBeNull();
    fireEvent.click(screen.getByLabelText('Delete “Imported interview”'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Deleted “Imported interview”.'));
    expect(screen.getByTestId('article-list').querySelector('[data-id="i1"]')).toBeNull();
    fireEvent.click(screen.getByLabelText('Hide “Budget passes in parliament”'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toMatch(/is hidden/));
    expect(admin.articles.find((a) => a.id === 'b1')!.hidden).toBe(true);
    fireEvent.click(screen.getByLabelText('Show “Storm hits the coast”'));
    await waitFor(() => expect(admin.articles.find((a) => a.id === 'b2')!.hidden).toBe(false));
  });

  it('imports a valid file with a progress bar, then reports what was added and merged', async () => {
    const admin = new FakeAdmin();
    let release!: () => void;
    admin.importGate = new Promise((resolve) => (release = resolve));
    await renderPage(admin);
    chooseFile(`${JSON.stringify(rec('n1'))}\r\n${JSON.stringify(rec('n2'))}\n`);
    const progress = await screen.findByTestId('import-progress');
    await waitFor(() => expect(progress.querySelector('progress')!.getAttribute('value')).toBe('1'));
    expect(progress.querySelector('progress')!.getAttribute('max')).toBe('2');
    expect(progress.textContent).toContain('Importing corpus.jsonl: 1 of 2 articles');
    release();
    const report = await screen.findByTestId('import-report');
    expect(report.textContent).toBe('Imported corpus.jsonl: 2 articles added; 1 duplicate merged, not doubled (1 same id).');
    await waitFor(() => expect(screen.getByTestId('counts').querySelector('[data-origin="imported"]')!.textContent).toBe('3'));
  });

  it('rejects a file with bad lines, naming each line and field, then imports the valid lines when asked', async () => {
    const { admin } = await renderPage();
    const lines = [JSON.stringify(rec('ok1')), '{oops', ...Array.from({ length: 22 }, (_, i) => JSON.stringify({ ...rec(`bad${i}`), outlet: '' })), JSON.stringify(rec('ok2'))];
    chooseFile(lines.join('\n'));
    const report = await screen.findByTestId('import-report');
    expect(report.getAttribute('role')).toBe('alert');
    expect(report.textContent).toContain('corpus.jsonl was not imported: 23 of 25 lines are not valid articles. Nothing was written.');
    const items = [...report.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toHaveLength(21);
    expect(items[0]).toMatch(/^line 2: not valid JSON \(.+\)$/);
    expect(items[1]).toBe('line 3: outlet: must not be empty');
    expect(items[20]).toBe('and 3 more lines');
    expect(admin.calls).toEqual([]);
    fireEvent.click(screen.getByText('Import the 2 valid lines'));
    await waitFor(() => expect(screen.getByTestId('import-report').textContent).toMatch(/^Imported corpus\.jsonl: 2 articles added.*23 invalid lines left out\.$/));
    expect(admin.calls).toEqual(['import validOnly=true']);
  });

  it('says an empty file is empty, and writes nothing', async () => {
    const { admin } = await renderPage();
    chooseFile('\n\n', 'empty.jsonl');
    expect((await screen.findByTestId('import-report')).textContent).toBe('empty.jsonl: The file is empty: there is no article in it to import. Nothing was imported.');
    expect(admin.calls).toEqual([]);
  });

  it('can cancel an import in progress', async () => {
    const admin = new FakeAdmin();
    let release!: () => void;
    admin.importGate = new Promise((resolve) => (release = resolve));
    await renderPage(admin);
    chooseFile(JSON.stringify(rec('n1')));
    fireEvent.click(await screen.findByText('Cancel'));
    release();
    expect((await screen.findByTestId('import-report')).textContent).toBe('corpus.jsonl: The operation was cancelled. Nothing was changed.');
    expect(admin.articles.some((a) => a.id === 'n1')).toBe(false);
  });

  it('a full disk gives a clear message', async () => {
    const admin = new FakeAdmin();
    admin.failWith = new DOMException('quota', 'QuotaExceededError');
    await renderPage(admin);
    chooseFile(JSON.stringify(rec('n1')));
    expect((await screen.findByTestId('import-report')).textContent).toMatch(/storage for Sidelight is full\. Nothing was changed and nothing already stored was lost/);
    fireEvent.click(screen.getByLabelText('Delete “Imported interview”'));
    await waitFor(() => expect(screen.getByTestId('notice').getAttribute('role')).toBe('alert'));
    expect(screen.getByTestId('notice').textContent).toMatch(/storage for Sidelight is full/);
  });

  it('exports the user corpus or everything, and remembers the choice', async () => {
    const { admin, download } = await renderPage();
    fireEvent.click(screen.getByText('Export as JSONL'));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [fileName, parts] = download.mock.calls[0]! as [string, string[]];
    expect(fileName).toMatch(/^sidelight-my-articles-\d{4}-\d{2}-\d{2}\.jsonl$/);
    expect(parts.map((p) => (JSON.parse(p) as CorpusRecord).id)).toEqual(['s1', 'i1']);
    expect(screen.getByTestId('export-report').textContent).toMatch(/^Exported 2 articles to sidelight-my-articles-/);
    fireEvent.click(screen.getByLabelText(/everything/));
    await waitFor(() => expect(admin.settings.exportScope).toBe('all'));
    fireEvent.click(screen.getByText('Export as JSONL'));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    expect((download.mock.calls[1]![1] as string[]).length).toBe(4);
  });

  it('lists records set aside and deletes them', async () => {
    const admin = new FakeAdmin();
    admin.invalid = [{ store: 'articles', key: 'broken', problems: [{ field: 'record.outlet', problem: { code: 'missing' } }, { field: 'record.published', problem: { code: 'not-calendar-date', value: '2023-13-45' } }] }];
    await renderPage(admin);
    expect(screen.getByTestId('invalid-list').textContent).toBe('article broken: record.outlet: missing; record.published: not a real calendar date: "2023-13-45" (expected YYYY-MM-DD, month 01-12, a day the month has)');
    fireEvent.click(screen.getByText('Delete the unreadable records'));
    await waitFor(() => expect(screen.queryByTestId('invalid-list')).toBeNull());
  });

  it('clears the user corpus only after a confirmation', async () => {
    const { admin } = await renderPage();
    fireEvent.click(screen.getByText('Delete all your saved and imported articles…'));
    expect(admin.articles).toHaveLength(4);
    expect(screen.getByRole('alertdialog').textContent).toMatch(/^Delete 2 saved and imported articles\? This cannot be undone/);
    fireEvent.click(screen.getByText('Cancel'));
    expect(admin.articles).toHaveLength(4);
    fireEvent.click(screen.getByText('Delete all your saved and imported articles…'));
    fireEvent.click(screen.getByText('Delete 2 articles'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Deleted 2 articles.'));
    expect(admin.articles.map((a) => a.id)).toEqual(['b1', 'b2']);
    expect((screen.getByText('Delete all your saved and imported articles…') as HTMLButtonElement).disabled).toBe(true);
  });

  it('says it is waiting when the store does not open (an old tab blocks an upgrade), and shows errors', async () => {
    const admin = new FakeAdmin();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const overview = admin.overview.bind(admin);
    admin.overview = async () => {
      await gate;
      return overview();
    };
    render(<OptionsApp admin={admin} slowAfterMs={10} />);
    expect(await screen.findByText(/Still waiting for Sidelight’s storage/)).toBeTruthy();
    open();
    await screen.findByText('In your corpus');
    cleanup();
    const failing = new FakeAdmin();
    failing.overview = () => Promise.reject(new DOMException('newer', 'VersionError'));
    render(<OptionsApp admin={failing} />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/written by a newer version of Sidelight/);
  });
});
