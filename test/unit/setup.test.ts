// A new user's first commands: `npm start` and `npm run corpus:check` on a clone without the
// shared folder beside it say what to do (instead of "no such file", or "corpus data is current"
// without checking), and the build keeps its real warnings while dropping zod's harmless ones.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { isKnownHarmlessWarning } from '../../wxt.config.ts';

const root = path.resolve(__dirname, '../..');

/** A copy of the parts of the repository a command needs, in a directory with no ../shared beside it. */
function cloneWithoutShared(parts: string[]): string {
  const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-clone-')), 'sidelight');
  fs.mkdirSync(clone);
  for (const part of parts) fs.cpSync(path.join(root, part), path.join(clone, part), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
  expect(fs.existsSync(path.join(clone, '../shared'))).toBe(false);
  return clone;
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('without ../shared beside the clone', () => {
  it('corpus:check fails and says what to do, instead of "corpus data is current"', () => {
    const clone = cloneWithoutShared(['package.json', 'corpus', 'engine']);
    const r = run(clone, ['--import', 'tsx', 'corpus/build-corpus.ts', '--check']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/current/);
    expect(r.stderr).toContain(`corpus/bundled-corpus.json was NOT checked: the seed texts it is built from are not in ${path.resolve(clone, '../shared/seeds')}.`);
    expect(r.stderr).toContain(`Put the project's shared folder (seeds/, eval/) beside this clone, as ${path.resolve(clone, '../shared')}, then run the command again.`);
  });

  it('npm start stops before building and says where the shared folder goes', () => {
    const clone = cloneWithoutShared(['package.json', 'scripts']);
    const r = run(clone, ['scripts/start.mjs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`npm start needs the project's shared folder beside this clone: ${path.resolve(clone, '../shared')} is missing.`);
    expect(r.stderr).toContain('as ../shared next to sidelight/');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(path.join(clone, '.output'))).toBe(false);
  });
});

describe('build warnings', () => {
  const zodComment = { code: 'INVALID_ANNOTATION', id: '/x/node_modules/zod/v4/core/util.js', message: 'A comment … contains an annotation that Rollup cannot interpret' };

  it("zod's misplaced-annotation comments are dropped; the same warning from another package, and other warnings, are kept", () => {
    expect(isKnownHarmlessWarning(zodComment)).toBe(true);
    expect(isKnownHarmlessWarning({ ...zodComment, id: '/x/node_modules/preact/dist/preact.mjs' })).toBe(false);
    expect(isKnownHarmlessWarning({ ...zodComment, id: '/x/engine/schemas.ts' })).toBe(false);
    expect(isKnownHarmlessWarning({ code: 'UNRESOLVED_IMPORT', id: '/x/node_modules/zod/v4/core/util.js', message: 'x' })).toBe(false);
    expect(isKnownHarmlessWarning({ code: 'EVAL', id: '/x/node_modules/zod/v4/core/util.js', message: 'eval' })).toBe(false);
  });

  it("the build config's log handler passes every other log on", async () => {
    const vite = await (config.vite as (env: unknown) => Promise<{ build: { rollupOptions: { onLog: (level: string, log: unknown, handler: (level: string, log: unknown) => void) => void } } }>)({});
    const passed: unknown[] = [];
    const onLog = vite.build.rollupOptions.onLog;
    onLog('warn', zodComment, (_level, log) => passed.push(log));
    const real = { code: 'MISSING_EXPORT', id: '/x/node_modules/zod/v4/core/util.js', message: 'missing' };
    onLog('warn', real, (_level, log) => passed.push(log));
    const info = { ...zodComment };
    onLog('info', info, (_level, log) => passed.push(log));
    expect(passed).toEqual([real, info]);
  });
});
