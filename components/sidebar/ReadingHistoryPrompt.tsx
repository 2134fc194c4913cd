// First run: the reader chooses whether Sidelight keeps the news articles they read (reading
// history). Shown until they choose; the choice can be changed in the settings at any time.
import type { ReadingHistory } from '../../settings/schema.ts';

export function ReadingHistoryPrompt({ onChoose }: { onChoose: (choice: Exclude<ReadingHistory, 'ask'>) => void }) {
  return (
    // no heading: the page's own h1 (the article read) stays the first heading
    <section class="first-run" aria-label="Reading history" data-testid="reading-history-prompt">
      <p>
        <strong>Grow your corpus as you read?</strong> Sidelight can keep each news article you read, in this browser, so the next one on the same story finds it. Never in
        private windows or on sites you exclude.
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => onChoose('on')}>
          Keep what I read
        </button>{' '}
        <button type="button" onClick={() => onChoose('off')}>
          Not now
        </button>
      </div>
    </section>
  );
}
