// Runs the body of a transaction so that it is all or nothing: if the body throws (an IDB error
// or any other), the transaction is aborted, so nothing it already wrote is committed.
interface TransactionLike {
  readonly done: Promise<void>;
  abort(): void;
}

export async function runTransaction<T>(tx: TransactionLike, body: () => Promise<T>): Promise<T> {
  try {
    const result = await body();
    await tx.done;
    return result;
  } catch (error) {
    tx.done.catch(() => undefined); // the rejection is the error thrown below
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    throw error;
  }
}

/** Waits for requests issued without awaiting each, and the transaction; none is left unhandled. */
export async function settle(tx: TransactionLike, requests: ReadonlyArray<Promise<unknown>>): Promise<void> {
  await Promise.all([...requests, tx.done]);
}

/**
 * Requests issued without awaiting each. If the transaction fails before they are awaited (an
 * exception between two requests), their rejections are not left unhandled.
 */
export class RequestList {
  private readonly requests: Array<Promise<unknown>> = [];

  add(request: Promise<unknown>): void {
    request.catch(() => undefined);
    this.requests.push(request);
  }

  async all(): Promise<void> {
    await Promise.all(this.requests);
  }
}
