// End-to-end in a real Firefox: the built add-on (.output/firefox-mv2, from `npx wxt build -b firefox`)
// installed temporarily in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (no
// downloaded browser), on pages made from the seed texts and served from 127.0.0.1. Run:
//   npx wxt build -b firefox && npx vitest run --config vitest.e2e.config.ts test/e2e/firefox.test.ts
//
// How it reaches what a reader sees (Firefox gives WebDriver no handle on a sidebar):
// - Firefox starts with --remote-allow-system-access, its switch for test harnesses. Without it
//   WebDriver BiDi refuses to navigate a tab to a moz-extension:// page and to evaluate in the
//   browser window (chrome). Nothing of it reaches the add-on: it only widens what the driver may do.
// - The sidebar document opened as a tab (`sidepanel.html?tabId=N`, pinned to the article's tab)
//   is driven like any page.
// - The real sidebar is opened the reader's ways: a click on the toolbar button and the keyboard
//   shortcut, both synthesized as input events in the browser window. Its document is then read
//   through the add-on's own API, `browser.extension.getViews({ type: 'sidebar' })`, from an
//   extension page in a tab.
// - The badge is read from the toolbar button in the browser window, where the reader sees it.
// - Reading history runs in a Firefox of its own (a fresh profile): the first-run choice in the
//   sidebar page, the page read again, the options page's counts, then the next same-story page.
// Firefox's own traffic is pointed at a dead proxy (127.0.0.1:9), so no test can reach the internet.
//
// Firefox internals this relies on (a new ESR may move them; the errors name them): BiDi's
// "moz:scope" chrome contexts, WebExtensionPolicy, the toolbar button's
// `.webextension-browser-action[data-extensionid]` and its `badge` attribute,
// window.synthesizeMouseEvent, nsITextInputProcessor, gURLBar and gBrowser.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { browserExecutable, builtExtension } from './support/browsers.ts';
import { FIREFOX_BUILD_DIR, TEST_RESULTS_DIR } from './support/paths.ts';
import { pollUntil } from './support/poll.ts';
import { startSeedServer, type SeedServer } from './support/server.ts';
import { READ_SIDEBAR, READ_SIDEBAR_LAYOUT, relatedIds, type SidebarLayout, type SidebarSnapshot } from './support/sidebar.ts';

const POLL = { timeout: 30_000, interval: 100 };

// ---------------------------------------------------------------------------------------------
// Firefox with the add-on: the driver, the browser window (chrome), extension pages in tabs
// ---------------------------------------------------------------------------------------------

/** The part of puppeteer's BiDi connection used for what puppeteer has no API for. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

type EvaluateResult =
  | { type: 'success'; result: { type: string; value?: unknown } }
  | { type: 'exception'; exceptionDetails: { text: string } };

interface BuiltManifest {
  browser_specific_settings: { gecko: { id: string } };
  sidebar_action?: { browser_style?: boolean };
  commands: Record<string, { suggested_key?: { default?: string } }>;
}

/** The state of the toolbar button in the browser window. */
interface ToolbarButton {
  inNavbar: boolean;
  badge: string | null;
}

class FirefoxWithExtension {
  private constructor(
    readonly browser: Browser,
    private readonly bidi: BidiConnection,
    readonly extensionId: string,
    /** `moz-extension://<uuid>/` */
    readonly extensionBase: string,
    readonly manifest: BuiltManifest,
    /** the browser window's top-level chrome context */
    private readonly chromeContext: string,
    /** an inert extension page (a sidebar page pinned to no tab) from which the test calls browser.* */
    readonly control: ExtensionTab,
    /** where Firefox saves downloads */
    readonly downloadDir: string,
  ) {}

