// One part of a generated corpus with its computed features: run by bench/corpus-bench.ts, one
// process per core. Writes `{"fb": <bytes of the features' JSON>, "r": record, "f": features}`
// a line, to a temporary file renamed when complete.
//
// Also: `ensureCorpus()`, which the corpus benchmark calls to have every part on disk.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { computeFeatures } from '../engine/features.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { buildModel, generateArticle, GENERATOR_VERSION, planCorpus } from './generate-corpus.ts';
import { arg, BENCH_DIR, cacheDir, CACHE_ROOT, log, partFile, ROOT } from './lib.ts';

export interface CorpusManifest {
  size: number;
  parts: number;
  files: string[];
  /** wall-clock seconds the parts took to compute (0 when read from the cache) */
  computeSeconds: number;
  /** CPU milliseconds of computeFeatures per article, summed over the parts */
  featuresMsPerArticle: number;
  generateMsPerArticle: number;
  fromCache: boolean;
  /** where the parts are */
  dir: string;
  /** computed by another version of the engine's feature code (--stale-features) */
  stale: boolean;
  /** taken over from the cache of an earlier engine version whose features were identical on a sample */
  verifiedFrom?: string;
  verifiedSample?: number;
}

/** Articles recomputed to check that a cache of an earlier engine version still holds. */
const VERIFY_SAMPLE = 240;

/** Recomputes the features of the first lines of each part and compares them with the cache. */
async function verifySample(dir: string, files: readonly string[], sample: number): Promise<{ checked: number; same: number }> {
  const knowledge = defaultKnowledge();
  let checked = 0;
  let same = 0;
  const perFile = Math.ceil(sample / files.length);
  for (const f of files) {
    let n = 0;
    const rl = readline.createInterface({ input: fs.createReadStream(path.join(dir, f)), crlfDelay: Infinity });
    for await (const line of rl) {
      if (n++ >= perFile) break;
      const o = JSON.parse(line) as { r: Parameters<typeof computeFeatures>[0]; f: unknown };
      checked++;
      if (JSON.stringify(computeFeatures(o.r, knowledge)) === JSON.stringify(o.f)) same++;
    }
    rl.close();
  }
  return { checked, same };
}

interface PartStats {
  articles: number;
  featuresMs: number;
  generateMs: number;
}

