// "This story elsewhere": other outlets' versions of the same story, then related coverage as
// Earlier and Later, each with outlet, date, original language, relation, and why on demand.
import type { RelatedArticle } from '../../engine/schemas.ts';
import { formatDate, languageName } from './format.ts';
import type { OpenArticle } from './Results.tsx';
import { Disclosure, Group, Limited, OutletBadge, Section } from './Section.tsx';

const byDate = (a: RelatedArticle, b: RelatedArticle) => (a.eventDate ?? a.published ?? '').localeCompare(b.eventDate ?? b.published ?? '');

export function Elsewhere({ related, limit, onOpen }: { related: RelatedArticle[]; limit: number; onOpen: OpenArticle }) {
  const same = related.filter((r) => r.relation === 'same-story');
  const others = related.filter((r) => r.relation === 'related');
  // a timeline: earlier coverage oldest first, then later coverage; undated relations last
  const groups = [
    { id: 'earlier', title: 'Earlier', items: others.filter((r) => r.timing === 'earlier').sort(byDate) },
    { id: 'later', title: 'Later', items: others.filter((r) => r.timing === 'later').sort(byDate) },
    { id: 'related', title: 'Related', items: others.filter((r) => r.timing === null) },
  ].filter((g) => g.items.length);
  const render = (r: RelatedArticle) => <RelatedItem key={r.id} item={r} onOpen={onOpen} />;
  return (
    <Section id="elsewhere" title="This story elsewhere" count={related.length} unit="article">
      <Group id="same-story" title="Same story">
        <Limited items={same} limit={limit} empty="No other outlet's version of this story in your corpus." render={render} />
      </Group>
      {groups.length ? (
        groups.map((g) => (
          <Group key={g.id} id={g.id} title={g.title}>
            <Limited items={g.items} limit={limit} empty="" render={render} />
          </Group>
        ))
      ) : (
        <Group id="related" title="Earlier and later">
          <p class="empty">No earlier or later coverage in your corpus.</p>
        </Group>
      )}
    </Section>
  );
}

export function relationLabel(r: RelatedArticle): string {
  if (r.relation === 'same-story') return 'Same story';
  if (r.timing === 'earlier') return `Earlier · ${formatDate(r.eventDate ?? r.published)}`;
  if (r.timing === 'later') return `Later · ${formatDate(r.eventDate ?? r.published)}`;
  return 'Related';
}

function RelatedItem({ item, onOpen }: { item: RelatedArticle; onOpen: OpenArticle }) {
  return (
    <li class="item related-item" data-id={item.id} data-relation={item.relation}>
      <div class="item-head">
        <OutletBadge outlet={item.outlet} />
        <div class="item-head-text">
          <p class="outlet">
            <bdi>{item.outlet}</bdi> <span class="relation">{relationLabel(item)}</span>
          </p>
          <p class="meta">{[formatDate(item.published), languageName(item.language)].filter(Boolean).join(' · ')}</p>
        </div>
      </div>
      <button type="button" class="link title" onClick={() => onOpen(item.id, null)}>
        {item.title || '(untitled)'}
      </button>
      <Disclosure label="Why?" openLabel="Hide why" class="why-panel">
        <ul class="why">
          {item.why.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </Disclosure>
    </li>
  );
}
