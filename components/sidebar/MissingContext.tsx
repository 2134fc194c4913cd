// "Missing context": what other coverage reports and this article leaves out, grouped as in the
// same story, since then, and background; each with its sources and, on demand, why it is listed
// and each outlet's wording.
import type { MissingContextItem, RelatedArticle } from '../../engine/schemas.ts';
import { formatDate, languageLabel, plural } from './format.ts';
import type { OpenArticle } from './Results.tsx';
import { useState } from 'preact/hooks';
import { Disclosure, Group, IsolatedList, OutletBadge, Section, type SectionState } from './Section.tsx';

const GROUPS: Array<{ id: MissingContextItem['section']; title: string }> = [
  { id: 'same-story', title: 'In other versions of this story' },
  { id: 'since-then', title: 'Since then' },
  { id: 'background', title: 'Background' },
];

const KIND_LABELS: Record<MissingContextItem['kind'], string> = { quote: 'Quote', statement: 'Statement', fact: 'Fact', development: 'Development' };

const WHY_BY_GROUP: Record<MissingContextItem['section'], string> = {
  'same-story': 'Other versions of this same story report it; no passage of this article says it.',
  'since-then': 'Reported by coverage published after this article: a later development.',
  background: 'Reported by earlier coverage: context this article does not give.',
};

/**
 * The items the engine marks `shown` (at most 3 a section, 8 in all; fewer when the reader's
 * items-per-list setting is lower), grouped by section; "Show all" opens every item.
 */
export function MissingContext({ items, related, limit, sections, onOpen }: { items: MissingContextItem[]; related: RelatedArticle[]; limit: number; sections?: SectionState; onOpen: OpenArticle }) {
  const [all, setAll] = useState(false);
  const languages = new Map(related.map((r) => [r.id, languageLabel(r.language, r.textLanguage)]));
  const perSection = new Map<string, number>();
  const visible = all
    ? items
    : items.filter((i) => {
        if (!i.shown) return false;
        const n = perSection.get(i.section) ?? 0;
        perSection.set(i.section, n + 1);
        return n < Math.max(1, limit);
      });
  const groups = GROUPS.map((g) => ({ ...g, list: visible.filter((i) => i.section === g.id) })).filter((g) => g.list.length);
  const hidden = items.length - visible.length;
  return (
    <Section id="missing" title="Missing context" count={items.length} sections={sections}>
      {!items.length && <p class="empty">Other coverage reports nothing this article leaves out.</p>}
      {groups.map((g) => (
        <Group key={g.id} id={g.id} title={g.title}>
          <ul class="items">
            {g.list.map((m, i) => (
              <MissingItem key={`${m.section}-${m.rank}-${i}`} item={m} languages={languages} onOpen={onOpen} />
            ))}
          </ul>
        </Group>
      ))}
      {(all || hidden > 0) && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all (${hidden} more)`}
        </button>
      )}
    </Section>
  );
}

function MissingItem({ item, languages, onOpen }: { item: MissingContextItem; languages: Map<string, string>; onOpen: OpenArticle }) {
  const outlets = [...new Set(item.sources.map((s) => s.outlet))];
  return (
    <li class="item missing-item" data-kind={item.kind}>
      <p class="kind">
        {KIND_LABELS[item.kind]}
        {item.speaker && (
          <>
            {' · '}
            <bdi class="speaker">{item.speaker}</bdi>
            {item.speakerRole && (
              <span class="role">
                , <bdi>{item.speakerRole}</bdi>
              </span>
            )}
          </>
        )}
      </p>
      <p class="claim" dir="auto">
        {item.text}
      </p>
      <ul class="sources" aria-label="Sources">
        {item.sources.map((s, i) => (
          <li key={`${s.id}-${i}`} class="source">
            <OutletBadge outlet={s.outlet} small />
            <button type="button" class="link" onClick={() => onOpen(s.id, s.text)}>
              {s.outlet}
            </button>
            <span class="meta"> {[formatDate(s.published), languages.get(s.id)].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      <div class="toggles">
        <Disclosure label="Why?" openLabel="Hide why" class="why-panel">
          <ul class="why">
            <li>{WHY_BY_GROUP[item.section]}</li>
            <li>
              Reported by {plural(outlets.length, 'outlet')}: <IsolatedList items={outlets} />.
            </li>
            {item.relation === 'related' && <li>From related coverage, not another version of this story.</li>}
          </ul>
        </Disclosure>
        {item.sources.length > 1 && (
          <Disclosure label={`Each outlet's wording (${item.sources.length})`} openLabel="Hide wordings" class="why-panel">
            <ul class="wordings">
              {item.sources.map((s, i) => (
                <li key={`${s.id}-${i}`}>
                  <strong>
                    <bdi>{s.outlet}</bdi>:
                  </strong>{' '}
                  <bdi>{s.text}</bdi>
                </li>
              ))}
            </ul>
          </Disclosure>
        )}
      </div>
    </li>
  );
}
