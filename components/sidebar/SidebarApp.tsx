// The sidebar: follows the active tab, shows its state, and the three result sections; the
// reader view and the settings open over the results, which stay mounted underneath.
// It never shows a previous page: a new tab or page clears the view at once, and every answer
// from the background is dropped unless it is the answer to the latest question about the tab
// still shown.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { ResultSectionSchema, siteOf, type Settings } from '../../settings/schema.ts';
import type { SidebarBackend } from './backend.ts';
import { plural, t } from '../../i18n/messages.ts';
import { Results } from './Results.tsx';
import { ReaderView } from './ReaderView.tsx';
import { ReadingHistoryPrompt } from './ReadingHistoryPrompt.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { StatusView, type GiveUpAfter } from './StatusView.tsx';
import { applyTheme } from './theme.ts';

export interface SidebarAppProps {
  backend: SidebarBackend;
  /** after this long analysing, the sidebar says a large corpus takes a while */
  slowAfterMs?: number;
  /** after this long reading or analysing, the sidebar says so and offers "Try again" */
  giveUpAfterMs?: GiveUpAfter;
}

export interface ReaderTarget {
  record: CorpusRecord;
  highlight: string | null;
  /** the language its text is in, as the analysis read it (a translation's differs from the record's) */
  textLanguage?: string | null;
}

/** What is open over the results. */
type Overlay = { kind: 'reader'; target: ReaderTarget } | { kind: 'settings' } | null;

export function SidebarApp({ backend, slowAfterMs, giveUpAfterMs }: SidebarAppProps) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const tabRef = useRef<number | null>(null);
  /** the state shown, for callbacks that read it without re-creating themselves */
  const stateRef = useRef<TabState | null>(null);
  stateRef.current = state;
  /** increases with every question to the background; only the latest answer is shown */
  const askRef = useRef(0);

  // settings: loaded once, then followed (the options page or another window may change them)
  useEffect(() => {
    let live = true;
    void backend.getSettings().then((s) => live && setSettings(s));
    const off = backend.onSettingsChanged((s) => setSettings(s));
    return () => {
      live = false;
      off();
    };
  }, [backend]);
  useEffect(() => {
    if (settings) applyTheme(settings.theme);
  }, [settings?.theme]);

  /** Shows the background's answer for a tab, unless a newer question or another tab came since. */
  const ask = useCallback(async (id: number, question: () => Promise<TabState>) => {
    const asked = ++askRef.current;
    const current = () => askRef.current === asked && tabRef.current === id;
    try {
      const s = await question();
      if (current()) setState(s);
    } catch (error) {
      if (current()) setState({ status: 'error', url: null, message: t('errorNoBackground', (error as Error).message) });
    }
  }, []);

  const show = useCallback(
    (id: number | null) => {
      tabRef.current = id;
      setTabId(id);
      if (id === null) {
        askRef.current++;
        setState({ status: 'unsupported', url: null });
        return;
      }
      void ask(id, () => backend.getTabState(id));
    },
    [backend, ask],
  );

  useEffect(() => {
    let live = true;
    void backend.activeTabId().then((id) => {
      if (live && tabRef.current === null) show(id);
    });
    const offTab = backend.onActiveTabChanged((id) => {
      // a new page or tab: never keep showing the previous analysis (the settings may stay open)
      setOverlay((o) => (o?.kind === 'reader' ? null : o));
      setNotice(null);
      askRef.current++;
      setState(null);
      show(id);
    });
    const offState = backend.onTabStateChanged((id) => {
      if (id === tabRef.current) show(id);
    });
    return () => {
      live = false;
      offTab();
      offState();
    };
  }, [backend, show]);

  // Opening an overlay remembers where the results were scrolled to and which control opened it;
  // closing it restores both. The results stay mounted (hidden), so open reasons, "show more" and
  // collapsed sections are as the reader left them and the scroll position is still right.
  const scrollRef = useRef(0);
  const openerRef = useRef<HTMLElement | null>(null);
  const open = useCallback((next: Exclude<Overlay, null>) => {
    setOverlay((current) => {
      if (current === null) {
        scrollRef.current = window.scrollY;
        openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      }
      return next;
    });
  }, []);
  const close = useCallback(() => setOverlay(null), []);
  const overlayOpen = overlay !== null;
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (wasOpen.current && !overlayOpen) {
      window.scrollTo(0, scrollRef.current);
      const opener = openerRef.current;
      if (opener?.isConnected) opener.focus({ preventScroll: true });
      openerRef.current = null;
    }
    wasOpen.current = overlayOpen;
  }, [overlayOpen]);

  const openArticle = useCallback(
    async (id: string, highlight: string | null) => {
      const tab = tabRef.current;
      const record = await backend.getCorpusArticle(id);
      if (tabRef.current !== tab) return;
      if (!record) {
        setNotice(t('noticeArticleGone'));
        return;
      }
      const listed = stateRef.current?.status === 'ready' ? stateRef.current.result.related.find((r) => r.id === id) : undefined;
      open({ kind: 'reader', target: { record, highlight, textLanguage: listed?.textLanguage ?? null } });
    },
    [backend, open],
  );

  const toggleSettings = useCallback(() => {
    if (overlay?.kind === 'settings') close();
    else open({ kind: 'settings' });
  }, [overlay, open, close]);

  const changeSettings = useCallback(
    (next: Settings) => {
      setSettings(next);
      backend.saveSettings(next).catch((error: Error) => setNotice(t('noticeSettingsNotSaved', error.message)));
    },
    [backend],
  );

  // collapsed sections are the reader's: remembered in the settings, the same on every page
  const collapsed = settings?.collapsedSections;
  const sections = useMemo(
    () =>
      collapsed && {
        collapsed,
        onToggle: (id: string, open: boolean) => {
          const parsed = ResultSectionSchema.safeParse(id);
          if (!parsed.success || !settings) return;
          const rest = settings.collapsedSections.filter((s) => s !== parsed.data);
          changeSettings({ ...settings, collapsedSections: open ? rest : [...rest, parsed.data] });
        },
      },
    [collapsed, settings, changeSettings],
  );

  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => {
    if (tabId === null) return;
    setAttempt((a) => a + 1);
    setNotice(null);
    askRef.current++;
    setState({ status: 'extracting', url: state?.url ?? null });
    void ask(tabId, () => backend.analyseTab(tabId));
  }, [backend, ask, tabId, state]);

  const compareMore = useCallback(async () => {
    if (tabId === null) return;
    await ask(tabId, () => backend.compareMoreVersions(tabId));
  }, [backend, ask, tabId]);

  const save = useCallback(async () => {
    if (tabId === null) return;
    const r = await backend.saveTabArticle(tabId);
    if (tabRef.current === tabId) setNotice(r.message);
  }, [backend, tabId]);

  // results wait for the settings (items per section), so lists do not change length after showing
  const shown = state?.status === 'ready' && !settings ? null : state;
  const loading = shown === null || shown.status === 'waiting' || shown.status === 'extracting' || shown.status === 'analysing';
  const settingsOpen = overlay?.kind === 'settings';
  return (
    <>
      <header class="topbar">
        <p class="brand">{t('brand')}</p>
        <button type="button" class="icon-button" aria-label={t('settingsHeading')} aria-expanded={settingsOpen} aria-controls={settingsOpen ? 'settings-panel' : undefined} onClick={toggleSettings}>
          <span aria-hidden="true">{'\u2699\ufe0e'}</span>
        </button>
      </header>
      {/* outside <main>: a live region inside an aria-busy element may not be announced */}
      <p class="visually-hidden" role="status">
        {overlayOpen ? '' : announcement(shown)}
      </p>
      <main class="sidebar" aria-busy={loading && !overlayOpen}>
        {settings?.readingHistory === 'ask' && !overlayOpen && <ReadingHistoryPrompt onChoose={(choice) => changeSettings({ ...settings, readingHistory: choice })} />}
        <div class="view" hidden={overlayOpen}>
          {shown?.status === 'ready' && shown.team && <p class="team-corpus">{teamCorpusLine(shown.team)}</p>}
          {shown?.status === 'ready' ? (
            <Results
              result={shown.result}
              corpusDates={shown.corpusDates}
              corpusMakeup={shown.corpusMakeup}
              readIds={shown.readIds}
              readingHistory={settings?.readingHistory}
              saved={shown.savedId !== null}
              limit={settings?.itemsPerSection}
              sections={sections || undefined}
              onOpenArticle={openArticle}
              onSave={save}
              onOpenOptions={() => backend.openOptions()}
              onCompareMore={compareMore}
            />
          ) : (
            <StatusView state={shown} onRetry={retry} onOpenSettings={() => open({ kind: 'settings' })} slowAfterMs={slowAfterMs} giveUpAfterMs={giveUpAfterMs} attempt={attempt} />
          )}
        </div>
        {overlay?.kind === 'reader' && <ReaderView target={overlay.target} onBack={close} />}
        {overlay?.kind === 'settings' && (
          <SettingsView onBack={close}>
            {settings ? <SettingsPanel settings={settings} onChange={changeSettings} currentSite={siteOf(state?.url ?? null)} /> : <p>{t('loadingSettings')}</p>}
          </SettingsView>
        )}
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
      </main>
    </>
  );
}

