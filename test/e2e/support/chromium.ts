// Chromium with the built extension, through playwright-core (Debian's /usr/bin/chromium, never a
// downloaded browser). Gives the test the extension's id and service worker, the tab id of a page,
// the sidebar page opened as a tab, and the real side panel opened through the DevTools protocol.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { browserExecutable, builtExtension } from './browsers.ts';
import { CHROME_BUILD_DIR } from './paths.ts';
import { pollUntil } from './poll.ts';

/** The flags of /work/shared/RECIPES.md (headless, no sandbox, only our extension, no phoning home), and a dead proxy. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // lets the DevTools protocol press the toolbar button (Extensions.triggerAction)
    '--enable-unsafe-extension-debugging',
    // anything that is not 127.0.0.1 goes to a dead proxy: even the browser's own requests, which
    // Playwright does not see, cannot reach the internet (loopback bypasses proxies by default)
    '--proxy-server=http://127.0.0.1:9',
  ];
}

/**
 * Switches off more of Chromium's own calls home, for the no-network test (support/network-recorder.ts).
 * The test does not depend on them: what the browser itself still calls is not the extension's and
 * is ignored by the verdict (support/request-attribution.ts); they keep that traffic small.
 *
 * Chromium keeps only the last `--disable-features` switch, and Playwright passes its own (which
 * stops, among others, the preconnects to the default search engine, www.google.com, and the "AI
 * mode" eligibility requests); so this list repeats Playwright's (playwright-core 1.65) and adds
 * ours. The no-network test checks that nothing Playwright disables is left out
 * (`featuresNoLongerDisabled`), so a Playwright upgrade that adds one fails there by name.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];
const QUIET_DISABLED_FEATURES = [
  'AutofillServerCommunication',
  'OptimizationGuideModelDownloading',
  'OptimizationHintsFetching',
  'OptimizationTargetPrediction',
  'DialMediaRouteProvider',
  'Translate',
  'CertificateTransparencyComponentUpdater',
];
export const QUIET_CHROMIUM_ARGS = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...QUIET_DISABLED_FEATURES].join(',')}`,
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-pings',
  '--metrics-recording-only',
  '--disable-component-extensions-with-background-pages',
];

/** The part of `chrome.*` the tests call inside the service worker. */
interface ChromeInWorker {
  chrome: {
    tabs: { query(q: object): Promise<Array<{ id?: number; url?: string; windowId: number; active: boolean }>> };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
  };
}

export interface TabInfo {
  id: number;
  windowId: number;
  url: string;
  active: boolean;
}

export interface ChromiumWithExtension {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** every URL the browser requested since launch: pages, workers and the side panel */
  requests: string[];
  /** uncaught errors in extension pages (sidebar tabs, side panel) */
  pageErrors: string[];
  tabs(): Promise<TabInfo[]>;
  /** the text on the toolbar button's badge for a tab */
  badgeText(tabId: number): Promise<string>;
  /** the browser's tab id of a page (waits until the tab shows the page's URL) */
  tabIdOf(page: Page): Promise<number>;
  /** `chrome-extension://<id>/<path>` */
  extensionUrl(pathAndQuery: string): string;
  /** the sidebar page in a tab of its own: pinned to `tabId`, or following the active tab when null */
  openSidebarPage(tabId: number | null, viewport?: { width: number; height: number }): Promise<Page>;
  /** makes the page the active tab and opens Chrome's real side panel in its window, as a click on the toolbar button does (or returns the one already open) */
  openSidePanel(page: Page): Promise<SidePanel>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  headless?: boolean;
}

