// The sidebar reaches the browser and the background only through this interface, so the UI can
// be tested with a fake backend in happy-dom and runs with the browser one in the extension.
import type { CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import type { Settings } from '../../settings/schema.ts';

export interface SidebarBackend {
  /** the tab the sidebar is showing: the active tab of its window */
  activeTabId(): Promise<number | null>;
  /** calls back with the new tab id when the active tab changes or navigates; returns an unsubscribe */
  onActiveTabChanged(callback: (tabId: number | null) => void): () => void;
  /** calls back when the background has a new state for a tab */
  onTabStateChanged(callback: (tabId: number) => void): () => void;
  getTabState(tabId: number): Promise<TabState>;
  analyseTab(tabId: number): Promise<TabState>;
  /** the tab's analysis with the listed articles it left out compared too (its result's `notCompared`) */
  compareMoreVersions(tabId: number): Promise<TabState>;
  /** `message`: what happened, in words for the reader (saved, already there, replaced an earlier text, not saved) */
  saveTabArticle(tabId: number): Promise<{ ok: true; id: string; message: string } | { ok: false; message: string }>;
  getCorpusArticle(id: string): Promise<CorpusRecord | null>;
  openOptions(): void;
  /** the reader's settings (settings/storage.ts in the extension) */
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;
  /** calls back when the settings change, here or in another page; returns an unsubscribe */
  onSettingsChanged(callback: (settings: Settings) => void): () => void;
}
