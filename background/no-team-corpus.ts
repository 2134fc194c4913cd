// The public build's stand-in for team-corpus.ts (wxt.config.ts aliases it when no
// SIDELIGHT_TEAM_SERVER is set): no client, no fetch, no API schemas in the package.
import type { Corpus, ReadArticle } from '../engine/analyze.ts';
import type { TeamAnalysis } from './team-corpus.ts';

export class TeamCorpus {
  constructor(_origin: string, _token: string) {
    throw new Error('the public build has no team corpus server');
  }

  analyse(_input: ReadArticle, _local?: Corpus): Promise<TeamAnalysis> {
    return Promise.reject(new Error('the public build has no team corpus server'));
  }
}