  static async launch(): Promise<FirefoxWithExtension> {
    const executablePath = await browserExecutable('firefox');
    const extensionDir = builtExtension(FIREFOX_BUILD_DIR, 'npx wxt build -b firefox');
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as BuiltManifest;
    const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-firefox-downloads-'));
    const browser = await launchFirefox(executablePath, downloadDir).catch((error: unknown) => {
      fs.rmSync(downloadDir, { recursive: true, force: true });
      throw error;
    });
    try {
      const bidi = (browser as unknown as { connection?: BidiConnection }).connection;
      if (!bidi) throw new Error('puppeteer-core gave no WebDriver BiDi connection (was protocol "webDriverBiDi" honoured?)');
      const extensionId = await browser.installExtension(extensionDir);
      const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string; url: string }> };
      const chromeContext = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml')?.context;
      if (!chromeContext) throw new Error(`No Firefox browser window among the chrome contexts: ${JSON.stringify(tree.contexts)}`);
      const extensionBase = await evaluateIn<string>(bidi, chromeContext, `WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).getURL('')`);
      const control = await ExtensionTab.open(bidi, `${extensionBase}sidepanel.html?tabId=${2 ** 31 - 1}`);
      return new FirefoxWithExtension(browser, bidi, extensionId, extensionBase, manifest, chromeContext, control, downloadDir);
    } catch (error) {
      await browser.close();
      fs.rmSync(downloadDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Runs an expression in the browser window (privileged chrome code) and returns its JSON value. */
  inChrome<T>(expression: string): Promise<T> {
    return evaluateIn<T>(this.bidi, this.chromeContext, expression);
  }

  /** The sidebar document in a tab of its own, pinned to `tabId`. */
  openSidebarPage(tabId: number): Promise<ExtensionTab> {
    return ExtensionTab.open(this.bidi, `${this.extensionBase}sidepanel.html?tabId=${tabId}`);
  }

  /**
   * Opens the options page the way the sidebar does (`runtime.openOptionsPage()`, what
   * platform/sidebar-backend.ts calls) and returns its tab.
   */
  async openOptionsPage(): Promise<ExtensionTab> {
    const url = `${this.extensionBase}options.html`;
    await this.control.evaluate(`browser.runtime.openOptionsPage()`);
    const context = await pollUntil(
      async () => {
        const tree = (await this.bidi.send('browsingContext.getTree', { maxDepth: 0 })).result as { contexts: Array<{ context: string; url: string }> };
        return tree.contexts.find((c) => c.url === url)?.context;
      },
      { ...POLL, message: `no tab shows ${url}` },
    );
    const tab = ExtensionTab.adopt(this.bidi, context);
    await pollUntil(() => tab.evaluate<boolean>(`document.readyState === 'complete'`), { ...POLL, message: `${url} did not load` });
    return tab;
  }

  /** The add-on's tab id of a page (waits until a tab shows the page's URL). */
  async tabIdOf(page: Page): Promise<number> {
    const url = page.url();
    return pollUntil(
      async () => {
        const tabs = await this.control.evaluate<Array<{ id?: number; url?: string }>>(`browser.tabs.query({})`);
        const found = tabs.filter((t) => t.url === url);
        if (found.length > 1) throw new Error(`${found.length} tabs show ${url}; give each test page a unique URL`);
        return found[0]?.id;
      },
      { ...POLL, message: `no tab shows ${url}` },
    );
  }

  private readonly button = () => `document.querySelector('.webextension-browser-action[data-extensionid=${JSON.stringify(this.extensionId)}]')`;

  /** The add-on's toolbar button as the browser window shows it (for the selected tab). */
  toolbarButton(): Promise<ToolbarButton | null> {
    return this.inChrome<ToolbarButton | null>(`(() => {
      const button = ${this.button()};
      return button && { inNavbar: !!button.closest('#nav-bar'), badge: button.getAttribute('badge') };
    })()`);
  }

  /** A left click on the toolbar button: mouse down and up at its centre, as the reader's mouse. */
  clickToolbarButton(): Promise<boolean> {
    return this.inChrome<boolean>(`(() => {
      const button = ${this.button()};
      if (!button) throw new Error('the toolbar button is missing');
      const r = button.getBoundingClientRect();
      if (!r.width) throw new Error('the toolbar button is not visible');
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      window.synthesizeMouseEvent('mousedown', x, y, { button: 0, clickCount: 1 }, { isDOMEventSynthesized: false });
      window.synthesizeMouseEvent('mouseup', x, y, { button: 0, clickCount: 1 }, { isDOMEventSynthesized: false });
      return true;
    })()`);
  }

  /**
   * Types the manifest's shortcut for a command in the browser window, with real key events (the
   * text input processor Firefox's own tests use). The focus goes to the address bar first: keys
   * synthesized while a web page has the focus go to that page's process and never reach the
   * window's shortcuts.
   */
  pressShortcut(command: string): Promise<boolean> {
    const combo = this.manifest.commands[command]?.suggested_key?.default;
    if (!combo) throw new Error(`The manifest gives command ${command} no suggested key.`);
    return this.inChrome<boolean>(`(() => {
      const keys = ${JSON.stringify(keyEvents(combo))};
      gURLBar.focus();
      const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
      if (!tip.beginInputTransactionForTests(window)) throw new Error('no keyboard input transaction');
      for (const k of keys) tip.keydown(new KeyboardEvent('', k));
      for (const k of [...keys].reverse()) tip.keyup(new KeyboardEvent('', k));
      gBrowser.selectedBrowser.focus();
      return true;
    })()`);
  }

  /** Whether the add-on's sidebar is open in the window, as the add-on's API answers. */
  sidebarIsOpen(): Promise<boolean> {
    return this.control.evaluate<boolean>(`browser.sidebarAction.isOpen({})`);
  }

  /** What the real sidebar shows, or null when it is not open. */
  readSidebar(): Promise<SidebarSnapshot | null> {
    return this.control.evaluate<SidebarSnapshot | null>(`(() => {
      const [view] = browser.extension.getViews({ type: 'sidebar' });
      return view ? ((document) => ${READ_SIDEBAR})(view.document) : null;
    })()`);
  }

  /** How the real sidebar's document fits its width (null when it is not open). */
  readSidebarLayout(): Promise<SidebarLayout | null> {
    return this.control.evaluate<SidebarLayout | null>(`(() => {
      const [view] = browser.extension.getViews({ type: 'sidebar' });
      return view ? ((document) => ${READ_SIDEBAR_LAYOUT})(view.document) : null;
    })()`);
  }

  /** Clicks a control in the real sidebar's document (the settings gear, a section's toggle). */
  clickInSidebar(selector: string): Promise<boolean> {
    return this.control.evaluate<boolean>(`(() => {
      const [view] = browser.extension.getViews({ type: 'sidebar' });
      const el = view && view.document.querySelector(${JSON.stringify(selector)});
      if (!el) return false;
      el.click();
      return true;
    })()`);
  }

  /** The sidebar box's width in the browser window, in CSS pixels (what the reader drags). */
  sidebarBoxWidth(): Promise<number | null> {
    return this.inChrome<number | null>(`(() => {
      const box = document.getElementById('sidebar-box');
      return box ? box.getBoundingClientRect().width : null;
    })()`);
  }

  /** Sets the sidebar box's width, as the reader's drag of its edge does. */
  setSidebarBoxWidth(px: number): Promise<boolean> {
    return this.inChrome<boolean>(`(() => {
      const box = document.getElementById('sidebar-box');
      if (!box) throw new Error('no #sidebar-box in the browser window');
      box.style.width = ${JSON.stringify(`${px}px`)};
      return true;
    })()`);
  }

  async close(): Promise<void> {
    await this.browser.close();
    fs.rmSync(this.downloadDir, { recursive: true, force: true });
  }
}

/** Firefox over WebDriver BiDi, offline but for 127.0.0.1, saving downloads to `downloadDir`. */
function launchFirefox(executablePath: string, downloadDir: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    protocol: 'webDriverBiDi',
    headless: true,
    // lets WebDriver BiDi open moz-extension:// pages and evaluate in the browser window
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // every request goes to a dead proxy, except those to 127.0.0.1 (the test site)
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      // downloads (the options page's export) go straight to a folder the test reads
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
    },
  });
}

