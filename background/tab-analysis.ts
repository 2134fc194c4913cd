// Per-tab state: what the content script extracted, the analysis, and what the sidebar shows.
// A new page in a tab replaces its state at once, so the sidebar never shows a stale analysis.
import { analyseArticle } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { isCalendarDate, isLanguageCode, RECORD_LIMITS, type ExtractedArticle, type CorpusRecord } from '../engine/schemas.ts';
import { cutText } from '../engine/text.ts';
import type { SaveOutcome } from '../store/database.ts';
import { textFingerprint } from '../engine/features.ts';
import type { TabState } from '../messaging/protocol.ts';
import type { CorpusService } from './corpus-service.ts';
import { TEAM_SERVER, TEAM_TOKEN } from '../platform/team-server.ts';
import { TeamCorpus } from './team-corpus.ts';

export interface TabAnalysisEvents {
  changed(tabId: number, state: TabState): void;
}

interface TabEntry {
  state: TabState;
  article: ExtractedArticle | null;
  /** increases with each page, so a slow analysis of an old page is dropped */
  generation: number;
}

export class TabAnalysis {
  private readonly tabs = new Map<number, TabEntry>();
  /** tabs of private windows: never sent to a team server */
  private readonly privateTabs = new Set<number>();

  constructor(
    private readonly corpus: CorpusService,
    private readonly events: TabAnalysisEvents,
    /** a team build's corpus server (none in the public build) */
    private readonly team: Pick<TeamCorpus, 'analyse'> | null = TEAM_SERVER ? new TeamCorpus(TEAM_SERVER, TEAM_TOKEN) : null,
  ) {}

  state(tabId: number): TabState | null {
    return this.tabs.get(tabId)?.state ?? null;
  }

  set(tabId: number, state: TabState, article: ExtractedArticle | null = null): number {
    const prev = this.tabs.get(tabId);
    const generation = (prev?.generation ?? 0) + 1;
    this.tabs.set(tabId, { state, article: article ?? (state.status === 'ready' || state.status === 'analysing' ? (prev?.article ?? null) : null), generation });
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

  async analyse(tabId: number, article: ExtractedArticle, options: { privateWindow?: boolean } = {}): Promise<void> {
    if (options.privateWindow) this.privateTabs.add(tabId);
    const corpus = await this.corpus.getCorpus();
    const { index } = corpus;
    const generation = this.set(tabId, { status: 'analysing', url: article.url, title: article.title, corpusSize: index.size }, article);
    try {
      const input = { title: article.title, text: article.text, outlet: article.siteName, url: article.url, language: article.language, published: article.published?.slice(0, 10) ?? null };
      // a team build asks its server, except for a private window's tab (never sent)
      if (this.team && !this.privateTabs.has(tabId)) {
        const { result, team } = await this.team.analyse(input, corpus);
        if (this.tabs.get(tabId)?.generation !== generation) return;
        this.set(tabId, { status: 'ready', url: article.url, result, savedId: index.has(result.article.inCorpus ?? '') ? result.article.inCorpus : null, team }, article);
        return;
      }
      const result = await analyseArticle(input, corpus, defaultKnowledge());
      if (this.tabs.get(tabId)?.generation !== generation) return; // the tab moved on
      this.set(tabId, { status: 'ready', url: article.url, result, savedId: result.article.inCorpus, corpusDates: index.dateSpan, corpusMakeup: this.corpus.makeup() }, article);
    } catch (error) {
      if (this.tabs.get(tabId)?.generation !== generation) return;
      this.set(tabId, { status: 'error', url: article.url, message: `The analysis failed: ${(error as Error).message}` }, article);
    }
  }

  /**
   * Saves the tab's article to the reader's corpus, and says what really happened: the record is
   * built to fit the corpus format (fields cut to RECORD_LIMITS, a `lang` that is no language
   * code left out) and the store checks it before writing; an article with the same address but
   * another text is replaced only with a word about it.
   */
  async save(tabId: number): Promise<SaveReply> {
    const article = this.article(tabId);
    if (!article) return { ok: false, message: 'There is no article in this tab to save.' };
    const result = await this.corpus.saveArticle(recordToSave(article));
    await this.analyse(tabId, article);
    return saveReply(result);
  }
}

export type SaveReply = { ok: true; id: string; message: string } | { ok: false; message: string };

/** The corpus record Save writes for an extracted article. */
export function recordToSave(article: ExtractedArticle): CorpusRecord {
  let outlet = article.siteName?.trim() || null;
  if (!outlet && article.url) {
    try {
      outlet = new URL(article.url).hostname.replace(/^www\./, '') || null;
    } catch {
      outlet = null;
    }
  }
  // "en-GB" -> "en"; anything that is not then a language code ("x", "english") is left out
  const language = article.language?.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  const url = article.url !== null && article.url.length <= RECORD_LIMITS.url ? article.url : null;
  return {
    id: `saved-${textFingerprint(article.text).slice(0, 16)}`,
    title: cutText(article.title, RECORD_LIMITS.title) || '(untitled)',
    outlet: cutText(outlet ?? 'unknown outlet', RECORD_LIMITS.outlet),
    url,
    // a page's date that is no calendar day ("2023-02-30") is left out: the store would set the record aside
    published: isCalendarDate(article.published ?? '') ? article.published!.slice(0, 10) : null,
    language: isLanguageCode(language) ? language : null,
    text: cutText(article.text, RECORD_LIMITS.text),
  };
}

/** What the sidebar tells the reader after Save. */
export function saveReply(result: SaveOutcome & { indexed: boolean }): SaveReply {
  const hidden = result.indexed ? '' : ' It is hidden in your corpus (options page), so Sidelight does not match against it.';
  switch (result.outcome) {
    case 'added':
      return { ok: true, id: result.id, message: `Saved to your corpus.${hidden}` };
    case 'updated':
      return { ok: true, id: result.id, message: `Already in your corpus (saved before); its details are updated.${hidden}` };
    case 'replaced':
      return {
        ok: true,
        id: result.id,
        message: `Saved to your corpus. It replaces the text saved earlier from the same address (“${result.previousTitle}”), which is no longer in your corpus.${hidden}`,
      };
    case 'bundled':
      return result.sameText
        ? { ok: true, id: result.id, message: 'Already in your corpus: this article comes with Sidelight.' }
        : { ok: false, message: 'Not saved: an article that comes with Sidelight has this address, and Sidelight keeps that one.' };
  }
}
