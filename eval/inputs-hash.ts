// The staleness hash of a fitted model (corpus/match-model.json, corpus/missing-context-model.json):
// sha256 over every file under the fit's inputs, in sorted order, each named by its path from the
// project (the shared folder as `shared/`), so `npm run corpus:check` sees when a refit is owed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isDirectory()) return fs.readdirSync(p).sort().flatMap((f) => filesUnder(path.join(p, f)));
  return [p];
}

/** sha256 over the files under `inputs` (files or folders), leaving out those whose path matches `skip`. */
export function inputsHash(inputs: readonly string[], root: string, skip: RegExp): string {
  const h = crypto.createHash('sha256');
  for (const f of inputs.flatMap(filesUnder)) {
    if (skip.test(f)) continue;
    h.update(path.relative(root, f).replace(/^(\.\.\/)+shared\//, 'shared/'));
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex');
}
