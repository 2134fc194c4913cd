// Reading history on the options page: on or off, the limit, what it holds (by outlet and
// language), "Forget what I read" (the last hour, the last day, everything) and its export.
import { useState } from 'preact/hooks';
import type { CorpusAdmin, CorpusOverview } from '../../store/corpus-admin.ts';
import { describeStoreError } from '../../store/errors.ts';
import { exportFileName } from '../../store/export.ts';
import { READ_LIMIT_BOUNDS, READ_LIMIT_CHOICES, type Settings } from '../../settings/schema.ts';
import { count, languageName, plural } from './format.ts';

const HOUR = 60 * 60 * 1000;

export interface ReadingHistoryPanelProps {
  admin: CorpusAdmin;
  overview: CorpusOverview;
  /** the reader's settings; null while they load */
  settings: Settings | null;
  onSettingsChange(settings: Settings): void;
  download(fileName: string, parts: BlobPart[]): void;
  /** after a write: reload the overview */
  onChanged(): void;
  now?: () => number;
}

export function ReadingHistoryPanel({ admin, overview, settings, onSettingsChange, download, onChanged, now = Date.now }: ReadingHistoryPanelProps) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const read = overview.byOrigin.read;

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await action() });
    } catch (error) {
      setMessage({ ok: false, text: describeStoreError(error) });
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const forget = (since: number | null, what: string) =>
    void run(async () => {
      const n = await admin.forgetRead(since);
      return n ? `Forgot ${plural(n, 'article')} you read ${what}.` : `No article you read ${what} was kept.`;
    });
  const setLimit = (limit: number) => {
    if (!settings) return;
    onSettingsChange({ ...settings, readingHistoryLimit: limit });
    if (limit < read) void run(async () => `Kept the ${count(limit)} newest; forgot the ${plural(await admin.trimRead(limit), 'oldest article')} you read.`);
  };

  return (
    <section aria-labelledby="history-heading" data-testid="reading-history">
      <h2 id="history-heading">Reading history</h2>
      <p class="muted">
        With reading history on, every page Sidelight reads as a news article is kept here (its text, title, outlet, address, date and language), so the next article on the same
        story finds what you already read elsewhere. Never in private windows, never for the sites you asked Sidelight never to analyse. It stays in this browser.
      </p>
      {settings ? (
        <>
          <label class="choice">
            <input
              type="checkbox"
              checked={settings.readingHistory === 'on'}
              onChange={(e) => onSettingsChange({ ...settings, readingHistory: e.currentTarget.checked ? 'on' : 'off' })}
            />{' '}
            Keep the news articles I read
          </label>
          {settings.readingHistory === 'ask' && <p class="muted">You have not chosen yet: nothing is kept until you turn it on.</p>}
          <label class="inline-field">
            At most{' '}
            <select value={String(settings.readingHistoryLimit)} onChange={(e) => setLimit(Number(e.currentTarget.value))}>
              {[...new Set([...READ_LIMIT_CHOICES, settings.readingHistoryLimit])]
                .filter((n) => n >= READ_LIMIT_BOUNDS.min && n <= READ_LIMIT_BOUNDS.max)
                .sort((a, b) => a - b)
                .map((n) => (
                  <option key={n} value={String(n)}>
                    {count(n)}
                  </option>
                ))}
            </select>{' '}
            articles; past that, the oldest you read make way (never those you saved or imported)
          </label>
        </>
      ) : (
        <p class="muted">Loading the settings…</p>
      )}
      <p data-testid="read-count">{read ? `${plural(read, 'article')} you read ${read === 1 ? 'is' : 'are'} kept.` : 'No article you read is kept.'}</p>
      {read > 0 && (
        <>
          <p class="languages" data-testid="read-by-outlet">
            By outlet:{' '}
            {overview.read.byOutlet.map(({ outlet, count: n }, i) => (
              <span key={outlet}>
                {i > 0 && ', '}
                {outlet} {count(n)}
              </span>
            ))}
          </p>
          <p class="languages" data-testid="read-by-language">
            By language:{' '}
            {overview.read.byLanguage.map(({ language, count: n }, i) => (
              <span key={language}>
                {i > 0 && ', '}
                {language === 'unknown' ? 'unknown' : languageName(language)} {count(n)}
              </span>
            ))}
          </p>
        </>
      )}
      <fieldset class="choices">
        <legend>Forget what I read</legend>
        <button type="button" disabled={busy || !read} onClick={() => forget(now() - HOUR, 'in the last hour')}>
          The last hour
        </button>{' '}
        <button type="button" disabled={busy || !read} onClick={() => forget(now() - 24 * HOUR, 'in the last day')}>
          The last day
        </button>{' '}
        <button type="button" class="danger" disabled={busy || !read} onClick={() => forget(null, 'at any time')}>
          Everything
        </button>
      </fieldset>
      <button
        type="button"
        disabled={busy || !read}
        onClick={() =>
          void run(async () => {
            const { lines, count: n } = await admin.exportCorpus('read');
            const fileName = exportFileName('read');
            download(fileName, lines);
            return `Exported ${plural(n, 'article')} you read to ${fileName}.`;
          })
        }
      >
        Export what I read as JSONL
      </button>
      {message && (
        <p class={`report ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="history-report">
          {message.text}
        </p>
      )}
    </section>
  );
}
