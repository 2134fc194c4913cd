// Private by build: the public build connects nowhere; a team build (SIDELIGHT_TEAM_SERVER at build
// time) may connect to its server's origin only, and never sends a private window's page. The
// team analysis runs against a real team corpus server (PostgreSQL, test/support/team-server.ts).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusService } from '../../background/corpus-service.ts';
import { TabAnalysis } from '../../background/tab-analysis.ts';
import { TeamCorpus } from '../../background/team-corpus.ts';
import { teamCorpusLine } from '../../components/sidebar/SidebarApp.tsx';
import { toJsonl } from '../../engine/corpus-file.ts';
import type { ExtractedArticle } from '../../engine/schemas.ts';
import { TabStateSchema, type TabState } from '../../messaging/protocol.ts';
import { EXTENSION_PAGES_CSP, extensionPagesCsp, teamServerOrigin } from '../../wxt.config.ts';
import { bundledRecords, SEEDS_DIR } from '../support/engine.ts';
import { startTeamServer, type TeamServer } from '../support/team-server.ts';

describe('team build configuration', () => {
  it('takes an https origin (http only on this machine) and refuses anything else, saying why', () => {
    expect(teamServerOrigin(undefined)).toBeNull();
    expect(teamServerOrigin('  ')).toBeNull();
    expect(teamServerOrigin('https://corpus.example.org')).toBe('https://corpus.example.org');
    expect(teamServerOrigin('https://corpus.example.org:8443/')).toBe('https://corpus.example.org:8443');
    expect(teamServerOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(() => teamServerOrigin('http://corpus.example.org')).toThrow(/https only/);
    expect(() => teamServerOrigin('https://corpus.example.org/api')).toThrow(/an origin only/);
    expect(() => teamServerOrigin('https://user:pw@corpus.example.org')).toThrow(/an origin only/);
    expect(() => teamServerOrigin('corpus.example.org')).toThrow(/not an address/);
  });

  it("the public build's pages keep connect-src 'none'; a team build's allow its origin and nothing else", () => {
    expect(extensionPagesCsp(null)).toBe(EXTENSION_PAGES_CSP);
    expect(EXTENSION_PAGES_CSP).toMatch(/connect-src 'none'/);
    const team = extensionPagesCsp('https://corpus.example.org');
    expect(team.split('; ').filter((d) => d.startsWith('connect-src'))).toEqual(['connect-src https://corpus.example.org']);
    expect(team.replace('connect-src https://corpus.example.org', "connect-src 'none'")).toBe(EXTENSION_PAGES_CSP);
  });

  it('the sidebar says which team corpus it matched against', () => {
    expect(teamCorpusLine({ host: 'corpus.example.org', articles: 2_100_000 })).toBe('Team corpus: corpus.example.org, 2.1 M articles');
    expect(teamCorpusLine({ host: '127.0.0.1:8787', articles: 5 })).toBe('Team corpus: 127.0.0.1:8787, 5 articles');
  });
});

describe('team build: analysis through the team corpus server', () => {
  let team: TeamServer;
  let requests: string[];
  beforeAll(async () => {
    team = await startTeamServer();
    expect((await team.ingest(toJsonl(bundledRecords))).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await team?.stop();
  });

  const seed = fs.readFileSync(`${SEEDS_DIR}/${fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith('001_') && f.endsWith('.txt'))}`, 'utf8');
  const [title, ...body] = seed.split('\n');
  const page: ExtractedArticle = { url: 'https://news.example/seed-001', title: title!, byline: null, siteName: 'News', published: null, language: null, text: body.join('\n') };

  function tabAnalysis(states: TabState[]): TabAnalysis {
    requests = [];
    const teamCorpus = new TeamCorpus(team.url, team.readerToken);
    // every request the team client makes, counted where it is made
    const counted: Pick<TeamCorpus, 'analyse'> = { analyse: (input, local) => (requests.push(input.url ?? ''), teamCorpus.analyse(input, local)) };
    return new TabAnalysis(new CorpusService(), { changed: (_id, s) => states.push(s) }, { team: counted });
  }

  it('a normal tab is matched against the team corpus, and the sidebar state says so', async () => {
    const states: TabState[] = [];
    await tabAnalysis(states).analyse(1, page);
    const ready = states.at(-1)!;
    expect(TabStateSchema.parse(ready).status).toBe('ready');
    if (ready.status !== 'ready') throw new Error('not ready');
    expect(ready.team).toEqual({ host: new URL(team.url).host, articles: bundledRecords.length });
    // the team corpus and the reader's (the bundled articles, also on this server: listed once)
    expect(ready.result.corpus.articles).toBe(2 * bundledRecords.length);
    expect(new Set(ready.result.related.map((r) => r.id)).size).toBe(ready.result.related.length);
    expect(ready.result.related.length).toBeGreaterThan(0);
    expect(requests).toEqual([page.url]);
  });

  it("a private window's tab is never sent: analysed on the device's corpus only", async () => {
    const states: TabState[] = [];
    await tabAnalysis(states).analyse(2, page, { incognito: true });
    const ready = states.at(-1)!;
    expect(ready.status).toBe('ready');
    if (ready.status !== 'ready') throw new Error('not ready');
    expect(ready.team).toBeUndefined();
    expect(requests).toEqual([]);
  });
});
