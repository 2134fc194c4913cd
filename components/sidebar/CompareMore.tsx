// Below the results, when the analysis compared only the closest listed articles (engine/
// missing-context.ts SOURCE_LIMITS): says so, and offers to compare the rest. The background
// answers with the tab's state, missing context and translation differences over every listed
// article; the listing itself does not change.
import { useState } from 'preact/hooks';
import { plural, t } from '../../i18n/messages.ts';

export function CompareMore({ notCompared, onCompare }: { notCompared: readonly string[]; onCompare: () => Promise<void> }) {
  // the list the reader asked about: a new result (another page, or this one compared) ends the wait
  const [asked, setAsked] = useState<readonly string[] | null>(null);
  const busy = asked === notCompared;
  if (!notCompared.length) return null;
  const n = notCompared.length;
  return (
    <div class="compare-more">
      <p class="meta">{plural(n, 'notComparedOne', 'notComparedOther')}</p>
      <button
        type="button"
        class="more"
        disabled={busy}
        onClick={() => {
          setAsked(notCompared);
          void onCompare().finally(() => setAsked(null));
        }}
      >
        {busy ? t('comparingMore') : plural(n, 'compareMoreOne', 'compareMoreOther')}
      </button>
    </div>
  );
}
