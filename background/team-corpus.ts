// A team build's analysis: the article matched against the team corpus server's corpus (remote/),
// classified here, on the device. Only for pages the reader lets Sidelight read (a site on the
// "never" list is not even read by the content script) and never for a private window's tab.
import type { ReadArticle } from '../engine/analyze.ts';
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

  async analyse(input: ReadArticle): Promise<TeamAnalysis> {
    const result = await this.remote.analyse(input);
    return { result, team: { host: this.remote.host, articles: result.corpus.articles } };
  }
}
