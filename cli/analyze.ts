// CLI: `npm run --silent analyze -- [--json] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>`
// Same extraction and engine as the extension. Exit codes: 0 ok, 1 bad input, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { analyseArticle, buildCorpus, type ReadArticle } from '../engine/analyze.ts';
import { splitTitleAndBody } from '../engine/boilerplate.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { parseCorpusJsonl } from '../engine/corpus-file.ts';
import { AnalysisResultSchema, type CorpusRecord } from '../engine/schemas.ts';
import { extractArticle } from '../extraction/extract-article.ts';
import { formatReport } from './report.ts';
import bundled from '../corpus/bundled-corpus.json';

const USAGE = 'usage: npm run --silent analyze -- [--json] [--all] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export function readArticleFile(file: string): ReadArticle {
  const raw = fs.readFileSync(file, 'utf8');
  const id = path.basename(file).replace(/\.(?:txt|html?)$/i, '');
  if (/\.html?$/i.test(file)) {
    const { document } = parseHTML(raw);
    const result = extractArticle(document as unknown as Document, null, { force: true });
    if (result.kind !== 'article') fail(`${file}: ${result.reason}`);
    return { id, title: result.article.title, text: result.article.text, language: result.article.language, published: result.article.published, outlet: result.article.siteName };
  }
  const { title, paragraphs, datePrefix } = splitTitleAndBody(raw);
  const firstLine = raw.split('\n').find((l) => l.trim())?.trim() ?? title;
  return { id, title: firstLine.replace(/^date\s+\d{4}-\d{2}-\d{2}\s+/i, '') || title, text: paragraphs.join('\n\n'), published: datePrefix };
}

async function main(argv: string[]): Promise<void> {
  let json = false;
  let all = false;
  let useBundled = true;
  const corpusFiles: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--all') all = true;
    else if (a === '--no-bundled') useBundled = false;
    else if (a === '--corpus') {
      const f = argv[++i];
      if (!f) fail(`--corpus needs a file\n${USAGE}`, 2);
      corpusFiles.push(f);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('--')) fail(`unknown option ${a}\n${USAGE}`, 2);
    else inputs.push(a);
  }
  if (inputs.length !== 1) fail(USAGE, 2);
  const input = inputs[0]!;
  if (!fs.existsSync(input)) fail(`${input}: no such file`);
  const records: CorpusRecord[] = useBundled ? [...(bundled as CorpusRecord[])] : [];
  for (const f of corpusFiles) {
    if (!fs.existsSync(f)) fail(`${f}: no such file`);
    const parsed = parseCorpusJsonl(fs.readFileSync(f, 'utf8'));
    if (parsed.errors.length) {
      const lines = parsed.errors.slice(0, 20).map((e) => `${f}:${e.line}: ${e.message}`);
      if (parsed.errors.length > 20) lines.push(`... and ${parsed.errors.length - 20} more bad lines`);
      fail(lines.join('\n'));
    }
    const ids = new Set(records.map((r) => r.id));
    for (const r of parsed.records) {
      if (ids.has(r.id)) records.splice(records.findIndex((x) => x.id === r.id), 1, r);
      else records.push(r);
      ids.add(r.id);
    }
  }
  const knowledge = defaultKnowledge();
  const corpus = buildCorpus(records, knowledge);
  const result = AnalysisResultSchema.parse(await analyseArticle(readArticleFile(input), corpus, knowledge));
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result, { all }));
}

await main(process.argv.slice(2));
