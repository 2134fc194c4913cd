// One Chromium with the built extension and the hostile-page site, started on first use and shared
// by the tests of a file, with scripts injected into every page; pages a test opens are tracked so
// that they can be closed after it. Used by hostile-pages.test.ts and hostile-navigation.test.ts.
import type { Page } from 'playwright-core';
import { launchChromiumWithExtension, type ChromiumWithExtension } from './chromium.ts';
import { startHostileServer, type HostileServer } from './hostile-pages.ts';

export interface HostileEnvironment {
  /** the site and the browser, started on the first call */
  env(): Promise<{ site: HostileServer; chrome: ChromiumWithExtension }>;
  /** a page to close after the test */
  track(page: Page): Page;
  /** closes the tracked pages (afterEach) */
  closePages(): Promise<void>;
  /** closes the browser and the site (afterAll) */
  close(): Promise<void>;
}

export function hostileEnvironment(initScripts: readonly string[]): HostileEnvironment {
  let setup: Promise<{ site: HostileServer; chrome: ChromiumWithExtension }> | null = null;
  let site: HostileServer | null = null;
  let chrome: ChromiumWithExtension | null = null;
  const opened: Page[] = [];
  return {
    env() {
      setup ??= (async () => {
        site = await startHostileServer();
        chrome = await launchChromiumWithExtension();
        for (const script of initScripts) await chrome.context.addInitScript(script);
        return { site, chrome };
      })();
      return setup;
    },
    track(page) {
      opened.push(page);
      return page;
    },
    async closePages() {
      await Promise.all(opened.splice(0).map((p) => p.close().catch(() => undefined)));
    },
    async close() {
      await chrome?.close();
      await site?.close();
    },
  };
}
