// Gzipped size of each entrypoint's JavaScript in .output/chrome-mv3 (built with `npx wxt build`
// when missing, or always with --build): the entry file and every chunk it imports statically.
// Entry points come from the built manifest: the background service worker, the content
// scripts, and the extension pages (side panel, options, popup) with their module scripts.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { arg, log, ROOT, writeJson } from './lib.ts';

export interface BundleResult {
  dir: string;
  builtAt: string;
  built: boolean;
  /** gzip level 9 per file (what a store's download and the browser's cache hold is close to this) */
  entries: Array<{ name: string; kind: string; files: string[]; bytes: number; gzipBytes: number }>;
}

function imports(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) out.add(m[1]!);
  return [...out];
}

function closure(dir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    const norm = path.normalize(rel).replace(/^\/+/, '');
    if (seen.has(norm)) return;
    const file = path.join(dir, norm);
    if (!fs.existsSync(file)) return;
    seen.add(norm);
    for (const i of imports(fs.readFileSync(file, 'utf8'))) visit(path.join(path.dirname(norm), i));
  };
  visit(entry);
  return [...seen];
}

export function runBundleBench(options: { build: boolean }): BundleResult {
  const dir = path.join(ROOT, '.output/chrome-mv3');
  let built = false;
  if (options.build || !fs.existsSync(path.join(dir, 'manifest.json'))) {
    log('bundle: npx wxt build');
    execSync('npx wxt build', { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string; scripts?: string[] };
    content_scripts?: Array<{ js?: string[] }>;
    side_panel?: { default_path?: string };
    options_ui?: { page?: string };
    action?: { default_popup?: string };
  };
  const entries: BundleResult['entries'] = [];
  const add = (name: string, kind: string, roots: string[]) => {
    const files = [...new Set(roots.flatMap((r) => closure(dir, r)))].sort();
    let bytes = 0;
    let gzipBytes = 0;
    for (const f of files) {
      const buf = fs.readFileSync(path.join(dir, f));
      bytes += buf.length;
      gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
    }
    entries.push({ name, kind, files, bytes, gzipBytes });
  };
  if (manifest.background?.service_worker) add('background', 'service worker', [manifest.background.service_worker]);
  if (manifest.background?.scripts) add('background', 'background scripts', manifest.background.scripts);
  for (const cs of manifest.content_scripts ?? []) for (const js of cs.js ?? []) add(path.basename(js, '.js') === 'content' ? 'content script' : js, 'content script', [js]);
  const pages: Array<[string, string | undefined]> = [
    ['side panel', manifest.side_panel?.default_path],
    ['options', manifest.options_ui?.page],
    ['popup', manifest.action?.default_popup],
  ];
  for (const [name, page] of pages) {
    if (!page || !fs.existsSync(path.join(dir, page))) continue;
    const html = fs.readFileSync(path.join(dir, page), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!.replace(/^\//, ''));
    add(name, `page ${page}`, scripts);
  }
  return { dir: path.relative(ROOT, dir), builtAt: fs.statSync(path.join(dir, 'manifest.json')).mtime.toISOString(), built, entries };
}

if (process.argv[1]?.endsWith('bundle-size.ts')) {
  const args = process.argv.slice(2);
  const result = runBundleBench({ build: args.includes('--build') });
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
