// First run: the reader chooses whether Sidelight keeps the news articles they read (reading
// history). Shown until they choose; the choice can be changed in the settings at any time.
import { t } from '../../i18n/messages.ts';
import type { ReadingHistory } from '../../settings/schema.ts';

export function ReadingHistoryPrompt({ onChoose }: { onChoose: (choice: Exclude<ReadingHistory, 'ask'>) => void }) {
  return (
    // no heading: the page's own h1 (the article read) stays the first heading
    <section class="first-run" aria-label={t('historyPromptLabel')} data-testid="reading-history-prompt">
      <p>
        <strong>{t('historyPromptQuestion')}</strong> {t('historyPromptText')}
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => onChoose('on')}>
          {t('historyPromptKeep')}
        </button>{' '}
        <button type="button" onClick={() => onChoose('off')}>
          {t('historyPromptNotNow')}
        </button>
      </div>
    </section>
  );
}
