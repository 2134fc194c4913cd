// Shared helpers of the benchmark: statistics, timing, the features cache, results files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
/** Computed features of generated corpora, reused while the engine's feature code is unchanged. */
export const CACHE_ROOT = process.env.SIDELIGHT_BENCH_CACHE ?? path.join(ROOT, 'node_modules/.cache/sidelight-bench');

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile (q in [0, 1]). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Wall-clock and CPU time of a call. On a shared machine the wall clock also counts the time other
 * processes held the CPU; the CPU time (this process, all threads, so GC helpers too) does not.
 */
export function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms, cpuMs: (d.user + d.system) / 1000, value };
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms, cpuMs: (d.user + d.system) / 1000, value };
}

/** Heap used after a full garbage collection (needs --expose-gc). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  gc();
  // typed arrays (the index's postings) live outside the JS heap: count them too
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function arg(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Files a module imports, transitively, within the project (relative imports only). */
function importClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !fs.existsSync(file)) return;
    seen.add(file);
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) visit(path.resolve(path.dirname(file), m[1]!));
  };
  visit(entry);
  return [...seen].sort();
}

/**
 * Key of the features cache: the generator's version (GENERATOR_VERSION in generate-corpus.ts:
 * bump it when a change alters the articles it makes), the seed, and every file computeFeatures
 * reads (engine/features.ts and what it imports, the knowledge it is given). Any change: recompute.
 */
export function featuresCacheKey(seed: string, generatorVersion: number): string {
  const files = [...new Set([...importClosure(path.join(ROOT, 'engine/features.ts')), ...importClosure(path.join(ROOT, 'engine/knowledge.ts'))])];
  const h = crypto.createHash('sha256');
  h.update(`seed=${seed}\ngenerator=${generatorVersion}\n`);
  for (const f of files) {
    h.update(path.relative(ROOT, f));
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

export function cacheDir(seed: string, generatorVersion: number): string {
  return path.join(CACHE_ROOT, featuresCacheKey(seed, generatorVersion));
}

export function partFile(dir: string, size: number, part: number, parts: number): string {
  return path.join(dir, `corpus-${size}-part${part + 1}of${parts}.jsonl`);
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((x) => round(x, 2)),
  };
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
