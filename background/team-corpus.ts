// A team build's analysis: the article matched against the team corpus server's corpus (remote/)
// merged with the reader's own corpus (remote/merged-search.ts), classified here, on the device. Only for pages the reader lets Sidelight read (a site on the
// "never" list is not even read by the content script) and never for a private window's tab.
import type { AnalyseOptions, Corpus, ReadArticle } from '../engine/analyze.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import type { AnalysisResult } from '../engine/schemas.ts';
import { RemoteCorpus } from '../remote/remote-corpus.ts';

export interface TeamAnalysis {
  result: AnalysisResult;
  /** what the sidebar says: "Team corpus: host, N articles" */
  team: { host: string; articles: number };
}

export class TeamCorpus {
  private readonly remote: RemoteCorpus;

  constructor(origin: string, token: string) {
    this.remote = new RemoteCorpus({ url: origin, token }, defaultKnowledge());
  }

  /** The article against the team corpus and the reader's own corpus together (nothing of the latter is sent). */
  async analyse(input: ReadArticle, local?: Corpus, options: AnalyseOptions = {}): Promise<TeamAnalysis> {
    const { result, serverArticles } = await this.remote.analyseWith(input, options, local);
    return { result, team: { host: this.remote.host, articles: serverArticles } };
  }
}
