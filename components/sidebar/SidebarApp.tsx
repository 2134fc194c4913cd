// The sidebar: follows the active tab, shows its state, and the three result sections.
// It never shows a previous page: a new tab or page clears the view at once, and every answer
// from the background is dropped unless it is the answer to the latest question about the tab
// still shown.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import type { SidebarBackend } from './backend.ts';
import { plural } from './format.ts';
import { Results } from './Results.tsx';
import { ReaderView } from './ReaderView.tsx';
import { StatusView } from './StatusView.tsx';

export interface SidebarAppProps {
  backend: SidebarBackend;
  /** after this long analysing, the sidebar says a large corpus takes a while */
  slowAfterMs?: number;
}

export interface ReaderTarget {
  record: CorpusRecord;
  highlight: string | null;
}

export function SidebarApp({ backend, slowAfterMs }: SidebarAppProps) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);
  const [reader, setReader] = useState<ReaderTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scrollRef = useRef(0);
  const tabRef = useRef<number | null>(null);
  /** increases with every question to the background; only the latest answer is shown */
  const askRef = useRef(0);

  /** Shows the background's answer for a tab, unless a newer question or another tab came since. */
  const ask = useCallback(async (id: number, question: () => Promise<TabState>) => {
    const asked = ++askRef.current;
    const current = () => askRef.current === asked && tabRef.current === id;
    try {
      const s = await question();
      if (current()) setState(s);
    } catch (error) {
      if (current()) setState({ status: 'error', url: null, message: `Sidelight could not reach its background: ${(error as Error).message}` });
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
      setReader(null);
      setNotice(null);
      // a new page or tab: never keep showing the previous analysis
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

  /** the control that opened the reader view, focused again on the way back */
  const openerRef = useRef<HTMLElement | null>(null);

  const openArticle = useCallback(
    async (id: string, highlight: string | null) => {
      const tab = tabRef.current;
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      const record = await backend.getCorpusArticle(id);
      if (tabRef.current !== tab) return;
      if (!record) {
        setNotice('That article is no longer in your corpus.');
        return;
      }
      // the results stay mounted (hidden) under the reader view: open reasons, "show more" and
      // collapsed sections are as the reader left them, so their scroll position is still right
      scrollRef.current = window.scrollY;
      openerRef.current = opener;
      setReader({ record, highlight });
    },
    [backend],
  );

  const closeReader = useCallback(() => setReader(null), []);

  const readerOpen = reader !== null;
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (wasOpen.current && !readerOpen) {
      window.scrollTo(0, scrollRef.current);
      const opener = openerRef.current;
      if (opener?.isConnected) opener.focus({ preventScroll: true });
      openerRef.current = null;
    }
    wasOpen.current = readerOpen;
  }, [readerOpen]);

  const retry = useCallback(() => {
    if (tabId === null) return;
    setNotice(null);
    askRef.current++;
    setState({ status: 'extracting', url: state?.url ?? null });
    void ask(tabId, () => backend.analyseTab(tabId));
  }, [backend, ask, tabId, state]);

  const save = useCallback(async () => {
    if (tabId === null) return;
    const r = await backend.saveTabArticle(tabId);
    if (tabRef.current === tabId) setNotice(r.ok ? 'Saved to your corpus.' : r.message);
  }, [backend, tabId]);

  const loading = state === null || state.status === 'waiting' || state.status === 'extracting' || state.status === 'analysing';
  return (
    <main class="sidebar" aria-busy={loading}>
      <p class="visually-hidden" role="status">
        {reader ? '' : announcement(state)}
      </p>
      <div class="view" hidden={readerOpen}>
        {state?.status === 'ready' ? (
          <Results result={state.result} corpusDates={state.corpusDates} saved={state.savedId !== null} onOpenArticle={openArticle} onSave={save} onOpenOptions={() => backend.openOptions()} />
        ) : (
          <StatusView state={state} onRetry={retry} slowAfterMs={slowAfterMs} />
        )}
      </div>
      {reader && <ReaderView target={reader} onBack={closeReader} />}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
    </main>
  );
}

/** One short sentence for screen readers when the state changes (the whole view is not a live region). */
export function announcement(state: TabState | null): string {
  if (!state) return 'Reading the page.';
  switch (state.status) {
    case 'waiting':
    case 'extracting':
      return 'Reading the page.';
    case 'analysing':
      return 'Analysing.';
    case 'ready': {
      const r = state.result;
      if (!r.related.length) return 'Analysis done: no other coverage found.';
      const same = r.related.filter((x) => x.relation === 'same-story').length;
      return `Analysis done: ${plural(same, 'other version')} of this story, ${plural(r.related.length - same, 'related article')}, ${plural(r.missingContext.length, 'missing-context item')}, ${plural(r.translationDifferences.length, 'translation difference')}.`;
    }
    case 'paused':
      return 'Not analysed yet.';
    case 'not-article':
      return 'Not a news article.';
    case 'too-large':
      return 'Page too large.';
    case 'unsupported':
      return 'Nothing to read here.';
    case 'error':
      return 'Something went wrong.';
  }
}
