// The analysis: the article recognised, the summary line, then This story elsewhere, Translation
// differences and Missing context; or, when nothing matches, what was searched.
import type { AnalysisResult } from '../../engine/schemas.ts';
import { dateSpan, formatDate, languageName, listOf, plural } from './format.ts';
import { Elsewhere } from './Elsewhere.tsx';
import { MissingContext } from './MissingContext.tsx';
import { OutletBadge, type SectionState } from './Section.tsx';
import { Summary } from './Summary.tsx';
import { TranslationDifferences } from './TranslationDifferences.tsx';
import type { ResultSection } from '../../settings/schema.ts';

export const ITEMS_PER_SECTION = 5;

export type OpenArticle = (id: string, highlight: string | null) => void;

interface ResultsProps {
  result: AnalysisResult;
  /** the corpus's date span, when the background sent it */
  corpusDates?: { from: string | null; to: string | null };
  saved: boolean;
  /** items shown in each list before "Show more" */
  limit?: number;
  /** which sections are collapsed and how to toggle one (the reader's settings); each section keeps its own state without */
  sections?: SectionState;
  onOpenArticle: OpenArticle;
  onSave: () => void;
  onOpenOptions: () => void;
}

export function Results({ result, corpusDates, saved, limit = ITEMS_PER_SECTION, sections, onOpenArticle, onSave, onOpenOptions }: ResultsProps) {
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
          <Elsewhere related={result.related} limit={limit} sections={sections} onOpen={onOpenArticle} />
          {/* translation differences before missing context: the shorter list, and the finding no other tool gives, within reach of the first screens */}
          <TranslationDifferences items={result.translationDifferences} articleOutlet={result.article.outlet} limit={limit} sections={sections} />
          <MissingContext items={result.missingContext} related={result.related} limit={limit} sections={sections} onOpen={onOpenArticle} />
        </>
      ) : (
        <NoMatches result={result} corpusDates={corpusDates} onOpenOptions={onOpenOptions} />
      )}
    </>
  );
}

function ArticleHeader({ result, saved, onSave }: { result: AnalysisResult; saved: boolean; onSave: () => void }) {
  const a = result.article;
  const meta = [a.published ? formatDate(a.published) : null, plural(a.wordCount, 'word'), languageName(a.language)].filter(Boolean).join(' · ');
  return (
    <header class="article-header">
      <p class="eyebrow">You are reading</p>
      <h1>{a.title || '(untitled)'}</h1>
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
          <span class="saved">✓ In your corpus</span>
        ) : (
          <button type="button" onClick={onSave}>
            Save this article to my corpus
          </button>
        )}
      </div>
    </header>
  );
}

function NoMatches({ result, corpusDates, onOpenOptions }: { result: AnalysisResult; corpusDates?: { from: string | null; to: string | null }; onOpenOptions: () => void }) {
  const { articles, languages } = result.corpus;
  const span = dateSpan(corpusDates);
  return (
    <section class="status no-matches" data-state="no-matches" aria-labelledby="no-matches-heading">
      <h2 id="no-matches-heading">No other coverage found</h2>
      <p>
        Searched {plural(articles, 'article')} in {listOf(languages.map(languageName)) || 'no language'}
        {span ? `, ${span}` : ''}. None tells this story or an earlier or later part of it.
      </p>
      <p>Sidelight compares articles with your corpus only, never with the web. Import coverage from other outlets to compare with.</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onOpenOptions}>
          Import articles
        </button>
      </div>
    </section>
  );
}
