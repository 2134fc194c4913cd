// Storage errors as codes a reader's message is made from (components/options/store-messages.ts
// words them in the UI's language). Every write is all or nothing, so each message can say that
// nothing already stored was lost.
import { ImportBusyError } from './journal.ts';
import { ImportRejectedError, type ImportRejection } from './import.ts';
import { InvalidArticleError } from './database.ts';
import type { FieldProblem } from './problems.ts';

export type StoreFailure =
  | { code: 'import-rejected'; reason: ImportRejection }
  | { code: 'import-busy' }
  /** an article to save does not fit the corpus format: which fields, and why */
  | { code: 'invalid-article'; problems: FieldProblem[] }
  /** the browser's storage quota is used up */
  | { code: 'quota' }
  /** the corpus changed under an import (a save meanwhile) */
  | { code: 'changed' }
  | { code: 'cancelled' }
  /** written by a newer version of Sidelight */
  | { code: 'newer-version' }
  /** the database was closed (Sidelight updated) */
  | { code: 'closed' }
  /** the browser could not read or write; `detail`: its own words, when it said any */
  | { code: 'io'; detail: string | null }
  | { code: 'unknown'; detail: string | null };

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return '';
}

export function storeFailure(error: unknown): StoreFailure {
  if (error instanceof ImportRejectedError) return { code: 'import-rejected', reason: error.reason };
  if (error instanceof ImportBusyError) return { code: 'import-busy' };
  if (error instanceof InvalidArticleError) return { code: 'invalid-article', problems: error.problems };
  // a transaction aborted by a failed request rejects with that request's error (idb: tx.error)
  const detail = error instanceof Error && error.message ? error.message : null;
  switch (errorName(error)) {
    case 'QuotaExceededError':
      return { code: 'quota' };
    case 'ConstraintError':
      return { code: 'changed' };
    case 'AbortError':
      return { code: 'cancelled' };
    case 'VersionError':
      return { code: 'newer-version' };
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return { code: 'closed' };
    case 'UnknownError':
    case 'DataError':
      return { code: 'io', detail };
    default:
      return { code: 'unknown', detail };
  }
}
