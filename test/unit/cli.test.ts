// The CLI, run as a reader would run it: `npm run --silent analyze -- ...` (through tsx).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisResultSchema } from '../../engine/schemas.ts';
import { SEEDS_DIR, seedId } from '../support/engine.ts';

const root = path.resolve(__dirname, '../..');
/** A hang guard, not a speed assertion: every case here ends in seconds; a hang ends in a failure. */
const HANG_GUARD_MS = 180_000;
function analyzeAs(options: { uid?: number; gid?: number }, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: root, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  if (r.signal) throw new Error(`the CLI was stopped by ${r.signal} (over ${HANG_GUARD_MS / 1000} s?); stderr: ${r.stderr.slice(0, 500)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const analyze = (...args: string[]) => analyzeAs({}, ...args);
const seedFile = (prefix: string) => path.join(SEEDS_DIR, fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix))!);
const tmp = (name: string, content: string | Uint8Array) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-')), name);
  fs.writeFileSync(file, content);
  return file;
};
/** A file of `bytes` bytes that takes no disk space (a hole), to test size limits. */
const sparse = (name: string, bytes: number) => {
  const file = tmp(name, '');
  fs.truncateSync(file, bytes);
  return file;
};
const line = (r: Record<string, unknown>) => JSON.stringify(r);
const rec = (id: string, more: Record<string, unknown> = {}) => line({ id, title: `Title ${id}`, outlet: 'Outlet', text: `The text of article ${id}.`, ...more });
/** One message line, naming the file: no stack trace ("    at …"), no Node error dump. */
function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp, code = 1) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim()).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at |node:internal|Error:|\^/m);
}

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

  it('dates are days, every empty section says "none found", outlets are separated so a comma stays inside one name, the languages are counted', () => {
    const r = analyze(seedFile('000'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}searched 5 articles in 5 languages \(de, en, es, fr, pt\)$/m);
    expect(r.stdout).toMatch(/^ {2}Diário de Notícias, Portugal · 16 Mar 2023 · /m);
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    // two outlets of one item: " · " between them, the commas inside the names
    expect(r.stdout).toMatch(/— Diário de Notícias, Portugal · Der Tagesspiegel, Germany, AFP copy/);
    // an article that matches nothing: every section empty
    const alone = analyze('--no-bundled', '--corpus', tmp('one.jsonl', rec('solo', { published: '2019-01-03T07:00:02.000Z', language: 'fr', text: 'Gardening tips for the spring: water the tomatoes twice a week.' })), tmp('page.txt', 'Local football results\\n\\nThe home team won three to one on Saturday in front of a large crowd.\\n'));
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/searched 1 article in 1 language \(fr\)/);
    expect(alone.stdout.match(/^ {2}none found$/gm)).toHaveLength(4);
  });

  describe('bad input: one line naming the file, exit code 1, no stack trace', () => {
    it('a directory, as the article or as --corpus', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-'));
      expectOneLineError(analyze(dir), new RegExp(`^${dir}: is a directory, not a \\.txt article$`));
      expectOneLineError(analyze('--corpus', dir, seedFile('000')), new RegExp(`^${dir}: is a directory, not a \\.jsonl corpus$`));
    });

    it('a file that cannot be read (run as an unprivileged user when the tests run as root)', () => {
      const file = tmp('secret.txt', 'A title\n\nSome text.\n');
      fs.chmodSync(path.dirname(file), 0o755);
      fs.chmodSync(file, 0o000);
      const asRoot = process.getuid?.() === 0;
      const r = analyzeAs(asRoot ? { uid: 65534, gid: 65534 } : {}, file);
      expectOneLineError(r, new RegExp(`^${file}: cannot be read \\(permission denied\\)$`));
    });

    it('an empty file, a file of white space, a missing file, a file that is not UTF-8', () => {
      const empty = tmp('empty.html', '');
      expectOneLineError(analyze(empty), new RegExp(`^${empty}: the file is empty$`));
      const blank = tmp('blank.txt', '  \n\n \t\n');
      expectOneLineError(analyze(blank), /blank\.txt: the file is empty \(only white space\)$/);
      expectOneLineError(analyze('/nonexistent/page.txt'), /^\/nonexistent\/page\.txt: no such file$/);
      expectOneLineError(analyze(tmp('latin1.txt', Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]))), /latin1\.txt: not UTF-8 text; save it as UTF-8$/);
      const bare = tmp('bare.html', '<html><body><div></div></body></html>');
      expectOneLineError(analyze(bare), /bare\.html: no article text was found on the page$/);
    });

    it('10,000 nested <div>s: refused for their depth before Readability (whose recursion overflowed the stack)', () => {
      const page = tmp('deep.html', `<html><body>${'<div>'.repeat(10_000)}<p>${'Some words of text. '.repeat(40)}</p>${'</div>'.repeat(10_000)}</body></html>`);
      expectOneLineError(analyze(page), /deep\.html: too large: the page nests elements more than 512 deep \(limit 512\)$/);
    });

    it('the element limit applies under linkedom; far more tags are refused before parsing', () => {
      const many = tmp('many.html', `<html><body><article><p>${'Some words of text. '.repeat(40)}</p></article>${'<i></i>'.repeat(70_000)}</body></html>`);
      expectOneLineError(analyze(many), /many\.html: too large: the page has 70,00\d elements \(limit 60,000\)$/);
      const huge = tmp('huge.html', `<html><body>${'<i></i>'.repeat(130_000)}</body></html>`);
      expectOneLineError(analyze(huge), /huge\.html: too large: over 120,000 tags \(a page is read up to 60,000 elements\)$/);
    });

    it('size limits: a .txt article (bytes, then characters), an .html page, a corpus file', () => {
      const fiveMb = sparse('big.txt', 5 * 1024 * 1024);
      expectOneLineError(analyze(fiveMb), /big\.txt: too large: 5\.0 MB \(a \.txt article may be at most 1\.0 MB; its text at most 200,000 characters\)$/);
      const long = tmp('long.txt', `A title\n\n${'A sentence of the article. '.repeat(12_000)}\n`);
      expectOneLineError(analyze(long), /long\.txt: too large: the article has 32\d,\d{3} characters \(limit 200,000, as in the extension\)$/);
      expectOneLineError(analyze(sparse('big.html', 21 * 1024 * 1024)), /big\.html: too large: 21 MB \(an \.html page may be at most 20 MB\)$/);
      expectOneLineError(analyze('--corpus', sparse('big.jsonl', 257 * 1024 * 1024), seedFile('000')), /big\.jsonl: too large: 257 MB \(a \.jsonl corpus may be at most 256 MB; as on the options page\)$/);
    });

    it('a corpus over 50,000 articles is refused before indexing; a line over the line limit is named', () => {
      const lines: string[] = [];
      for (let i = 0; i < 50_001; i++) lines.push(`{"id":"n${i}","title":"","outlet":"o","text":"t"}`);
      expectOneLineError(analyze('--no-bundled', '--corpus', tmp('many.jsonl', lines.join('\n')), seedFile('000')), /many\.jsonl: the corpus would have 50,001 articles; the limit is 50,000$/);
      const r = analyze('--corpus', tmp('longline.jsonl', `${rec('ok')}\n${rec('big', { text: 'x'.repeat(12_500_000) })}\n`), seedFile('000'));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/longline\.jsonl:2: \(record\): line too long: 12,500,\d{3} characters \(at most 12,500,000\)/);
    });
  });

  it('a UTF-8 BOM is accepted in a .txt article and a .jsonl corpus (as the options page accepts it)', () => {
    const body = fs.readFileSync(seedFile('001'), 'utf8');
    const txt = analyze('--json', tmp('bom.txt', `\uFEFF${body}`));
    expect(txt.code, txt.stderr).toBe(0);
    const plain = analyze('--json', tmp('plain.txt', body));
    expect(JSON.parse(txt.stdout).article).toEqual(JSON.parse(plain.stdout).article);
    const corpus = analyze('--json', '--no-bundled', '--corpus', tmp('bom.jsonl', `\uFEFF${rec('first')}\r\n${rec('second')}\r\n`), seedFile('000'));
    expect(corpus.code, corpus.stderr).toBe(0);
    expect(JSON.parse(corpus.stdout).corpus.articles).toBe(2);
  });

  it('impossible dates, wrong types and too-long fields: each line, field and limit named', () => {
    const corpus = tmp('fields.jsonl', [
      rec('ok', { published: '2024-02-29' }),
      rec('d1', { published: '2023-13-45' }),
      rec('d2', { published: '0000-00-00' }),
      rec('d3', { published: '2023-02-29T10:00:00Z' }),
      line({ id: 5, title: 't', outlet: 'o', text: 'x' }),
      rec('t1', { title: 'x'.repeat(1200) }),
      rec('t2', { outlet: 'o'.repeat(301) }),
      rec('u1', { url: ['http://a.example/'] }),
      '[1, 2]',
    ].join('\n'));
    const r = analyze('--corpus', corpus, seedFile('000'));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${corpus}:2: published: not a real calendar date: "2023-13-45" (expected YYYY-MM-DD, month 01-12, a day the month has)`,
      `${corpus}:3: published: not a real calendar date: "0000-00-00" (expected YYYY-MM-DD, month 01-12, a day the month has)`,
      `${corpus}:4: published: not a real calendar date: "2023-02-29" (expected YYYY-MM-DD, month 01-12, a day the month has)`,
      `${corpus}:5: id: expected id as a string, got a number`,
      `${corpus}:6: title: too long: 1,200 characters (at most 1,000)`,
      `${corpus}:7: outlet: too long: 301 characters (at most 300)`,
      `${corpus}:8: url: expected url as a string, got an array`,
      `${corpus}:9: (record): expected a JSON object (one article a line), got an array`,
      `${corpus}: 8 bad lines; nothing was analysed`,
    ]);
  });

  it('repeated ids are reported, and the first line is kept (in a file and across files); a bundled id is replaced, and said so', () => {
    const first = 'Storm closes the harbour for two days. Ferries to the islands were cancelled and fishing boats stayed in port while the wind reached gale force.';
    const a = tmp('a.jsonl', [rec('x', { text: first }), rec('y'), rec('x', { text: 'A different text with the same id.' })].join('\n'));
    const b = tmp('b.jsonl', [rec('y', { title: 'Second y' }), rec(seedId('004'), { text: 'My own version of the bundled article.' })].join('\n'));
    const r = analyze('--json', '--corpus', a, '--corpus', b, tmp('page.txt', `Harbour closed\n\n${first}\n`));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${a}:3: id "x" repeats line 1; line 1 is kept`,
      `${b}:1: id "y" repeats ${a}:2; ${a}:2 is kept`,
      `${b}:2: id "${seedId('004')}" is a bundled article; this line replaces it`,
    ]);
    const json = AnalysisResultSchema.parse(JSON.parse(r.stdout));
    // the first "x" is kept: the page is its text
    expect(json.article.inCorpus).toBe('x');
    expect(json.corpus.articles).toBe(5 + 2);
  });

  it('progress on stderr for a long import (10,000 articles and more) and with --progress; none for a short one', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(rec(`n${i}`));
    const big = analyze('--corpus', tmp('big.jsonl', lines.join('\n')), seedFile('000'));
    expect(big.code, big.stderr).toBe(0);
    expect(big.stderr.trim().split('\n')).toEqual(['indexing the corpus: 10,000 of 10,005 articles', 'indexing the corpus: 10,005 of 10,005 articles']);
    const small = analyze(seedFile('000'));
    expect(small.stderr).toBe('');
    const asked = analyze('--progress', '--no-bundled', '--corpus', tmp('small.jsonl', lines.slice(0, 20).join('\n')), seedFile('000'));
    expect(asked.stderr.trim().split('\n')).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((n) => `indexing the corpus: ${n} of 20 articles`));
  });
});
