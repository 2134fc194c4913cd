// @vitest-environment happy-dom
// Pseudo-locale: every message rendered as ⟦…⟧ around the English text. The components converted
// to i18n messages (i18n/messages.ts) are rendered in each of their states, and every visible text
// node and every accessible name or placeholder must be a marked message, a number, or data the
// test passed in (site and outlet names, language names from Intl): a string written into a
// component instead of messages.json fails here. Also: every key the code uses is in messages.json.
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import { setTranslator, translatorFrom, type MessageEntry } from '../../i18n/messages.ts';
import { CorpusCounts } from '../../components/options/CorpusCounts.tsx';
import { OptionsApp } from '../../components/options/OptionsApp.tsx';
import { checkImportFile, ImportRejectedError, type CheckedFile, type ImportOptions } from '../../store/import.ts';
import { lineErrorMessages, storeErrorMessage } from '../../i18n/store-messages.ts';
import { ImportBusyError } from '../../store/journal.ts';
import { InvalidArticleError } from '../../store/database.ts';
import { translationNote } from '../../i18n/translation-notes.ts';
import { englishTranslationNote } from '../../i18n/english.ts';
import type { TranslationNote } from '../../engine/schemas.ts';
import { ReadingHistoryPanel } from '../../components/options/ReadingHistoryPanel.tsx';
import { languageName } from '../../components/options/format.ts';
import { ReadingHistoryPrompt } from '../../components/sidebar/ReadingHistoryPrompt.tsx';
import { SettingsPanel } from '../../components/sidebar/SettingsPanel.tsx';
import { StatusView } from '../../components/sidebar/StatusView.tsx';
import { Summary } from '../../components/sidebar/Summary.tsx';
import { Elsewhere } from '../../components/sidebar/Elsewhere.tsx';
import { MissingContext } from '../../components/sidebar/MissingContext.tsx';
import { TranslationDifferences } from '../../components/sidebar/TranslationDifferences.tsx';
import { formatDate, languageName as sidebarLanguageName } from '../../components/sidebar/format.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { analyseSeed, bundledRecords } from '../support/engine.ts';
import { SidebarApp, announcement } from '../../components/sidebar/SidebarApp.tsx';
import type { AnalysisResult, TranslationDifference } from '../../engine/schemas.ts';
import { FakeBackend } from './sidebar-fake-backend.ts';

/** The articles' own words in a translation difference's note: outlets, numbers, modal verbs, phrases, names (not its code). */
function noteData(d: TranslationDifference): string[] {
  const { code: _code, ...rest } = d.detail;
  return Object.entries(rest).flatMap(([k, v]) => (k === 'shift' ? [] : Array.isArray(v) ? v : [v]));
}

/** Everything page- or corpus-derived an analysis can show: titles, outlets, texts, reasons, dates. */
function dataOf(result: AnalysisResult): string[] {
  const a = result.article;
  return [
    a.title,
    a.outlet ?? '',
    formatDate(a.published),
    sidebarLanguageName(a.language),
    ...result.related.flatMap((r) => [r.title, r.outlet, formatDate(r.published), formatDate(r.eventDate), sidebarLanguageName(r.language)]),
    ...result.missingContext.flatMap((m) => [m.text, m.speaker ?? '', m.speakerRole ?? '', ...m.sources.flatMap((x) => [x.outlet, x.text, formatDate(x.published)])]),
    ...result.translationDifferences.flatMap((d) => [...noteData(d), d.speaker ?? '', ...d.variants.flatMap((v) => [v.text, ...v.parts.map((p) => p.value), ...v.sources.map((x) => x.outlet)])]),
    ...bundledRecords.flatMap((r) => [r.title, r.outlet, formatDate(r.published), ...r.text.split(/\n+/)]),
  ].filter(Boolean);
}
import { DEFAULT_SETTINGS, type Settings } from '../../settings/schema.ts';
import { overviewOf, type CorpusAdmin } from '../../store/corpus-admin.ts';
import { storedArticle } from '../../store/identity.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';

const messages = english as Record<string, MessageEntry>;
const englishTranslator = translatorFrom(messages);

beforeAll(() => setTranslator((key, subs) => (messages[key] ? `⟦${englishTranslator(key, subs)}⟧` : ''), 'en'));
afterAll(() => setTranslator(englishTranslator, 'en'));
afterEach(cleanup);

