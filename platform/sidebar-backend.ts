// The sidebar's backend in the extension: browser tabs events and the message protocol.
import { browser } from 'wxt/browser';
import type { SidebarBackend } from '../components/sidebar/backend.ts';
import { BackgroundBroadcastSchema, CorpusArticleReplySchema, TabStateSchema, type PageToBackground } from '../messaging/protocol.ts';
import { loadSettings, saveSettings, watchSettings } from '../settings/storage.ts';

async function request(message: PageToBackground): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/**
 * `sidepanel.html?tabId=N` pins the sidebar to one tab (a sidebar page opened in its own tab or
 * window, as the end-to-end tests do); otherwise it follows the active tab of its window.
 */
export function createBrowserBackend(pinnedTabId: number | null = pinnedTabFromUrl()): SidebarBackend {
  let windowId: number | null = null;
  const currentWindow = async () => {
    windowId ??= (await browser.windows.getCurrent()).id ?? null;
    return windowId;
  };
  return {
    async activeTabId() {
      if (pinnedTabId !== null) return pinnedTabId;
      const [tab] = await browser.tabs.query({ active: true, windowId: (await currentWindow()) ?? undefined });
      return tab?.id ?? null;
    },
    onActiveTabChanged(callback) {
      const onActivated = (info: { tabId: number; windowId: number }) => {
        if (pinnedTabId !== null) return;
        if (windowId === null || info.windowId === windowId) callback(info.tabId);
      };
      const onUpdated = (tabId: number, change: { url?: string }, tab: { active?: boolean; windowId?: number }) => {
        if (pinnedTabId !== null) {
          if (tabId === pinnedTabId && change.url !== undefined) callback(tabId);
          return;
        }
        if (change.url !== undefined && tab.active && (windowId === null || tab.windowId === windowId)) callback(tabId);
      };
      browser.tabs.onActivated.addListener(onActivated);
      browser.tabs.onUpdated.addListener(onUpdated);
      return () => {
        browser.tabs.onActivated.removeListener(onActivated);
        browser.tabs.onUpdated.removeListener(onUpdated);
      };
    },
    onTabStateChanged(callback) {
      const listener = (raw: unknown) => {
        const parsed = BackgroundBroadcastSchema.safeParse(raw);
        if (parsed.success && parsed.data.type === 'tab-state-changed') callback(parsed.data.tabId);
        return undefined;
      };
      browser.runtime.onMessage.addListener(listener);
      return () => browser.runtime.onMessage.removeListener(listener);
    },
    async getTabState(tabId) {
      return TabStateSchema.parse(await request({ type: 'get-tab-state', tabId }));
    },
    async analyseTab(tabId) {
      return TabStateSchema.parse(await request({ type: 'analyse-tab', tabId }));
    },
    async compareMoreVersions(tabId) {
      return TabStateSchema.parse(await request({ type: 'compare-more-versions', tabId }));
    },
    async saveTabArticle(tabId) {
      const reply = (await request({ type: 'save-tab-article', tabId })) as { ok: boolean; id?: string; message?: string } | undefined;
      if (reply?.ok && typeof reply.id === 'string') return { ok: true, id: reply.id, message: typeof reply.message === 'string' ? reply.message : 'Saved to your corpus.' };
      return { ok: false, message: reply?.message ?? 'Saving failed.' };
    },
    async getCorpusArticle(id) {
      return CorpusArticleReplySchema.parse(await request({ type: 'get-corpus-article', id }));
    },
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
    getSettings: loadSettings,
    saveSettings,
    onSettingsChanged: watchSettings,
  };
}

function pinnedTabFromUrl(): number | null {
  const raw = new URLSearchParams(location.search).get('tabId');
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}
