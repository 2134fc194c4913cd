// "Private by build", end to end: a team package (SIDELIGHT_TEAM_SERVER=http://127.0.0.1:PORT, built
// by this test into a folder of its own, the public .output left alone) in Debian's Chromium reads
// the seed pages against a real team corpus server (PostgreSQL, test/support/team-server.ts) and
// may reach that origin and nothing else. The same recorders as the public build's test
// (no-network.test.ts: Playwright, the DevTools Network and Audits domains, a recording proxy)
// see every request and every attempt the CSP refused; the verdict allows the extension's own
// files, the local test site in web pages, and the team server's origin exactly. A request the
// service worker or an extension page plants to another origin (the test site's, loopback too, on
// another port) is refused by the CSP and named as a violation.
// Run (it builds the team package itself, ~1 min):
//   npx vitest run --config vitest.e2e.config.ts test/e2e/no-network-team.test.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toJsonl } from '../../engine/corpus-file.ts';
import { bundledRecords } from '../support/engine.ts';
import { startTeamServer, type TeamServer } from '../support/team-server.ts';
import { launchRecordingChromium, READ_CSP_VIOLATIONS, RECORD_CSP_VIOLATIONS, type RecordingChromium } from './support/network-recorder.ts';
import { REPO_ROOT } from './support/paths.ts';
import { contextOf, describeViolation, judgeNetwork } from './support/request-attribution.ts';
import { startSeedServer, type SeedServer } from './support/server.ts';
import { READ_SIDEBAR, type SidebarSnapshot } from './support/sidebar.ts';

const POLL = { timeout: 30_000, interval: 100 };

let team: TeamServer | null = null;
let chrome: RecordingChromium | null = null;
let seeds: SeedServer | null = null;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-team-build-'));