async function runPart(size: number, part: number, parts: number, dir: string, seed: string): Promise<void> {
  const knowledge = defaultKnowledge();
  const model = buildModel(seed);
  const plan = planCorpus(size, seed);
  const from = Math.floor((size * part) / parts);
  const to = Math.floor((size * (part + 1)) / parts);
  const file = partFile(dir, size, part, parts);
  const tmp = `${file}.tmp-${process.pid}`;
  const out = fs.openSync(tmp, 'w');
  const stats: PartStats = { articles: 0, featuresMs: 0, generateMs: 0 };
  let buf = '';
  let lastReport = Date.now();
  for (let i = from; i < to; i++) {
    const t0 = performance.now();
    const record = generateArticle(plan, i, model);
    const t1 = performance.now();
    const features = computeFeatures(record, knowledge);
    const t2 = performance.now();
    stats.generateMs += t1 - t0;
    stats.featuresMs += t2 - t1;
    stats.articles++;
    const f = JSON.stringify(features);
    buf += `{"fb":${Buffer.byteLength(f)},"r":${JSON.stringify(record)},"f":${f}}\n`;
    if (buf.length > 4 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      log(`  part ${part + 1}/${parts}: ${i - from + 1}/${to - from} articles, ${(stats.featuresMs / stats.articles).toFixed(1)} ms features per article`);
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  fs.renameSync(tmp, file);
  fs.writeFileSync(`${file}.stats.json`, JSON.stringify(stats));
}

/**
 * Makes sure the corpus of `size` articles and its features are on disk (computed in parallel
 * when missing; the cache key changes with the engine's feature code, see lib.ts).
 */
function cacheDirsNewestFirst(): string[] {
  if (!fs.existsSync(CACHE_ROOT)) return [];
  return fs
    .readdirSync(CACHE_ROOT)
    .map((d) => path.join(CACHE_ROOT, d))
    .filter((d) => fs.statSync(d).isDirectory())
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

export async function ensureCorpus(size: number, seed: string, options: { workers?: number; fresh?: boolean; allowStale?: boolean } = {}): Promise<CorpusManifest> {
  const dir = cacheDir(seed, GENERATOR_VERSION);
  const manifestFile = path.join(dir, `corpus-${size}.json`);
  if (!options.fresh && fs.existsSync(manifestFile)) {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as CorpusManifest;
    if (m.files.every((f) => fs.existsSync(path.join(dir, f)))) return { ...m, fromCache: true, dir, stale: false };
  }
  // the newest cache of another version of the engine's feature code
  const previous = options.fresh
    ? undefined
    : cacheDirsNewestFirst().find((d) => {
        if (d === dir || !fs.existsSync(path.join(d, `corpus-${size}.json`))) return false;
        const m = JSON.parse(fs.readFileSync(path.join(d, `corpus-${size}.json`), 'utf8')) as CorpusManifest;
        return m.files.every((f) => fs.existsSync(path.join(d, f)));
      });
  if (previous) {
    const m = JSON.parse(fs.readFileSync(path.join(previous, `corpus-${size}.json`), 'utf8')) as CorpusManifest;
    // most changes to the engine's code leave the features of these articles as they were: check
    // a sample against the current engine, and take the cache over when every one is identical
    const check = await verifySample(previous, m.files, VERIFY_SAMPLE);
    if (check.same === check.checked) {
      fs.mkdirSync(dir, { recursive: true });
      for (const f of [...m.files, ...m.files.map((x) => `${x}.stats.json`)]) {
        const from = path.join(previous, f);
        const to = path.join(dir, f);
        if (fs.existsSync(from) && !fs.existsSync(to)) fs.linkSync(from, to);
      }
      const adopted = { ...m, dir, fromCache: true, stale: false, verifiedFrom: path.basename(previous), verifiedSample: check.checked };
      fs.writeFileSync(manifestFile, JSON.stringify(adopted, null, 2));
      log(`  features cached by an earlier engine version (${path.basename(previous)}) are identical to this engine's on ${check.checked} sampled articles: reused`);
      return adopted;
    }
    log(`  the engine's features changed: ${check.checked - check.same} of ${check.checked} sampled articles differ from the cache ${path.basename(previous)}`);
    if (options.allowStale) {
      log(`  STALE features: using ${path.basename(previous)} anyway (--stale-features)`);
      return { ...m, fromCache: true, dir: previous, stale: true };
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  // caches of older engine versions: keep the two newest others (for --stale-features), remove
  // the rest, never one another run is still writing (only this benchmark writes here)
  for (const other of cacheDirsNewestFirst().filter((d) => d !== dir).slice(2)) {
    if (!fs.readdirSync(other).some((f) => f.includes('.tmp-'))) fs.rmSync(other, { recursive: true, force: true });
  }
  const parts = Math.max(1, Math.min(options.workers ?? os.availableParallelism(), size < 2000 ? 1 : 8));
  log(`  computing features of ${size.toLocaleString('en')} generated articles in ${parts} process${parts > 1 ? 'es' : ''} (cached afterwards in ${path.relative(ROOT, dir)})`);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, 'prepare-corpus.ts'), '--size', String(size), '--part', String(part), '--parts', String(parts), '--dir', dir, '--seed', seed], {
          cwd: ROOT,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prepare-corpus part ${part + 1} exited with ${code}`))));
      }),
    ),
  );
  const files = Array.from({ length: parts }, (_, p) => path.basename(partFile(dir, size, p, parts)));
  const stats = files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, `${f}.stats.json`), 'utf8')) as PartStats);
  const articles = stats.reduce((a, s) => a + s.articles, 0);
  const manifest: CorpusManifest = {
    size,
    parts,
    files,
    computeSeconds: (Date.now() - started) / 1000,
    featuresMsPerArticle: stats.reduce((a, s) => a + s.featuresMs, 0) / articles,
    generateMsPerArticle: stats.reduce((a, s) => a + s.generateMs, 0) / articles,
    fromCache: false,
    dir,
    stale: false,
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  await runPart(Number(arg(args, 'size')), Number(arg(args, 'part')), Number(arg(args, 'parts')), arg(args, 'dir')!, arg(args, 'seed') ?? 'sidelight');
}
