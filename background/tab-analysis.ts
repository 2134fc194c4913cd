// Per-tab state: what the content script extracted, the analysis, and what the sidebar shows.
// A new page in a tab replaces its state at once, so the sidebar never shows a stale analysis.
import { analyseArticleInContext, compareMoreVersions } from '../engine/analyze.ts';
import { ALL_SOURCES } from '../engine/missing-context.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { AnalysisResult, ExtractedArticle, CorpusRecord } from '../engine/schemas.ts';
import { recordToSave } from '../extraction/page-record.ts';
import type { SaveOutcome } from '../store/database.ts';
import type { TabState } from '../messaging/protocol.ts';
import { t } from '../i18n/messages.ts';
import type { CorpusService } from './corpus-service.ts';
import { TEAM_SERVER, TEAM_TOKEN } from '../platform/team-server.ts';
import { TeamCorpus } from './team-corpus.ts';
import { keepPolicy, type Settings } from '../settings/schema.ts';

export interface TabAnalysisEvents {
  changed(tabId: number, state: TabState): void;
}

interface TabEntry {
  state: TabState;
  article: ExtractedArticle | null;
  /** increases with each page, so a slow analysis of an old page is dropped */
  generation: number;
  /**
   * for a ready state whose analysis left listed articles out (`notCompared`): the analysis with
   * them compared, from what the first one read (the local corpus) or asked again (a team server).
   * Dropped with the state: kept only while the tab shows this analysis.
   */
  compareMore?: () => Promise<AnalysisResult>;
}

export interface TabAnalysisOptions {
  /** the reader's settings (reading history, never list); without it nothing is kept */
  settings?: () => Promise<Settings>;
  /** a team build's corpus server (none in the public build; the build's own by default) */
  team?: Pick<TeamCorpus, 'analyse'> | null;
}

/** Where a page was read: a private (incognito) window's pages are never kept. */
export interface PageContext {
  incognito: boolean;
}

export class TabAnalysis {
  private readonly tabs = new Map<number, TabEntry>();
  /** tabs of private windows: never sent to a team server */
  private readonly privateTabs = new Set<number>();

  constructor(
    private readonly corpus: CorpusService,
    private readonly events: TabAnalysisEvents,
    private readonly options: TabAnalysisOptions = {},
  ) {
    this.team = options.team !== undefined ? options.team : TEAM_SERVER ? new TeamCorpus(TEAM_SERVER, TEAM_TOKEN) : null;
  }

  private readonly team: Pick<TeamCorpus, 'analyse'> | null;

  state(tabId: number): TabState | null {
    return this.tabs.get(tabId)?.state ?? null;
  }

  set(tabId: number, state: TabState, article: ExtractedArticle | null = null, compareMore?: () => Promise<AnalysisResult>): number {
    const prev = this.tabs.get(tabId);
    const generation = (prev?.generation ?? 0) + 1;
    const entry: TabEntry = { state, article: article ?? (state.status === 'ready' || state.status === 'analysing' ? (prev?.article ?? null) : null), generation };
    if (compareMore && state.status === 'ready' && state.result.notCompared?.length) entry.compareMore = compareMore;
    this.tabs.set(tabId, entry);
    this.events.changed(tabId, state);
    return generation;
  }

  /** Tabs waiting because the settings said not to analyse them on their own. */
  pausedTabs(): number[] {
    return [...this.tabs].filter(([, e]) => e.state.status === 'paused').map(([id]) => id);
  }

  forget(tabId: number): void {
    this.tabs.delete(tabId);
    this.privateTabs.delete(tabId);
  }

  article(tabId: number): ExtractedArticle | null {
    return this.tabs.get(tabId)?.article ?? null;
  }

  /**
   * Analyses the tab's article, then keeps it in the reading history when the reader turned that
   * on and the page may be kept (settings/schema.ts keepPolicy: not in a private window, not a site
   * on the never list). Kept after the analysis, so a page never matches itself on first reading.
   */
  async analyse(tabId: number, article: ExtractedArticle, context: PageContext = { incognito: false }): Promise<void> {
    if (context.incognito) this.privateTabs.add(tabId);
    await this.analyseOnly(tabId, article);
    if (this.tabs.get(tabId)?.state.status === 'ready') await this.keepRead(article, context);
  }

  /** Keeps a read page if the settings allow; a failure to keep never disturbs the sidebar. */
  private async keepRead(article: ExtractedArticle, context: PageContext): Promise<void> {
    if (!this.options.settings) return;
    try {
      const settings = await this.options.settings();
      if (!keepPolicy(article.url, settings, context).keep) return;
      await this.corpus.keepRead(recordToKeep(article), settings.readingHistoryLimit);
    } catch {
      // reading history is a convenience: the analysis the reader sees is unaffected
    }
  }

