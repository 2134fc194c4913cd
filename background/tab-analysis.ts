// Per-tab state: what the content script extracted, the analysis, and what the sidebar shows.
// A new page in a tab replaces its state at once, so the sidebar never shows a stale analysis.
import { analyseArticle } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { ExtractedArticle, CorpusRecord } from '../engine/schemas.ts';
import { textFingerprint } from '../engine/features.ts';
import type { TabState } from '../messaging/protocol.ts';
import type { CorpusService } from './corpus-service.ts';

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

  constructor(
    private readonly corpus: CorpusService,
    private readonly events: TabAnalysisEvents,
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
  }

  article(tabId: number): ExtractedArticle | null {
    return this.tabs.get(tabId)?.article ?? null;
  }

  async analyse(tabId: number, article: ExtractedArticle): Promise<void> {
    const corpus = await this.corpus.getCorpus();
    const { index } = corpus;
    const generation = this.set(tabId, { status: 'analysing', url: article.url, title: article.title, corpusSize: index.size }, article);
    try {
      const result = await analyseArticle(
        { title: article.title, text: article.text, outlet: article.siteName, url: article.url, language: article.language, published: article.published?.slice(0, 10) ?? null },
        corpus,
        defaultKnowledge(),
      );
      if (this.tabs.get(tabId)?.generation !== generation) return; // the tab moved on
      this.set(tabId, { status: 'ready', url: article.url, result, savedId: result.article.inCorpus, corpusDates: index.dateSpan }, article);
    } catch (error) {
      if (this.tabs.get(tabId)?.generation !== generation) return;
      this.set(tabId, { status: 'error', url: article.url, message: `The analysis failed: ${(error as Error).message}` }, article);
    }
  }

  /** Saves the tab's article to the reader's corpus. */
  async save(tabId: number): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
    const article = this.article(tabId);
    if (!article) return { ok: false, message: 'There is no article in this tab to save.' };
    const id = `saved-${textFingerprint(article.text).slice(0, 16)}`;
    let outlet = article.siteName ?? null;
    if (!outlet && article.url) {
      try {
        outlet = new URL(article.url).hostname.replace(/^www\./, '');
      } catch {
        outlet = null;
      }
    }
    const record: CorpusRecord = {
      id,
      title: article.title || '(untitled)',
      outlet: outlet ?? 'unknown outlet',
      url: article.url,
      published: /^\d{4}-\d{2}-\d{2}/.test(article.published ?? '') ? article.published!.slice(0, 10) : null,
      language: article.language?.slice(0, 2).toLowerCase() ?? null,
      text: article.text,
    };
    await this.corpus.saveArticle(record);
    await this.analyse(tabId, article);
    return { ok: true, id };
  }
}
