// The analysis: the article recognised, the summary line, then This story elsewhere, Translation
// differences and Missing context; or, when nothing matches, what was searched.
import type { AnalysisResult } from '../../engine/schemas.ts';
import type { CorpusMakeup } from '../../messaging/protocol.ts';
import { plural, t } from '../../i18n/messages.ts';
import { dateSpan, formatDate, languageName, listOf } from './format.ts';
import { CompareMore } from './CompareMore.tsx';
import { Elsewhere } from './Elsewhere.tsx';
import { MissingContext } from './MissingContext.tsx';
import { OutletBadge, type SectionState } from './Section.tsx';
import { Summary } from './Summary.tsx';
import { TranslationDifferences } from './TranslationDifferences.tsx';
import type { ReadingHistory, ResultSection } from '../../settings/schema.ts';

export const ITEMS_PER_SECTION = 5;

export type OpenArticle = (id: string, highlight: string | null) => void;

interface ResultsProps {
  result: AnalysisResult;
  /** the corpus's date span, when the background sent it */
  corpusDates?: { from: string | null; to: string | null };
  /** what the corpus holds by origin and language, when the background sent it */
  corpusMakeup?: CorpusMakeup;
  /** listed articles the reader read (reading history) */
  readIds?: readonly string[];
  /** the reader's reading-history choice, for the "how to grow your corpus" advice */
  readingHistory?: ReadingHistory;
  saved: boolean;
  /** items shown in each list before "Show more" */
  limit?: number;
  /** which sections are collapsed and how to toggle one (the reader's settings); each section keeps its own state without */
  sections?: SectionState;
  onOpenArticle: OpenArticle;
  onSave: () => void;
  onOpenOptions: () => void;
  /** compares the listed articles the analysis left out (`result.notCompared`); resolves when the answer is shown */
  onCompareMore?: () => Promise<void>;
}

export function Results({ result, corpusDates, corpusMakeup, readIds, readingHistory, saved, limit = ITEMS_PER_SECTION, sections, onOpenArticle, onSave, onOpenOptions, onCompareMore }: ResultsProps) {
  const jump = (section: ResultSection) => {
    if (sections?.collapsed.includes(section)) sections.onToggle(section, true);
    // after the section has opened (a render later)
    requestAnimationFrame(() => {
      const heading = document.getElementById(`${section}-heading`);
      heading?.scrollIntoView({ block: 'start' });
      heading?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
    });
  };
  return (
    <>
      <ArticleHeader result={result} saved={saved} onSave={onSave} />
      {result.related.length ? (
        <>
          <Summary result={result} onJump={jump} />
          <Elsewhere related={result.related} limit={limit} sections={sections} onOpen={onOpenArticle} readIds={readIds} />
          {/* translation differences before missing context: the shorter list, and the finding no other tool gives, within reach of the first screens */}
          <TranslationDifferences items={result.translationDifferences} articleOutlet={result.article.outlet} related={result.related} limit={limit} sections={sections} />
          <MissingContext items={result.missingContext} related={result.related} limit={limit} sections={sections} onOpen={onOpenArticle} />
          {result.notCompared && onCompareMore && <CompareMore notCompared={result.notCompared} onCompare={onCompareMore} />}
        </>
      ) : (
        <NoMatches result={result} corpusDates={corpusDates} corpusMakeup={corpusMakeup} readingHistory={readingHistory} saved={saved} onOpenOptions={onOpenOptions} />
      )}
    </>
  );
}

function ArticleHeader({ result, saved, onSave }: { result: AnalysisResult; saved: boolean; onSave: () => void }) {
  const a = result.article;
  const meta = [a.published ? formatDate(a.published) : null, plural(a.wordCount, 'wordsOne', 'wordsOther'), languageName(a.language)].filter(Boolean).join(' · ');
  return (
    <header class="article-header">
      <p class="eyebrow">{t('youAreReading')}</p>
      <h1>{a.title || t('untitled')}</h1>
      <div class="header-meta">
        {a.outlet && <OutletBadge outlet={a.outlet} />}
        <p class="meta">
          {a.outlet && (
            <>
              <bdi>{a.outlet}</bdi>
              {' · '}
            </>
          )}
          {meta}
        </p>
      </div>
      <div class="actions">
        {saved ? (
          <span class="saved">{t('inYourCorpus')}</span>
        ) : (
          <button type="button" onClick={onSave}>
            {t('saveArticle')}
          </button>
        )}
      </div>
    </header>
  );
}

/**
 * "5 bundled articles in 5 languages (English, French, …)", "125 articles (5 bundled, 120 of yours)
 * in 6 languages", or with reading history "125 articles (5 bundled, 120 you read) in 6 languages".
 */
export function corpusDescription(makeup: CorpusMakeup): string {
  const mine = makeup.saved + makeup.imported;
  const total = makeup.bundled + mine + makeup.read;
  const parts = [
    makeup.bundled ? t('makeupBundled', makeup.bundled) : null,
    mine ? t('makeupYours', mine) : null,
    makeup.read ? t('makeupRead', makeup.read) : null,
  ].filter((p): p is string => p !== null);
  const what =
    total === makeup.bundled
      ? plural(total, 'countsBundledOne', 'countsBundledOther')
      : total === mine
        ? plural(total, 'makeupAllYoursOne', 'makeupAllYoursOther')
        : plural(total, 'makeupMixedOne', 'makeupMixedOther', parts.join(t('listSeparator')));
  const names = makeup.languages.map(languageName);
  if (!names.length) return what;
  if (names.length === 1) return t('makeupInLanguage', what, names[0]!);
  return names.length <= 6
    ? t('makeupInLanguagesNamed', what, plural(names.length, 'countsLanguagesOne', 'countsLanguagesOther'), listOf(names))
    : t('makeupInLanguages', what, plural(names.length, 'countsLanguagesOne', 'countsLanguagesOther'));
}

function NoMatches({
  result,
  corpusDates,
  corpusMakeup,
  readingHistory,
  saved,
  onOpenOptions,
}: {
  result: AnalysisResult;
  corpusDates?: { from: string | null; to: string | null };
  corpusMakeup?: CorpusMakeup;
  readingHistory?: ReadingHistory;
  saved: boolean;
  onOpenOptions: () => void;
}) {
  const { articles, languages } = result.corpus;
  const span = dateSpan(corpusDates);
  const searched = corpusMakeup
    ? corpusDescription(corpusMakeup)
    : t('makeupInLanguage', plural(articles, 'articlesOne', 'articlesOther'), listOf(languages.map(languageName)) || t('noLanguage'));
  const onlyBundled = corpusMakeup ? corpusMakeup.saved + corpusMakeup.imported + corpusMakeup.read === 0 : false;
  return (
    <section class="status no-matches" data-state="no-matches" aria-labelledby="no-matches-heading">
      <h2 id="no-matches-heading">{t('noMatchesHeading')}</h2>
      <p class="searched">{span ? t('noMatchesSearchedSpan', searched, span) : t('noMatchesSearched', searched)}</p>
      <p class="grow">
        {t(onlyBundled ? 'noMatchesOnlyBundled' : 'noMatchesCorpusOnly')}{' '}
        {t(
          'noMatchesGrow',
          readingHistory === undefined || readingHistory === 'on' ? '' : t('noMatchesGrowHistory'),
          saved ? '' : t('noMatchesGrowSave'),
        )}
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={onOpenOptions}>
          {t('importArticles')}
        </button>
      </div>
    </section>
  );
}
