// Every state but results: loading (reading the page, analysing), paused, not an article, too
// large, nothing to read, error. Each has a heading, says why, and offers the next step.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TabState } from '../../messaging/protocol.ts';
import { ResultsSkeleton } from './Skeleton.tsx';

/** After this long, the analysing state says that large corpora take a while. */
export const SLOW_ANALYSIS_MS = 3000;

interface StatusViewProps {
  /** null: the sidebar is asking the background (a new tab or page) */
  state: Exclude<TabState, { status: 'ready' }> | null;
  onRetry: () => void;
  /** the paused state links to the settings that paused it */
  onOpenSettings?: () => void;
  slowAfterMs?: number;
}

export function StatusView({ state, onRetry, onOpenSettings, slowAfterMs = SLOW_ANALYSIS_MS }: StatusViewProps) {
  if (state === null || state.status === 'waiting' || state.status === 'extracting') {
    return <Loading id="extracting" heading="Reading the page…" line="Finding the article on this page." />;
  }
  switch (state.status) {
    case 'analysing':
      return <Analysing title={state.title} corpusSize={state.corpusSize} slowAfterMs={slowAfterMs} />;
    case 'unsupported':
      return (
        <Status id="unsupported" title="Nothing to read here">
          <p>This tab shows no web page Sidelight can read. Open a news article and Sidelight shows how other outlets tell the same story.</p>
        </Status>
      );
    case 'paused':
      return (
        <Status id="paused" title="Not analysed yet">
          <p>{state.reason}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={onRetry}>
              Analyse this page
            </button>
            {onOpenSettings && (
              <button type="button" onClick={onOpenSettings}>
                Change settings
              </button>
            )}
          </div>
        </Status>
      );
    case 'not-article':
      return (
        <Status id="not-article" title="Not a news article">
          <p>Sidelight found no article on this page ({state.reason}).</p>
          <div class="actions">
            <button type="button" onClick={onRetry}>
              Analyse this page anyway
            </button>
          </div>
        </Status>
      );
    case 'too-large':
      return (
        <Status id="too-large" title="Page too large">
          <p>Sidelight does not analyse this page: {state.reason}.</p>
        </Status>
      );
    case 'error':
      return (
        <Status id="error" title="Something went wrong">
          <p class="error-message">{state.message}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={onRetry}>
              Try again
            </button>
          </div>
        </Status>
      );
  }
}

function Status({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section class="status" data-state={id} aria-labelledby="status-heading">
      <h1 id="status-heading">{title}</h1>
      {children}
    </section>
  );
}

function Analysing({ title, corpusSize, slowAfterMs }: { title: string; corpusSize: number; slowAfterMs: number }) {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    setSlow(false);
    const timer = setTimeout(() => setSlow(true), slowAfterMs);
    return () => clearTimeout(timer);
  }, [title, corpusSize, slowAfterMs]);
  return (
    <Loading
      id="analysing"
      heading="Analysing…"
      line={
        <>
          Comparing “<bdi>{title || 'this page'}</bdi>” with {corpusSize.toLocaleString()} articles…
        </>
      }
      more={slow ? 'Still comparing: a large corpus takes a few seconds.' : null}
    />
  );
}

/** Reading and analysing share one layout, so moving from one to the other moves nothing. */
function Loading({ id, heading, line, more = null }: { id: string; heading: string; line: ComponentChildren; more?: string | null }) {
  return (
    <section class="status loading" data-state={id} aria-labelledby="status-heading">
      <div class="progress-row">
        <span class="spinner" aria-hidden="true" />
        <h1 id="status-heading" class="progress-title">
          {heading}
        </h1>
      </div>
      <p class="progress">{line}</p>
      {/* always there (blank at first), so the skeleton below does not move when it fills */}
      <p class="progress progress-more">{more ?? '\u00a0'}</p>
      <ResultsSkeleton />
    </section>
  );
}
