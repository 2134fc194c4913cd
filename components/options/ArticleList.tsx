// The corpus as a searchable list: title, outlet, date; delete the reader's articles, hide or
// show bundled ones (deleted bundled articles would come back with the next update).
import { useMemo, useState } from 'preact/hooks';
import type { ArticleOrigin } from '../../store/schema.ts';
import type { ArticleSummary } from '../../store/corpus-admin.ts';
import { t, type MessageKey } from '../../i18n/messages.ts';
import { languageName, safeHref, searchKey } from './format.ts';

/** How the list names each origin. */
const ORIGIN_LABELS: Record<ArticleOrigin, MessageKey> = { bundled: 'listOriginBundled', saved: 'listOriginSaved', imported: 'listOriginImported', read: 'listOriginRead' };

const PAGE = 100;
type Filter = 'all' | ArticleOrigin | 'hidden';

export interface ArticleListProps {
  articles: readonly ArticleSummary[];
  busy: boolean;
  onDelete(article: ArticleSummary): void;
  onSetHidden(article: ArticleSummary, hidden: boolean): void;
}

export function ArticleList({ articles, busy, onDelete, onSetHidden }: ArticleListProps) {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [shown, setShown] = useState(PAGE);
  const keyed = useMemo(() => articles.map((a) => ({ a, key: searchKey(`${a.title}\n${a.outlet}\n${a.published ?? ''}\n${a.id}`) })), [articles]);
  const matches = useMemo(() => {
    const words = searchKey(query).split(/\s+/).filter(Boolean);
    return keyed
      .filter(({ a }) => filter === 'all' || (filter === 'hidden' ? a.hidden : a.origin === filter))
      .filter(({ key }) => words.every((w) => key.includes(w)))
      .map(({ a }) => a);
  }, [keyed, query, filter]);

  return (
    <section aria-labelledby="articles-heading">
      <h2 id="articles-heading">{t('listHeading')}</h2>
      <div class="filters">
        <input
          type="search"
          placeholder={t('listSearchPlaceholder')}
          aria-label={t('listSearch')}
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setShown(PAGE);
          }}
        />
        <select aria-label={t('listShow')} value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          <option value="all">{t('listFilterAll')}</option>
          <option value="bundled">{t('originBundled')}</option>
          <option value="saved">{t('originSaved')}</option>
          <option value="imported">{t('originImported')}</option>
          <option value="read">{t('originRead')}</option>
          <option value="hidden">{t('listFilterHidden')}</option>
        </select>
      </div>
      <p class="muted" role="status" data-testid="match-count">
        {matches.length === articles.length ? t('listCount', articles.length) : t('listCountOf', matches.length, articles.length)}
      </p>
      <ul class="articles" data-testid="article-list">
        {matches.slice(0, shown).map((a) => {
          const href = safeHref(a.url);
          return (
            <li key={a.id} class={a.hidden ? 'hidden-article' : undefined} data-id={a.id}>
              <div class="article-main">
                <span class="title">
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {a.title || t('untitled')}
                    </a>
                  ) : (
                    a.title || t('untitled')
                  )}
                </span>
                <span class="meta">
                  {a.outlet}
                  {a.published && ` · ${a.published}`}
                  {a.language && ` · ${languageName(a.language)}`} · <span class={`origin origin-${a.origin}`}>{t(ORIGIN_LABELS[a.origin])}</span>
                  {a.hidden && <span class="origin"> · {t('listHidden')}</span>}
                </span>
              </div>
              {a.origin === 'bundled' ? (
                <button type="button" disabled={busy} onClick={() => onSetHidden(a, !a.hidden)} aria-label={t(a.hidden ? 'listShowArticle' : 'listHideArticle', a.title)}>
                  {t(a.hidden ? 'listShowButton' : 'listHideButton')}
                </button>
              ) : (
                <button type="button" disabled={busy} onClick={() => onDelete(a)} aria-label={t('listDeleteArticle', a.title)}>
                  {t('listDeleteButton')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {matches.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('showMore', Math.min(PAGE, matches.length - shown))}
        </button>
      )}
    </section>
  );
}