afterAll(async () => {
  await chrome?.close();
  await seeds?.close();
  await team?.stop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

const readSidebar = (page: import('playwright-core').Page) => page.evaluate<SidebarSnapshot>(READ_SIDEBAR);
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

describe('a team build in Chromium reaches its team server and nothing else', () => {
  it('reads the seed pages through the team corpus server; a request to any other origin is refused and named', { timeout: 600_000 }, async () => {
    team = await startTeamServer();
    expect((await team.ingest(toJsonl(bundledRecords))).status).toBe(200);
    const origin = team.url;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // the team package, built for this server's origin into a folder of its own
    const publicManifest = path.join(REPO_ROOT, '.output/chrome-mv3/manifest.json');
    const publicBefore = fs.existsSync(publicManifest) ? fs.statSync(publicManifest).mtimeMs : null;
    execFileSync('npx', ['wxt', 'build'], {
      cwd: REPO_ROOT,
      env: { ...process.env, SIDELIGHT_TEAM_SERVER: origin, SIDELIGHT_TEAM_TOKEN: team.readerToken, SIDELIGHT_OUT_DIR: outDir },
      stdio: 'pipe',
    });
    const extensionDir = path.join(outDir, 'chrome-mv3');
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { host_permissions?: string[]; content_security_policy: { extension_pages: string } };
    expect(manifest.host_permissions).toEqual([`${origin}/*`]);
    expect(manifest.content_security_policy.extension_pages.split('; ').filter((d) => d.startsWith('connect-src'))).toEqual([`connect-src ${origin}`]);
    // the public build was not touched by it
    expect(fs.existsSync(publicManifest) ? fs.statSync(publicManifest).mtimeMs : null).toBe(publicBefore);

    seeds = await startSeedServer();
    chrome = await launchRecordingChromium(extensionDir);
    const c = chrome;
    await c.context.addInitScript(RECORD_CSP_VIOLATIONS);
    const recordedFrom = c.requests.length;
    const proxiedFrom = c.proxy.requests.length;
    const sidebars: import('playwright-core').Page[] = [];

    // every seed page analysed, against the team corpus (the sidebar names it)
    const hostLine = `Team corpus: ${new URL(origin).host}, ${bundledRecords.length} articles`;
    for (const seed of seeds.seeds) {
      const url = seeds.articleUrl(seed.id);
      const tab = await c.context.newPage();
      await tab.goto(url);
      const sidebar = await c.context.newPage();
      await sidebar.goto(c.extensionUrl(`sidepanel.html?tabId=${await c.tabIdOf(url)}`));
      sidebars.push(sidebar);
      await expect.poll(() => readSidebar(sidebar), POLL).toMatchObject({ state: 'ready', title: seed.headline });
      await expect.poll(() => sidebar.evaluate(() => document.body.textContent ?? ''), POLL).toContain(hostLine);
      await tab.close();
    }

    const reading = c.requests.slice(recordedFrom);
    const verdict = judgeNetwork({
      extensionId: c.extensionId,
      recorded: reading,
      proxied: c.proxy.requests.slice(proxiedFrom),
      leakMarkers: [c.extensionId, team.readerToken],
      allowedOrigins: [origin],
    });
    expect(verdict.violations.map(describeViolation), 'requests by the extension beyond its own files, the local site and the team server').toEqual([]);
    expect(verdict.leaks.map((r) => `${r.method} ${r.target}`), 'what the proxy could read').toEqual([]);
    // the service worker did ask the team server, and only the API
    const toTeam = verdict.byExtension.filter((r) => originOf(r.url) === origin);
    expect(toTeam.some((r) => contextOf(r.by, c.extensionId) === 'service worker' && new URL(r.url).pathname === '/v1/candidates')).toBe(true);
    expect(toTeam.filter((r) => !new URL(r.url).pathname.startsWith('/v1/')).map((r) => r.url)).toEqual([]);
    // over http(s), an extension context reached the team server only (its files, data: and blob: are its own)
    expect([...new Set(verdict.byExtension.filter((r) => /^https?:/.test(r.url)).map((r) => originOf(r.url)))]).toEqual([origin]);
    for (const page of sidebars) expect(await page.evaluate<string[]>(READ_CSP_VIOLATIONS)).toEqual([]);

    // planted: the test site's origin (loopback, another port) from the service worker and from
    // an extension page; the team server's from an extension page, which its CSP allows
    const plantedFrom = c.requests.length;
    const other = `${seeds.origin}/planted-by-worker`;
    const otherFromPage = `${seeds.origin}/planted-by-page`;
    const worker = await c.serviceWorker.evaluate((u) => fetch(u).then(() => 'fetched', (e: Error) => `refused: ${e.message}`), other);
    expect(worker).toMatch(/^refused/);
    const sidebar = sidebars[0]!;
    const page = await sidebar.evaluate((u) => fetch(u).then(() => 'fetched', (e: Error) => `refused: ${e.message}`), otherFromPage);
    expect(page).toMatch(/^refused/);
    const teamFromPage = await sidebar.evaluate((u) => fetch(u).then((r) => `HTTP ${r.status}`, (e: Error) => `refused: ${e.message}`), `${origin}/v1/corpus`);
    expect(teamFromPage).toMatch(/^HTTP \d+$/);
    await expect.poll(() => c.requests.slice(plantedFrom).filter((r) => r.url === other || r.url === otherFromPage).length, POLL).toBeGreaterThanOrEqual(2);
    const planted = judgeNetwork({ extensionId: c.extensionId, recorded: c.requests.slice(plantedFrom), proxied: [], leakMarkers: [], allowedOrigins: [origin] });
    expect(new Set(planted.violations.map((v) => `${v.context} → ${v.url}`))).toEqual(new Set([`service worker → ${other}`, `extension page → ${otherFromPage}`]));
    // the test site never saw them
    expect(seeds.requests.filter((r) => r.includes('/planted-'))).toEqual([]);

    console.log(
      `no-network (team build, ${origin}): ${reading.length} requests recorded while reading ${seeds.seeds.length} pages, ` +
        `${toTeam.length} of them to the team server; violations: ${verdict.violations.length}; planted to another origin and refused: 2`,
    );
  });
});
