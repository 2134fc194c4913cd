// Wires the background: install/update sync of the bundled corpus, messages from content
// scripts and pages, tab lifecycle, badge. Holds no analysis logic itself.
import { browser } from 'wxt/browser';
import { BackgroundBroadcastSchema, PageToBackgroundSchema, type BackgroundBroadcast, type TabState } from '../messaging/protocol.ts';
import { openSidebarOnAction, setBadge } from '../platform/browser-ui.ts';
import { loadSettings, watchSettings } from '../settings/storage.ts';
import { EXTRACTED_LIMITS } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';
import { pageAddress } from '../engine/url.ts';
import { checkContentMessage } from './content-messages.ts';
import { CorpusService } from './corpus-service.ts';
import { TabAnalysis } from './tab-analysis.ts';
import { t } from '../i18n/messages.ts';
import { storeErrorMessage } from '../i18n/store-messages.ts';

function broadcast(message: BackgroundBroadcast): void {
  void browser.runtime.sendMessage(BackgroundBroadcastSchema.parse(message)).catch(() => undefined);
}

function isWebPage(url: string | undefined): boolean {
  return !!url && /^https?:\/\//.test(url);
}

export function setUpBackground(): void {
  const corpus = new CorpusService();
  const tabs = new TabAnalysis(
    corpus,
    {
      changed(tabId, state: TabState) {
        broadcast({ type: 'tab-state-changed', tabId });
        const sameStory = state.status === 'ready' ? state.result.related.filter((r) => r.relation === 'same-story').length : 0;
        void setBadge(tabId, sameStory);
      },
    },
    // reading history reads the settings at each page (the reader may turn it off at any time)
    { settings: loadSettings },
  );

  openSidebarOnAction();

  // settings changed (analyse every article again, a site taken off the never list): a page that
  // waits because of them is asked again; the content script applies the new settings itself
  watchSettings(() => {
    for (const tabId of tabs.pausedTabs()) void requestExtraction(tabId, false);
  });

  browser.runtime.onInstalled.addListener(() => {
    void corpus.syncBundled();
  });

  browser.tabs.onRemoved.addListener((tabId) => tabs.forget(tabId));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.url === undefined) return;
    if (change.status === 'loading') {
      tabs.set(tabId, isWebPage(tab.url) ? { status: 'waiting', url: tab.url ?? null } : { status: 'unsupported', url: tab.url ?? null });
      return;
    }
    // a single-page site moved to another address (history API, a route fragment): what the tab
    // shows is no longer the page read; the content script reads the new one once it settles
    const known = tabs.state(tabId)?.url;
    if (known && isWebPage(change.url) && pageAddress(known) !== pageAddress(cutText(change.url, EXTRACTED_LIMITS.url))) {
      tabs.set(tabId, { status: 'waiting', url: change.url });
    }
  });

  browser.runtime.onMessage.addListener((raw: unknown, sender) => {
    // content scripts: untrusted input, validated here
    if (sender.tab?.id !== undefined && !sender.url?.startsWith(browser.runtime.getURL('/'))) {
      const tabId = sender.tab.id;
      const checked = checkContentMessage(raw, sender.tab.url ?? null);
      if (!checked.ok) {
        tabs.set(tabId, checked.state);
        return undefined;
      }
      const message = checked.message;
      if (message.type === 'extracting') tabs.set(tabId, { status: 'extracting', url: message.url });
      // settings: only when asked, or a site never to analyse (checked by the content script before it reads the page)
      else if (message.type === 'paused') tabs.set(tabId, { status: 'paused', url: message.url, reason: message.reason });
      // a private (incognito) window's page is analysed but never kept in the reading history
      else if (message.result.kind === 'article') void tabs.analyse(tabId, message.result.article, { incognito: sender.tab.incognito === true });
      else tabs.set(tabId, { status: message.result.kind, url: message.url, reason: message.result.reason });
      return undefined;
    }
    // the options page wrote to the store (store/corpus-admin.ts): drop the in-memory index
    if (BackgroundBroadcastSchema.safeParse(raw).data?.type === 'corpus-changed') return void corpus.invalidate();
    const parsed = PageToBackgroundSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const message = parsed.data;
    switch (message.type) {
      case 'get-tab-state':
        return stateFor(message.tabId);
      case 'analyse-tab':
        return requestExtraction(message.tabId, true).then(() => stateFor(message.tabId));
      case 'compare-more-versions':
        return tabs.compareMore(message.tabId).then((state) => state ?? stateFor(message.tabId));
      case 'save-tab-article':
        return tabs.save(message.tabId).catch((e: Error) => ({ ok: false as const, message: t('bgSaveFailed', storeErrorMessage(e)) }));
      case 'get-corpus-article':
        return corpus.getRecord(message.id);
    }
  });

  async function stateFor(tabId: number): Promise<TabState> {
    const known = tabs.state(tabId);
    if (known) return known;
    // the background restarted (MV3) or the sidebar opened first: ask the page again
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab || !isWebPage(tab.url)) return { status: 'unsupported', url: tab?.url ?? null };
    await requestExtraction(tabId, false);
    return tabs.state(tabId) ?? { status: 'waiting', url: tab.url ?? null };
  }

  async function requestExtraction(tabId: number, force: boolean): Promise<void> {
    try {
      await browser.tabs.sendMessage(tabId, { type: 'extract-now', force });
    } catch {
      const tab = await browser.tabs.get(tabId).catch(() => null);
      tabs.set(tabId, {
        status: 'error',
        url: tab?.url ?? null,
        message: t('bgPageNotReadable'),
      });
    }
  }
}
