// The sidebar's backend for component tests: tab states set by the test, answers that can be held
// back (to test late answers), settings in memory.
import type { SidebarBackend } from '../../components/sidebar/backend.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import type { TabState } from '../../messaging/protocol.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../settings/schema.ts';
import { bundledRecords } from '../support/engine.ts';

export class FakeBackend implements SidebarBackend {
  states = new Map<number, TabState>();
  active: number | null = 1;
  saved: number[] = [];
  analysed: number[] = [];
  optionsOpened = 0;
  /** when set, answers to getTabState wait until release() (each answer is the state at asking time) */
  holding = false;
  private held: Array<() => void> = [];
  private tabListeners: Array<(id: number | null) => void> = [];
  private stateListeners: Array<(id: number) => void> = [];
  async activeTabId() {
    return this.active;
  }
  onActiveTabChanged(cb: (id: number | null) => void) {
    this.tabListeners.push(cb);
    return () => (this.tabListeners = this.tabListeners.filter((x) => x !== cb));
  }
  onTabStateChanged(cb: (id: number) => void) {
    this.stateListeners.push(cb);
    return () => (this.stateListeners = this.stateListeners.filter((x) => x !== cb));
  }
  async getTabState(id: number): Promise<TabState> {
    const state = this.states.get(id) ?? { status: 'waiting' as const, url: null };
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    return state;
  }
  /** lets the held answers through, oldest first */
  release() {
    for (const resolve of this.held.splice(0)) resolve();
  }
  /** what analyse-tab leads to: the next state of the tab (set by the test) */
  afterAnalyse = new Map<number, TabState>();
  async analyseTab(id: number) {
    this.analysed.push(id);
    const next = this.afterAnalyse.get(id);
    if (next) this.states.set(id, next);
    return this.getTabState(id);
  }
  compared: number[] = [];
  /** what compare-more-versions leads to: the next state of the tab (set by the test) */
  afterCompare = new Map<number, TabState>();
  async compareMoreVersions(id: number) {
    this.compared.push(id);
    const next = this.afterCompare.get(id);
    if (next) this.states.set(id, next);
    return this.getTabState(id);
  }
  async saveTabArticle(id: number) {
    this.saved.push(id);
    return { ok: true as const, id: 'saved-1', message: 'Saved to your corpus.' };
  }
  async getCorpusArticle(id: string): Promise<CorpusRecord | null> {
    return bundledRecords.find((r) => r.id === id) ?? null;
  }
  openOptions() {
    this.optionsOpened++;
  }
  settings: Settings = { ...DEFAULT_SETTINGS };
  savedSettings: Settings[] = [];
  private settingsListeners: Array<(s: Settings) => void> = [];
  async getSettings() {
    return this.settings;
  }
  async saveSettings(settings: Settings) {
    this.savedSettings.push(settings);
    this.changeSettings(settings);
  }
  onSettingsChanged(cb: (s: Settings) => void) {
    this.settingsListeners.push(cb);
    return () => (this.settingsListeners = this.settingsListeners.filter((x) => x !== cb));
  }
  /** the settings changed (here, or in another page) */
  changeSettings(settings: Settings) {
    this.settings = settings;
    for (const l of this.settingsListeners) l(settings);
  }
  switchTo(id: number | null) {
    this.active = id;
    for (const l of this.tabListeners) l(id);
  }
  update(id: number, state: TabState) {
    this.states.set(id, state);
    for (const l of this.stateListeners) l(id);
  }
}
