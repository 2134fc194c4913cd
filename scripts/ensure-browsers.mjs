// Finds the browsers the end-to-end tests drive (Chromium, Firefox ESR). Where one is missing it
// installs Debian's package when it can (root + apt-get), and otherwise stops with a clear message.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const BROWSERS = {
  chromium: { env: 'CHROMIUM_PATH', paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'], apt: 'chromium' },
  firefox: { env: 'FIREFOX_PATH', paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'], apt: 'firefox-esr' },
};

export function findBrowser(name) {
  const b = BROWSERS[name];
  const fromEnv = process.env[b.env];
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  return b.paths.find((p) => fs.existsSync(p)) ?? null;
}

function canApt() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

export function ensureBrowsers(names = Object.keys(BROWSERS)) {
  const missing = names.filter((n) => !findBrowser(n));
  if (missing.length && canApt()) {
    const pkgs = missing.map((n) => BROWSERS[n].apt).join(' ');
    console.log(`Installing ${pkgs} from Debian's packages for the end-to-end tests...`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs} >/dev/null`, { stdio: 'inherit', shell: '/bin/bash' });
  }
  const still = names.filter((n) => !findBrowser(n));
  if (still.length) {
    const lines = still.map((n) => `  - ${n}: install Debian's "${BROWSERS[n].apt}" (apt-get install -y ${BROWSERS[n].apt}) or set ${BROWSERS[n].env} to its executable`);
    console.error(`The end-to-end tests need a real browser, and none was found:\n${lines.join('\n')}`);
    process.exit(1);
  }
  for (const n of names) console.log(`${n}: ${findBrowser(n)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBrowsers(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
