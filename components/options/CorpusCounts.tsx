// Counts by origin and by language; with only the bundled examples, how to grow the corpus.
import type { CorpusOverview } from '../../store/corpus-admin.ts';
import type { ReadingHistory } from '../../settings/schema.ts';
import { count, plural, t } from '../../i18n/messages.ts';
import { languageName } from './format.ts';

/** "5 bundled articles in 5 languages; 120 you read; 3 saved or imported". */
export function corpusSummary(overview: CorpusOverview): string {
  const { byOrigin } = overview;
  const bundledLanguages = new Set(overview.articles.filter((a) => a.origin === 'bundled').map((a) => a.language ?? 'unknown')).size;
  const parts = [t('countsBundledIn', plural(byOrigin.bundled, 'countsBundledOne', 'countsBundledOther'), plural(bundledLanguages, 'countsLanguagesOne', 'countsLanguagesOther'))];
  if (byOrigin.read) parts.push(t('countsYouRead', byOrigin.read));
  if (byOrigin.saved + byOrigin.imported) parts.push(t('countsSavedOrImported', byOrigin.saved + byOrigin.imported));
  return t('countsSummary', parts.join(t('listSeparatorStrong')));
}

export function CorpusCounts({ overview, readingHistory = null }: { overview: CorpusOverview; readingHistory?: ReadingHistory | null }) {
  const { byOrigin, byLanguage, hidden } = overview;
  const total = byOrigin.bundled + byOrigin.saved + byOrigin.imported + byOrigin.read;
  const onlyBundled = total === byOrigin.bundled;
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">{t('countsHeading')}</h2>
      <p data-testid="corpus-summary">{corpusSummary(overview)}</p>
      {onlyBundled && (
        <p class="muted" data-testid="grow-hint">
          {t('countsGrow', readingHistory === 'on' ? t('countsGrowHistoryOn') : t('countsGrowHistoryOff'))}
        </p>
      )}
      <dl class="counts" data-testid="counts">
        <div>
          <dt>{t('originBundled')}</dt>
          <dd data-origin="bundled">
            {count(byOrigin.bundled)}
            {hidden > 0 && <span class="muted"> {t('countsHidden', hidden)}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('originSaved')}</dt>
          <dd data-origin="saved">{count(byOrigin.saved)}</dd>
        </div>
        <div>
          <dt>{t('originImported')}</dt>
          <dd data-origin="imported">{count(byOrigin.imported)}</dd>
        </div>
        <div>
          <dt>{t('originRead')}</dt>
          <dd data-origin="read">{count(byOrigin.read)}</dd>
        </div>
        <div>
          <dt>{t('countsTotal')}</dt>
          <dd data-origin="total">{count(total)}</dd>
        </div>
      </dl>
      {byLanguage.length > 0 && (
        <p class="languages" data-testid="languages">
          {t('byLanguage')}{' '}
          {byLanguage.map(({ language, count: n }, i) => (
            <span key={language}>
              {i > 0 && t('listSeparator')}
              <span data-language={language}>{language === 'unknown' ? t('languageUnknown') : languageName(language)}</span> {count(n)}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
