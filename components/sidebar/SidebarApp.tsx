// The sidebar: follows the active tab, shows its state, and the three result sections.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import type { SidebarBackend } from './backend.ts';
import { Results } from './Results.tsx';
import { ReaderView } from './ReaderView.tsx';
import { StatusView } from './StatusView.tsx';

export interface SidebarAppProps {
  backend: SidebarBackend;
}

export interface ReaderTarget {
  record: CorpusRecord;
  highlight: string | null;
}

export function SidebarApp({ backend }: SidebarAppProps) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [state, setState] = useState<TabState | null>(null);
  const [reader, setReader] = useState<ReaderTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const scrollRef = useRef(0);
  const tabRef = useRef<number | null>(null);

  const refresh = useCallback(
    async (id: number | null) => {
      tabRef.current = id;
      setTabId(id);
      if (id === null) {
        setState({ status: 'unsupported', url: null });
        return;
      }
      try {
        const s = await backend.getTabState(id);
        if (tabRef.current === id) setState(s);
      } catch (error) {
        if (tabRef.current === id) setState({ status: 'error', url: null, message: `Sidelight could not reach its background: ${(error as Error).message}` });
      }
    },
    [backend],
  );

  useEffect(() => {
    void backend.activeTabId().then(refresh);
    const offTab = backend.onActiveTabChanged((id) => {
      setReader(null);
      setNotice(null);
      // a new page or tab: never keep showing the previous analysis
      setState(null);
      void refresh(id);
    });
    const offState = backend.onTabStateChanged((id) => {
      if (id === tabRef.current) void refresh(id);
    });
    return () => {
      offTab();
      offState();
    };
  }, [backend, refresh]);

  const openArticle = useCallback(
    async (id: string, highlight: string | null) => {
      const record = await backend.getCorpusArticle(id);
      if (!record) {
        setNotice('That article is no longer in your corpus.');
        return;
      }
      scrollRef.current = document.scrollingElement?.scrollTop ?? 0;
      setReader({ record, highlight });
      window.scrollTo(0, 0);
    },
    [backend],
  );

  const closeReader = useCallback(() => {
    setReader(null);
    requestAnimationFrame(() => window.scrollTo(0, scrollRef.current));
  }, []);

  const retry = useCallback(async () => {
    if (tabId === null) return;
    setState({ status: 'extracting', url: state?.url ?? null });
    setState(await backend.analyseTab(tabId));
  }, [backend, tabId, state]);

  const save = useCallback(async () => {
    if (tabId === null) return;
    const r = await backend.saveTabArticle(tabId);
    setNotice(r.ok ? 'Saved to your corpus.' : r.message);
  }, [backend, tabId]);

  if (reader) return <ReaderView target={reader} onBack={closeReader} />;
  return (
    <main class="sidebar" aria-live="polite" aria-busy={state === null || state.status === 'analysing' || state.status === 'extracting'}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {state?.status === 'ready' ? (
        <Results result={state.result} saved={state.savedId !== null} onOpenArticle={openArticle} onSave={save} onOpenOptions={() => backend.openOptions()} />
      ) : (
        <StatusView state={state} onRetry={retry} />
      )}
    </main>
  );
}
