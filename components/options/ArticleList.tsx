// The corpus as a searchable list: title, outlet, date; delete the reader's articles, hide or
// show bundled ones (deleted bundled articles would come back with the next update).
import { useMemo, useState } from 'preact/hooks';
import type { ArticleOrigin } from '../../store/schema.ts';
import type { ArticleSummary } from '../../store/corpus-admin.ts';
import { count, languageName, safeHref, searchKey } from './format.ts';

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
      <h2 id="articles-heading">Articles</h2>
      <div class="filters">
        <input
          type="search"
          placeholder="Search title, outlet or date"
          aria-label="Search articles"
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setShown(PAGE);
          }}
        />
        <select aria-label="Show" value={filter} onChange={(e) => setFilter(e.currentTarget.value as Filter)}>
          <option value="all">All</option>
          <option value="bundled">Bundled</option>
          <option value="saved">Saved</option>
          <option value="imported">Imported</option>
          <option value="hidden">Hidden</option>
        </select>
      </div>
      <p class="muted" role="status" data-testid="match-count">
        {matches.length === articles.length ? `${count(articles.length)} articles` : `${count(matches.length)} of ${count(articles.length)} articles`}
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
                      {a.title || '(untitled)'}
                    </a>
                  ) : (
                    a.title || '(untitled)'
                  )}
                </span>
                <span class="meta">
                  {a.outlet}
                  {a.published && ` · ${a.published}`}
                  {a.language && ` · ${languageName(a.language)}`} · <span class={`origin origin-${a.origin}`}>{a.origin === 'read' ? 'you read' : a.origin}</span>
                  {a.hidden && <span class="origin"> · hidden</span>}
                </span>
              </div>
              {a.origin === 'bundled' ? (
                <button type="button" disabled={busy} onClick={() => onSetHidden(a, !a.hidden)} aria-label={`${a.hidden ? 'Show' : 'Hide'} “${a.title}”`}>
                  {a.hidden ? 'Show' : 'Hide'}
                </button>
              ) : (
                <button type="button" disabled={busy} onClick={() => onDelete(a)} aria-label={`Delete “${a.title}”`}>
                  Delete
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {matches.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show {count(Math.min(PAGE, matches.length - shown))} more
        </button>
      )}
    </section>
  );
}
