// Export the reader's articles (or everything) as a JSONL file that imports back to the same corpus.
import { useState } from 'preact/hooks';
import type { CorpusAdmin } from '../../store/corpus-admin.ts';
import { storeErrorMessage } from '../../i18n/store-messages.ts';
import { exportFileName } from '../../store/export.ts';
import type { CorpusSettings } from '../../store/schema.ts';

type ExportScope = CorpusSettings['exportScope'];
import { plural, t } from '../../i18n/messages.ts';

export interface ExportPanelProps {
  admin: CorpusAdmin;
  scope: ExportScope;
  onScopeChange(scope: ExportScope): void;
  download(fileName: string, parts: BlobPart[]): void;
}

export function ExportPanel({ admin, scope, onScopeChange, download }: ExportPanelProps) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { lines, count } = await admin.exportCorpus(scope);
      const fileName = exportFileName(scope);
      download(fileName, lines);
      setMessage({ ok: true, text: plural(count, 'exportedOne', 'exportedOther', fileName) });
    } catch (error) {
      setMessage({ ok: false, text: storeErrorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">{t('exportHeading')}</h2>
      <fieldset class="choices">
        <legend>{t('exportWhat')}</legend>
        <label>
          <input type="radio" name="export-scope" value="user" checked={scope === 'user'} onChange={() => onScopeChange('user')} /> {t('exportUser')}
        </label>
        <label>
          <input type="radio" name="export-scope" value="all" checked={scope === 'all'} onChange={() => onScopeChange('all')} /> {t('exportAll')}
        </label>
      </fieldset>
      <button type="button" disabled={busy} onClick={() => void run()}>
        {t('exportButton')}
      </button>
      {message && (
        <p class={`report ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="export-report">
          {message.text}
        </p>
      )}
    </section>
  );
}
