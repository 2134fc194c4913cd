// Every request a Chromium with Sidelight makes, recorded three independent ways and attributed
// to the context that made it, for the "nothing leaves the device" test (test/e2e/no-network.test.ts;
// the verdict is support/request-attribution.ts):
// 1. Playwright's `context.on('request')`: pages, extension pages and the extension's service
//    worker, each request with the frame or worker that made it;
// 2. the DevTools protocol on every page, frame and worker target (the extension's service worker,
//    its pages, the web pages its content script runs in), attached from a browser-level session as
//    each target appears: the Network domain (requests, with the document or worker that made them)
//    and the Audits domain, which reports attempts a Content Security Policy refused before they
//    became requests (a `fetch` or `sendBeacon` under the extension's `connect-src 'none'` reaches
//    neither Playwright nor the Network domain, only Audits);
// 3. a recording proxy on 127.0.0.1: Chromium's only route to anything but loopback (loopback
//    bypasses proxies). It answers nothing (502 / 403) and records host and path of each request,
//    whoever made it, the browser's own background services included: the catch-all, which cannot
//    say who asked.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { browserExecutable, builtExtension } from './browsers.ts';
import { chromiumArgs, QUIET_CHROMIUM_ARGS } from './chromium.ts';
import { CHROME_BUILD_DIR } from './paths.ts';
import type { ProxiedRequest, RecordedRequest } from './request-attribution.ts';

export type { ProxiedRequest, RecordedRequest } from './request-attribution.ts';

