// "Missing context": what other coverage reports and this article leaves out, grouped as in the
// same story, since then, and background; each with its sources and, on demand, why it is listed
// and each outlet's wording.
import type { MissingContextItem, RelatedArticle } from '../../engine/schemas.ts';
import { plural, t, type MessageKey } from '../../i18n/messages.ts';
import { formatDate, languageLabel } from './format.ts';
import type { OpenArticle } from './Results.tsx';
import { useState } from 'preact/hooks';
import { Disclosure, Group, IsolatedList, OutletBadge, Section, type SectionState } from './Section.tsx';

const GROUPS: Array<{ id: MissingContextItem['section']; title: MessageKey }> = [
  { id: 'same-story', title: 'missingGroupSameStory' },
  { id: 'since-then', title: 'missingGroupSinceThen' },
  { id: 'background', title: 'missingGroupBackground' },
];

const KIND_LABELS: Record<MissingContextItem['kind'], MessageKey> = { quote: 'kindQuote', statement: 'kindStatement', fact: 'kindFact', development: 'kindDevelopment' };

const WHY_BY_GROUP: Record<MissingContextItem['section'], MessageKey> = {
  'same-story': 'missingWhySameStory',
  'since-then': 'missingWhySinceThen',
  background: 'missingWhyBackground',
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
    <Section id="missing" title={t('sectionMissing')} count={items.length} sections={sections}>
      {!items.length && <p class="empty">{t('missingEmpty')}</p>}
      {groups.map((g) => (
        <Group key={g.id} id={g.id} title={t(g.title)}>
          <ul class="items">
            {g.list.map((m, i) => (
              <MissingItem key={`${m.section}-${m.rank}-${i}`} item={m} languages={languages} onOpen={onOpen} />
            ))}
          </ul>
        </Group>
      ))}
      {(all || hidden > 0) && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('showFewer') : t('showAll', hidden)}
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
        {t(KIND_LABELS[item.kind])}
        {item.speaker && (
          <>
            {' · '}
            <bdi class="speaker">{item.speaker}</bdi>
            {item.speakerRole && (
              <span class="role">
                {t('listSeparator')}
                <bdi>{item.speakerRole}</bdi>
              </span>
            )}
          </>
        )}
      </p>
      <p class="claim" dir="auto">
        {item.text}
      </p>
      <ul class="sources" aria-label={t('sources')}>
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
        <Disclosure label={t('why')} openLabel={t('hideWhy')} class="why-panel">
          <ul class="why">
            <li>{t(WHY_BY_GROUP[item.section])}</li>
            <li>
              {plural(outlets.length, 'reportedByOne', 'reportedByOther')} <IsolatedList items={outlets} />
              {t('sentenceEnd')}
            </li>
            {item.relation === 'related' && <li>{t('missingFromRelated')}</li>}
          </ul>
        </Disclosure>
        {item.sources.length > 1 && (
          <Disclosure label={t('eachWording', item.sources.length)} openLabel={t('hideWordings')} class="why-panel">
            <ul class="wordings">
              {item.sources.map((s, i) => (
                <li key={`${s.id}-${i}`}>
                  <strong>
                    <bdi>{s.outlet}</bdi>
                    {t('labelColon')}
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
