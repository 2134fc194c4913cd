// The analysis: header, This story elsewhere, Missing context, Translation differences.
import { useState } from 'preact/hooks';
import type { AnalysisResult, MissingContextItem, RelatedArticle, TranslationDifference } from '../../engine/schemas.ts';
import { dateSpan, listOf, plural } from './format.ts';
import { Limited, OutletBadge, Section, formatDate, languageName } from './Section.tsx';

export const ITEMS_PER_SECTION = 5;

interface ResultsProps {
  result: AnalysisResult;
  /** the corpus's date span, when the background sent it */
  corpusDates?: { from: string | null; to: string | null };
  saved: boolean;
  onOpenArticle: (id: string, highlight: string | null) => void;
  onSave: () => void;
  onOpenOptions: () => void;
}

export function Results({ result, corpusDates, saved, onOpenArticle, onSave, onOpenOptions }: ResultsProps) {
  const a = result.article;
  const same = result.related.filter((r) => r.relation === 'same-story');
  const related = result.related.filter((r) => r.relation === 'related');
  const nothing = !result.related.length;
  return (
    <>
      <header class="article-header">
        <p class="eyebrow">You are reading</p>
        <h1>{a.title || '(untitled)'}</h1>
        <p class="meta">
          {[a.outlet, a.published ? formatDate(a.published) : null, `${a.wordCount.toLocaleString()} words`, languageName(a.language)].filter(Boolean).join(' · ')}
        </p>
        <div class="actions">
          {saved ? (
            <span class="saved">In your corpus</span>
          ) : (
            <button type="button" onClick={onSave}>
              Save this article to my corpus
            </button>
          )}
        </div>
      </header>
      {nothing ? (
        <NoMatches result={result} corpusDates={corpusDates} onOpenOptions={onOpenOptions} />
      ) : (
        <>
          <Section id="elsewhere" title="This story elsewhere" count={result.related.length}>
            <h3 class="subhead">Same story</h3>
            <Limited items={same} limit={ITEMS_PER_SECTION} empty="No other outlet's version of this story in your corpus." render={(r) => <RelatedItem key={r.id} item={r} onOpen={onOpenArticle} />} />
            <h3 class="subhead">Related coverage</h3>
            <Limited items={related} limit={ITEMS_PER_SECTION} empty="No earlier or later coverage." render={(r) => <RelatedItem key={r.id} item={r} onOpen={onOpenArticle} />} />
          </Section>
          <MissingContext items={result.missingContext} onOpen={onOpenArticle} />
          <Section id="translation" title="Translation differences" count={result.translationDifferences.length}>
            <Limited
              items={result.translationDifferences}
              limit={ITEMS_PER_SECTION}
              empty="The versions render the same quotes and names alike."
              render={(d, i) => <DifferenceItem key={i} item={d} />}
            />
          </Section>
        </>
      )}
    </>
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

function relationLabel(r: RelatedArticle): string {
  if (r.relation === 'same-story') return 'Same story';
  if (r.timing === 'earlier') return `Earlier · ${formatDate(r.eventDate)}`;
  if (r.timing === 'later') return `Later · ${formatDate(r.eventDate)}`;
  return 'Related';
}

function RelatedItem({ item, onOpen }: { item: RelatedArticle; onOpen: (id: string, h: string | null) => void }) {
  const [why, setWhy] = useState(false);
  return (
    <li class="item related-item" data-id={item.id} data-relation={item.relation}>
      <div class="item-head">
        <OutletBadge outlet={item.outlet} />
        <div>
          <p class="outlet">
            {item.outlet} <span class="relation">{relationLabel(item)}</span>
          </p>
          <p class="meta">{[formatDate(item.published), languageName(item.language)].join(' · ')}</p>
        </div>
      </div>
      <button type="button" class="link title" onClick={() => onOpen(item.id, null)}>
        {item.title}
      </button>
      <button type="button" class="why-toggle" aria-expanded={why} onClick={() => setWhy(!why)}>
        {why ? 'Hide why' : 'Why?'}
      </button>
      {why && (
        <ul class="why">
          {item.why.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

const SECTION_TITLES: Record<MissingContextItem['section'], string> = { 'same-story': 'In other versions of this story', 'since-then': 'Since then', background: 'Background' };

function MissingContext({ items, onOpen }: { items: MissingContextItem[]; onOpen: (id: string, h: string | null) => void }) {
  const sections = (['same-story', 'since-then', 'background'] as const).map((s) => ({ s, list: items.filter((i) => i.section === s) }));
  return (
    <Section id="missing" title="Missing context" count={items.length}>
      {!items.length && <p class="empty">Other coverage reports nothing this article leaves out.</p>}
      {sections
        .filter(({ list }) => list.length)
        .map(({ s, list }) => (
          <div key={s} class="missing-group" data-group={s}>
            <h3 class="subhead">{SECTION_TITLES[s]}</h3>
            <Limited items={list} limit={ITEMS_PER_SECTION} empty="" render={(m, i) => <MissingItem key={i} item={m} onOpen={onOpen} />} />
          </div>
        ))}
    </Section>
  );
}

function MissingItem({ item, onOpen }: { item: MissingContextItem; onOpen: (id: string, h: string | null) => void }) {
  const [wordings, setWordings] = useState(false);
  return (
    <li class="item missing-item" data-kind={item.kind}>
      <p class="kind">
        {item.kind}
        {item.speaker && (
          <>
            {' · '}
            <span class="speaker">{item.speaker}</span>
            {item.speakerRole && <span class="role">, {item.speakerRole}</span>}
          </>
        )}
      </p>
      <p class="claim">{item.text}</p>
      <p class="sources">
        {item.sources.map((s, i) => (
          <>
            {i > 0 && ', '}
            <button type="button" class="link" onClick={() => onOpen(s.id, s.text)}>
              {s.outlet}
            </button>
            {s.published && <span class="meta"> ({formatDate(s.published)})</span>}
          </>
        ))}
      </p>
      {item.sources.length > 1 && (
        <>
          <button type="button" class="why-toggle" aria-expanded={wordings} onClick={() => setWordings(!wordings)}>
            {wordings ? 'Hide wordings' : `Each outlet's wording (${item.sources.length})`}
          </button>
          {wordings && (
            <ul class="wordings">
              {item.sources.map((s) => (
                <li key={s.id}>
                  <strong>{s.outlet}:</strong> {s.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </li>
  );
}

const KIND_LABELS: Record<TranslationDifference['kind'], string> = {
  'quote-wording': 'Quote wording',
  modality: 'Modality',
  negation: 'Negation',
  'omitted-phrase': 'Omitted or added phrase',
  number: 'Numbers',
  'name-spelling': 'Name spelling',
  attribution: 'Attribution',
};

function DifferenceItem({ item }: { item: TranslationDifference }) {
  return (
    <li class="item difference-item" data-kind={item.kind}>
      <p class="kind">
        {KIND_LABELS[item.kind]}
        {item.speaker && <span class="speaker"> · {item.speaker}</span>}
      </p>
      <p class="note">{item.note}</p>
      <div class={item.kind === 'name-spelling' ? 'spellings' : 'variants'}>
        {item.variants.map((v, i) => (
          <div class="variant" key={i}>
            <p class="variant-text">
              {v.parts.map((p, j) =>
                p.change === 'added' ? (
                  <mark key={j} class="diff-added">
                    {p.value}
                  </mark>
                ) : (
                  <span key={j}>{p.value}</span>
                ),
              )}
            </p>
            <p class="meta">{v.sources.map((s) => `${s.outlet}${s.language ? ` (${s.language})` : ''}`).join(', ')}</p>
          </div>
        ))}
      </div>
    </li>
  );
}
