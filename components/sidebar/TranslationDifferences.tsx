// "Translation differences": where versions render the same quote or number differently, each with
// its renderings side by side and the differing words marked; and every name spelled differently,
// together in one compact item ("Kiev · Kyiv", and which outlet writes which).
import type { RelatedArticle, TranslationDifference } from '../../engine/schemas.ts';
import { languageLabel } from './format.ts';
import { Disclosure, Limited, OutletBadge, Section, type SectionState } from './Section.tsx';

const KIND_LABELS: Record<TranslationDifference['kind'], string> = {
  'quote-wording': 'Quote wording',
  modality: 'Modality',
  negation: 'Negation',
  'omitted-phrase': 'Omitted or added phrase',
  number: 'Numbers',
  'name-spelling': 'Name spelling',
  attribution: 'Attribution',
};

const KIND_WHY: Record<TranslationDifference['kind'], string> = {
  'quote-wording': 'The same quote, by the same speaker, is worded differently: translations of one statement can shift its tone.',
  modality: 'A word of certainty differs (such as will, could, may): one rendering sounds more or less sure than the other.',
  negation: 'One rendering says "not" where another does not: check the original if it matters.',
  'omitted-phrase': 'A phrase appears in one rendering of the quote and not in another.',
  number: 'The renderings give different numbers for the same statement.',
  'name-spelling': 'The same person or place is spelled differently.',
  attribution: 'The renderings attribute the statement differently.',
};

type Source = TranslationDifference['variants'][number]['sources'][number];

export function TranslationDifferences({ items, articleOutlet, related = [], limit, sections }: { items: TranslationDifference[]; articleOutlet: string | null; related?: RelatedArticle[]; limit: number; sections?: SectionState }) {
  // each rendering's language as the sidebar says it elsewhere: "in English", "translated from German"
  const languages = new Map(related.map((r) => [r.id, languageLabel(r.language, r.textLanguage)]));
  const names = items.filter((d) => d.kind === 'name-spelling');
  const others = items.filter((d) => d.kind !== 'name-spelling');
  const count = others.length + (names.length ? 1 : 0);
  return (
    <Section id="translation" title="Translation differences" count={count} unit="difference" sections={sections}>
      {!items.length && <p class="empty">The versions render the same quotes and names alike.</p>}
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
        {KIND_LABELS[item.kind]}
        {item.speaker && (
          <span class="speaker">
            {' · '}
            <bdi>{item.speaker}</bdi>
          </span>
        )}
      </p>
      <p class="note">{item.note}</p>
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
      <Disclosure label="Why?" openLabel="Hide why" class="why-panel">
        <ul class="why">
          <li>{KIND_WHY[item.kind]}</li>
          <li>Marked words differ from the first rendering. Sidelight says “rendered differently”, not which is right.</li>
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
            {s.outlet === articleOutlet && <span class="here"> (this article)</span>}
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
        Name spellings <span class="role">· {items.length.toLocaleString()}</span>
      </p>
      <Limited
        items={items}
        limit={limit}
        empty=""
        render={(d, i) => (
          <li key={i} class="spelling-row">
            <p class="spelling-note">{d.note}</p>
            <p class="spelling-variants">
              {d.variants.map((v, j) => (
                <span class="spelling-variant" key={j}>
                  <span class="spelling-text">{v.text}</span>
                  {v.sources.some((s) => s.outlet === articleOutlet) && <span class="here"> (this article)</span>}
                  <span class="badges" title={v.sources.map((s) => s.outlet).join(', ')}>
                    {v.sources.map((s, k) => (
                      <OutletBadge key={k} outlet={s.outlet} small />
                    ))}
                  </span>
                  <span class="visually-hidden">: {v.sources.map((s) => s.outlet).join(', ')}</span>
                </span>
              ))}
            </p>
          </li>
        )}
      />
      <Disclosure label="Which outlet writes which" openLabel="Hide outlets" class="why-panel">
        <ul class="wordings spelling-outlets">
          {items.map((d, i) => (
            <li key={i}>
              {d.variants.map((v, j) => (
                <span key={j}>
                  {j > 0 && '; '}
                  <strong>{v.text}</strong>: {v.sources.map((s) => s.outlet).join(', ')}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </Disclosure>
    </li>
  );
}
