// The CLI, run as a reader would run it: `npm run --silent analyze -- ...` (through tsx).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisResultSchema } from '../../engine/schemas.ts';
import { SEEDS_DIR, seedId } from '../support/engine.ts';

const root = path.resolve(__dirname, '../..');
function analyze(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const seedFile = (prefix: string) => path.join(SEEDS_DIR, fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix))!);
const tmp = (name: string, content: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-')), name);
  fs.writeFileSync(file, content);
  return file;
};

describe('npm run analyze', () => {
  it('--json on seed 000: 001 and 002 same story, 003 and 004 related, in corpus as itself', () => {
    const r = analyze('--json', seedFile('000'));
    expect(r.code, r.stderr).toBe(0);
    const json = AnalysisResultSchema.parse(JSON.parse(r.stdout));
    expect(json.article.inCorpus).toBe(seedId('000'));
    const rel = Object.fromEntries(json.related.map((x) => [x.id, x.relation]));
    expect(rel).toEqual({ [seedId('001')]: 'same-story', [seedId('002')]: 'same-story', [seedId('003')]: 'related', [seedId('004')]: 'related' });
    expect(json.missingContext.length).toBeGreaterThan(0);
    expect(json.translationDifferences.length).toBeGreaterThan(0);
  });

  it('prints a readable report without --json', () => {
    const r = analyze(seedFile('001'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/THIS STORY ELSEWHERE \(2\)/);
    expect(r.stdout).toMatch(/MISSING CONTEXT/);
    expect(r.stdout).toMatch(/TRANSLATION DIFFERENCES/);
  });

  it('--corpus adds articles and --no-bundled uses only them; an input in the corpus by text is never related to itself', () => {
    const text = fs.readFileSync(seedFile('002'), 'utf8');
    const corpus = tmp('c.jsonl', [JSON.stringify({ id: 'mine-1', title: 'Copy', outlet: 'My Outlet', text }), JSON.stringify({ id: 'mine-2', title: 'Other', outlet: 'Other Outlet', published: '2023-03-16', text: fs.readFileSync(seedFile('000'), 'utf8') })].join('\n'));
    const input = tmp('page.txt', text);
    const r = analyze('--json', '--no-bundled', '--corpus', corpus, input);
    expect(r.code, r.stderr).toBe(0);
    const json = AnalysisResultSchema.parse(JSON.parse(r.stdout));
    expect(json.corpus.articles).toBe(2);
    expect(json.article.inCorpus).toBe('mine-1');
    expect(json.related.map((x) => x.id)).toEqual(['mine-2']);
  });

  it('reports a bad JSONL line with its number and field, and exits non-zero', () => {
    const corpus = tmp('bad.jsonl', [JSON.stringify({ id: 'ok', title: 't', outlet: 'o', text: 'x' }), JSON.stringify({ id: 'bad', title: 't', outlet: 'o', text: '' }), '{not json', JSON.stringify({ id: 'd', title: 't', outlet: 'o', text: 'x', published: 'yesterday' })].join('\n'));
    const r = analyze('--corpus', corpus, seedFile('000'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/bad\.jsonl:2: text: text must not be empty/);
    expect(r.stderr).toMatch(/bad\.jsonl:3: not valid JSON/);
    expect(r.stderr).toMatch(/bad\.jsonl:4: published: expected an ISO date/);
  });

  it('reads an HTML page with Readability', () => {
    const text = fs.readFileSync(seedFile('001'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => `<p>${l.replace(/</g, '&lt;')}</p>`).join('');
    const page = tmp('page.html', `<html lang="en"><head><title>Foreign ministers talk</title></head><body><nav>Home · World</nav><article><h1>Foreign ministers talk</h1>${text}</article><footer>About us</footer></body></html>`);
    const r = analyze('--json', page);
    expect(r.code, r.stderr).toBe(0);
    const json = AnalysisResultSchema.parse(JSON.parse(r.stdout));
    expect(json.related.filter((x) => x.relation === 'same-story').map((x) => x.id).sort()).toEqual([seedId('000'), seedId('002')]);
  });

  it('exits 2 with usage on bad arguments', () => {
    expect(analyze().code).toBe(2);
    expect(analyze('--bogus', 'x').code).toBe(2);
  });
});
