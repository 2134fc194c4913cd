// Building blocks of the results: a collapsible section with a count, a list with "show more",
// the "Why?" disclosure, and the outlet badge.
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { count as formatCount, plural, t, type MessageKey } from '../../i18n/messages.ts';

/** What a section counts, for screen readers after the number ("5 articles"). */
const UNITS: Record<'item' | 'article' | 'difference', [MessageKey, MessageKey]> = {
  item: ['unitItemOne', 'unitItemOther'],
  article: ['unitArticleOne', 'unitArticleOther'],
  difference: ['unitDifferenceOne', 'unitDifferenceOther'],
};

/** Which sections are collapsed, and how to open or close one (remembered in the reader's settings). */
export interface SectionState {
  collapsed: readonly string[];
  onToggle: (id: string, open: boolean) => void;
}

/**
 * A result section: its heading is the toggle (aria-expanded, aria-controls). Collapsed content
 * stays mounted (hidden), so "show more" and open reasons survive collapsing. Open or closed is
 * the reader's choice, kept in the settings (`sections`); without it, each section keeps its own.
 */
export function Section({ id, title, count, unit = 'item', sections, children }: { id: string; title: string; count: number; unit?: keyof typeof UNITS; sections?: SectionState; children: ComponentChildren }) {
  const [ownOpen, setOwnOpen] = useState(true);
  const open = sections ? !sections.collapsed.includes(id) : ownOpen;
  const toggle = () => (sections ? sections.onToggle(id, !open) : setOwnOpen(!open));
  return (
    <section class="section" data-section={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        <button type="button" class="section-toggle" aria-expanded={open} aria-controls={`${id}-content`} onClick={toggle}>
          <span class="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title} <span class="count">
            {formatCount(count)}
            <span class="visually-hidden"> {plural(count, ...UNITS[unit])}</span>
          </span>
        </button>
      </h2>
      <div id={`${id}-content`} class="section-content" hidden={!open}>
        {children}
      </div>
    </section>
  );
}

/** A subheading and its list inside a section (data-group names it for tests). */
export function Group({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <div class="group" data-group={id}>
      <h3 class="subhead">{title}</h3>
      {children}
    </div>
  );
}

export function Limited<T>({ items, limit, render, empty }: { items: readonly T[]; limit: number; render: (item: T, index: number) => ComponentChildren; empty: string }) {
  const [all, setAll] = useState(false);
  if (!items.length) return empty ? <p class="empty">{empty}</p> : null;
  const shown = all ? items : items.slice(0, limit);
  return (
    <>
      <ul class="items">{shown.map((item, i) => render(item, i))}</ul>
      {items.length > limit && (
        <button type="button" class="more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('showFewer') : t('showMore', items.length - limit)}
        </button>
      )}
    </>
  );
}

/** A button that shows and hides its panel ("Why?" and the like). */
export function Disclosure({ label, openLabel, class: className, children }: { label: string; openLabel: string; class?: string; children: ComponentChildren }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button type="button" class="why-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? openLabel : label}
      </button>
      {open && (
        <div id={id} class={className}>
          {children}
        </div>
      )}
    </>
  );
}

/** The outlet's initial on a colour of its own. Never a favicon: nothing is fetched. */
export function OutletBadge({ outlet, small = false }: { outlet: string; small?: boolean }) {
  const letter = (outlet.replace(/^the\s+/i, '').match(/\p{L}|\p{N}/u)?.[0] ?? '?').toUpperCase();
  let hue = 0;
  for (const ch of outlet) hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  return (
    <span class={small ? 'badge badge-small' : 'badge'} aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 50% 30%)` }}>
      {letter}
    </span>
  );
}

/**
 * "A, B and C" in the reader's language, each name isolated (`<bdi>`): an Arabic or Hebrew outlet
 * name must not reorder the sentence around it.
 */
export function IsolatedList({ items }: { items: readonly string[] }) {
  const parts = items.filter(Boolean);
  let formatted: Array<{ type: string; value: string }>;
  try {
    formatted = new Intl.ListFormat(undefined, { type: 'conjunction' }).formatToParts(parts);
  } catch {
    formatted = parts.flatMap((value, i) => (i ? [{ type: 'literal', value: ', ' }, { type: 'element', value }] : [{ type: 'element', value }]));
  }
  return <>{formatted.map((p, i) => (p.type === 'element' ? <bdi key={i}>{p.value}</bdi> : p.value))}</>;
}
