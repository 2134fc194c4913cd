// Where the end-to-end tier finds things: the repository, the seed texts, the built extensions,
// and where it writes screenshots. Shared by the Chromium and Firefox tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The seed texts, read at test time and never copied into the repository. */
export const SEEDS_DIR = process.env.SIDELIGHT_SEEDS_DIR ?? path.resolve(REPO_ROOT, '../shared/seeds');

export const CHROME_BUILD_DIR = path.join(REPO_ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD_DIR = path.join(REPO_ROOT, '.output/firefox-mv2');

/** Screenshots and other artefacts of a run (git-ignored). */
export const TEST_RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
