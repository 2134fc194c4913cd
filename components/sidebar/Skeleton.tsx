// Placeholders shaped like the results (header, three sections), shown while the page is read
// and analysed, so the panel does not jump when the results arrive.

export function ResultsSkeleton() {
  return (
    <div class="skeleton" aria-hidden="true">
      <div class="sk-header">
        <span class="sk-line sk-w90 sk-tall" />
        <span class="sk-line sk-w60 sk-tall" />
        <span class="sk-line sk-w70" />
      </div>
      {[3, 2, 2].map((cards, i) => (
        <div class="sk-section" key={i}>
          <span class="sk-line sk-w50 sk-heading" />
          {Array.from({ length: cards }, (_, j) => (
            <span class="sk-card" key={j} />
          ))}
        </div>
      ))}
    </div>
  );
}
