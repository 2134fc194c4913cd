// "This story elsewhere": other outlets' versions of the same story, then related coverage that is
// possibly the same story, then Earlier and Later. Each card leads with the listed article's
// headline (a link to its web address, when the corpus has one), then outlet, date and language;
// the relation is said once, by the group's heading; why on demand.
import type { RelatedArticle } from '../../engine/schemas.ts';
import { t } from '../../i18n/messages.ts';
import { formatDate, languageLabel, webLink } from './format.ts';
import { reasonMessage } from './match-reasons.ts';
import type { OpenArticle } from './Results.tsx';
import { Disclosure, Group, Limited, OutletBadge, Section, type SectionState } from './Section.tsx';

const byDate = (a: RelatedArticle, b: RelatedArticle) => (a.eventDate ?? a.published ?? '').localeCompare(b.eventDate ?? b.published ?? '');

export function Elsewhere({ related, limit, sections, onOpen, readIds = [] }: { related: RelatedArticle[]; limit: number; sections?: SectionState; onOpen: OpenArticle; readIds?: readonly string[] }) {
  const same = related.filter((r) => r.relation === 'same-story');
  const possible = related.filter((r) => r.relation !== 'same-story' && r.possiblySame);
  const others = related.filter((r) => r.relation !== 'same-story' && !r.possiblySame);
  // a timeline: earlier coverage oldest first, then later coverage; undated relations last
  const groups = [
    { id: 'possible', title: t('groupPossible'), items: possible },
    { id: 'earlier', title: t('groupEarlier'), items: others.filter((r) => r.timing === 'earlier').sort(byDate) },
    { id: 'later', title: t('groupLater'), items: others.filter((r) => r.timing === 'later').sort(byDate) },
    { id: 'related', title: t('groupRelated'), items: others.filter((r) => r.timing === null) },
  ].filter((g) => g.items.length);
  const render = (r: RelatedArticle) => <RelatedItem key={r.id} item={r} onOpen={onOpen} read={readIds.includes(r.id)} />;
  return (
    <Section id="elsewhere" title={t('sectionElsewhere')} count={related.length} unit="article" sections={sections}>
      <Group id="same-story" title={t('groupSameStory')}>
        <Limited items={same} limit={limit} empty={t('groupSameStoryEmpty')} render={render} />
      </Group>
      {groups.length ? (
        groups.map((g) => (
          <Group key={g.id} id={g.id} title={g.title}>
            <Limited items={g.items} limit={limit} empty="" render={render} />
          </Group>
        ))
      ) : (
        <Group id="related" title={t('groupEarlierLater')}>
          <p class="empty">{t('groupEarlierLaterEmpty')}</p>
        </Group>
      )}
    </Section>
  );
}

/**
 * One listed article: its headline first (a link to the original, opened in a new tab, only for an
 * http(s) address), then outlet, date and language; "Read here" opens the corpus text in the
 * sidebar; "Why?" gives the reasons.
 */
export function RelatedItem({ item, onOpen, read = false }: { item: RelatedArticle; onOpen: OpenArticle; /** in the corpus because the reader read it */ read?: boolean }) {
  const href = webLink(item.url);
  const title = item.title || t('untitled');
  const date = item.relation === 'related' && item.timing && item.eventDate ? item.eventDate : item.published;
  return (
    <li class="item related-item" data-id={item.id} data-relation={item.relation} data-possible={item.possiblySame ? 'true' : undefined} data-read={read ? 'true' : undefined}>
      <p class="card-title" dir="auto">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {title}
          </a>
        ) : (
          <button type="button" class="link" onClick={() => onOpen(item.id, null)}>
            {title}
          </button>
        )}
      </p>
      <p class="card-meta meta">
        <OutletBadge outlet={item.outlet} small />
        <span>
          <bdi class="outlet-name">{item.outlet}</bdi>
          {[date ? formatDate(date) : null, languageLabel(item.language, item.textLanguage), read ? t('youReadIt') : null]
            .filter(Boolean)
            .map((part) => ` · ${part}`)
            .join('')}
        </span>
      </p>
      <div class="toggles">
        {href && (
          <button type="button" class="why-toggle read-here" onClick={() => onOpen(item.id, null)}>
            {t('readHere')}
          </button>
        )}
        <Disclosure label={t('why')} openLabel={t('hideWhy')} class="why-panel">
          <ul class="why">
            {item.reasons.map((r) => reasonMessage(r)).map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Disclosure>
      </div>
    </li>
  );
}
