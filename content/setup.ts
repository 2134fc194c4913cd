// The content script's job: extract the article of the page (Readability on a clone) and send it
// to the background; again when a single-page site changes the URL, or when asked.
//
// Nothing the page dispatches reaches this code: URL changes are found by reading location.href
// (a poll; no page event is listened to, so a page cannot forge one), and a burst of changes (an
// SPA pushing history every 300 ms) is one "reading" state and one extraction, once the address
// has stayed put for SPA_SETTLE_MS. Requests from the background are coalesced while one runs.
import { browser } from 'wxt/browser';
import { EXTRACTED_LIMITS } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';
import { pageAddress } from '../engine/url.ts';
import { extractArticle } from '../extraction/extract-article.ts';
import { BackgroundToContentSchema, REASON_LIMIT, type ContentToBackground } from '../messaging/protocol.ts';
import { analysisPolicy } from '../settings/schema.ts';
import { loadSettings } from '../settings/storage.ts';
import type { ContentContext } from './context.ts';

/** How long the address must stay the same after a change before the page is read again (the site renders its new article meanwhile). */
export const SPA_SETTLE_MS = 1200;
/** How often the address is compared with the last one read. */
const WATCH_EVERY_MS = 400;

function send(message: ContentToBackground): void {
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

/** The page's address as a message carries it (cut to the message's limit; the article's own URL is null when too long). */
const messageUrl = () => cutText(location.href, EXTRACTED_LIMITS.url);

/**
 * Reads the page and sends what it found. Unless the reader asked (`force`: "Analyse this page"),
 * the reader's settings come first: with "only when asked", or on a site never to analyse, the
 * page is not read at all and the sidebar shows "paused".
 */
export async function extractAndSend(force: boolean): Promise<void> {
  if (!force) {
    const policy = analysisPolicy(location.href, await loadSettings());
    if (!policy.analyse) {
      send({ type: 'paused', url: messageUrl(), reason: cutText(policy.reason, REASON_LIMIT) });
      return;
    }
  }
  const url = messageUrl();
  send({ type: 'extracting', url });
  let message: ContentToBackground;
  try {
    message = { type: 'extracted', url, result: extractArticle(document, location.href, { force }) };
  } catch (error) {
    message = { type: 'extracted', url, result: { kind: 'not-article', reason: cutText(`extraction failed: ${(error as Error).message}`, REASON_LIMIT) } };
  }
  send(message);
}

export function setUpContentScript(ctx: ContentContext): void {
  // one extraction at a time; requests that come while one waits to start are that one (forced if any was)
  let chain: Promise<void> = Promise.resolve();
  let waiting: { force: boolean; done: Promise<void> } | null = null;
  const extract = (force: boolean): Promise<void> => {
    if (waiting) {
      waiting.force ||= force;
      return waiting.done;
    }
    const next: { force: boolean; done: Promise<void> } = { force, done: Promise.resolve() };
    next.done = chain.then(() => {
      waiting = null;
      return extractAndSend(next.force);
    });
    waiting = next;
    chain = next.done.catch(() => undefined);
    return next.done;
  };

  void extract(false);

  // single-page sites: the address changed; read the page once it has settled
  let address = pageAddress(location.href);
  let settle: ReturnType<typeof setTimeout> | null = null;
  const watch = setInterval(() => {
    if (!ctx.isValid) return;
    const now = pageAddress(location.href);
    if (now === address) return;
    address = now;
    if (settle === null) send({ type: 'extracting', url: messageUrl() }); // once per burst of changes
    else clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      if (ctx.isValid) void extract(false);
    }, SPA_SETTLE_MS);
  }, WATCH_EVERY_MS);

  const onMessage = (raw: unknown) => {
    const parsed = BackgroundToContentSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    return extract(parsed.data.force).then(() => true);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => {
    clearInterval(watch);
    if (settle !== null) clearTimeout(settle);
    browser.runtime.onMessage.removeListener(onMessage);
  });
}
