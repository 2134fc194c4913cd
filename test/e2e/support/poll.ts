// Waiting for a state in the browser without fixed sleeps: ask again until there is an answer.

export interface PollOptions {
  timeout?: number;
  interval?: number;
  /** what was awaited, for the error when it never came */
  message: string;
}

/** Calls `probe` until it returns something other than null/undefined/false, and returns that. */
export async function pollUntil<T>(probe: () => Promise<T | null | undefined | false>, { timeout = 15_000, interval = 100, message }: PollOptions): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeout} ms: ${message}${cause}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
