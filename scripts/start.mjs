// `npm start`: builds the extension for Chrome and Firefox, prints Sidelight's analysis of a
// bundled sample article (seed 000 of the bundled corpus) and says how to load the extension.
import { execSync } from 'node:child_process';
import path from 'node:path';

const run = (cmd, opts = {}) => execSync(cmd, { stdio: 'inherit', ...opts });
run('npm run --silent build');
const sample = path.resolve('../shared/seeds/000_d21c0c05997b9057.txt');
console.log(`\nSidelight's analysis of a bundled sample article (${path.relative(process.cwd(), sample)}):\n`);
run(`npx tsx cli/analyze.ts ${JSON.stringify(sample)}`);
console.log(`
The extension is built:
  Chrome:  chrome://extensions -> Developer mode -> "Load unpacked" -> ${path.resolve('.output/chrome-mv3')}
  Firefox: about:debugging#/runtime/this-firefox -> "Load Temporary Add-on…" -> ${path.resolve('.output/firefox-mv2/manifest.json')}
Then open a news article and click the Sidelight button (or press Alt+Shift+S) to open the sidebar.
`);
