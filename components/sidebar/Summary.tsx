// The line at the top of the results that a reader takes in at a glance: "2 other versions ·
// 3 things they add · 3 quotes rendered differently", each part a link to its section.
import type { AnalysisResult } from '../../engine/schemas.ts';
import type { ResultSection } from '../../settings/schema.ts';
import { plural, t } from '../../i18n/messages.ts';

export interface SummaryPart {
  section: ResultSection;
  text: string;
}

/** The parts of the summary line (versions, what they add, what they render differently); parts with nothing to say are left out. */
export function summaryParts(result: AnalysisResult): SummaryPart[] {
  const same = result.related.filter((r) => r.relation === 'same-story').length;
  const possible = result.related.filter((r) => r.relation !== 'same-story' && r.possiblySame).length;
  const related = result.related.length - same - possible;
  const diffs = result.translationDifferences;
  const names = diffs.filter((d) => d.kind === 'name-spelling').length;
  const numbers = diffs.filter((d) => d.kind === 'number').length;
  const quotes = diffs.length - names - numbers;
  const parts: SummaryPart[] = [];
  const missing = result.missingContext.length;
  if (same) parts.push({ section: 'elsewhere', text: plural(same, 'summaryVersionsOne', 'summaryVersionsOther') });
  if (possible) parts.push({ section: 'elsewhere', text: t('summaryPossible', possible) });
  if (!same && !possible && related) parts.push({ section: 'elsewhere', text: plural(related, 'summaryRelatedOne', 'summaryRelatedOther') });
  if (missing) parts.push({ section: 'missing', text: same + possible ? plural(missing, 'summaryTheyAddOne', 'summaryTheyAddOther') : plural(missing, 'summaryCoverageAddsOne', 'summaryCoverageAddsOther') });
  if (quotes) parts.push({ section: 'translation', text: plural(quotes, 'summaryQuotesOne', 'summaryQuotesOther') });
  if (numbers) parts.push({ section: 'translation', text: plural(numbers, 'summaryNumbersOne', 'summaryNumbersOther') });
  if (names) parts.push({ section: 'translation', text: plural(names, 'summaryNamesOne', 'summaryNamesOther') });
  return parts;
}

/**
 * The summary line. Following a part opens its section if the reader had collapsed it, brings its
 * heading into view and moves the focus to it.
 */
export function Summary({ result, onJump }: { result: AnalysisResult; onJump: (section: ResultSection) => void }) {
  const parts = summaryParts(result);
  if (!parts.length) return null;
  return (
    <nav class="summary" aria-label={t('summaryLabel')}>
      <p>
        {parts.map((p, i) => (
          <span key={i} class="summary-part">
            {i > 0 && <span aria-hidden="true"> · </span>}
            <a
              href={`#${p.section}-heading`}
              data-section-link={p.section}
              onClick={(e) => {
                e.preventDefault();
                onJump(p.section);
              }}
            >
              {p.text}
            </a>
          </span>
        ))}
      </p>
    </nav>
  );
}