/** An extension page in a tab, driven over raw BiDi: puppeteer loses track of a tab that turns into a moz-extension:// page. */
class ExtensionTab {
  private constructor(
    private readonly bidi: BidiConnection,
    readonly context: string,
  ) {}

  static async open(bidi: BidiConnection, url: string): Promise<ExtensionTab> {
    const created = (await bidi.send('browsingContext.create', { type: 'tab', background: true })).result as { context: string };
    const tab = new ExtensionTab(bidi, created.context);
    await bidi.send('browsingContext.navigate', { context: tab.context, url, wait: 'none' });
    await pollUntil(() => tab.evaluate<boolean>(`location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`), {
      ...POLL,
      message: `the extension page ${url} did not load`,
    });
    return tab;
  }

  /** A tab the browser opened itself. */
  static adopt(bidi: BidiConnection, context: string): ExtensionTab {
    return new ExtensionTab(bidi, context);
  }

  evaluate<T>(expression: string): Promise<T> {
    return evaluateIn<T>(this.bidi, this.context, expression);
  }

  /** A WebDriver reference to the first element matching `selector`. */
  private async element(selector: string): Promise<{ sharedId: string }> {
    const { result } = (await this.bidi.send('script.evaluate', {
      expression: `document.querySelector(${JSON.stringify(selector)})`,
      target: { context: this.context },
      awaitPromise: false,
      resultOwnership: 'none',
    })) as { result: { type: string; result?: { type: string; sharedId?: string } } };
    const sharedId = result.result?.sharedId;
    if (result.type !== 'success' || !sharedId) throw new Error(`No element ${selector} in the page`);
    return { sharedId };
  }