/** Removes every ⟦…⟧ (nested ones too) from a string. */
function withoutMessages(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '⟦') depth++;
    else if (ch === '⟧') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Visible strings of a container that are neither a message, a number nor allowed data. */
function untranslated(container: Element, data: readonly string[]): string[] {
  const allowed = new Set(data);
  const strings: string[] = [];
  const walker = document.createTreeWalker(container, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // decorative glyphs hidden from screen readers: a chevron, an outlet's initial on its badge
    if (node.parentElement?.closest('[aria-hidden="true"]') && (node.textContent ?? '').trim().length <= 2) continue;
    strings.push(node.textContent ?? '');
  }
  for (const el of container.querySelectorAll('*')) for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) if (el.hasAttribute(attr)) strings.push(el.getAttribute(attr)!);
  // data (titles, outlets, dates, reasons) may share a text node with messages: take it out, longest first
  const pieces = [...allowed].filter(Boolean).sort((a, b) => b.length - a.length);
  return strings.filter((s) => {
    let rest = withoutMessages(s);
    for (const piece of pieces) rest = rest.split(piece).join('');
    rest = rest.trim();
    return rest !== '' && !/^[\d\s.,;:()·…“”–—-]+$/.test(rest);
  });
}

const rec = (id: string, extra: Partial<CorpusRecord> = {}): CorpusRecord => ({ id, title: `Title ${id}`, outlet: 'Outlet', url: null, published: null, language: 'en', text: `Text ${id}.`, ...extra });
const articles = [
  storedArticle(rec('b1', { language: 'de' }), 'bundled', true, 1),
  storedArticle(rec('b2', { language: null }), 'bundled', false, 1),
  storedArticle(rec('r1', { outlet: 'Der Spiegel', language: 'de' }), 'read', false, 5),
  storedArticle(rec('r2', { outlet: 'Le Monde', language: null }), 'read', false, 6),
  storedArticle(rec('s1'), 'saved', false, 7),
];
const DATA = ['Der Spiegel', 'Le Monde', 'example.com', 'news.example', languageName('de'), languageName('en'), 'bad site!'];

const admin = {
  forgetRead: async () => 2,
  trimRead: async () => 1,
  exportCorpus: async () => ({ lines: ['{}\n'], count: 1 }),
} as unknown as CorpusAdmin;

/** An imported file's lines: one valid, then one of each problem a line can have. */
const BAD_LINES = [
  '{"id":"x","title":"t","outlet":"o","text":"Some text."}',
  'not json',
  '[1,2]',
  '{"id":"a","title":"t","text":"Some text."}',
  '{"id":"b","title":"t","outlet":"o","text":"Some text.","published":20240301}',
  '{"id":"c","title":"t","outlet":"o","text":"Some text.","published":"2023-13-45"}',
  '{"id":"d","title":"t","outlet":"o","text":"Some text.","published":"March 2023"}',
  '{"id":"e","title":"t","outlet":"o","text":"Some text.","language":"English"}',
  '{"id":"f","title":"t","outlet":"o","text":""}',
  `{"id":"g","title":"${'x'.repeat(1001)}","outlet":"o","text":"Some text."}`,
  '{"id":"h","title":"t","outlet":"o","text":"Some text.","sidelight":{"origin":"stolen","addedAt":-1,"hidden":"no"}}',
  '{"id":"i","title":"t","outlet":"o","text":"Some text.","sidelight":7}',
];
/** What of those lines' reports is the file's own or the JSON parser's: field names, values, the parser's message. */
const BAD_LINE_DATA = [
  ...['id', 'title', 'outlet', 'text', 'published', 'language', 'sidelight', 'sidelight.origin', 'sidelight.addedAt', 'sidelight.hidden'],
  '2023-13-45',
  'English',
  'bundled',
  'saved',
  'imported',
  'read',
  (() => {
    try {
      return JSON.parse('not json') as string;
    } catch (error) {
      return (error as Error).message;
    }
  })(),
];

