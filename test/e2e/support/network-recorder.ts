// Every request a Chromium with Sidelight makes, recorded three independent ways, for the
// "nothing leaves the device" test (test/e2e/no-network.test.ts):
// 1. a recording proxy on 127.0.0.1: Chromium's only route to anything but loopback (loopback
//    bypasses proxies). It answers nothing (502 / 403) and records host and path of each request,
//    whoever made it: pages, extension pages, the service worker, the browser itself;
// 2. Playwright's `context.on('request')`, which covers pages, extension pages and (Playwright 1.5x+)
//    the extension's service worker;
// 3. the DevTools protocol's Network domain on the extension's service-worker target(s), attached
//    from a browser-level session, including service workers started later (after an MV3 restart).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Worker } from 'playwright-core';
import { browserExecutable, builtExtension } from './browsers.ts';
import { chromiumArgs } from './chromium.ts';
import { CHROME_BUILD_DIR } from './paths.ts';

export interface ProxiedRequest {
  /** GET, POST, CONNECT (TLS: only the host is seen), UPGRADE (WebSocket) */
  method: string;
  /** `http://host/path?query` or `host:443` */
  target: string;
  host: string;
  /** the body of a plain-HTTP request (first 4,000 characters) */
  body: string;
}

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
  server.on('connect', (req, socket: Socket) => {
    requests.push(proxied('CONNECT', req.url ?? ''));
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('upgrade', (req, socket: Socket) => {
    requests.push(proxied('UPGRADE', req.url ?? ''));
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
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

export interface RecordedRequest {
  url: string;
  /** who asked: 'service-worker', or the URL of the page or frame */
  from: string;
  via: 'playwright' | 'cdp-service-worker';
}

export interface RecordingChromium {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  proxy: RecordingProxy;
  /** every request seen by Playwright and by the service-worker DevTools sessions */
  requests: RecordedRequest[];
  /** service-worker targets the DevTools recorder is attached to */
  attachedWorkers(): string[];
  /** evaluates an expression in every attached service worker over the recorder's own sessions (proves they are live) */
  evaluateInWorkers(expression: string): Promise<unknown[]>;
  extensionUrl(p: string): string;
  /** tab id of the tab showing `url` (the extension has the `tabs` permission) */
  tabIdOf(url: string): Promise<number>;
  close(): Promise<void>;
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: { request?: { url: string } };
  result?: unknown;
  error?: { message: string };
}

/**
 * Switches off Chromium's own calls home that the recipe's flags leave on (autofill predictions,
 * optimisation hints, network time). Some remain (component updater, sign-in); the proxy still
 * records them, and the test names each host it accepts as the browser's.
 */
export const QUIET_CHROMIUM_ARGS = [
  '--disable-features=AutofillServerCommunication,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,OptimizationTargetPrediction,MediaRouter,DialMediaRouteProvider,Translate,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-pings',
  '--metrics-recording-only',
  '--disable-component-extensions-with-background-pages',
];

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
    let from = 'unknown';
    if (worker) from = 'service-worker';
    else {
      try {
        from = r.frame().url();
      } catch {
        // a request of a frame already gone
      }
    }
    requests.push({ url: r.url(), from, via: 'playwright' });
  });

  const serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (p: string) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`;

  // the DevTools recorder on the service worker(s): non-flat sessions from a browser-level session
  const browser = context.browser();
  if (!browser) throw new Error('playwright-core gave no Browser for the persistent context: no browser-level DevTools session.');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const sessions = new Map<string, { targetId: string; url: string }>();
  let nextId = 0;
  const pending = new Map<string, (m: CdpMessage) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (!sessions.has(event.sessionId)) return;
    const message = JSON.parse(event.message) as CdpMessage;
    if (message.method === 'Network.requestWillBeSent' && message.params?.request) requests.push({ url: message.params.request.url, from: 'service-worker', via: 'cdp-service-worker' });
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
  const attach = async (targetId: string, url: string) => {
    if ([...sessions.values()].some((s) => s.targetId === targetId)) return;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
    sessions.set(sessionId, { targetId, url });
    await send(sessionId, 'Network.enable');
  };
  const isOurWorker = (t: { type: string; url: string }) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`);
  cdp.on('Target.targetCreated', ({ targetInfo }) => {
    if (isOurWorker(targetInfo)) void attach(targetInfo.targetId, targetInfo.url).catch(() => undefined);
  });
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  for (const t of (await cdp.send('Target.getTargets', { filter: [{}] })).targetInfos) if (isOurWorker(t)) await attach(t.targetId, t.url);
  if (!sessions.size) throw new Error('found no service-worker target of the extension to record');

  return {
    context,
    extensionId,
    serviceWorker,
    proxy,
    requests,
    attachedWorkers: () => [...sessions.values()].map((s) => s.url),
    async evaluateInWorkers(expression) {
      const out: unknown[] = [];
      for (const sessionId of sessions.keys()) {
        const reply = await send(sessionId, 'Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
        out.push((reply.result as { result?: { value?: unknown } } | undefined)?.result?.value);
      }
      return out;
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
