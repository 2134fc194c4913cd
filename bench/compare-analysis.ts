// Not part of `npm run bench`: the full analysis of this tree against another tree's (an earlier
// commit's engine and store code), in one process, on one index of the generated corpus, on the
// same 2,000-word queries, alternating which goes first: CPU time of each version's first
// analysis of each query (median, p95, mean), and whether the results are the same (the
// `notCompared` field aside). One process and interleaved runs: the machine's load falls on both.
//
//   git archive COMMIT | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   (the other tree reads ../shared from where it lies: link it, ln -s /path/to/shared /tmp/shared)
//   node --expose-gc --import tsx bench/compare-analysis.ts --base /tmp/base [--size 10000] [--queries 100]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Corpus, ReadArticle } from '../engine/analyze.ts';
import { CorpusIndex, type IndexedArticle } from '../engine/corpus-index.ts';
import type { ArticleFeatures, EngineKnowledge } from '../engine/features.ts';
import type { AnalysisResult, CorpusRecord } from '../engine/schemas.ts';
import { buildModel, generateQuery, planCorpus, queryStories } from './generate-corpus.ts';
import { arg, median, quantile, round } from './lib.ts';
import { ensureCorpus } from './prepare-corpus.ts';

interface Version {
  analyse: (input: ReadArticle, corpus: Corpus, knowledge: EngineKnowledge) => Promise<AnalysisResult>;
  unpack: (bytes: Uint8Array, text: string) => ArticleFeatures;
  pack: (features: ArticleFeatures, text: string) => Uint8Array | null;
  knowledge: EngineKnowledge;
}

async function version(root: string): Promise<Version> {
  const analyze = (await import(path.join(root, 'engine/analyze.ts'))) as typeof import('../engine/analyze.ts');
  const codec = (await import(path.join(root, 'store/features-codec.ts'))) as typeof import('../store/features-codec.ts');
  const knowledge = (await import(path.join(root, 'engine/knowledge.ts'))) as typeof import('../engine/knowledge.ts');
  return { analyse: analyze.analyseArticle, unpack: codec.unpackFeatures, pack: codec.packFeatures, knowledge: knowledge.defaultKnowledge() };
}

const args = process.argv.slice(2);
const baseDir = arg(args, 'base');
if (!baseDir) throw new Error('usage: bench/compare-analysis.ts --base DIR [--size N] [--queries N]');
const size = Number(arg(args, 'size') ?? '10000');
const count = Number(arg(args, 'queries') ?? '100');
const versions = { base: await version(path.resolve(baseDir)), current: await version(path.resolve(import.meta.dirname, '..')) };

// the corpus into one index (this tree's); each record and its packed features to a scratch file
const manifest = await ensureCorpus(size, 'sidelight', {});
const index = new CorpusIndex();
const where: Array<{ offset: number; recordLength: number; featuresLength: number }> = [];
const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-compare-'));
const scratch = fs.openSync(path.join(scratchDir, 'articles.bin'), 'w+');
process.on('exit', () => fs.rmSync(scratchDir, { recursive: true, force: true }));
let at = 0;
for (const file of manifest.files) {
  for (const line of fs.readFileSync(path.join(manifest.dir, file), 'utf8').split('\n')) {
    if (!line) continue;
    const o = JSON.parse(line) as { r: CorpusRecord; f: ArticleFeatures };
    index.add({ record: o.r, features: o.f }, { bulk: true });
    const record = Buffer.from(JSON.stringify(o.r));
    const packed = versions.current.pack(o.f, o.r.text);
    if (!packed) continue; // (none in the generated corpus) left unread
    fs.writeSync(scratch, record, 0, record.length, at);
    fs.writeSync(scratch, packed, 0, packed.length, at + record.length);
    where[index.get(o.r.id)!.slot] = { offset: at, recordLength: record.length, featuresLength: packed.length };
    at += record.length + packed.length;
  }
}
index.settle();
/** each version reads the listed articles as its background does: the record, then its own codec's unpacking */
const corpusOf = (v: Version): Corpus => ({
  index,
  load: (ids) => {
    const out = new Map<string, IndexedArticle>();
    for (const id of ids) {
      const summary = index.get(id);
      const w = summary ? where[summary.slot] : undefined;
      if (!w) continue;
      const buf = Buffer.alloc(w.recordLength + w.featuresLength);
      fs.readSync(scratch, buf, 0, buf.length, w.offset);
      const record = JSON.parse(buf.toString('utf8', 0, w.recordLength)) as CorpusRecord;
      out.set(id, { record, features: v.unpack(buf.subarray(w.recordLength), record.text) });
    }
    return out;
  },
});
const corpora = { base: corpusOf(versions.base), current: corpusOf(versions.current) };

const model = buildModel('sidelight');
const plan = planCorpus(size, 'sidelight');
const stories = queryStories(plan, count + 5);
for (const [i, s] of stories.slice(0, 5).entries()) for (const name of ['base', 'current'] as const) await versions[name].analyse(generateQuery(plan, s, 900 + i, 2000, model), corpora[name], versions[name].knowledge);
const cpu = { base: [] as number[], current: [] as number[] };
let same = 0;
const load = os.loadavg().map((x) => round(x, 2));
for (const [q, s] of stories.slice(5).entries()) {
  const input = { ...generateQuery(plan, s, q, 2000, model), id: null };
  const outputs: Record<string, string> = {};
  for (const name of q % 2 ? (['current', 'base'] as const) : (['base', 'current'] as const)) {
    const before = process.cpuUsage();
    const { notCompared: _left, ...result } = await versions[name].analyse(input, corpora[name], versions[name].knowledge);
    const used = process.cpuUsage(before);
    cpu[name].push((used.user + used.system) / 1000);
    outputs[name] = JSON.stringify(result);
  }
  if (outputs.base === outputs.current) same++;
}
const figures = (xs: number[]) => ({ medianMs: round(median(xs), 1), p95Ms: round(quantile(xs, 0.95), 1), meanMs: round(xs.reduce((a, b) => a + b, 0) / xs.length, 1) });
console.log(JSON.stringify({ size, queries: cpu.base.length, loadAverage: load, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)), cpu: { base: figures(cpu.base), current: figures(cpu.current) }, sameResults: same }, null, 2));