  /** Makes this tab the selected one: input goes to the selected tab only. */
  async activate(): Promise<void> {
    await this.bidi.send('browsingContext.activate', { context: this.context });
  }

  /** A real left click (pointer down and up) at the centre of the element: it carries user activation. */
  async click(selector: string): Promise<void> {
    await this.activate();
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)})?.scrollIntoView({ block: 'center' }) ?? null`);
    const element = await this.element(selector);
    await this.bidi.send('input.performActions', {
      context: this.context,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element } },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
  }

  /** Chooses files in a file input, as the reader's file picker would. */
  async setFiles(selector: string, files: string[]): Promise<void> {
    await this.bidi.send('input.setFiles', { context: this.context, element: await this.element(selector), files });
  }

  read(): Promise<SidebarSnapshot> {
    return this.evaluate<SidebarSnapshot>(READ_SIDEBAR);
  }

  /** A screenshot at a sidebar's width. */
  async screenshot(file: string): Promise<void> {
    await this.bidi.send('browsingContext.setViewport', { context: this.context, viewport: { width: 400, height: 900 } });
    const shot = (await this.bidi.send('browsingContext.captureScreenshot', { context: this.context, origin: 'viewport' })).result as { data: string };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.from(shot.data, 'base64'));
  }

  async close(): Promise<void> {
    await this.bidi.send('browsingContext.close', { context: this.context }).catch(() => undefined);
  }
}

/** Evaluates an expression (awaited when it is a promise) in a browsing context; returns its value through JSON. */
async function evaluateIn<T>(bidi: BidiConnection, context: string, expression: string): Promise<T> {
  const { result } = (await bidi.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${expression})) ?? 'null')()`,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  })) as { result: EvaluateResult };
  if (result.type === 'exception') throw new Error(`In the browser: ${result.exceptionDetails.text}`);
  return JSON.parse(String(result.result.value)) as T;
}

