// Counts by origin and by language.
import type { CorpusOverview } from '../../store/corpus-admin.ts';
import { count, languageName } from './format.ts';

export function CorpusCounts({ overview }: { overview: CorpusOverview }) {
  const { byOrigin, byLanguage, hidden } = overview;
  const total = byOrigin.bundled + byOrigin.saved + byOrigin.imported;
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading">In your corpus</h2>
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
