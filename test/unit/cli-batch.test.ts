// Batch mode of the CLI (`analyze --json --queries FILE.jsonl`): one process, one JSON line per
// query, each the result `analyze --json` gives for that article alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisResultSchema, type CorpusRecord } from '../../engine/schemas.ts';
import { readArticleFile } from '../../cli/analyze-file.ts';
import { SEEDS_DIR } from '../support/engine.ts';
import bundled from '../../corpus/bundled-corpus.json';

const root = path.resolve(__dirname, '../..');
/** A hang guard, not a speed assertion. */
const HANG_GUARD_MS = 180_000;
function analyze(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: root, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = (name: string, content: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-batch-')), name);
  fs.writeFileSync(file, content);
  return file;
};

describe('analyze --queries', () => {
  it('gives, per query, the result of analysing that article alone', () => {
    const seeds = fs.readdirSync(SEEDS_DIR).filter((f) => /^00[03]_.*\.txt$/.test(f)).sort();
    expect(seeds).toHaveLength(2);
    // the queries as the corpus format: what readArticleFile makes of each seed file, with the
    // outlet the single-file analysis takes from the corpus record of the same id
    const queries: CorpusRecord[] = seeds.map((f) => {
      const a = readArticleFile(path.join(SEEDS_DIR, f));
      const outlet = (bundled as CorpusRecord[]).find((r) => r.id === a.id)!.outlet;
      return { id: a.id!, title: a.title, text: a.text, outlet, published: a.published ?? null };
    });
    const file = tmp('queries.jsonl', queries.map((q) => JSON.stringify(q)).join('\n'));
    const batch = analyze('--json', '--queries', file);
    expect(batch.code, batch.stderr).toBe(0);
    const lines = batch.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; result: unknown });
    expect(lines.map((l) => l.id)).toEqual(queries.map((q) => q.id));
    seeds.forEach((f, i) => {
      const single = analyze('--json', path.join(SEEDS_DIR, f));
      expect(single.code, single.stderr).toBe(0);
      const one = AnalysisResultSchema.parse(JSON.parse(single.stdout));
      const fromBatch = AnalysisResultSchema.parse(lines[i]!.result);
      expect(fromBatch).toEqual(one);
      expect(fromBatch.related.length).toBeGreaterThan(0);
    });
  });

  it('refuses a bad query file, a missing --json and an extra input, each in one line', () => {
    const bad = tmp('bad.jsonl', '{"id":"q1","title":"x"}\n');
    const r = analyze('--json', '--queries', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.jsonl:1: .*outlet/);
    expect(r.stdout).toBe('');
    const good = tmp('good.jsonl', JSON.stringify({ id: 'q', title: 'T', outlet: 'O', text: 'Some text here.' }));
    expect(analyze('--queries', good).stderr).toMatch(/add --json/);
    expect(analyze('--json', '--queries', good, 'other.txt').stderr).toMatch(/no other input/);
  });
});
