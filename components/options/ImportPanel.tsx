// Import a JSONL file: check every line (progress), then write all or nothing (progress), or
// report the bad lines and offer to import only the valid ones. Or import a folder of saved .html
// pages: each read as an article (progress), the pages that are not reported one by one.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CorpusAdmin } from '../../store/corpus-admin.ts';
import { lineErrorMessages, storeErrorMessage } from '../../i18n/store-messages.ts';
import { type CheckedFile, type ImportReport, type Progress } from '../../store/import.ts';
import { count, plural, t } from '../../i18n/messages.ts';
import type { PageProblem } from './saved-pages.ts';

/** Larger files are refused before reading: a page cannot hold them in memory comfortably. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

type ImportState =
  | { phase: 'idle' }
  | { phase: 'checking'; fileName: string; progress: Progress }
  | { phase: 'invalid'; fileName: string; checked: CheckedFile }
  | { phase: 'reading-pages'; fileName: string; progress: Progress; file: string }
  | { phase: 'importing'; fileName: string; progress: Progress; pageProblems?: PageProblem[] }
  | { phase: 'done'; fileName: string; report: ImportReport; pageProblems?: PageProblem[] }
  | { phase: 'failed'; fileName: string; message: string; pageProblems?: PageProblem[] };

export interface ImportPanelProps {
  admin: CorpusAdmin;
  onImported(): void;
}

export function describeReport(report: ImportReport): string {
  const parts = [plural(report.added, 'reportAddedOne', 'reportAddedOther')];
  const dupes = report.duplicates.id + report.duplicates.url + report.duplicates.text;
  if (dupes) {
    const why = (['id', 'url', 'text'] as const)
      .filter((k) => report.duplicates[k])
      .map((k) => t(k === 'id' ? 'reportSameId' : k === 'url' ? 'reportSameUrl' : 'reportSameText', report.duplicates[k]))
      .join(t('listSeparator'));
    parts.push(plural(dupes, 'reportDuplicatesOne', 'reportDuplicatesOther', why));
  }
  if (report.alreadyBundled) parts.push(plural(report.alreadyBundled, 'reportBundledOne', 'reportBundledOther'));
  if (report.skippedInvalid) parts.push(plural(report.skippedInvalid, 'reportInvalidOne', 'reportInvalidOther'));
  return t('sentence', parts.join(t('listSeparatorStrong')));
}

export function ImportPanel({ admin, onImported }: ImportPanelProps) {
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const write = async (fileName: string, checked: CheckedFile, validOnly: boolean, pageProblems?: PageProblem[]) => {
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'importing', fileName, progress: { done: 0, total: checked.entries.length }, pageProblems });
    try {
      const report = await admin.runImport(checked, { validOnly, signal: controller.signal, onProgress: (progress) => setState({ phase: 'importing', fileName, progress, pageProblems }) });
      setState({ phase: 'done', fileName, report, pageProblems });
      onImported();
    } catch (error) {
      setState({ phase: 'failed', fileName, message: storeErrorMessage(error), pageProblems });
    } finally {
      abort.current = null;
    }
  };

  const chooseFolder = async (files: File[]) => {
    const first = (files[0] as (File & { webkitRelativePath?: string }) | undefined)?.webkitRelativePath ?? '';
    const fileName = first.split('/')[0] || t('pageFolder');
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'reading-pages', fileName, progress: { done: 0, total: files.length }, file: '' });
    try {
      // Readability and the extraction load only when a folder is chosen (a chunk of their own)
      const { readSavedPages } = await import('./saved-pages.ts');
      const pages = await readSavedPages(files, { signal: controller.signal, onProgress: ({ done, total, file }) => setState({ phase: 'reading-pages', fileName, progress: { done, total }, file }) });
      abort.current = null;
      if (!pages.pages) setState({ phase: 'failed', fileName, message: plural(pages.otherFiles, 'folderNoPagesOne', 'folderNoPagesOther') });
      else if (!pages.checked.entries.length) setState({ phase: 'failed', fileName, message: plural(pages.pages, 'folderNoArticlesOne', 'folderNoArticlesOther'), pageProblems: pages.problems });
      else await write(fileName, pages.checked, false, pages.problems);
    } catch (error) {
      abort.current = null;
      setState({ phase: 'failed', fileName, message: storeErrorMessage(error) });
    }
  };

  const chooseFile = async (file: File) => {
    const fileName = file.name;
    if (file.size > MAX_FILE_BYTES) {
      setState({ phase: 'failed', fileName, message: t('fileTooLarge', Math.round(file.size / 1024 / 1024), MAX_FILE_BYTES / 1024 / 1024) });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'checking', fileName, progress: { done: 0, total: 1 } });
    let checked: CheckedFile;
    try {
      const text = await file.text();
      checked = await admin.checkImport(text, { signal: controller.signal, onProgress: (progress) => setState({ phase: 'checking', fileName, progress }) });
    } catch (error) {
      abort.current = null;
      setState({ phase: 'failed', fileName, message: storeErrorMessage(error) });
      return;
    }
    abort.current = null;
    if (checked.fileProblem) setState({ phase: 'failed', fileName, message: t('fileProblem', t('fileEmpty')) });
    else if (checked.errors.length) setState({ phase: 'invalid', fileName, checked });
    else await write(fileName, checked, false);
  };

  const busy = state.phase === 'checking' || state.phase === 'importing' || state.phase === 'reading-pages';
  const pageProblems = state.phase === 'done' || state.phase === 'failed' ? state.pageProblems : undefined;
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('importHeading')}</h2>
      <p class="muted">{t('importJsonlHelp')}</p>
      <label class="file">
        <span>{t('importChooseFile')}</span>
        <input
          ref={input}
          type="file"
          accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/jsonl"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void chooseFile(file);
          }}
        />
      </label>
      <p class="muted">{t('importFolderHelp')}</p>
      <label class="file">
        <span>{t('importChooseFolder')}</span>
        <input
          type="file"
          {...{ webkitdirectory: true }}
          multiple
          disabled={busy}
          data-testid="folder-input"
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length) void chooseFolder(files);
          }}
        />
      </label>
      {busy && (
        <div class="progress" data-testid="import-progress">
          <label>
            {state.phase === 'checking'
              ? t('importChecking', state.fileName)
              : state.phase === 'reading-pages'
                ? t(state.file ? 'importReadingPagesFile' : 'importReadingPages', state.fileName, state.progress.done, state.progress.total, state.file)
                : t('importImporting', state.fileName, state.progress.done, plural(state.progress.total, 'articlesOne', 'articlesOther'))}
            <progress max={state.progress.total} value={state.progress.done} />
          </label>
          <button type="button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        </div>
      )}
      {state.phase === 'invalid' && (
        <div class="report error" role="alert" data-testid="import-report">
          <p>
            <strong>{t('importNotImported', state.fileName)}</strong> {t('importInvalidLines', count(state.checked.errors.length), plural(state.checked.lines, 'linesOne', 'linesOther'))}
          </p>
          <ul class="line-errors">
            {lineErrorMessages(state.checked.errors).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p class="actions">
            {state.checked.entries.length > 0 && (
              <button type="button" onClick={() => void write(state.fileName, state.checked, true)}>
                {plural(state.checked.entries.length, 'importValidOne', 'importValidOther')}
              </button>
            )}{' '}
            <button type="button" onClick={() => setState({ phase: 'idle' })}>
              {t('importDont')}
            </button>
          </p>
        </div>
      )}
      {state.phase === 'done' && (
        <p class="report ok" role="status" data-testid="import-report">
          {t('importDone', state.fileName, describeReport(state.report))}
        </p>
      )}
      {state.phase === 'failed' && (
        <p class="report error" role="alert" data-testid="import-report">
          {t('importFailed', state.fileName, state.message)}
        </p>
      )}
      {pageProblems && pageProblems.length > 0 && (
        <div class="report error" data-testid="page-problems">
          <p>{plural(pageProblems.length, 'pagesNotImportedOne', 'pagesNotImportedOther')}</p>
          <ul class="line-errors">
            {pageProblems.slice(0, 50).map((p) => (
              <li key={p.file}>
                <code>{p.file}</code>
                {t('labelColon')} {p.message}
              </li>
            ))}
            {pageProblems.length > 50 && <li>{t('andMore', pageProblems.length - 50)}</li>}
          </ul>
        </div>
      )}
    </section>
  );
}
