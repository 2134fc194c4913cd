// CLI: `npm run --silent analyze -- [--json] [--all] [--progress] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>`,
// or in batch, `--json --queries QUERIES.jsonl`: every article of a JSONL file against the corpus in one process.
// With `--server URL` the corpus is a team corpus server's (server/), the token read from the
// SIDELIGHT_TOKEN environment variable; the analysis still runs here.
// Same extraction and engine as the extension. Exit codes: 0 ok, 1 bad input, 2 usage.
// Every problem is one line on stderr naming the file (and line), never a stack trace; every input
// has a size limit checked before it is read.
import { analyseArticle, type ReadArticle } from '../engine/analyze.ts';
import { RemoteCorpus, RemoteError } from '../remote/remote-corpus.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { AnalysisResultSchema, type CorpusRecord } from '../engine/schemas.ts';
import { readArticleFile } from './analyze-file.ts';
import { indexCorpus, readCorpusRecords, REPORTED_LINES, type RecordCorpus } from './corpus.ts';
import { CliError } from './read-file.ts';
import { formatReport, jsonResult } from './report.ts';
import bundled from '../corpus/bundled-corpus.json';

const USAGE =
  'usage: npm run --silent analyze -- [--json] [--all] [--progress] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>\n       npm run --silent analyze -- --json --queries QUERIES.jsonl [--progress] [--corpus FILE.jsonl] [--no-bundled]   (one JSON result a line)\n       SIDELIGHT_TOKEN=… npm run --silent analyze -- --server URL [--corpus FILE.jsonl] [--json] [--all] <file> | --json --queries QUERIES.jsonl   (the team corpus server\'s corpus, with the --corpus files)';

/** Lines on stderr, the first REPORTED_LINES of them, then how many more. */
function warn(lines: readonly string[]): void {
  if (!lines.length) return;
  const shown = lines.slice(0, REPORTED_LINES);
  if (lines.length > REPORTED_LINES) shown.push(`and ${(lines.length - REPORTED_LINES).toLocaleString('en')} more`);
  process.stderr.write(`${shown.join('\n')}\n`);
}

async function main(argv: string[]): Promise<void> {
  let json = false;
  let all = false;
  let useBundled = true;
  let progress = false;
  let queriesFile: string | null = null;
  let server: string | null = null;
  const corpusFiles: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--all') all = true;
    else if (a === '--no-bundled') useBundled = false;
    else if (a === '--progress') progress = true;
    else if (a === '--server') {
      const u = argv[++i];
      if (!u) throw new CliError(`--server needs the server's address (https://…)\n${USAGE}`, 2);
      server = u;
    } else if (a === '--queries') {
      const f = argv[++i];
      if (!f) throw new CliError(`--queries needs a file\n${USAGE}`, 2);
      queriesFile = f;
    }
    else if (a === '--corpus') {
      const f = argv[++i];
      if (!f) throw new CliError(`--corpus needs a file\n${USAGE}`, 2);
      corpusFiles.push(f);
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    } else if (a.startsWith('--')) throw new CliError(`unknown option ${a}\n${USAGE}`, 2);
    else inputs.push(a);
  }
  if (server !== null) {
    await analyseOnServer(server, queriesFile, inputs, { json, all, progress, corpusFiles });
    return;
  }
  if (queriesFile !== null) {
    if (inputs.length) throw new CliError(`--queries reads its articles from the file: no other input (${inputs[0]})\n${USAGE}`, 2);
    if (!json) throw new CliError(`--queries prints one JSON result a line: add --json\n${USAGE}`, 2);
    await analyseBatch(queriesFile, useBundled, corpusFiles, progress);
    return;
  }
  if (inputs.length !== 1) throw new CliError(USAGE, 2);
  // the input first: a bad input is said before a large corpus is read
  const article = readArticleFile(inputs[0]!);
  const { records, warnings } = readCorpusRecords(useBundled ? (bundled as CorpusRecord[]) : [], corpusFiles);
  warn(warnings);
  const knowledge = defaultKnowledge();
  const corpus = indexCorpus(records, knowledge, { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) }, progress);
  const result = AnalysisResultSchema.parse(await analyseArticle(article, corpus, knowledge));
  process.stdout.write(json ? `${JSON.stringify(jsonResult(result), null, 2)}\n` : formatReport(result, { all, originalLanguages: corpus.originalLanguages }));
}

/**
 * Batch mode: every article of a JSONL file (the corpus format) analysed against the corpus in one
 * process, one line of JSON `{ "id", "result" }` each, in the file's order; progress on stderr.
 * Each result is what `analyze --json` gives for that article alone.
 */
