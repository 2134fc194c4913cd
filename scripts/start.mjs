// `npm start`: builds the extension for Chrome and Firefox, prints Sidelight's analysis of a
// bundled sample article (seed 000 of the bundled corpus) and says how to load the extension.
// It needs the project's shared folder (seeds/, eval/) beside the clone, as ../shared: the build
// checks the bundled corpus against its seed texts, and the sample article is one of them.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared');
const sample = path.join(shared, 'seeds/000_d21c0c05997b9057.txt');

if (!fs.existsSync(sample)) {
  console.error(`npm start needs the project's shared folder beside this clone: ${fs.existsSync(shared) ? `${sample} is missing` : `${shared} is missing`}.
Put the shared folder (with seeds/ and eval/) there, as ../shared next to ${path.basename(root)}/, and run npm start again.
(Without it the extension can still be built: npx wxt build && npx wxt build -b firefox.)`);
  process.exit(1);
}

const run = (cmd) => {
  try {
    execSync(cmd, { stdio: 'inherit', cwd: root });
  } catch {
    // the command has said what went wrong; no stack trace of this script on top
    console.error(`\nnpm start stopped: \`${cmd}\` failed (see above).`);
    process.exit(1);
  }
};
run('npm run --silent build');
console.log(`\nSidelight's analysis of a bundled sample article (${path.relative(root, sample)}):\n`);
run(`npx tsx cli/analyze.ts ${JSON.stringify(sample)}`);
console.log(`
The extension is built:
  Chrome:  chrome://extensions -> Developer mode -> "Load unpacked" -> ${path.join(root, '.output/chrome-mv3')}
  Firefox: about:debugging#/runtime/this-firefox -> "Load Temporary Add-on…" -> ${path.join(root, '.output/firefox-mv2/manifest.json')}
Then open a news article and click the Sidelight button (or press Alt+Shift+S) to open the sidebar.
`);
