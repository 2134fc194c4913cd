// Every state but results: loading (reading the page, analysing), paused, not an article, too
// large, nothing to read, error. Each has a heading, says why, and offers the next step.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TabState } from '../../messaging/protocol.ts';
import { count, t } from '../../i18n/messages.ts';
import { ResultsSkeleton } from './Skeleton.tsx';

/** After this long, the analysing state says that large corpora take a while. */
export const SLOW_ANALYSIS_MS = 3000;

/**
 * How long each waiting state waits before it says so and offers "Try again": reading the page
 * (a 10 MB page takes seconds to load on a slow machine before the content script runs; a lost
 * message would otherwise leave "Reading the page…" for good), and analysing (a large corpus takes
 * seconds).
 */
export const GIVE_UP_AFTER_MS = { reading: 30_000, analysing: 60_000 } as const;
export type GiveUpAfter = { reading: number; analysing: number };

interface StatusViewProps {
  /** null: the sidebar is asking the background (a new tab or page) */
  state: Exclude<TabState, { status: 'ready' }> | null;
  onRetry: () => void;
  /** the paused state links to the settings that paused it */
  onOpenSettings?: () => void;
  slowAfterMs?: number;
  giveUpAfterMs?: GiveUpAfter;
  /** increases with each "Try again": a new attempt waits its full time again */
  attempt?: number;
}

export function StatusView({ state, onRetry, onOpenSettings, slowAfterMs = SLOW_ANALYSIS_MS, giveUpAfterMs = GIVE_UP_AFTER_MS, attempt = 0 }: StatusViewProps) {
  if (state === null || state.status === 'waiting' || state.status === 'extracting') {
    return (
      <WithTimeout key={`reading ${attempt} ${state?.url ?? ''}`} after={giveUpAfterMs.reading} onRetry={onRetry} what="reading">
        <Loading id="extracting" heading={t('statusReading')} line={t('statusReadingLine')} />
      </WithTimeout>
    );
  }
  switch (state.status) {
    case 'analysing':
      return (
        <WithTimeout key={`analysing ${attempt} ${state.url ?? ''}`} after={giveUpAfterMs.analysing} onRetry={onRetry} what="analysing">
          <Analysing title={state.title} corpusSize={state.corpusSize} slowAfterMs={slowAfterMs} />
        </WithTimeout>
      );
    case 'unsupported':
      return (
        <Status id="unsupported" title={t('statusUnsupported')}>
          <p>{t('statusUnsupportedLine')}</p>
        </Status>
      );
    case 'paused':
      return (
        <Status id="paused" title={t('statusPaused')}>
          <p>{state.reason}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={onRetry}>
              {t('analyseThisPage')}
            </button>
            {onOpenSettings && (
              <button type="button" onClick={onOpenSettings}>
                {t('statusChangeSettings')}
              </button>
            )}
          </div>
        </Status>
      );
    case 'not-article':
      return (
        <Status id="not-article" title={t('statusNotArticle')}>
          <p>{t('statusNotArticleLine', state.reason)}</p>
          <div class="actions">
            <button type="button" onClick={onRetry}>
              {t('statusAnalyseAnyway')}
            </button>
          </div>
        </Status>
      );
    case 'too-large':
      return (
        <Status id="too-large" title={t('statusTooLarge')}>
          <p>{t('statusTooLargeLine', state.reason)}</p>
        </Status>
      );
    case 'error':
      return (
        <Status id="error" title={t('statusError')}>
          <p class="error-message">{state.message}</p>
          <TryAgain onRetry={onRetry} />
        </Status>
      );
  }
}

/** The one action of a state that failed or waited too long. */
function TryAgain({ onRetry }: { onRetry: () => void }) {
  return (
    <div class="actions">
      <button type="button" class="primary" onClick={onRetry}>
        {t('tryAgain')}
      </button>
    </div>
  );
}

/**
 * A waiting state that does not wait for good: after `after` ms in it (the same page, the same
 * state), it says so and offers "Try again" (the sidebar asks the page to be read again).
 */
function WithTimeout({ after, onRetry, what, children }: { after: number; onRetry: () => void; what: 'reading' | 'analysing'; children: ComponentChildren }) {
  const [timedOut, setTimedOut] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setTimedOut(true), after);
    return () => clearTimeout(timer);
  }, [after]);
  if (!timedOut) return <>{children}</>;
  return (
    <Status id="timed-out" title={t('statusTimedOut')}>
      <p>{t(what === 'reading' ? 'statusTimedOutReading' : 'statusTimedOutAnalysing', Math.round(after / 1000))}</p>
      <TryAgain onRetry={onRetry} />
    </Status>
  );
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
      heading={t('statusAnalysing')}
      line={
        <>
          {t('statusComparingBefore')}
          <bdi>{title || t('statusThisPage')}</bdi>
          {t('statusComparingAfter', count(corpusSize))}
        </>
      }
      more={slow ? t('statusStillComparing') : null}
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
