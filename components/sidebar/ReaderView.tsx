// A corpus article inside the sidebar, with the passage of a missing-context item highlighted.
import { useEffect, useRef } from 'preact/hooks';
import type { ReaderTarget } from './SidebarApp.tsx';
import { formatDate } from './format.ts';

export function ReaderView({ target, onBack }: { target: ReaderTarget; onBack: () => void }) {
  const { record, highlight } = target;
  const markRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView?.({ block: 'center' });
  }, [record.id]);
  const paragraphs = record.text.split(/\n+/).filter((p) => p.trim());
  return (
    <main class="sidebar reader">
      <button type="button" class="back" onClick={onBack}>
        ← Back to results
      </button>
      <p class="eyebrow">
        {record.outlet} · {formatDate(record.published ?? null)}
      </p>
      <h1>{record.title}</h1>
      {record.url && (
        <p class="meta">
          <a href={record.url} target="_blank" rel="noreferrer noopener">
            Original page
          </a>
        </p>
      )}
      {paragraphs.map((p, i) => {
        const at = highlight ? p.indexOf(highlight) : -1;
        if (at < 0 || !highlight) return <p key={i}>{p}</p>;
        return (
          <p key={i}>
            {p.slice(0, at)}
            <mark ref={markRef}>{highlight}</mark>
            {p.slice(at + highlight.length)}
          </p>
        );
      })}
    </main>
  );
}