export async function launchChromiumWithExtension(options: LaunchOptions = {}): Promise<ChromiumWithExtension> {
  const executablePath = await browserExecutable('chromium');
  const extensionDir = builtExtension(path.resolve(options.extensionDir ?? CHROME_BUILD_DIR), 'npx wxt build');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args: chromiumArgs(extensionDir),
  });
  const requests: string[] = [];
  const pageErrors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const watchErrors = (page: Page) => page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  context.pages().forEach(watchErrors);
  context.on('page', watchErrors);

  const serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  const extensionUrl = (p: string) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`;

  const tabs = async (): Promise<TabInfo[]> => {
    const all = await serviceWorker.evaluate(() => (globalThis as unknown as ChromeInWorker).chrome.tabs.query({}));
    return all.filter((t): t is TabInfo => t.id !== undefined && t.url !== undefined);
  };

  let browserCdp: CDPSession | null = null;
  const cdp = async (): Promise<CDPSession> => {
    const browser = context.browser();
    if (!browser) throw new Error('playwright-core gave no Browser for the persistent context, so there is no browser-level DevTools session.');
    browserCdp ??= await browser.newBrowserCDPSession();
    return browserCdp;
  };
  let sidePanel: SidePanel | null = null;

  return {
    context,
    extensionId,
    serviceWorker,
    requests,
    pageErrors,
    tabs,
    extensionUrl,
    badgeText: (tabId) => serviceWorker.evaluate((id) => (globalThis as unknown as ChromeInWorker).chrome.action.getBadgeText({ tabId: id }), tabId),
    async tabIdOf(page) {
      const url = page.url();
      const matching = await pollUntil(
        async () => {
          const found = (await tabs()).filter((t) => t.url === url);
          return found.length ? found : null;
        },
        { timeout: 10_000, message: `no tab shows ${url}` },
      );
      if (matching.length > 1) throw new Error(`${matching.length} tabs show ${url}; give each test page its own URL.`);
      return matching[0]!.id;
    },
    async openSidebarPage(tabId, viewport = { width: 400, height: 900 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(extensionUrl(tabId === null ? 'sidepanel.html' : `sidepanel.html?tabId=${tabId}`));
      return page;
    },
    async openSidePanel(page) {
      const session = await cdp();
      const panelUrl = extensionUrl('sidepanel.html');
      const findPanel = async () => (await session.send('Target.getTargets', { filter: [{}] })).targetInfos.find((t) => t.type === 'page' && t.url === panelUrl);
      await page.bringToFront();
      if (sidePanel && (await findPanel())?.targetId === sidePanel.targetId) return sidePanel;
      // Extensions.triggerAction wants the tab target (type "tab"), not the page target inside it
      const tabTargets = (await session.send('Target.getTargets', { filter: [{}] })).targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
      if (tabTargets.length !== 1) throw new Error(`expected one tab target showing ${page.url()}, found ${tabTargets.length}`);
      await session.send('Extensions.triggerAction', { id: extensionId, targetId: tabTargets[0]!.targetId });
      const panel = await pollUntil(findPanel, { timeout: 10_000, message: 'the side panel did not open after Extensions.triggerAction' });
      sidePanel = await SidePanel.attach(session, panel.targetId, (url) => requests.push(url));
      return sidePanel;
    },
    async close() {
      await sidePanel?.detach().catch(() => undefined);
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

interface CdpReply {
  id: number;
  result?: unknown;
  error?: { message: string };
}

/**
 * Chrome's real side panel. Playwright does not list it among the context's pages, so the test
 * talks to it over the DevTools protocol: attached from the browser session (non-flat), commands
 * go through Target.sendMessageToTarget. Network requests it makes are reported to `onRequest`.
 */
export class SidePanel {
  private nextId = 0;
  private readonly pending = new Map<number, (reply: CdpReply) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    readonly targetId: string,
    private readonly sessionId: string,
    onRequest: (url: string) => void,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as CdpReply & { method?: string; params?: { request?: { url: string } } };
      if (message.method === 'Network.requestWillBeSent' && message.params?.request) onRequest(message.params.request.url);
      const resolve = this.pending.get(message.id);
      if (resolve) {
        this.pending.delete(message.id);
        resolve(message);
      }
    });
  }

  static async attach(cdp: CDPSession, targetId: string, onRequest: (url: string) => void): Promise<SidePanel> {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
    const panel = new SidePanel(cdp, targetId, sessionId, onRequest);
    await panel.send('Network.enable');
    return panel;
  }

  async send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = ++this.nextId;
    const reply = new Promise<CdpReply>((resolve) => this.pending.set(id, resolve));
    await this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) });
    const { result, error } = await reply;
    if (error) throw new Error(`side panel ${method}: ${error.message}`);
    return result as T;
  }

  /** Evaluates an expression in the panel's page and returns its (JSON) value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`side panel: ${r.exceptionDetails.text} in ${expression}`);
    return r.result.value as T;
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }

  async detach(): Promise<void> {
    await this.cdp.send('Target.detachFromTarget', { sessionId: this.sessionId });
  }
}

/** The part of chrome://extensions' own API (`chrome.developerPrivate`) that allowIncognito calls. */
interface DeveloperPrivate {
  updateProfileConfiguration(update: { inDeveloperMode: boolean }): Promise<void>;
  updateExtensionConfiguration(update: { extensionId: string; incognitoAccess: boolean }): Promise<void>;
  getExtensionInfo(id: string): Promise<{ state: string; incognitoAccess: { isEnabled: boolean; isActive: boolean } }>;
}

/**
 * Does what a reader does on chrome://extensions: turns developer mode on (an unpacked extension
 * that reloads without it is disabled as an "unsupported developer extension") and switches
 * "Allow in Incognito" on, through that page's own `chrome.developerPrivate`. Chromium reloads the
 * extension for it: its service worker, the `serviceWorker` handle and extension pages opened
 * before are gone; this waits until the extension is enabled again with incognito access.
 */
export async function allowIncognito(chrome: ChromiumWithExtension): Promise<void> {
  const page = await chrome.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(async (id) => {
      const dp = (globalThis as unknown as { chrome: { developerPrivate?: DeveloperPrivate } }).chrome.developerPrivate;
      if (!dp) throw new Error('chrome://extensions has no chrome.developerPrivate');
      await dp.updateProfileConfiguration({ inDeveloperMode: true });
      await dp.updateExtensionConfiguration({ extensionId: id, incognitoAccess: true });
    }, chrome.extensionId);
    await pollUntil(
      async () => {
        const info = await page.evaluate((id) => (globalThis as unknown as { chrome: { developerPrivate: DeveloperPrivate } }).chrome.developerPrivate.getExtensionInfo(id), chrome.extensionId);
        return info.state === 'ENABLED' && info.incognitoAccess.isActive ? info : null;
      },
      { timeout: 20_000, message: 'the extension was not enabled again with incognito access' },
    );
  } finally {
    await page.close();
  }
}
