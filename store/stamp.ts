// The articles stamp: a number in `meta` that every transaction writing articles bumps (schema v4),
// so that a snapshot of the index taken at one stamp is known to be the store's state, or not.
/** Key in `meta` of a number bumped by every transaction that writes articles (v4). */
export const ARTICLES_STAMP_KEY = 'articles-stamp';

interface MetaStore {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}

/**
 * Bumps the articles stamp, inside a transaction that writes articles: a snapshot of the index
 * taken at another stamp is not the store's current state. Returns the stamp before and after.
 */
export async function bumpArticlesStamp(meta: MetaStore): Promise<{ before: number; after: number }> {
  const raw = await meta.get(ARTICLES_STAMP_KEY);
  const before = typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : 0;
  await meta.put(before + 1, ARTICLES_STAMP_KEY);
  return { before, after: before + 1 };
}
