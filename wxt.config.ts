import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import type { Plugin, Rollup } from 'vite';
import path from 'node:path';

// One config for both browsers. Browser differences in the manifest live here;
// browser differences at run time live in `platform/`.
//
// Firefox is built as Manifest V2 (`wxt build -b firefox` -> .output/firefox-mv2), on purpose:
// - The background keeps the corpus index and every tab's analysis in memory (background/). MV2
//   gives Firefox a persistent background page; Firefox's MV3 has only event pages, which it
//   unloads when idle, so each wake-up would rebuild the index from IndexedDB and re-extract the
//   tab (the code copes, as it must for Chrome's service worker, but the reader waits).
// - MV2 content scripts get their host access at install. In Firefox MV3 host access is a
//   permission the reader can withdraw per site, one more state the add-on would have to explain.
// - Mozilla keeps MV2 supported in Firefox and on AMO, and it is WXT's default Firefox target.
// The cost, `browser_action` instead of `action`, is absorbed by WXT's manifest conversion and by
// platform/browser-ui.ts. Moving to MV3 later is `-b firefox --mv3` plus a test of the event page.

/**
 * The extension pages' Content Security Policy (sidebar, options, Chrome's service worker, Firefox's
 * background page), stricter than both browsers' defaults: scripts, styles and images only from the
 * extension's own files, no plugins, and no network at all (`connect-src 'none'` blocks fetch,
 * XMLHttpRequest, WebSocket, EventSource and sendBeacon even if code tried). No 'unsafe-eval',
 * no 'wasm-unsafe-eval', no 'unsafe-inline'. Pinned by test/unit/permissions.test.ts; the e2e
 * tests (test/e2e/no-network.test.ts) listen for violations. `wxt dev` keeps WXT's own dev CSP,
 * because its dev server serves scripts from localhost and talks to the pages over a WebSocket.
 */
export const EXTENSION_PAGES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * A team build (`SIDELIGHT_TEAM_SERVER=https://corpus.example.org npm run build`): the team corpus
 * server's origin, fixed at build time. The package may connect to that origin and nothing else
 * (connect-src and a host permission for it); the public build (no variable) keeps
 * `connect-src 'none'` and no host permission. https only, except http on 127.0.0.1 or localhost
 * (a server on the same machine, as the tests run one). A wrong value stops the build.
 */
export function teamServerOrigin(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`SIDELIGHT_TEAM_SERVER=${value}: not an address (https://host[:port])`);
  }
  const local = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  if (url.protocol !== 'https:' && !local) throw new Error(`SIDELIGHT_TEAM_SERVER=${value}: https only (http only for 127.0.0.1 or localhost)`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) throw new Error(`SIDELIGHT_TEAM_SERVER=${value}: an origin only (scheme, host, port), no path or credentials`);
  return url.origin;
}

/** The extension pages' CSP: EXTENSION_PAGES_CSP, with connect-src the team server's origin in a team build. */
export function extensionPagesCsp(teamOrigin: string | null): string {
  return teamOrigin ? EXTENSION_PAGES_CSP.replace("connect-src 'none'", `connect-src ${teamOrigin}`) : EXTENSION_PAGES_CSP;
}

/**
 * Modules only a team build has (repository paths), each with its public-build stand-in: the public
 * build resolves the first to the second, so no client, fetch or API schema is in its package
 * (test/unit/no-network.test.ts scans the same module graph).
 */
export const TEAM_ONLY_MODULES: Readonly<Record<string, string>> = { 'background/team-corpus.ts': 'background/no-team-corpus.ts' };

/** The public build resolves each team-only module to its stand-in, whatever the import's spelling. */
function teamOnlyStandIns(): Plugin {
  const root = fileURLToPath(new URL('.', import.meta.url));
  return {
    name: 'sidelight-team-only-modules',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const standIn = resolved ? TEAM_ONLY_MODULES[path.relative(root, resolved.id)] : undefined;
      return standIn ? path.join(root, standIn) : null;
    },
  };
}

const TEAM_SERVER = teamServerOrigin(process.env.SIDELIGHT_TEAM_SERVER);
/** A reader token for the team server, fixed at build time too (a shared reader token of the newsroom). */
const TEAM_TOKEN = TEAM_SERVER ? (process.env.SIDELIGHT_TEAM_TOKEN ?? '') : '';

/** Firefox-only manifest keys (Firefox reads them; Chrome would warn about unknown keys). */
const firefoxOnly = {
  browser_specific_settings: {
    gecko: {
      id: 'sidelight@sidelight.example',
      // The oldest Firefox the e2e test has run against (Debian's firefox-esr 153.7.0esr);
      // also past 140 (desktop) / 142 (Android), which `data_collection_permissions` needs.
      strict_min_version: '153.0',
      // Sidelight collects nothing: everything stays in the browser.
      data_collection_permissions: { required: ['none'] },
    },
  },
};

