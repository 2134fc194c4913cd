// Counts by origin and by language; with only the bundled examples, how to grow the corpus.
import type { CorpusOverview } from '../../store/corpus-admin.ts';
import type { ReadingHistory } from '../../settings/schema.ts';
import { count, languageName, plural } from './format.ts';

/** "5 bundled articles in 5 languages; 120 you read; 3 saved or imported". */
export function corpusSummary(overview: CorpusOverview): string {
  const { byOrigin } = overview;
  const bundledLanguages = new Set(overview.articles.filter((a) => a.origin === 'bundled').map((a) => a.language ?? 'unknown')).size;
  const parts = [`${plural(byOrigin.bundled, 'bundled article')} in ${plural(bundledLanguages, 'language')}`];
  if (byOrigin.read) parts.push(`${count(byOrigin.read)} you read`);
  if (byOrigin.saved + byOrigin.imported) parts.push(`${count(byOrigin.saved + byOrigin.imported)} saved or imported`);
  return parts.join('; ');
}

export function CorpusCounts({ overview, readingHistory = null }: { overview: CorpusOverview; readingHistory?: ReadingHistory | null }) {
  const { byOrigin, byLanguage, hidden } = overview;
  const total = byOrigin.bundled + byOrigin.saved + byOrigin.imported + byOrigin.read;
  const onlyBundled = total === byOrigin.bundled;
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">In your corpus</h2>
      <p data-testid="corpus-summary">{corpusSummary(overview)}.</p>
      {onlyBundled && (
        <p class="muted" data-testid="grow-hint">
          Sidelight finds other coverage only among these articles, and the bundled ones are a few examples on one story. To grow it:{' '}
          {readingHistory === 'on' ? 'read news with the sidebar (reading history is on), ' : 'turn on reading history below, '}save articles from the sidebar, or import a JSONL file or a
          folder of saved pages.
        </p>
      )}
      <dl class="counts" data-testid="counts">
        <div>
          <dt>Bundled</dt>
          <dd data-origin="bundled">
            {count(byOrigin.bundled)}
            {hidden > 0 && <span class="muted"> ({count(hidden)} hidden)</span>}
          </dd>
        </div>
        <div>
          <dt>Saved</dt>
          <dd data-origin="saved">{count(byOrigin.saved)}</dd>
        </div>
        <div>
          <dt>Imported</dt>
          <dd data-origin="imported">{count(byOrigin.imported)}</dd>
        </div>
        <div>
          <dt>You read</dt>
          <dd data-origin="read">{count(byOrigin.read)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd data-origin="total">{count(total)}</dd>
        </div>
      </dl>
      {byLanguage.length > 0 && (
        <p class="languages" data-testid="languages">
          By language:{' '}
          {byLanguage.map(({ language, count: n }, i) => (
            <span key={language}>
              {i > 0 && ', '}
              <span data-language={language}>{language === 'unknown' ? 'unknown' : languageName(language)}</span> {count(n)}
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
