// Finds the real browsers the end-to-end tests drive, with the same search as `npm test` uses
// (scripts/ensure-browsers.mjs: an env variable, then Debian's paths). A missing browser is a
// failure with the command that installs it, never a skipped test.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './paths.ts';

export type BrowserName = 'chromium' | 'firefox';

interface EnsureBrowsersModule {
  BROWSERS: Record<BrowserName, { env: string; paths: string[]; apt: string }>;
  findBrowser(name: BrowserName): string | null;
}

async function ensureBrowsersModule(): Promise<EnsureBrowsersModule> {
  // a runtime path keeps the plain-JS script out of the type check; its shape is declared above
  return (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/ensure-browsers.mjs')).href)) as EnsureBrowsersModule;
}

/** The browser's executable, or an error that says how to install it. */
export async function browserExecutable(name: BrowserName): Promise<string> {
  const { BROWSERS, findBrowser } = await ensureBrowsersModule();
  const found = findBrowser(name);
  if (found) return found;
  const b = BROWSERS[name];
  throw new Error(
    `The ${name} end-to-end tests need ${name}, and none was found (looked at $${b.env} and ${b.paths.join(', ')}).\n` +
      `Install it with:  apt-get update && apt-get install -y ${b.apt}\n` +
      `or set ${b.env} to its executable.`,
  );
}

/** The built extension folder, or an error that says how to build it. */
export function builtExtension(dir: string, buildCommand: string): string {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`No built extension in ${dir}. Build it first: ${buildCommand}`);
  return dir;
}
