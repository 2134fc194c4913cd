// The options page, "Corpus": counts, import, export, the searchable list, records set aside,
// and clearing the reader's corpus. It reaches the store only through `CorpusAdmin`.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CorpusAdmin, CorpusOverview } from '../../store/corpus-admin.ts';
import { fieldProblemsMessage, storeErrorMessage } from '../../i18n/store-messages.ts';
import type { CorpusSettings } from '../../store/schema.ts';
import type { Settings } from '../../settings/schema.ts';
import { ArticleList } from './ArticleList.tsx';
import { CorpusCounts } from './CorpusCounts.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { plural, t } from '../../i18n/messages.ts';
import { downloadFile } from './format.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { ReadingHistoryPanel } from './ReadingHistoryPanel.tsx';

/** The reader's settings (settings/storage.ts in the extension; a fake in tests). */
export interface SettingsAccess {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  /** calls back when another page changes them; returns an unsubscribe */
  watch(callback: (settings: Settings) => void): () => void;
}

export interface OptionsAppProps {
  admin: CorpusAdmin;
  /** saves an exported file (the browser's download by default; tests capture it) */
  download?: (fileName: string, parts: BlobPart[]) => void;
  /** after this long without the corpus, the page says it is waiting (another tab may block an upgrade) */
  slowAfterMs?: number;
  /** the reader's settings, for reading history; without it the section says it cannot be changed here */
  settings?: SettingsAccess;
}

type Notice = { ok: boolean; text: string } | null;

export function OptionsApp({ admin, download = downloadFile, slowAfterMs = 3000, settings: settingsAccess }: OptionsAppProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    if (!settingsAccess) return;
    let live = true;
    void settingsAccess.load().then((s) => live && setSettings(s));
    const off = settingsAccess.watch(setSettings);
    return () => {
      live = false;
      off();
    };
  }, [settingsAccess]);
  const changeSettings = (next: Settings) => {
    setSettings(next);
    void settingsAccess?.save(next).catch((error: unknown) => setNotice({ ok: false, text: storeErrorMessage(error) }));
  };
  const [overview, setOverview] = useState<CorpusOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [slow, setSlow] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [confirmClear, setConfirmClear] = useState(false);

  const reload = useCallback(async () => {
    try {
      setOverview(await admin.overview());
      setLoadError(null);
    } catch (error) {
      setLoadError(storeErrorMessage(error));
    }
  }, [admin]);

  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), slowAfterMs);
    void reload().finally(() => clearTimeout(timer));
    return () => clearTimeout(timer);
  }, [reload, slowAfterMs]);

  /** Runs a write, then reloads; the message says what happened or what went wrong. */
  const act = async (write: () => Promise<string>) => {
    setBusy(true);
    setNotice(null);
    try {
      setNotice({ ok: true, text: await write() });
    } catch (error) {
      setNotice({ ok: false, text: storeErrorMessage(error) });
    } finally {
      await reload();
      setBusy(false);
    }
  };

  const setScope = (exportScope: CorpusSettings['exportScope']) => {
    if (!overview) return;
    setOverview({ ...overview, settings: { ...overview.settings, exportScope } });
    void admin.saveSettings({ ...overview.settings, exportScope }).catch((error: unknown) => setNotice({ ok: false, text: storeErrorMessage(error) }));
  };

  if (!overview) {
    return (
      <main class="options">
        <h1>{t('optionsHeading')}</h1>
        {loadError ? (
          <p class="report error" role="alert">
            {loadError}{' '}
            <button type="button" onClick={() => void reload()}>
              {t('tryAgain')}
            </button>
          </p>
        ) : (
          <p class="muted" role="status">
            {slow ? t('optionsStillWaiting') : t('optionsLoading')}
          </p>
        )}
      </main>
    );
  }

  const userCount = overview.byOrigin.saved + overview.byOrigin.imported;
  return (
    <main class="options">
      <h1>{t('optionsHeading')}</h1>
      <p class="muted">{t('optionsIntro')}</p>
      {notice && (
        <p class={`report ${notice.ok ? 'ok' : 'error'}`} role={notice.ok ? 'status' : 'alert'} data-testid="notice">
          {notice.text}
        </p>
      )}
      <CorpusCounts overview={overview} readingHistory={settings?.readingHistory ?? null} />
      {settingsAccess && (
        <ReadingHistoryPanel admin={admin} overview={overview} settings={settings} onSettingsChange={changeSettings} download={download} onChanged={() => void reload()} />
      )}
      <ImportPanel admin={admin} onImported={() => void reload()} />
      <ExportPanel admin={admin} scope={overview.settings.exportScope} onScopeChange={setScope} download={download} />
      <ArticleList
        articles={overview.articles}
        busy={busy}
        onDelete={(a) => void act(async () => ((await admin.deleteArticles([a.id])) ? t('noticeDeleted', a.title) : t('noticeAlreadyGone', a.title)))}
        onSetHidden={(a, hidden) =>
          void act(async () => {
            await admin.setHidden(a.id, hidden);
            return hidden ? t('noticeHidden', a.title) : t('noticeShown', a.title);
          })
        }
      />
      {overview.invalid.length > 0 && (
        <section aria-labelledby="invalid-heading">
          <h2 id="invalid-heading">{t('invalidHeading')}</h2>
          <p class="muted">{plural(overview.invalid.length, 'invalidExplainedOne', 'invalidExplainedOther')}</p>
          <ul class="line-errors" data-testid="invalid-list">
            {overview.invalid.map((r) => (
              <li key={`${r.store}:${r.key}`}>
                {t(r.store === 'settings' ? 'invalidSettings' : 'invalidArticle')} <code>{r.key}</code>
                {t('labelColon')} {fieldProblemsMessage(r.problems)}
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy} onClick={() => void act(async () => plural(await admin.deleteInvalid(overview.invalid), 'invalidDeletedOne', 'invalidDeletedOther'))}>
            {t('invalidDelete')}
          </button>
        </section>
      )}
      <section aria-labelledby="clear-heading">
        <h2 id="clear-heading">{t('clearHeading')}</h2>
        {!confirmClear ? (
          <button type="button" class="danger" disabled={busy || userCount === 0} onClick={() => setConfirmClear(true)}>
            {t('clearButton')}
          </button>
        ) : (
          <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
            <p id="confirm-text">
              {plural(userCount, 'clearConfirmOne', 'clearConfirmOther')}
            </p>
            <button
              type="button"
              class="danger"
              disabled={busy}
              onClick={() => {
                setConfirmClear(false);
                void act(async () => plural(await admin.clearUserCorpus(), 'clearDoneOne', 'clearDoneOther'));
              }}
            >
              {plural(userCount, 'clearDeleteOne', 'clearDeleteOther')}
            </button>{' '}
            <button type="button" onClick={() => setConfirmClear(false)}>
              {t('cancel')}
            </button>
          </div>
        )}
      </section>
    </main>
  );
}