/** `Alt+Shift+S` -> the KeyboardEvent inits of its keys, modifiers first. */
function keyEvents(combo: string): Array<{ key: string; code: string; keyCode: number }> {
  const modifiers: Record<string, { key: string; code: string; keyCode: number }> = {
    Alt: { key: 'Alt', code: 'AltLeft', keyCode: 18 },
    Shift: { key: 'Shift', code: 'ShiftLeft', keyCode: 16 },
    Ctrl: { key: 'Control', code: 'ControlLeft', keyCode: 17 },
  };
  const parts = combo.split('+');
  const last = parts.pop() ?? '';
  if (!/^[A-Z0-9]$/.test(last)) throw new Error(`Shortcut key "${last}" of "${combo}" is not a letter or digit; teach keyEvents() about it.`);
  return [
    ...parts.map((p) => {
      const m = modifiers[p];
      if (!m) throw new Error(`Unknown modifier "${p}" in shortcut "${combo}"`);
      return m;
    }),
    { key: last, code: /\d/.test(last) ? `Digit${last}` : `Key${last}`, keyCode: last.charCodeAt(0) },
  ];
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

let setup: Promise<{ site: SeedServer; firefox: FirefoxWithExtension }> | null = null;
let site: SeedServer | null = null;
let firefox: FirefoxWithExtension | null = null;

/**
 * The local site and Firefox, started by the first test that needs them. A missing firefox-esr or
 * build rejects here, so every test fails with the message that says how to get it.
 */
function env(): Promise<{ site: SeedServer; firefox: FirefoxWithExtension }> {
  setup ??= (async () => {
    site = await startSeedServer();
    firefox = await FirefoxWithExtension.launch();
    return { site, firefox };
  })();
  return setup;
}

const opened: Array<Page | ExtensionTab> = [];
const tempDirs: string[] = [];
async function newTab(url: string): Promise<Page> {
  const { firefox } = await env();
  const page = await firefox.browser.newPage();
  opened.push(page);
  await page.goto(url);
  return page;
}
async function pinnedSidebar(tabId: number): Promise<ExtensionTab> {
  const { firefox } = await env();
  const tab = await firefox.openSidebarPage(tabId);
  opened.push(tab);
  return tab;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
});

