// The content script's job: extract the article of the page (Readability on a clone) and send it
// to the background; again when a single-page site changes the URL, or when asked.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractArticle } from '../extraction/extract-article.ts';
import { BackgroundToContentSchema, type ContentToBackground } from '../messaging/protocol.ts';

/** How long a single-page site gets to render its new article after a URL change. */
const SPA_SETTLE_MS = 1200;

function send(message: ContentToBackground): void {
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

export function extractAndSend(force: boolean): void {
  const url = location.href;
  send({ type: 'extracting', url });
  let message: ContentToBackground;
  try {
    message = { type: 'extracted', url, result: extractArticle(document, url, { force }) };
  } catch (error) {
    message = { type: 'extracted', url, result: { kind: 'not-article', reason: `extraction failed: ${(error as Error).message}` } };
  }
  send(message);
}

export function setUpContentScript(ctx: ContentScriptContext): void {
  extractAndSend(false);
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    send({ type: 'extracting', url: location.href });
    ctx.setTimeout(() => extractAndSend(false), SPA_SETTLE_MS);
  });
  const onMessage = (raw: unknown) => {
    const parsed = BackgroundToContentSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    extractAndSend(parsed.data.force);
    return Promise.resolve(true);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