export interface RecordingProxy {
  port: number;
  /** everything that tried to leave loopback */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

function proxied(method: string, target: string, body = ''): ProxiedRequest {
  const host = /^[a-z]+:\/\//i.test(target) ? new URL(target).hostname : target.replace(/:\d+$/, '');
  return { method, target, host, body };
}

/** An HTTP proxy that records and refuses every request (plain, CONNECT for TLS, WebSocket upgrades). */
export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      if (body.length < 4000) body += chunk.toString('utf8');
    });
    req.on('end', () => {
      requests.push(proxied(req.method ?? '?', req.url ?? '', body.slice(0, 4000)));
      res.writeHead(502, { 'content-type': 'text/plain' }).end('Sidelight test proxy: no request may leave this machine.');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // a socket handed over by CONNECT or an upgrade has no error listener of Node's: a browser that
  // resets it (ECONNRESET, common when it gives up on a refused tunnel) would be an unhandled error
  const refuse = (socket: Socket) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  };
  server.on('connect', (req, socket: Socket) => {
    requests.push(proxied('CONNECT', req.url ?? ''));
    refuse(socket);
  });
  server.on('upgrade', (req, socket: Socket) => {
    requests.push(proxied('UPGRADE', req.url ?? ''));
    refuse(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface RecordingChromium {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  proxy: RecordingProxy;
  /** every request (and CSP-refused attempt) seen by Playwright and by the DevTools sessions, with who made it */
  requests: RecordedRequest[];
  /** every target the DevTools recorder attached to since launch (type and URL when attached) */
  attachedTargets(): Array<{ type: string; url: string }>;
  /** the extension's service-worker targets the DevTools recorder is attached to */
  attachedWorkers(): string[];
  /** evaluates an expression in every attached service worker of the extension over the recorder's own sessions */
  evaluateInWorkers(expression: string): Promise<unknown[]>;
  /** evaluates an expression in the content script's isolated world in the page's main frame (waits for the content script) */
  evaluateInContentScript(page: Page, expression: string): Promise<unknown>;
  /** features Playwright's own `--disable-features` switches off that the effective (last) one does not */
  featuresNoLongerDisabled(): Promise<string[]>;
  extensionUrl(p: string): string;
  /** tab id of the tab showing `url` (the extension has the `tabs` permission) */
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: {
    requestId?: string;
    documentURL?: string;
    request?: { url: string };
    errorText?: string;
    blockedReason?: string;
    issue?: { code: string; details?: { contentSecurityPolicyIssueDetails?: { blockedURL?: string } } };
  };
  result?: unknown;
  error?: { message: string };
}

/** the targets whose requests are recorded: every kind that runs a document or a worker */
const RECORDED_TARGET_TYPES = new Set(['service_worker', 'page', 'iframe', 'worker', 'shared_worker', 'background_page']);
const WORKER_TYPES = new Set(['service_worker', 'worker', 'shared_worker']);

export async function launchRecordingChromium(extensionDir = CHROME_BUILD_DIR): Promise<RecordingChromium> {
  const executablePath = await browserExecutable('chromium');
  const dir = builtExtension(path.resolve(extensionDir), 'npx wxt build');
  const proxy = await startRecordingProxy();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-chromium-net-'));
  const args = chromiumArgs(dir).map((a) => (a.startsWith('--proxy-server=') ? `--proxy-server=http://127.0.0.1:${proxy.port}` : a));
  if (!args.some((a) => a.startsWith('--proxy-server='))) args.push(`--proxy-server=http://127.0.0.1:${proxy.port}`);
  args.push(...QUIET_CHROMIUM_ARGS);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args });
  const requests: RecordedRequest[] = [];
  context.on('request', (r) => {
    const worker = r.serviceWorker();
    let by = { type: 'service_worker', url: worker?.url() ?? '' };
    if (!worker) {
      try {
        by = { type: 'frame', url: r.frame().url() };
      } catch {
        by = { type: 'frame', url: '' }; // a request of a frame already gone
      }
    }
    requests.push({ url: r.url(), by, via: 'playwright' });
  });

  const serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (p: string) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`;

  // the DevTools recorder: non-flat sessions from a browser-level session, one per target
  const browser = context.browser();
  if (!browser) throw new Error('playwright-core gave no Browser for the persistent context: no browser-level DevTools session.');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const sessions = new Map<string, { targetId: string; type: string; url: string }>();
  const attachedTargets: Array<{ type: string; url: string }> = [];
  const byRequestId = new Map<string, RecordedRequest>();
  let nextId = 0;
  const pending = new Map<string, (m: CdpMessage) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const target = sessions.get(event.sessionId);
    if (!target) return;
    const message = JSON.parse(event.message) as CdpMessage;
    const p = message.params;
    if (message.method === 'Network.requestWillBeSent' && p?.request) {
      // a document's requests name the document; a worker's, the worker
      const by = { type: target.type, url: WORKER_TYPES.has(target.type) ? target.url : (p.documentURL ?? target.url) };
      const record: RecordedRequest = { url: p.request.url, by, via: 'cdp-network' };
      requests.push(record);
      if (p.requestId) byRequestId.set(`${event.sessionId}:${p.requestId}`, record);
    }
    if (message.method === 'Network.loadingFailed' && p?.requestId) {
      const record = byRequestId.get(`${event.sessionId}:${p.requestId}`);
      if (record) record.blocked = p.blockedReason ?? p.errorText;
    }
    const blockedURL = p?.issue?.code === 'ContentSecurityPolicyIssue' ? p.issue.details?.contentSecurityPolicyIssueDetails?.blockedURL : undefined;
    if (message.method === 'Audits.issueAdded' && blockedURL) requests.push({ url: blockedURL, by: { type: target.type, url: target.url }, via: 'cdp-csp', blocked: 'csp' });
    if (message.id !== undefined) pending.get(`${event.sessionId}:${message.id}`)?.(message);
  });
  const send = async (sessionId: string, method: string, params: object = {}): Promise<CdpMessage> => {
    const id = ++nextId;
    const reply = new Promise<CdpMessage>((resolve) => pending.set(`${sessionId}:${id}`, resolve));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const message = await reply;
    pending.delete(`${sessionId}:${id}`);
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message;
  };
  const attach = async (t: { targetId: string; type: string; url: string }) => {
    if (!RECORDED_TARGET_TYPES.has(t.type) || [...sessions.values()].some((s) => s.targetId === t.targetId)) return;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
    sessions.set(sessionId, { targetId: t.targetId, type: t.type, url: t.url });
    attachedTargets.push({ type: t.type, url: t.url });
    await send(sessionId, 'Network.enable');
    // Audits.enable also reports the issues the target collected before we attached
    await send(sessionId, 'Audits.enable');
  };
  cdp.on('Target.targetCreated', ({ targetInfo }) => void attach(targetInfo).catch(() => undefined));
  cdp.on('Target.targetInfoChanged', ({ targetInfo }) => {
    for (const s of sessions.values()) if (s.targetId === targetInfo.targetId) s.url = targetInfo.url;
  });
  cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
    if (sessionId) sessions.delete(sessionId);
  });
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  for (const t of (await cdp.send('Target.getTargets', { filter: [{}] })).targetInfos) await attach(t).catch(() => undefined);
  const isOurWorker = (s: { type: string; url: string }) => s.type === 'service_worker' && s.url.startsWith(`chrome-extension://${extensionId}/`);
  if (![...sessions.values()].some(isOurWorker)) throw new Error('found no service-worker target of the extension to record');

  return {
    context,
    extensionId,
    serviceWorker,
    proxy,
    requests,
    attachedTargets: () => [...attachedTargets],
    attachedWorkers: () => [...sessions.values()].filter(isOurWorker).map((s) => s.url),
    async evaluateInWorkers(expression) {
      const out: unknown[] = [];
      for (const [sessionId, s] of sessions) {
        if (!isOurWorker(s)) continue;
        const reply = await send(sessionId, 'Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
        out.push((reply.result as { result?: { value?: unknown } } | undefined)?.result?.value);
      }
      return out;
    },
    async evaluateInContentScript(page, expression) {
      const session = await context.newCDPSession(page);
      try {
        const { frameTree } = await session.send('Page.getFrameTree');
        const worlds: Array<{ id: number; origin: string; auxData?: { type?: string; frameId?: string } }> = [];
        session.on('Runtime.executionContextCreated', ({ context: c }) => worlds.push(c as (typeof worlds)[number]));
        await session.send('Runtime.enable');
        const deadline = Date.now() + 15_000;
        for (;;) {
          // the content script's isolated world: named after the extension's origin, in the main frame
          const world = worlds.find((w) => w.origin === `chrome-extension://${extensionId}` && w.auxData?.type === 'isolated' && w.auxData.frameId === frameTree.frame.id);
          if (world) {
            const r = await session.send('Runtime.evaluate', { expression, contextId: world.id, returnByValue: true, awaitPromise: true });
            if (r.exceptionDetails) throw new Error(`content script: ${r.exceptionDetails.text} in ${expression}`);
            return r.result.value as unknown;
          }
          if (Date.now() > deadline) throw new Error(`no content-script world of the extension in ${page.url()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await session.detach().catch(() => undefined);
      }
    },
    async featuresNoLongerDisabled() {
      // the browser's own command line, as chrome://version shows it (the DevTools protocol's
      // Browser.getBrowserCommandLine wants --enable-automation, which a persistent context lacks)
      const page = await context.newPage();
      try {
        await page.goto('chrome://version');
        const commandLine = await page.evaluate(() => document.querySelector('#command_line')?.textContent ?? '');
        const lists = [...commandLine.matchAll(/--disable-features=(\S+)/g)].map((m) => m[1]!.split(','));
        if (lists.length === 0) throw new Error(`chrome://version shows no --disable-features in: ${commandLine.slice(0, 300)}`);
        const effective = new Set(lists.at(-1));
        return [...new Set(lists.slice(0, -1).flat())].filter((f) => f && !effective.has(f));
      } finally {
        await page.close();
      }
    },
    extensionUrl,
    async tabIdOf(url) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const tabs = await serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } }).chrome.tabs.query({}));
        const found = tabs.filter((t) => t.url === url && t.id !== undefined);
        if (found.length === 1) return found[0]!.id!;
        if (found.length > 1) throw new Error(`${found.length} tabs show ${url}`);
        if (Date.now() > deadline) throw new Error(`no tab shows ${url}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await cdp.detach().catch(() => undefined);
      await context.close();
      await proxy.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Records, in every page of the context (extension pages included), CSP violations: read with READ_CSP_VIOLATIONS. */
export const RECORD_CSP_VIOLATIONS = `(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' in ' + location.href);
  });
})()`;
export const READ_CSP_VIOLATIONS = `window.__cspViolations || []`;
