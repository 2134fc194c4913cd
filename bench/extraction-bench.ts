// Extraction: the content script's extractArticle() against bare Readability.parse() on the same
// pages (../shared/fixtures/readability-pages), in linkedom (the DOM the CLI and unit tests use).
// Each page is parsed once; both functions work on a clone of it, as the content script does.
// The two are interleaved (alternating which goes first) so that drift hits both alike.
import fs from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../extraction/extract-article.ts';
import { SHARED_DIR } from './generate-corpus.ts';
import { arg, log, median, round, time, writeJson } from './lib.ts';

export interface ExtractionResult {
  dom: string;
  pages: Array<{ slug: string; kb: number; bareMs: number; extractMs: number; ratio: number; bareCpuMs: number; extractCpuMs: number; cpuRatio: number; kind: string }>;
  repeats: number;
  /** sum of per-page wall-clock medians, extractArticle / bare Readability */
  ratio: number;
  /** the same with CPU time (robust to other processes on a shared machine) */
  cpuRatio: number;
  medianPageRatio: number;
  bareTotalMs: number;
  extractTotalMs: number;
}

export function runExtractionBench(repeats: number): ExtractionResult {
  const dir = path.join(SHARED_DIR, 'fixtures/readability-pages');
  const slugs = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'source.html'))).sort();
  const pages = slugs.map((slug) => {
    const html = fs.readFileSync(path.join(dir, slug, 'source.html'), 'utf8');
    return { slug, kb: html.length / 1024, doc: parseHTML(html).document as unknown as Document };
  });
  const bare = (doc: Document) => new Readability(doc.cloneNode(true) as Document).parse();
  const ours = (doc: Document, slug: string) => extractArticle(doc, `https://example.test/${slug}`);
  // warm-up: JIT for both
  for (const p of pages) {
    bare(p.doc);
    ours(p.doc, p.slug);
  }
  const times = pages.map(() => ({ bare: [] as number[], ours: [] as number[], bareCpu: [] as number[], oursCpu: [] as number[] }));
  const kinds = pages.map((p) => ours(p.doc, p.slug).kind);
  for (let r = 0; r < repeats; r++) {
    pages.forEach((p, i) => {
      const runBare = () => {
        const t = time(() => bare(p.doc));
        times[i]!.bare.push(t.ms);
        times[i]!.bareCpu.push(t.cpuMs);
      };
      const runOurs = () => {
        const t = time(() => ours(p.doc, p.slug));
        times[i]!.ours.push(t.ms);
        times[i]!.oursCpu.push(t.cpuMs);
      };
      if ((r + i) % 2) {
        runBare();
        runOurs();
      } else {
        runOurs();
        runBare();
      }
    });
  }
  const rows = pages.map((p, i) => {
    const b = median(times[i]!.bare);
    const o = median(times[i]!.ours);
    const bc = median(times[i]!.bareCpu);
    const oc = median(times[i]!.oursCpu);
    return { slug: p.slug, kb: round(p.kb, 0), bareMs: round(b, 2), extractMs: round(o, 2), ratio: round(o / b, 2), bareCpuMs: round(bc, 2), extractCpuMs: round(oc, 2), cpuRatio: round(oc / bc, 2), kind: kinds[i]! };
  });
  const bareTotal = rows.reduce((a, r) => a + r.bareMs, 0);
  const oursTotal = rows.reduce((a, r) => a + r.extractMs, 0);
  const bareCpuTotal = rows.reduce((a, r) => a + r.bareCpuMs, 0);
  const oursCpuTotal = rows.reduce((a, r) => a + r.extractCpuMs, 0);
  return {
    dom: 'linkedom',
    pages: rows,
    repeats,
    ratio: round(oursTotal / bareTotal, 3),
    cpuRatio: round(oursCpuTotal / bareCpuTotal, 3),
    medianPageRatio: round(median(rows.map((r) => r.ratio)), 3),
    bareTotalMs: round(bareTotal, 1),
    extractTotalMs: round(oursTotal, 1),
  };
}

if (process.argv[1]?.endsWith('extraction-bench.ts')) {
  const args = process.argv.slice(2);
  log('extraction: extractArticle vs bare Readability.parse (linkedom)');
  const result = runExtractionBench(Number(arg(args, 'repeats') ?? '15'));
  const out = arg(args, 'out');
  if (out) writeJson(out, result);
  else console.log(JSON.stringify(result, null, 2));
}
