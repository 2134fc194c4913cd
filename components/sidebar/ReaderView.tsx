// A corpus article inside the sidebar: clean text, outlet, date, language, with the passage a
// missing-context item cites highlighted and scrolled to. Text only: paragraphs are strings.
import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { ReaderTarget } from './SidebarApp.tsx';
import { plural, t } from '../../i18n/messages.ts';
import { formatDate, languageLabel, webLink } from './format.ts';
import { findPassage, type PassageRange } from './passage.ts';
import { OutletBadge } from './Section.tsx';

export function ReaderView({ target, onBack }: { target: ReaderTarget; onBack: () => void }) {
  const { record, highlight, textLanguage } = target;
  const markRef = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const paragraphs = useMemo(() => record.text.split(/\n+/).filter((p) => p.trim()), [record.text]);
  const ranges = useMemo(() => findPassage(paragraphs, highlight), [paragraphs, highlight]);
  const words = useMemo(() => record.text.split(/\s+/).filter(Boolean).length, [record.text]);

  useLayoutEffect(() => {
    // the heading takes focus (screen readers read the title); the highlight is scrolled to
    headingRef.current?.focus({ preventScroll: true });
    if (markRef.current) markRef.current.scrollIntoView?.({ block: 'center' });
    else window.scrollTo(0, 0);
  }, [record.id, highlight]);

  return (
    <article class="reader" aria-labelledby="reader-heading">
      <button type="button" class="back" onClick={onBack}>
        {t('backToResults')}
      </button>
      <div class="header-meta">
        <OutletBadge outlet={record.outlet} />
        <p class="eyebrow">
          <bdi>{record.outlet}</bdi>
          {[formatDate(record.published ?? null), languageLabel(record.language ?? null, textLanguage)].filter(Boolean).map((x) => ` · ${x}`)}
        </p>
      </div>
      <h1 id="reader-heading" ref={headingRef} tabIndex={-1}>
        {record.title || t('untitled')}
      </h1>
      <p class="meta">
        {plural(words, 'wordsOne', 'wordsOther')}
        {webLink(record.url) && (
          <>
            {' · '}
            <a href={webLink(record.url)!} target="_blank" rel="noreferrer noopener">
              {t('originalPage')}
            </a>
          </>
        )}
      </p>
      {highlight && (
        <p class="passage-note" role="note">
          {ranges.length ? (
            <>
              {t('passageBefore')}
              <mark>{t('passageHighlighted')}</mark>
              {t('passageAfter')}{' '}
              <button type="button" class="link" onClick={() => markRef.current?.scrollIntoView?.({ block: 'center' })}>
                {t('passageGoTo')}
              </button>
            </>
          ) : (
            <>
              {t('passageNotFoundBefore')}
              <bdi>{highlight}</bdi>
              {t('passageNotFoundAfter')}
            </>
          )}
        </p>
      )}
      <div class="reader-text">
        {paragraphs.map((p, i) => (
          <p key={i}>{marked(p, ranges.filter((r) => r.paragraph === i), ranges[0], markRef)}</p>
        ))}
      </div>
    </article>
  );
}

/** A paragraph with its ranges in <mark>; the article's first mark gets the ref. */
function marked(text: string, ranges: PassageRange[], first: PassageRange | undefined, markRef: RefObject<HTMLElement | null>): ComponentChildren {
  if (!ranges.length) return text;
  const out: ComponentChildren[] = [];
  let at = 0;
  ranges.forEach((r, i) => {
    if (r.start < at) return;
    out.push(text.slice(at, r.start));
    out.push(
      <mark key={i} class="passage" ref={r === first ? markRef : undefined}>
        {text.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  });
  out.push(text.slice(at));
  return out;
}