  private async analyseOnly(tabId: number, article: ExtractedArticle): Promise<void> {
    const corpus = await this.corpus.getCorpus();
    const { index } = corpus;
    const generation = this.set(tabId, { status: 'analysing', url: article.url, title: article.title, corpusSize: index.size }, article);
    try {
      const input = { title: article.title, text: article.text, outlet: article.siteName, url: article.url, language: article.language, published: article.published?.slice(0, 10) ?? null };
      // a team build asks its server, except for a private window's tab (never sent)
      const team = this.team && !this.privateTabs.has(tabId) ? this.team : null;
      const viaTeam = team ? await team.analyse(input, corpus) : null;
      const local = viaTeam ? null : await analyseArticleInContext(input, corpus, defaultKnowledge());
      const result = viaTeam ? viaTeam.result : local!.result;
      // "Show differences from N more": locally from what this analysis read; a team server is asked again
      const compareMore = local ? async () => compareMoreVersions(local.result, local.context) : async () => (await team!.analyse(input, corpus, { sourceLimits: ALL_SOURCES })).result;
      if (this.tabs.get(tabId)?.generation !== generation) return; // the tab moved on
      // "saved" only when in the reader's own corpus (not the team's), and not kept only in the
      // reading history: Save still offers to keep such a page for good
      const inCorpus = result.article.inCorpus;
      const savedId = inCorpus !== null && index.has(inCorpus) && this.corpus.originOf(inCorpus) !== 'read' ? inCorpus : null;
      const readIds = result.related.filter((r) => this.corpus.originOf(r.id) === 'read').map((r) => r.id);
      this.set(tabId, { status: 'ready', url: article.url, result, savedId, corpusDates: index.dateSpan, corpusMakeup: this.corpus.makeup(), readIds, ...(viaTeam ? { team: viaTeam.team } : {}) }, article, compareMore);
    } catch (error) {
      if (this.tabs.get(tabId)?.generation !== generation) return;
      this.set(tabId, { status: 'error', url: article.url, message: t('bgAnalysisFailed', (error as Error).message) }, article);
    }
  }

  /**
   * Compares the listed articles the tab's analysis left out (its result's `notCompared`): the
   * same state with missing context and translation differences over every listed article. The
   * state as it is when there is nothing to compare; null for a tab it knows nothing of.
   */
  async compareMore(tabId: number): Promise<TabState | null> {
    const entry = this.tabs.get(tabId);
    if (!entry || entry.state.status !== 'ready' || !entry.compareMore) return entry?.state ?? null;
    const { state, generation, article } = entry;
    try {
      const result = await entry.compareMore();
      if (this.tabs.get(tabId)?.generation === generation) this.set(tabId, { ...state, result }, article);
    } catch (error) {
      if (this.tabs.get(tabId)?.generation === generation) this.set(tabId, { status: 'error', url: state.url, message: t('bgAnalysisFailed', (error as Error).message) }, article);
    }
    return this.state(tabId);
  }

  /**
   * Saves the tab's article to the reader's corpus, and says what really happened: the record is
   * built to fit the corpus format (fields cut to RECORD_LIMITS, a `lang` that is no language
   * code left out) and the store checks it before writing; an article with the same address but
   * another text is replaced only with a word about it.
   */
  async save(tabId: number): Promise<SaveReply> {
    const article = this.article(tabId);
    if (!article) return { ok: false, message: t('bgSaveNoArticle') };
    const result = await this.corpus.saveArticle(recordToSave(article));
    await this.analyseOnly(tabId, article);
    return saveReply(result);
  }
}

export { recordToSave };

export type SaveReply = { ok: true; id: string; message: string } | { ok: false; message: string };

/** The corpus record the reading history keeps for an extracted article (as Save's, under a `read-` id). */
export function recordToKeep(article: ExtractedArticle): CorpusRecord {
  return recordToSave(article, 'read');
}

/** What the sidebar tells the reader after Save. */
export function saveReply(result: SaveOutcome & { indexed: boolean }): SaveReply {
  // a hidden article is saved but not matched against: said after the first sentence
  const said = (first: string) => (result.indexed ? first : `${first} ${t('bgSaveHidden')}`);
  switch (result.outcome) {
    case 'added':
      return { ok: true, id: result.id, message: said(t('bgSaveAdded')) };
    case 'updated':
      return { ok: true, id: result.id, message: said(t('bgSaveUpdated')) };
    case 'replaced':
      return { ok: true, id: result.id, message: said(t('bgSaveReplaced', result.previousTitle)) };
    case 'bundled':
      return result.sameText ? { ok: true, id: result.id, message: t('bgSaveBundledSame') } : { ok: false, message: t('bgSaveBundledRefused') };
  }
}