/** The settings over the results: scrolled to the top, its heading focused. */
function SettingsView({ onBack, children }: { onBack: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement | null>(null);
  useLayoutEffect(() => {
    window.scrollTo(0, 0);
    ref.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, []);
  return (
    <div class="overlay settings-view" ref={ref}>
      <button type="button" class="back" onClick={onBack}>
        {t('back')}
      </button>
      {children}
    </div>
  );
}

/** One short sentence for screen readers when the state changes (the whole view is not a live region). */
export function announcement(state: TabState | null): string {
  if (!state) return t('announceReading');
  switch (state.status) {
    case 'waiting':
    case 'extracting':
      return t('announceReading');
    case 'analysing':
      return t('announceAnalysing');
    case 'ready': {
      const r = state.result;
      if (!r.related.length) return t('announceNothing');
      const same = r.related.filter((x) => x.relation === 'same-story').length;
      return t(
        'announceDone',
        plural(same, 'announceVersionsOne', 'announceVersionsOther'),
        plural(r.related.length - same, 'summaryRelatedOne', 'summaryRelatedOther'),
        plural(r.missingContext.length, 'announceMissingOne', 'announceMissingOther'),
        plural(r.translationDifferences.length, 'announceDifferencesOne', 'announceDifferencesOther'),
      );
    }
    case 'paused':
      return t('announcePaused');
    case 'not-article':
      return t('announceNotArticle');
    case 'too-large':
      return t('announceTooLarge');
    case 'unsupported':
      return t('announceUnsupported');
    case 'error':
      return t('announceError');
  }
}

/** "Team corpus: corpus.example.org, 2.1 M articles": what a team build matched against. */
export function teamCorpusLine(team: { host: string; articles: number }): string {
  const n = team.articles;
  const count = n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} M` : n.toLocaleString('en');
  return `Team corpus: ${team.host}, ${count} ${n === 1 ? 'article' : 'articles'}`;
}
