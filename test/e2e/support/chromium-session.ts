// The seed site and Chromium with the built extension for one test file: started by the first test
// that asks for them, both closed after the file's tests. A missing Chromium or build rejects there,
// so each test fails with the message that says how to get it.
import type { Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { launchChromiumWithExtension, type ChromiumWithExtension } from './chromium.ts';
import { startSeedServer, type SeedServer } from './server.ts';
import { READ_SIDEBAR, type SidebarSnapshot } from './sidebar.ts';

/** How long and how often a test asks again for a state of the browser. */
export const POLL = { timeout: 30_000, interval: 100 };

/** What the sidebar in `page` shows (one DOM read). */
export const readSidebar = (page: Page): Promise<SidebarSnapshot> => page.evaluate<SidebarSnapshot>(READ_SIDEBAR);

export interface ChromiumSession {
  site: SeedServer;
  chrome: ChromiumWithExtension;
}

/** Registers the file's clean-up; the returned function starts the site and the browser once. */
export function chromiumSession(): () => Promise<ChromiumSession> {
  let setup: Promise<ChromiumSession> | null = null;
  let site: SeedServer | null = null;
  let chrome: ChromiumWithExtension | null = null;
  afterAll(async () => {
    await chrome?.close();
    await site?.close();
  });
  return () =>
    (setup ??= (async () => {
      site = await startSeedServer();
      chrome = await launchChromiumWithExtension();
      return { site, chrome };
    })());
}
