// Reading history on the options page: on or off, the limit, what it holds (by outlet and
// language), "Forget what I read" (the last hour, the last day, everything) and its export.
import { useState } from 'preact/hooks';
import type { CorpusAdmin, CorpusOverview } from '../../store/corpus-admin.ts';
import { storeErrorMessage } from '../../i18n/store-messages.ts';
import { exportFileName } from '../../store/export.ts';
import { READ_LIMIT_BOUNDS, READ_LIMIT_CHOICES, type Settings } from '../../settings/schema.ts';
import { count, plural, t } from '../../i18n/messages.ts';
import { languageName } from './format.ts';

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
      setMessage({ ok: false, text: storeErrorMessage(error) });
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const forget = (since: number | null, what: 'hour' | 'day' | 'all') =>
    void run(async () => {
      const n = await admin.forgetRead(since);
      if (!n) return t(what === 'hour' ? 'historyForgotNoneHour' : what === 'day' ? 'historyForgotNoneDay' : 'historyForgotNoneAll');
      return what === 'hour'
        ? plural(n, 'historyForgotHourOne', 'historyForgotHourOther')
        : what === 'day'
          ? plural(n, 'historyForgotDayOne', 'historyForgotDayOther')
          : plural(n, 'historyForgotAllOne', 'historyForgotAllOther');
    });
  const setLimit = (limit: number) => {
    if (!settings) return;
    onSettingsChange({ ...settings, readingHistoryLimit: limit });
    if (limit < read) void run(async () => t('historyTrimmed', count(limit), plural(await admin.trimRead(limit), 'historyOldestOne', 'historyOldestOther')));
  };

  return (
    <section aria-labelledby="history-heading" data-testid="reading-history">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      <p class="muted">{t('historyExplained')}</p>
      {settings ? (
        <>
          <label class="choice">
            <input
              type="checkbox"
              checked={settings.readingHistory === 'on'}
              onChange={(e) => onSettingsChange({ ...settings, readingHistory: e.currentTarget.checked ? 'on' : 'off' })}
            />{' '}
            {t('historyKeep')}
          </label>
          {settings.readingHistory === 'ask' && <p class="muted">{t('historyNotChosen')}</p>}
          <label class="inline-field">
            {t('historyAtMost')}{' '}
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
            {t('historyLimitExplained')}
          </label>
        </>
      ) : (
        <p class="muted">{t('loadingSettings')}</p>
      )}
      <p data-testid="read-count">{read ? plural(read, 'historyCountOne', 'historyCountOther') : t('historyCountNone')}</p>
      {read > 0 && (
        <>
          <p class="languages" data-testid="read-by-outlet">
            {t('byOutlet')}{' '}
            {overview.read.byOutlet.map(({ outlet, count: n }, i) => (
              <span key={outlet}>
                {i > 0 && t('listSeparator')}
                {outlet} {count(n)}
              </span>
            ))}
          </p>
          <p class="languages" data-testid="read-by-language">
            {t('byLanguage')}{' '}
            {overview.read.byLanguage.map(({ language, count: n }, i) => (
              <span key={language}>
                {i > 0 && t('listSeparator')}
                {language === 'unknown' ? t('languageUnknown') : languageName(language)} {count(n)}
              </span>
            ))}
          </p>
        </>
      )}
      <fieldset class="choices">
        <legend>{t('historyForget')}</legend>
        <button type="button" disabled={busy || !read} onClick={() => forget(now() - HOUR, 'hour')}>
          {t('historyForgetHour')}
        </button>{' '}
        <button type="button" disabled={busy || !read} onClick={() => forget(now() - 24 * HOUR, 'day')}>
          {t('historyForgetDay')}
        </button>{' '}
        <button type="button" class="danger" disabled={busy || !read} onClick={() => forget(null, 'all')}>
          {t('historyForgetAll')}
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
            return plural(n, 'historyExportedOne', 'historyExportedOther', fileName);
          })
        }
      >
        {t('historyExport')}
      </button>
      {message && (
        <p class={`report ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="history-report">
          {message.text}
        </p>
      )}
    </section>
  );
}