afterAll(async () => {
  await firefox?.close();
  await site?.close();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Sidelight in Firefox (firefox-esr, WebDriver BiDi)', () => {
  it('lists 001 and 002 as the same story as 000, and 003 and 004 as related; the badge counts 2', async () => {
    const { site, firefox } = await env();
    const seed = site.seed('000');
    const article = await newTab(`${site.articleUrl('000')}?t=pinned`);
    const tabId = await firefox.tabIdOf(article);

    const sidebar = await pinnedSidebar(tabId);
    await expect.poll(() => sidebar.read(), POLL).toMatchObject({ state: 'ready', title: seed.headline });
    const shown = await sidebar.read();
    expect(relatedIds(shown, 'same-story')).toEqual([site.seed('001').id, site.seed('002').id]);
    expect(relatedIds(shown, 'related')).toEqual([site.seed('003').id, site.seed('004').id]);
    expect(shown.missingSpeakers).toContain('John Kirby');
    expect(shown.differences).toBeGreaterThan(0);
    await sidebar.screenshot(path.join(TEST_RESULTS_DIR, 'firefox-sidebar-000.png'));

    // the toolbar button, in the toolbar, with the count of same-story versions for this tab
    await article.bringToFront();
    await expect.poll(() => firefox.toolbarButton(), POLL).toEqual({ inNavbar: true, badge: '2' });
    expect(site.requests).toContain(`GET /news/${seed.id}?t=pinned`);
  });

  it('the toolbar button toggles the real sidebar, which follows the active tab', async () => {
    const { site, firefox } = await env();
    const a = await newTab(`${site.articleUrl('000')}?t=button-a`);
    const b = await newTab(`${site.articleUrl('003')}?t=button-b`);
    const search = await newTab(`${site.searchUrl()}&t=button-c`);
    await a.bringToFront();
    expect(await firefox.sidebarIsOpen()).toBe(false);

    await firefox.clickToolbarButton();
    await expect.poll(() => firefox.sidebarIsOpen(), POLL).toBe(true);
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    const inSidebar = (await firefox.readSidebar())!;
    expect(relatedIds(inSidebar, 'same-story')).toEqual([site.seed('001').id, site.seed('002').id]);
    expect(relatedIds(inSidebar, 'related')).toEqual([site.seed('003').id, site.seed('004').id]);
    expect(inSidebar.missingSpeakers).toContain('John Kirby');

    await b.bringToFront();
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'ready', title: site.seed('003').headline });
    expect(relatedIds((await firefox.readSidebar())!, 'same-story')).toEqual([]);
    await search.bringToFront();
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'not-article', title: null });
    await a.bringToFront();
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });

    await firefox.clickToolbarButton();
    await expect.poll(() => firefox.sidebarIsOpen(), POLL).toBe(false);
    await expect.poll(() => firefox.readSidebar(), POLL).toBeNull(); // its document unloads a moment later
  });

  it('the keyboard shortcut opens the sidebar', async () => {
    const { site, firefox } = await env();
    const article = await newTab(`${site.articleUrl('000')}?t=shortcut`);
    await article.bringToFront();
    expect(await firefox.sidebarIsOpen()).toBe(false);

    await firefox.pressShortcut('_execute_sidebar_action');
    await expect.poll(() => firefox.sidebarIsOpen(), POLL).toBe(true);
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    expect(relatedIds((await firefox.readSidebar())!, 'same-story')).toEqual([site.seed('001').id, site.seed('002').id]);

    // the same shortcut closes it again
    await firefox.pressShortcut('_execute_sidebar_action');
    await expect.poll(() => firefox.sidebarIsOpen(), POLL).toBe(false);
  });

  it('fits the default sidebar width: 240 px of content, no horizontal overflow, every control in reach, its own font (browser_style off)', async () => {
    const { site, firefox } = await env();
    expect(firefox.manifest.sidebar_action?.browser_style).toBe(false);
    const article = await newTab(`${site.articleUrl('000')}?t=narrow`);
    await article.bringToFront();
    await firefox.clickToolbarButton();
    await expect.poll(() => firefox.readSidebar(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    // Firefox's own default: the sidebar box about 250 px wide, 240 px of it for the document
    const fits = (layout: SidebarLayout | null, what: string) => {
      expect(layout, what).not.toBeNull();
      expect(layout!.width, what).toBe(240);
      expect(layout!.scrollWidth, `${what}: horizontal overflow`).toBeLessThanOrEqual(layout!.width);
      expect(layout!.outside, `${what}: controls out of reach`).toEqual([]);
      expect(layout!.controls, what).toBeGreaterThan(1);
      // sidebar.css's font and spacing, not Firefox's extension stylesheet
      expect([layout!.fontSize, layout!.lineHeight], what).toEqual(['14px', '20.3px']);
      expect(layout!.fontFamily, what).toMatch(/^system-ui/);
    };
    fits(await firefox.readSidebarLayout(), 'results');
    // every reason and wording open, every list shown in full
    await firefox.control.evaluate(`(() => {
      const [view] = browser.extension.getViews({ type: 'sidebar' });
      for (const b of view.document.querySelectorAll('.why-toggle[aria-expanded="false"], .more[aria-expanded="false"]')) b.click();
      return true;
    })()`);
    await expect.poll(() => firefox.control.evaluate<number>(`browser.extension.getViews({ type: 'sidebar' })[0].document.querySelectorAll('.why-panel').length`), POLL).toBeGreaterThan(5);
    fits(await firefox.readSidebarLayout(), 'results with every panel open');
    // the settings, over the results
    expect(await firefox.clickInSidebar('.topbar .icon-button')).toBe(true);
    await expect.poll(() => firefox.control.evaluate<boolean>(`!!browser.extension.getViews({ type: 'sidebar' })[0].document.querySelector('.settings-view')`), POLL).toBe(true);
    fits(await firefox.readSidebarLayout(), 'settings');
    expect(await firefox.clickInSidebar('.settings-view .back')).toBe(true);
    // the reader view of a listed article
    expect(await firefox.clickInSidebar('.related-item .card-title button')).toBe(true);
    await expect.poll(() => firefox.control.evaluate<boolean>(`!!browser.extension.getViews({ type: 'sidebar' })[0].document.querySelector('.reader')`), POLL).toBe(true);
    fits(await firefox.readSidebarLayout(), 'reader view');
    await firefox.clickToolbarButton();
    await expect.poll(() => firefox.sidebarIsOpen(), POLL).toBe(false);
  });

  it('drops the old analysis and shows the new article after single-page navigation (pushState)', async () => {
    const { site, firefox } = await env();
    const app = await newTab(site.spaUrl('000'));
    const sidebar = await pinnedSidebar(await firefox.tabIdOf(app));
    await expect.poll(() => sidebar.read(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });

    await app.click(`aside.related-links a[data-seed="${site.seed('003').id}"]`);
    await pollUntil(async () => app.url() === site.spaUrl('003'), { ...POLL, message: `the app did not navigate to ${site.spaUrl('003')}` });
    await expect.poll(() => sidebar.read(), POLL).toMatchObject({ state: 'ready', title: site.seed('003').headline });
    const after = await sidebar.read();
    expect(relatedIds(after, 'same-story')).toEqual([]);
    expect(relatedIds(after, 'related')).toContain(site.seed('000').id);
  });

  // last: it adds an article to the corpus every later analysis would see
  it('the options page imports an article the analysis then finds, and exports it', async () => {
    const { site, firefox } = await env();
    // a near copy of seed 001 (its last paragraph dropped, so not a duplicate), from another outlet
    const source = site.seed('001');
    const imported = {
      id: 'firefox-e2e-import-001b',
      title: source.headline,
      outlet: 'Firefox Test Gazette',
      // an address on the local test site, so that following the card's link opens a real page
      url: `${site.articleUrl('001')}?t=imported-source`,
      published: '2023-03-16',
      language: 'en',
      text: source.paragraphs.slice(0, -1).join('\n\n'),
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-firefox-import-'));
    tempDirs.push(dir);
    const file = path.join(dir, 'firefox-import.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(imported)}\n`);

    const options = await firefox.openOptionsPage();
    opened.push(options);
    const counts = () => options.evaluate<Record<string, string>>(
      `Object.fromEntries(Array.from(document.querySelectorAll('[data-testid="counts"] [data-origin]')).map((e) => [e.getAttribute('data-origin'), e.firstChild.textContent.trim()]))`,
    );
    // the options page reads the IndexedDB the background filled: one origin for both in Firefox
    await expect.poll(counts, POLL).toMatchObject({ bundled: '5', imported: '0' });

    await options.setFiles('input[type="file"]', [file]);
    await expect.poll(() => options.evaluate<string | null>(`document.querySelector('[data-testid="import-report"]')?.textContent ?? null`), POLL).toMatch(/^Imported firefox-import\.jsonl/);
    await expect.poll(counts, POLL).toMatchObject({ bundled: '5', imported: '1' });

    // the background dropped its index: a new analysis of 000 finds the imported version too
    const article = await newTab(`${site.articleUrl('000')}?t=after-import`);
    const sidebar = await pinnedSidebar(await firefox.tabIdOf(article));
    await expect.poll(() => sidebar.read(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
    expect(relatedIds(await sidebar.read(), 'same-story')).toEqual([imported.id, site.seed('001').id, site.seed('002').id].sort());
    await article.bringToFront();
    await expect.poll(() => firefox.toolbarButton(), POLL).toEqual({ inNavbar: true, badge: '3' });

    // its card's headline links to the original, in a new tab
    const card = `.related-item[data-id="${imported.id}"] .card-title a`;
    expect(await sidebar.evaluate<{ href: string; target: string; text: string } | null>(`(() => {
      const a = document.querySelector(${JSON.stringify(card)});
      return a && { href: a.getAttribute('href'), target: a.getAttribute('target'), text: a.textContent };
    })()`)).toEqual({ href: imported.url, target: '_blank', text: imported.title });
    await sidebar.click(card);
    await expect.poll(() => firefox.control.evaluate<string[]>(`browser.tabs.query({}).then((tabs) => tabs.map((t) => t.url))`), POLL).toContain(imported.url);
    await expect.poll(() => site.requests, POLL).toContain(`GET /news/${site.seed('001').id}?t=imported-source`);

    // export ("your saved and imported articles"): Firefox saves the JSONL, which holds the article
    await options.click('[aria-labelledby="export-heading"] button');
    // (Firefox creates the file before it writes it: read until it parses and holds the article)
    const exported = await pollUntil(
      async () => {
        const name = fs.readdirSync(firefox.downloadDir).find((f) => f.endsWith('.jsonl'));
        if (!name) return null;
        const lines = fs.readFileSync(path.join(firefox.downloadDir, name), 'utf8').trim().split('\n');
        return lines.map((l) => JSON.parse(l) as { id?: string; text?: string }).find((l) => l.id === imported.id);
      },
      { ...POLL, message: `no .jsonl holding ${imported.id} was downloaded to ${firefox.downloadDir}` },
    );
    expect(exported.text).toBe(imported.text);
  });

  // a Firefox of its own: turning reading history on changes what every later analysis finds
  it('reading history: chosen on first run, a page read is kept and counted, and the next page on the same story finds it', async () => {
    const { site } = await env();
    const own = await FirefoxWithExtension.launch();
    try {
      // first run: the sidebar pinned to an abridged page of 001 (a text no corpus holds) asks
      const first = await own.browser.newPage();
      await first.goto(`${site.abridgedUrl('001')}?t=history-read`);
      const sidebar = await own.openSidebarPage(await own.tabIdOf(first));
      await expect.poll(() => sidebar.read(), POLL).toMatchObject({ state: 'ready', title: site.seed('001').headline });
      const prompt = `[data-testid="reading-history-prompt"]`;
      await expect.poll(() => sidebar.evaluate<boolean>(`document.querySelector(${JSON.stringify(prompt)}) !== null`), POLL).toBe(true);
      await sidebar.click(`${prompt} button.primary`);
      await expect.poll(() => sidebar.evaluate<boolean>(`document.querySelector(${JSON.stringify(prompt)}) === null`), POLL).toBe(true);

      // the page read before the choice was not kept: read it again now that the history is on
      await first.reload();
      const options = await own.openOptionsPage();
      const text = (testId: string) => options.evaluate<string | null>(`document.querySelector('[data-testid="${testId}"]')?.textContent ?? null`);
      await expect.poll(async () => {
        await options.evaluate(`location.reload()`);
        await pollUntil(() => options.evaluate<boolean>(`document.readyState === 'complete' && document.querySelector('[data-testid="read-count"]') !== null`), { ...POLL, message: 'the options page did not load again' });
        return text('read-count');
      }, POLL).toBe('1 article you read is kept.');
      await expect.poll(() => text('read-by-outlet'), POLL).toBe(`By outlet: ${site.seed('001').siteName} 1`);

      // the bundled copy of 001 hidden, so only the page read can bring 001 to the next page
      await options.click(`li[data-id="${site.seed('001').id}"] button`);
      await expect.poll(() => text('notice'), POLL).toMatch(/is hidden/);

      // the next page on the same story (seed 000) lists the version of 001 the reader read
      const second = await own.browser.newPage();
      await second.goto(`${site.articleUrl('000')}?t=history-next`);
      const next = await own.openSidebarPage(await own.tabIdOf(second));
      await expect.poll(() => next.read(), POLL).toMatchObject({ state: 'ready', title: site.seed('000').headline });
      const readCards = await next.evaluate<Array<{ id: string | null; relation: string | null; meta: string }>>(`Array.from(document.querySelectorAll('[data-section="elsewhere"] [data-read="true"]')).map((e) => ({
        id: e.getAttribute('data-id'), relation: e.getAttribute('data-relation'), meta: e.querySelector('.card-meta')?.textContent ?? '',
      }))`);
      expect(readCards).toHaveLength(1);
      expect(readCards[0]).toMatchObject({ id: expect.stringMatching(/^read-/), relation: 'same-story' });
      expect(readCards[0]!.meta).toContain(site.seed('001').siteName);
      expect(readCards[0]!.meta).toMatch(/you read it$/);
      expect((await next.read()).related.map((r) => r.id)).not.toContain(site.seed('001').id);
    } finally {
      await own.close();
    }
  });
});
