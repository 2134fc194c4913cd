// Storage errors in words a reader can act on. Every write is all or nothing, so each message can
// say that nothing already stored was lost.
import { ImportBusyError } from './journal.ts';
import { ImportRejectedError } from './import.ts';

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') return error.name;
  return '';
}

export function describeStoreError(error: unknown): string {
  if (error instanceof ImportRejectedError || error instanceof ImportBusyError) return error.message;
  // a transaction aborted by a failed request rejects with that request's error (idb: tx.error)
  const name = errorName(error);
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  switch (name) {
    case 'QuotaExceededError':
      return "The browser's storage for Sidelight is full. Nothing was changed and nothing already stored was lost. Free some disk space or delete articles you no longer need, then try again.";
    case 'ConstraintError':
      return 'The corpus changed while importing (an article was saved meanwhile). Nothing was imported; try again.';
    case 'AbortError':
      return 'The operation was cancelled. Nothing was changed.';
    case 'VersionError':
      return 'The stored corpus was written by a newer version of Sidelight. Update Sidelight (or reload this page after it updated); nothing was changed.';
    case 'InvalidStateError':
    case 'TransactionInactiveError':
      return 'Sidelight\'s storage was closed, most likely because Sidelight was just updated. Reload this page; nothing already stored was lost.';
    case 'UnknownError':
    case 'DataError':
      return `The browser could not read or write Sidelight's storage${detail}. Nothing already stored was lost; try again, or restart the browser.`;
    default:
      return `Something went wrong${detail}. Nothing already stored was lost.`;
  }
}