async function analyseBatch(queriesFile: string, useBundled: boolean, corpusFiles: readonly string[], progress: boolean): Promise<void> {
  // the queries first: a bad query file is said before a large corpus is read
  const { records: queries, warnings: queryWarnings } = readCorpusRecords([], [queriesFile]);
  warn(queryWarnings);
  const { records, warnings } = readCorpusRecords(useBundled ? (bundled as CorpusRecord[]) : [], corpusFiles);
  warn(warnings);
  const knowledge = defaultKnowledge();
  const tty = process.stderr.isTTY === true;
  const corpus = indexCorpus(records, knowledge, { isTTY: tty, write: (t) => process.stderr.write(t) }, progress);
  const every = Math.max(1, Math.ceil(queries.length / 20));
  const started = performance.now();
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]!;
    const result = AnalysisResultSchema.parse(await analyseArticle({ id: q.id, title: q.title, text: q.text, outlet: q.outlet, url: q.url ?? null, language: q.language ?? null, published: q.published ?? null }, corpus, knowledge));
    process.stdout.write(`${JSON.stringify({ id: q.id, result: jsonResult(result) })}\n`);
    if ((progress || queries.length >= 100) && ((i + 1) % every === 0 || i + 1 === queries.length)) {
      process.stderr.write(`analysed ${(i + 1).toLocaleString('en')} of ${queries.length.toLocaleString('en')} articles (${Math.round((performance.now() - started) / 1000)} s)\n`);
    }
  }
}

/** The team corpus server's client, checked: an http(s) address and a token in SIDELIGHT_TOKEN. */
function remoteCorpus(server: string, knowledge: ReturnType<typeof defaultKnowledge>): RemoteCorpus {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server ${server}: not an address (https://host[:port])`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--server ${server}: only http and https addresses`, 2);
  const token = process.env.SIDELIGHT_TOKEN;
  if (!token) throw new CliError(`--server ${server}: set SIDELIGHT_TOKEN to a reader token of that server (npm run server -- token create NAME --role reader)`, 2);
  return new RemoteCorpus({ url: url.origin, token }, knowledge);
}

/**
 * The server's corpus, merged with the --corpus files when given (scored on this machine with their
 * own statistics, never sent); the bundled articles are not added (a team corpus has its own).
 */
async function analyseOnServer(server: string, queriesFile: string | null, inputs: string[], o: { json: boolean; all: boolean; progress: boolean; corpusFiles: string[] }): Promise<void> {
  if (queriesFile !== null && (inputs.length || !o.json)) throw new CliError(`--queries reads its articles from the file and prints JSON: add --json, no other input\n${USAGE}`, 2);
  if (queriesFile === null && inputs.length !== 1) throw new CliError(USAGE, 2);
  const knowledge = defaultKnowledge();
  const remote = remoteCorpus(server, knowledge);
  let local: RecordCorpus | undefined;
  if (o.corpusFiles.length) {
    const { records, warnings } = readCorpusRecords([], o.corpusFiles);
    warn(warnings);
    local = indexCorpus(records, knowledge, { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) }, o.progress);
  }
  const run = async (article: ReadArticle) => {
    try {
      return AnalysisResultSchema.parse(await remote.analyse(article, {}, local));
    } catch (e) {
      if (e instanceof RemoteError || (e as Error)?.name === 'TypeError') throw new CliError(`--server ${server}: ${(e as Error).message}${e instanceof RemoteError ? '' : ' (is the server running?)'}`);
      throw e;
    }
  };
  if (queriesFile === null) {
    const result = await run(readArticleFile(inputs[0]!));
    process.stdout.write(o.json ? `${JSON.stringify(jsonResult(result), null, 2)}\n` : formatReport(result, { all: o.all }));
    return;
  }
  const { records: queries, warnings } = readCorpusRecords([], [queriesFile]);
  warn(warnings);
  for (const q of queries) {
    const result = await run({ id: q.id, title: q.title, text: q.text, outlet: q.outlet, url: q.url ?? null, language: q.language ?? null, published: q.published ?? null });
    process.stdout.write(`${JSON.stringify({ id: q.id, result: jsonResult(result) })}\n`);
  }
}

// a closed pipe (`| head`) ends the output quietly
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  // not an expected problem: still one line, with what to do
  process.stderr.write(`sidelight analyze: ${(error as Error)?.message ?? String(error)} (an error in Sidelight, not in the input; please report it with the command you ran)\n`);
  process.exit(1);
}
