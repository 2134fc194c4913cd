// A collapsible result section with a count and "show more".
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ComponentChildren }) {
  const [open, setOpen] = useState(true);
  return (
    <section class="section" data-section={id} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>
        <button type="button" class="section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span class="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title} <span class="count">{count}</span>
        </button>
      </h2>
      {open && children}
    </section>
  );
}

export function Limited<T>({ items, limit, render, empty }: { items: readonly T[]; limit: number; render: (item: T, index: number) => ComponentChildren; empty: string }) {
  const [all, setAll] = useState(false);
  if (!items.length) return <p class="empty">{empty}</p>;
  const shown = all ? items : items.slice(0, limit);
  return (
    <>
      <ul class="items">{shown.map((item, i) => render(item, i))}</ul>
      {items.length > limit && (
        <button type="button" class="more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show ${items.length - limit} more`}
        </button>
      )}
    </>
  );
}

export function OutletBadge({ outlet }: { outlet: string }) {
  const letter = (outlet.match(/\p{L}/u)?.[0] ?? '?').toUpperCase();
  let hue = 0;
  for (const ch of outlet) hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  return (
    <span class="badge" aria-hidden="true" style={{ backgroundColor: `hsl(${hue} 45% 42%)` }}>
      {letter}
    </span>
  );
}

export function formatDate(iso: string | null): string {
  if (!iso) return 'undated';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function languageName(code: string | null): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
