// `npm test`: every tier, in the order they depend on each other.
//   1. the browsers for the e2e tier and PostgreSQL for the team corpus server's tests (installed
//      from Debian's packages when missing and possible; else a message saying what to install)
//   2. generated corpus data is current; types and lint
//   3. both browser builds
//   4. unit + component tests (including web-ext lint of the Firefox build)
//   5. end-to-end tests in Chromium and Firefox
import { execSync } from 'node:child_process';
import { ensureBrowsers } from './ensure-browsers.mjs';
import { ensurePostgres } from './ensure-postgres.mjs';

const run = (cmd) => {
  console.log(`\n> ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
};

const started = Date.now();
try {
  ensureBrowsers();
  ensurePostgres();
  run('npm run --silent corpus:check');
  run('npm run --silent check');
  run('npx wxt build');
  run('npx wxt build -b firefox');
  run('npx vitest run');
  run('npx vitest run --config vitest.e2e.config.ts');
  console.log(`\nAll tests passed in ${Math.round((Date.now() - started) / 1000)} s.`);
} catch {
  process.exit(1);
}