/**
 * Build warnings known to be harmless, silenced at the source so the real ones stand out: zod's
 * sources carry comments next to `@__PURE__` annotations that Rollup cannot place (it drops the
 * comment, not the annotation's effect on the code: the bundles are the same). About 70 lines of
 * `npm start`'s output. Every other warning is passed on.
 */
export function isKnownHarmlessWarning(warning: Rollup.RollupLog): boolean {
  return warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '');
}

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // a team build goes to its own folder, so the public build beside it is never overwritten by it;
  // SIDELIGHT_OUT_DIR names another (the team build's end-to-end test builds into a folder of its own)
  outDir: process.env.SIDELIGHT_OUT_DIR || (TEAM_SERVER ? '.output-team' : '.output'),
  // explicit imports everywhere: no auto-imported globals
  imports: false,
  vite: () => ({
    plugins: [preact(), ...(TEAM_SERVER ? [] : [teamOnlyStandIns()])],
    // the team server's origin and token, '' in the public build (where the team code is dropped as dead code)
    define: { __SIDELIGHT_TEAM_SERVER__: JSON.stringify(TEAM_SERVER ?? ''), __SIDELIGHT_TEAM_TOKEN__: JSON.stringify(TEAM_TOKEN) },
    // WXT's content-script entry builds its ContentScriptContext, which posts the extension's id to
    // every page and can be switched off by the page; content/context.ts is one that talks to the
    // page not at all (test/e2e/hostile-pages.test.ts holds both in Chromium)
    resolve: {
      alias: [
        { find: /^wxt\/utils\/content-script-context$/, replacement: fileURLToPath(new URL('./content/context.ts', import.meta.url)) },
        // the public build leaves the team server's client out entirely (not only its calls)
      ],
    },
    build: {
      rollupOptions: {
        // onLog, not onwarn: Vite 7 passed the zod warnings to onLog only (onwarn alone was never called)
        onLog(level, log, handler) {
          if (level === 'warn' && isKnownHarmlessWarning(log)) return;
          handler(level, log);
        },
      },
    },
  }),
  // `npm run zip` -> .output/sidelight-<version>-chrome.zip (Chrome Web Store);
  // `npm run zip:firefox` -> .output/sidelight-<version>-firefox.zip (AMO) and
  // .output/sidelight-<version>-sources.zip, the sources AMO's reviewers rebuild the add-on from
  // (`npm ci && npm run build:firefox`). Test artefacts and local results stay out of it.
  zip: {
    excludeSources: ['test-results/**', 'bench/results.json', '**/*.log', '.output/**', '.output-team/**'],
  },
  hooks: {
    // Firefox's MV2 sidebar_action defaults to `browser_style: true`, which puts Firefox's own
    // stylesheet over the sidebar's (font, line height, buttons) in the real sidebar only. The
    // sidebar has its own styles; test/e2e/firefox.test.ts reads the built manifest.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.sidebar_action) manifest.sidebar_action.browser_style = false;
    },
  },
  manifest: ({ browser, command }) => ({
    // the name, description, button title and shortcut's description are i18n messages too
    name: '__MSG_extName__',
    // UI strings are browser.i18n messages (public/_locales/en/messages.json, English shipped; i18n/messages.ts)
    default_locale: 'en',
    description: '__MSG_extDescription__',
    permissions: ['storage', 'tabs'],
    // One background for normal and private windows (both browsers' default, said outright): a
    // private window's pages reach the same background, which knows them by sender.tab.incognito
    // and never keeps them in the reading history (settings/schema.ts keepPolicy). The extension
    // runs in private windows only if the reader allows it there. 'split' would not help: Firefox
    // does not support it, and Chrome's incognito half would hold its own index.
    incognito: 'spanning',
    // WXT writes it as MV3's `content_security_policy.extension_pages` and as MV2's string
    ...(command === 'build' ? { content_security_policy: { extension_pages: extensionPagesCsp(TEAM_SERVER) } } : {}),
    // a team build may reach its server's origin, and only it
    ...(TEAM_SERVER ? { host_permissions: [`${TEAM_SERVER}/*`] } : {}),
    // Firefox puts a new add-on's button in the Extensions menu unless told otherwise; the button
    // is how a reader opens the sidebar, so it goes in the toolbar.
    action: { default_title: '__MSG_extName__', ...(browser === 'firefox' ? { default_area: 'navbar' } : {}) },
    // The shortcut opens the sidebar: Firefox's `_execute_sidebar_action` toggles the
    // sidebar_action; Chrome's `_execute_action` clicks the button, which opens the side panel.
    commands: {
      [browser === 'firefox' ? '_execute_sidebar_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_openSidelight__',
      },
    },
    ...(browser === 'firefox' ? firefoxOnly : {}),
  }),
});
