// Every state but results: waiting, extracting, analysing, not an article, too large, error.
import type { TabState } from '../../messaging/protocol.ts';

export function StatusView({ state, onRetry }: { state: TabState | null; onRetry: () => void }) {
  if (state === null || state.status === 'waiting' || state.status === 'extracting') {
    return (
      <section class="status" data-state="extracting">
        <div class="spinner" aria-hidden="true" />
        <p>Reading the page…</p>
      </section>
    );
  }
  switch (state.status) {
    case 'unsupported':
      return (
        <section class="status" data-state="unsupported">
          <h2>Nothing to read here</h2>
          <p>Open a news article and Sidelight will show how other outlets tell the same story.</p>
        </section>
      );
    case 'analysing':
      return (
        <section class="status" data-state="analysing">
          <div class="spinner" aria-hidden="true" />
          <p>
            Comparing “{state.title}” with {state.corpusSize.toLocaleString()} articles…
          </p>
        </section>
      );
    case 'not-article':
      return (
        <section class="status" data-state="not-article">
          <h2>Not a news article</h2>
          <p>Sidelight found no article on this page ({state.reason}).</p>
          <button type="button" onClick={onRetry}>
            Analyse this page anyway
          </button>
        </section>
      );
    case 'too-large':
      return (
        <section class="status" data-state="too-large">
          <h2>Page too large</h2>
          <p>Sidelight does not analyse this page: {state.reason}.</p>
        </section>
      );
    case 'paused':
      return (
        <section class="status" data-state="paused">
          <h2>Not analysed</h2>
          <p>{state.reason}</p>
          <button type="button" onClick={onRetry}>
            Analyse this page
          </button>
        </section>
      );
    case 'error':
      return (
        <section class="status" data-state="error">
          <h2>Something went wrong</h2>
          <p>{state.message}</p>
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </section>
      );
    case 'ready':
      return null;
  }
}
