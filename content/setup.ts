// The content script's job: extract the article of the page (Readability on a clone) and send it
// to the background; again when a single-page site changes the URL, or when asked.
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractArticle } from '../extraction/extract-article.ts';
import { BackgroundToContentSchema, type ContentToBackground } from '../messaging/protocol.ts';
import { analysisPolicy } from '../settings/schema.ts';
import { loadSettings } from '../settings/storage.ts';

/** How long a single-page site gets to render its new article after a URL change. */
const SPA_SETTLE_MS = 1200;

function send(message: ContentToBackground): void {
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

/**
 * Reads the page and sends what it found. Unless the reader asked (`force`: "Analyse this page"),
 * the reader's settings come first: with "only when asked", or on a site never to analyse, the
 * page is not read at all and the sidebar shows "paused".
 */
export async function extractAndSend(force: boolean): Promise<void> {
  if (!force) {
    const policy = analysisPolicy(location.href, await loadSettings());
    if (!policy.analyse) {
      send({ type: 'paused', url: location.href, reason: policy.reason });
      return;
    }
  }
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
  void extractAndSend(false);
  ctx.addEventListener(window, 'wxt:locationchange', () => {
    send({ type: 'extracting', url: location.href });
    ctx.setTimeout(() => void extractAndSend(false), SPA_SETTLE_MS);
  });
  const onMessage = (raw: unknown) => {
    const parsed = BackgroundToContentSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    return extractAndSend(parsed.data.force).then(() => true);
  };
  browser.runtime.onMessage.addListener(onMessage);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(onMessage));
}
