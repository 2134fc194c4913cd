// "Translation differences": where versions render the same quote or number differently, each with
// its renderings side by side and the differing words marked; and every name spelled differently,
// together in one compact item ("Kiev · Kyiv", and which outlet writes which).
import type { RelatedArticle, TranslationDifference } from '../../engine/schemas.ts';
import { count as formatCount, t, type MessageKey } from '../../i18n/messages.ts';
import { translationNote } from '../../i18n/translation-notes.ts';
import { languageLabel } from './format.ts';
import { Disclosure, Limited, OutletBadge, Section, type SectionState } from './Section.tsx';

const KIND_LABELS: Record<TranslationDifference['kind'], MessageKey> = {
  'quote-wording': 'diffKindQuoteWording',
  modality: 'diffKindModality',
  negation: 'diffKindNegation',
  'omitted-phrase': 'diffKindOmittedPhrase',
  number: 'diffKindNumber',
  'name-spelling': 'diffKindNameSpelling',
  attribution: 'diffKindAttribution',
};

const KIND_WHY: Record<TranslationDifference['kind'], MessageKey> = {
  'quote-wording': 'diffWhyQuoteWording',
  modality: 'diffWhyModality',
  negation: 'diffWhyNegation',
  'omitted-phrase': 'diffWhyOmittedPhrase',
  number: 'diffWhyNumber',
  'name-spelling': 'diffWhyNameSpelling',
  attribution: 'diffWhyAttribution',
};

type Source = TranslationDifference['variants'][number]['sources'][number];

export function TranslationDifferences({ items, articleOutlet, related = [], limit, sections }: { items: TranslationDifference[]; articleOutlet: string | null; related?: RelatedArticle[]; limit: number; sections?: SectionState }) {
  // each rendering's language as the sidebar says it elsewhere: "in English", "translated from German"
  const languages = new Map(related.map((r) => [r.id, languageLabel(r.language, r.textLanguage)]));
  const names = items.filter((d) => d.kind === 'name-spelling');
  const others = items.filter((d) => d.kind !== 'name-spelling');
  const count = others.length + (names.length ? 1 : 0);
  return (
    <Section id="translation" title={t('sectionTranslation')} count={count} unit="difference" sections={sections}>
      {!items.length && <p class="empty">{t('translationEmpty')}</p>}
      <Limited items={others} limit={limit} empty="" render={(d, i) => <DifferenceItem key={i} item={d} articleOutlet={articleOutlet} languages={languages} />} />
      {names.length > 0 && (
        <ul class="items">
          <NameSpellings items={names} articleOutlet={articleOutlet} limit={limit} />
        </ul>
      )}
    </Section>
  );
}

function DifferenceItem({ item, articleOutlet, languages }: { item: TranslationDifference; articleOutlet: string | null; languages: Map<string, string> }) {
  return (
    <li class="item difference-item" data-kind={item.kind}>
      <p class="kind">
        {t(KIND_LABELS[item.kind])}
        {item.speaker && (
          <span class="speaker">
            {' · '}
            <bdi>{item.speaker}</bdi>
          </span>
        )}
      </p>
      <p class="note">{translationNote(item.detail)}</p>
      <div class="variants">
        {item.variants.map((v, i) => (
          <div class="variant" key={i}>
            <p class="variant-text">
              {v.parts
                // the engine marks what each rendering adds; words only the first one has are not part of this one
                .filter((p) => p.change !== 'removed')
                .map((p, j) =>
                  p.change === 'added' ? (
                    <mark key={j} class="diff-added">
                      {p.value}
                    </mark>
                  ) : (
                    <span key={j}>{p.value}</span>
                  ),
                )}
            </p>
            <SourceList sources={v.sources} articleOutlet={articleOutlet} languages={languages} />
          </div>
        ))}
      </div>
      <Disclosure label={t('why')} openLabel={t('hideWhy')} class="why-panel">
        <ul class="why">
          <li>{t(KIND_WHY[item.kind])}</li>
          <li>{t('diffWhyMarked')}</li>
        </ul>
      </Disclosure>
    </li>
  );
}

function SourceList({ sources, articleOutlet, languages }: { sources: Source[]; articleOutlet: string | null; languages: Map<string, string> }) {
  return (
    <ul class="variant-sources">
      {sources.map((s, i) => (
        <li key={`${s.id}-${i}`}>
          <OutletBadge outlet={s.outlet} small />
          <span>
            <bdi>{s.outlet}</bdi>
            {s.outlet === articleOutlet && <span class="here"> {t('thisArticle')}</span>}
            {(languages.get(s.id) ?? languageLabel(s.language)) && <span class="meta"> · {languages.get(s.id) ?? languageLabel(s.language)}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Every name spelling difference in one item: a row per name, its spellings, and who writes which. */
function NameSpellings({ items, articleOutlet, limit }: { items: TranslationDifference[]; articleOutlet: string | null; limit: number }) {
  return (
    <li class="item difference-item names-item" data-kind="name-spelling">
      <p class="kind">
        {t('nameSpellings')} <span class="role">· {formatCount(items.length)}</span>
      </p>
      <Limited
        items={items}
        limit={limit}
        empty=""
        render={(d, i) => (
          <li key={i} class="spelling-row">
            <p class="spelling-note">{translationNote(d.detail)}</p>
            <p class="spelling-variants">
              {d.variants.map((v, j) => (
                <span class="spelling-variant" key={j}>
                  <span class="spelling-text">{v.text}</span>
                  {v.sources.some((s) => s.outlet === articleOutlet) && <span class="here"> {t('thisArticle')}</span>}
                  <span class="badges" title={v.sources.map((s) => s.outlet).join(t('listSeparator'))}>
                    {v.sources.map((s, k) => (
                      <OutletBadge key={k} outlet={s.outlet} small />
                    ))}
                  </span>
                  <span class="visually-hidden">
                    {t('labelColon')} {v.sources.map((s) => s.outlet).join(t('listSeparator'))}
                  </span>
                </span>
              ))}
            </p>
          </li>
        )}
      />
      <Disclosure label={t('whichOutletWrites')} openLabel={t('hideOutlets')} class="why-panel">
        <ul class="wordings spelling-outlets">
          {items.map((d, i) => (
            <li key={i}>
              {d.variants.map((v, j) => (
                <span key={j}>
                  {j > 0 && t('listSeparatorStrong')}
                  <strong>{v.text}</strong>
                  {t('labelColon')} {v.sources.map((s) => s.outlet).join(t('listSeparator'))}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </Disclosure>
    </li>
  );
}
