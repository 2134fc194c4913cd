// @vitest-environment happy-dom
// The options page over the real store (fake-indexeddb): import a file through the file input,
// see it listed and counted, export it, clear, import the export back: the same corpus.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, expect, it, vi } from 'vitest';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { OptionsApp } from '../../components/options/OptionsApp.tsx';
import { createIdbCorpusAdmin } from '../../store/corpus-admin.ts';
import { openDatabase, readAllArticles, syncBundledCorpus } from '../../store/database.ts';

afterEach(cleanup);

const rec = (id: string, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: `https://example.com/${id}`, published: '2024-01-01', language: 'en', text: `Text of ${id}, which is unique.`, ...extra });

function chooseFile(text: string, name = 'corpus.jsonl') {
  const input = screen.getByLabelText('Choose a file to import') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([text], name)] } });
}

it('imports, lists, exports, clears and re-imports to the same corpus', async () => {
  const name = 'options-idb';
  const db = await openDatabase(name);
  await syncBundledCorpus(db, [rec('b1', { title: 'Bundled one' })], 'v');
  const notifyChanged = vi.fn();
  const download = vi.fn();
  render(<OptionsApp admin={createIdbCorpusAdmin({ name, notifyChanged })} download={download} />);
  await screen.findByText('In your corpus');

  const file = [rec('i1', { title: 'Première' }), rec('i2', { language: 'de', url: null }), rec('i3'), rec('i1-again', { url: 'https://example.com/i1' })].map((r) => JSON.stringify(r)).join('\n');
  chooseFile(`\uFEFF${file}`);
  const report = await screen.findByText(/^Imported corpus\.jsonl/);
  expect(report.textContent).toBe('Imported corpus.jsonl: 3 articles added; 1 duplicate merged, not doubled (1 same URL).');
  await waitFor(() => expect(screen.getByTestId('counts').querySelector('[data-origin="imported"]')!.textContent).toBe('3'));
  expect(notifyChanged).toHaveBeenCalledTimes(1);
  const before = (await readAllArticles(db)).articles;

  fireEvent.click(screen.getByText('Export as JSONL'));
  await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
  const exported = (download.mock.calls[0]![1] as string[]).join('');
  expect(exported.split('\n').filter(Boolean)).toHaveLength(3);

  fireEvent.click(screen.getByText('Delete all your saved and imported articles…'));
  fireEvent.click(screen.getByText('Delete 3 articles'));
  await waitFor(() => expect(screen.getByTestId('counts').querySelector('[data-origin="imported"]')!.textContent).toBe('0'));

  chooseFile(exported, 'export.jsonl');
  expect((await screen.findByText(/^Imported export\.jsonl/)).textContent).toBe('Imported export.jsonl: 3 articles added.');
  expect((await readAllArticles(db)).articles).toEqual(before);
  await waitFor(() => expect(screen.getByTestId('match-count').textContent).toBe('4 articles'));
  db.close();
});
