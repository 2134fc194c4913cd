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
import { ReadingHistoryPanel } from '../../components/options/ReadingHistoryPanel.tsx';
import { languageName } from '../../components/options/format.ts';
import { ReadingHistoryPrompt } from '../../components/sidebar/ReadingHistoryPrompt.tsx';
import { SettingsPanel } from '../../components/sidebar/SettingsPanel.tsx';
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
  for (let node = walker.nextNode(); node; node = walker.nextNode()) strings.push(node.textContent ?? '');
  for (const el of container.querySelectorAll('*')) for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) if (el.hasAttribute(attr)) strings.push(el.getAttribute(attr)!);
  return strings.filter((s) => {
    const rest = withoutMessages(s).trim();
    return rest !== '' && !/^[\d\s.,;:()–—-]+$/.test(rest) && !allowed.has(rest);
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
    for (const dir of ['components', 'i18n']) walk(path.join(import.meta.dirname, '../..', dir));
    const source = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
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

  it('the check itself catches a hard-coded string', () => {
    const { container } = render(
      <p>
        {'⟦Translated⟧'} Not translated <span aria-label="Also not">1,234</span>
      </p>,
    );
    expect(untranslated(container, DATA).map((s) => s.trim())).toEqual(['Not translated', 'Also not']);
  });
});