describe('pseudo-locale: no hard-coded UI string in the converted components', () => {
  it('every key the code uses is a message, and every message is used', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    for (const dir of ['components', 'i18n', 'background']) walk(path.join(import.meta.dirname, '../..', dir));
    // the manifest's messages (__MSG_name__) are used in wxt.config.ts
    files.push(path.join(import.meta.dirname, '../../wxt.config.ts'));
    const source = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n').replace(/__MSG_(\w+)__/g, "t('$1'");
    const used = new Set([...source.matchAll(/\bt\('(\w+)'|plural\([^)]*?'(\w+)',\s*'(\w+)'|\b(?:label|hint): '(\w+)'/g)].flatMap((m) => m.slice(1).filter(Boolean)));
    expect([...used].filter((k) => !(k in messages)), 'keys without a message').toEqual([]);
    expect(Object.keys(messages).filter((k) => !used.has(k) && !source.includes(`'${k}'`)), 'messages no code uses').toEqual([]);
  });

  it('the first-run question', () => {
    const { container } = render(<ReadingHistoryPrompt onChoose={() => undefined} />);
    expect(untranslated(container, DATA)).toEqual([]);
  });

  it('the settings: sites listed, the current site offered, a site name refused; and with no sites', async () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, neverSites: ['example.com'], readingHistory: 'on', readingHistoryLimit: 1234 };
    const { container } = render(<SettingsPanel settings={settings} onChange={() => undefined} currentSite="news.example" />);
    fireEvent.input(screen.getByRole('textbox'), { target: { value: 'bad site!' } });
    fireEvent.submit(container.querySelector('form')!);
    await screen.findByRole('alert');
    expect(untranslated(container, DATA)).toEqual([]);
    cleanup();
    const empty = render(<SettingsPanel settings={DEFAULT_SETTINGS} onChange={() => undefined} />);
    expect(untranslated(empty.container, DATA)).toEqual([]);
  });

  it('the corpus counts: only bundled (with the way to grow it), and with articles read and saved', () => {
    const bundledOnly = overviewOf(articles.filter((a) => a.origin === 'bundled'), [], { exportScope: 'user' });
    for (const history of ['ask', 'on'] as const) {
      const { container } = render(<CorpusCounts overview={bundledOnly} readingHistory={history} />);
      expect(untranslated(container, DATA)).toEqual([]);
      cleanup();
    }
    const { container } = render(<CorpusCounts overview={overviewOf(articles, [], { exportScope: 'user' })} />);
    expect(untranslated(container, DATA)).toEqual([]);
  });

  it('the reading-history panel: loading, not chosen, on with counts, after forgetting and exporting', async () => {
    const overview = overviewOf(articles, [], { exportScope: 'user' });
    const props = { admin, overview, onSettingsChange: () => undefined, download: () => undefined, onChanged: () => undefined };
    for (const settings of [null, DEFAULT_SETTINGS]) {
      const { container } = render(<ReadingHistoryPanel {...props} settings={settings} />);
      expect(untranslated(container, DATA)).toEqual([]);
      cleanup();
    }
    const { container } = render(<ReadingHistoryPanel {...props} settings={{ ...DEFAULT_SETTINGS, readingHistory: 'on', readingHistoryLimit: 777 }} />);
    expect(untranslated(container, DATA)).toEqual([]);
    for (const button of ['The last hour', 'The last day', 'Everything', 'Export what I read as JSONL']) {
      fireEvent.click(screen.getByRole('button', { name: `⟦${button}⟧` }));
      await waitFor(() => expect(screen.getByTestId('history-report')).toBeTruthy());
      expect(untranslated(container, [...DATA, 'sidelight-reading-history'])).toEqual([]);
    }
  });

  it('the sidebar’s status views, every state, and the reading and analysing states timed out', async () => {
    const reason = 'the page has too little text to be a news article';
    const states: Array<Exclude<TabState, { status: 'ready' }> | null> = [
      null,
      { status: 'waiting', url: null },
      { status: 'extracting', url: null },
      { status: 'analysing', url: null, title: 'A headline', corpusSize: 1234 },
      { status: 'analysing', url: null, title: '', corpusSize: 5 },
      { status: 'unsupported', url: null },
      { status: 'paused', url: null, reason },
      { status: 'not-article', url: null, reason },
      { status: 'too-large', url: null, reason },
      { status: 'error', url: null, message: reason },
    ];
    for (const state of states) {
      const { container } = render(<StatusView state={state} onRetry={() => undefined} onOpenSettings={() => undefined} slowAfterMs={0} />);
      await new Promise((r) => setTimeout(r, 5));
      expect(untranslated(container, [...DATA, reason, 'A headline']), state?.status ?? 'null').toEqual([]);
      cleanup();
    }
    for (const state of [{ status: 'extracting', url: null }, { status: 'analysing', url: null, title: 'x', corpusSize: 1 }] as const) {
      const { container } = render(<StatusView state={state} onRetry={() => undefined} giveUpAfterMs={{ reading: 1, analysing: 1 }} />);
      await screen.findByText(/taking too long/);
      expect(untranslated(container, DATA)).toEqual([]);
      cleanup();
    }
  });

  it('the summary line and This story elsewhere, with a card the reader read and "show more"', () => {
    const result = analyseSeed('000');
    const data = [
      ...DATA,
      ...result.related.flatMap((r) => [r.title, r.outlet, formatDate(r.published), formatDate(r.eventDate), sidebarLanguageName(r.language)]),
    ];
    const summary = render(<Summary result={result} onJump={() => undefined} />);
    expect(untranslated(summary.container, data)).toEqual([]);
    cleanup();
    const { container } = render(<Elsewhere related={result.related} limit={1} onOpen={() => undefined} readIds={[result.related[0]!.id]} />);
    for (const button of screen.getAllByRole('button', { name: '⟦Why?⟧' })) fireEvent.click(button);
    expect(container.textContent).toContain('⟦you read it⟧');
    expect(container.textContent).toMatch(/⟦Show \d+ more⟧/);
    expect(untranslated(container, data)).toEqual([]);
  });

  it('missing context and translation differences, every disclosure open, and their empty states', () => {
    const result = analyseSeed('000');
    const data = [
      ...DATA,
      ...result.related.flatMap((r) => [r.outlet, formatDate(r.published)]),
      ...result.missingContext.flatMap((m) => [m.text, m.speaker ?? '', m.speakerRole ?? '', ...m.sources.flatMap((x) => [x.outlet, x.text, formatDate(x.published)])]),
      ...result.translationDifferences.flatMap((d) => [...noteData(d), d.speaker ?? '', ...d.variants.flatMap((v) => [v.text, ...v.parts.map((p) => p.value), ...v.sources.map((x) => x.outlet)])]),
    ];
    expect(result.missingContext.length).toBeGreaterThan(0);
    expect(result.translationDifferences.length).toBeGreaterThan(0);
    const missing = render(<MissingContext items={result.missingContext} related={result.related} limit={1} onOpen={() => undefined} />);
    for (const button of screen.getAllByRole('button').filter((b) => /Why|wording|Show all/.test(b.textContent ?? ''))) fireEvent.click(button);
    expect(untranslated(missing.container, data)).toEqual([]);
    cleanup();
    const diffs = render(<TranslationDifferences items={result.translationDifferences} articleOutlet={result.article.outlet} related={result.related} limit={1} />);
    for (const button of screen.getAllByRole('button').filter((b) => /Why|Which|Show/.test(b.textContent ?? ''))) fireEvent.click(button);
    expect(untranslated(diffs.container, [...data, result.article.outlet ?? ''])).toEqual([]);
    cleanup();
    const empty = render(
      <>
        <MissingContext items={[]} related={[]} limit={3} onOpen={() => undefined} />
        <TranslationDifferences items={[]} articleOutlet={null} limit={3} />
      </>,
    );
    expect(untranslated(empty.container, DATA)).toEqual([]);
  });

  it('the whole sidebar: first-run question, article header, results, announcement; then the reader view and the settings', async () => {
    const result = analyseSeed('000');
    const backend = new FakeBackend();
    backend.states.set(1, { status: 'ready', url: 'https://news.example/a', result, savedId: null, readIds: [result.related[0]!.id] });
    const { container } = render(<SidebarApp backend={backend} />);
    await screen.findByTestId('reading-history-prompt');
    const data = [...DATA, ...dataOf(result)];
    expect(untranslated(container, data)).toEqual([]);
    expect(announcement(backend.states.get(1)!)).toMatch(/^⟦.*⟧$/);
    // a missing-context source in the reader view, the passage found
    fireEvent.click(container.querySelector('.missing-item .sources button')!);
    await waitFor(() => expect(container.querySelector('.reader')).toBeTruthy());
    expect(untranslated(container, data)).toEqual([]);
    fireEvent.click(container.querySelector('.reader .back')!);
    fireEvent.click(screen.getByRole('button', { name: '⟦Settings⟧' }));
    await waitFor(() => expect(container.querySelector('.settings-view')).toBeTruthy());
    expect(untranslated(container, [...data, 'news.example'])).toEqual([]);
  });

  it('no other coverage: what was searched and how to grow the corpus, saved or not, with reading history off', async () => {
    const nothing: AnalysisResult = { ...analyseSeed('000'), related: [], missingContext: [], translationDifferences: [] };
    const makeups = [
      { bundled: 5, saved: 0, imported: 0, read: 0, languages: ['de', 'en', 'es', 'fr', 'pt'] },
      { bundled: 5, saved: 3, imported: 0, read: 120, languages: ['de', 'en', 'es', 'fr', 'pt', 'it', 'nl'] },
      { bundled: 0, saved: 1, imported: 0, read: 0, languages: ['en'] },
    ];
    for (const [i, corpusMakeup] of makeups.entries()) {
      const backend = new FakeBackend();
      backend.settings = { ...DEFAULT_SETTINGS, readingHistory: 'off' };
      backend.states.set(1, { status: 'ready', url: null, result: nothing, savedId: i === 2 ? 'x' : null, corpusMakeup, corpusDates: { from: '2022-04-04', to: i ? '2023-04-26' : '2022-04-04' } });
      const { container } = render(<SidebarApp backend={backend} />);
      await screen.findByText(/No other coverage found/);
      const data = [...DATA, ...dataOf(nothing), ...corpusMakeup.languages.map(sidebarLanguageName), formatDate('2022-04-04'), formatDate('2023-04-26')];
      expect(untranslated(container, data)).toEqual([]);
      cleanup();
    }
  });

  it('the whole options page: loading, counts, reading history, import (a file with bad lines, then one imported), export, the list, records set aside, clearing', async () => {
    const invalid = [{ store: 'articles' as const, key: 'broken-1', problems: [{ field: 'record.outlet', problem: { code: 'missing' as const } }] }];
    const fake = {
      overview: async () => overviewOf(articles, invalid, { exportScope: 'user' }),
      deleteArticles: async () => 1,
      setHidden: async () => undefined,
      clearUserCorpus: async () => 1,
      deleteInvalid: async () => 1,
      checkImport: (text: string) => checkImportFile(text),
      async runImport(checked: CheckedFile, options: ImportOptions = {}) {
        options.onProgress?.({ done: 1, total: checked.entries.length });
        return { added: 1, merged: 1, alreadyBundled: 1, duplicates: { id: 1, url: 1, text: 1 }, skippedInvalid: 1, milliseconds: 1 };
      },
      exportCorpus: async () => ({ lines: ['{}\n'], count: 2 }),
      saveSettings: async () => undefined,
      forgetRead: async () => 1,
      trimRead: async () => 0,
    } satisfies CorpusAdmin;
    const settings = { load: async () => ({ ...DEFAULT_SETTINGS, readingHistory: 'on' as const }), save: async () => undefined, watch: () => () => undefined };
    const data = [...DATA, ...articles.flatMap((a) => [a.record.title, a.record.outlet, languageName(a.record.language ?? 'und')]), 'broken-1', 'record.outlet', 'bad.jsonl', 'good.jsonl'];
    const { container } = render(<OptionsApp admin={fake} settings={settings} download={() => undefined} slowAfterMs={0} />);
    await screen.findByTestId('corpus-summary');
    expect(untranslated(container, data)).toEqual([]);
    // a file with bad lines: the report, each line's problems worded through messages (only the
    // file's own field names and values and the JSON parser's words are data), the choice
    const bad = BAD_LINES.join('\n');
    fireEvent.change(screen.getByLabelText('⟦Choose a file to import⟧'), { target: { files: [new File([bad], 'bad.jsonl')] } });
    await screen.findByText(/⟦Import the 1 valid line⟧/);
    expect(screen.getByTestId('import-report').querySelectorAll('li')).toHaveLength(BAD_LINES.length - 1);
    expect(untranslated(container, [...data, ...BAD_LINE_DATA])).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '⟦Import the 1 valid line⟧' }));
    await waitFor(() => expect(screen.getByTestId('import-report').textContent).toMatch(/⟦Imported bad\.jsonl/));
    fireEvent.click(screen.getByRole('button', { name: '⟦Export as JSONL⟧' }));
    await screen.findByTestId('export-report');
    fireEvent.click(screen.getByRole('button', { name: '⟦Delete all your saved and imported articles…⟧' }));
    await screen.findByRole('alertdialog');
    expect(untranslated(container, [...data, 'sidelight-my-articles'])).toEqual([]);
    fireEvent.click(screen.getAllByRole('button').find((b) => /⟦Delete \d+ articles?⟧/.test(b.textContent ?? ''))!);
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toMatch(/^⟦Deleted/));
    expect(untranslated(container, data)).toEqual([]);
  });

  it("the store's failures and every line problem of an import, worded through messages", async () => {
    const checked = await checkImportFile(BAD_LINES.join('\n'));
    const codes = new Set(checked.errors.flatMap((e) => e.problems.map((p) => p.problem.code)));
    // every kind of problem a line can have is among them (the validator's own words: none)
    expect([...codes].sort()).toEqual(['empty', 'missing', 'negative', 'not-calendar-date', 'not-date', 'not-json', 'not-language-code', 'not-object', 'not-one-of', 'too-long', 'wrong-type']);
    const many = await checkImportFile(Array.from({ length: 25 }, () => 'not json').join('\n'));
    const named = (error: unknown) => Object.assign(new Error('the browser says why'), { name: String(error) });
    const errors: unknown[] = [
      new ImportRejectedError(checked, { code: 'file-empty' }),
      new ImportRejectedError(checked, { code: 'invalid-lines', invalid: 3, lines: 1234 }),
      new ImportRejectedError(checked, { code: 'no-valid-line' }),
      new ImportBusyError(),
      new InvalidArticleError([
        { field: 'outlet', problem: { code: 'empty' } },
        { field: 'published', problem: { code: 'not-calendar-date', value: '2023-13-45' } },
      ]),
      ...['QuotaExceededError', 'ConstraintError', 'AbortError', 'VersionError', 'InvalidStateError', 'UnknownError', 'TypeError'].map(named),
      { name: 'UnknownError' },
      'not an error at all',
    ];
    const { container } = render(
      <ul>
        {[...lineErrorMessages(checked.errors), ...lineErrorMessages(many.errors), ...errors.map(storeErrorMessage)].map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>,
    );
    expect(container.textContent).toContain('⟦and 5 more lines⟧');
    expect(untranslated(container, [...BAD_LINE_DATA, 'the browser says why'])).toEqual([]);
  });

  it("every translation difference's note is a message around the articles' own words; an English note would be caught", () => {
    const notes: TranslationNote[] = [
      { code: 'negation-dropped', outlet: 'Der Spiegel' },
      { code: 'negation-added', outlet: 'Der Spiegel' },
      { code: 'numbers-differ', here: ['12', '3'], there: ['10'], outlet: 'Le Monde' },
      ...(['softened', 'strengthened', 'changed'] as const).map((shift) => ({ code: 'modality' as const, to: 'could', from: 'will', shift, outlet: 'Le Monde' })),
      { code: 'phrase-missing', phrase: 'as soon as possible', outlet: 'Le Monde' },
      { code: 'phrase-added', phrase: 'as soon as possible', outlet: 'Le Monde' },
      { code: 'quote-wording', outlet: 'Le Monde' },
      { code: 'attribution', here: 'Dmytro Kuleba', there: 'Qin Gang' },
      { code: 'name-spelling', names: ['Kiev', 'Kyiv'] },
    ];
    const words = ['Der Spiegel', 'Le Monde', '12', '3', '10', 'could', 'will', 'as soon as possible', 'Dmytro Kuleba', 'Qin Gang', 'Kiev', 'Kyiv'];
    const { container } = render(
      <ul>
        {notes.map((n, i) => (
          <li key={i}>{translationNote(n)}</li>
        ))}
      </ul>,
    );
    expect(untranslated(container, words)).toEqual([]);
    // the English formatter (the CLI's) bypasses the UI's messages: rendered in a component, the check fails
    cleanup();
    const english = render(<p>{englishTranslationNote(notes[3]!)}</p>);
    expect(english.container.textContent).toBe('could vs will: certainty softened (Le Monde)');
    expect(untranslated(english.container, words)).not.toEqual([]);
  });

  it('the check itself catches a hard-coded string', () => {
    const { container } = render(
      <p>
        {'⟦Translated⟧'} Not translated <span aria-label="Also not">1,234</span>
      </p>,
    );
    expect(untranslated(container, DATA).map((s) => s.trim())).toEqual(['Not translated', 'Also not']);
  });
});
