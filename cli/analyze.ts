// CLI: `npm run --silent analyze -- [--json] [--progress] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>`
// Same extraction and engine as the extension. Exit codes: 0 ok, 1 bad input, 2 usage.
// Every problem is one line on stderr naming the file (and line), never a stack trace; every input
// has a size limit checked before it is read.
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { analyseArticle, type ReadArticle } from '../engine/analyze.ts';
import { splitTitleAndBody } from '../engine/boilerplate.ts';
import { defaultKnowledge } from '../engine/knowledge.ts';
import { AnalysisResultSchema, type CorpusRecord } from '../engine/schemas.ts';
import { extractArticle, MAX_ARTICLE_CHARS, MAX_PAGE_ELEMENTS } from '../extraction/extract-article.ts';
import { indexCorpus, readCorpusRecords, REPORTED_LINES } from './corpus.ts';
import { CliError, htmlDeclaredCharset, readTextFile } from './read-file.ts';
import { formatReport } from './report.ts';
import bundled from '../corpus/bundled-corpus.json';

const USAGE = 'usage: npm run --silent analyze -- [--json] [--all] [--progress] [--corpus FILE.jsonl] [--no-bundled] <file.html|file.txt>';

/** A .txt article: the extension's article limit in characters (UTF-8 takes at most 4 bytes a character, and a file has some blank lines). */
export const MAX_TXT_BYTES = 1024 * 1024;
/** An .html page: news pages weigh 0.5-5 MB with their inline scripts; linkedom reads 16 MB in ~2 s. */
export const MAX_HTML_BYTES = 20 * 1024 * 1024;
/**
 * Tags in an .html file before it is parsed: linkedom takes ~1 KB an element and slows down far
 * beyond the extension's element limit (2.8 million empty tags ran 10 minutes into 4.7 GB), so a
 * page that cannot pass that limit is refused before parsing. Twice the limit: tags in scripts
 * and comments count here and not as elements.
 */
export const MAX_HTML_TAGS = 2 * MAX_PAGE_ELEMENTS;

/** Start tags in raw HTML, counting stops once past `limit`. */
function countTags(html: string, limit: number): number {
  const tag = /<[a-zA-Z]/g;
  let n = 0;
  while (tag.exec(html)) if (++n > limit) break;
  return n;
}

function readHtml(file: string, id: string): ReadArticle {
  const raw = readTextFile(file, { maxBytes: MAX_HTML_BYTES, what: 'an .html page', declaredCharset: htmlDeclaredCharset });
  if (countTags(raw, MAX_HTML_TAGS) > MAX_HTML_TAGS) {
    throw new CliError(`${file}: too large: over ${MAX_HTML_TAGS.toLocaleString('en')} tags (a page is read up to ${MAX_PAGE_ELEMENTS.toLocaleString('en')} elements)`);
  }
  let { document } = parseHTML(raw);
  // linkedom makes no <html> for a fragment (text, or tags without <html>): wrap it as a browser would
  if (!document.documentElement) ({ document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${raw}</body></html>`));
  const result = extractArticle(document as unknown as Document, null, { force: true });
  if (result.kind !== 'article') throw new CliError(`${file}: ${result.kind === 'too-large' ? 'too large: ' : ''}${result.reason}`);
  if (!result.article.text.trim()) throw new CliError(`${file}: no article text was found on the page`);
  return { id, title: result.article.title, text: result.article.text, language: result.article.language, published: result.article.published, outlet: result.article.siteName };
}

function readTxt(file: string, id: string): ReadArticle {
  const raw = readTextFile(file, { maxBytes: MAX_TXT_BYTES, what: 'a .txt article', limitNote: `its text at most ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters` });
  const { title, paragraphs, datePrefix } = splitTitleAndBody(raw);
  const text = paragraphs.join('\n\n');
  if (text.length > MAX_ARTICLE_CHARS) {
    throw new CliError(`${file}: too large: the article has ${text.length.toLocaleString('en')} characters (limit ${MAX_ARTICLE_CHARS.toLocaleString('en')}, as in the extension)`);
  }
  if (!text.trim()) throw new CliError(`${file}: no article text after the title line`);
  const firstLine = raw.split('\n').find((l) => l.trim())?.trim() ?? title;
  return { id, title: firstLine.replace(/^date\s+\d{4}-\d{2}-\d{2}\s+/i, '') || title, text, published: datePrefix };
}

export function readArticleFile(file: string): ReadArticle {
  const id = path.basename(file).replace(/\.(?:txt|html?)$/i, '');
  return /\.html?$/i.test(file) ? readHtml(file, id) : readTxt(file, id);
}

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
  const corpusFiles: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--all') all = true;
    else if (a === '--no-bundled') useBundled = false;
    else if (a === '--progress') progress = true;
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
  if (inputs.length !== 1) throw new CliError(USAGE, 2);
  // the input first: a bad input is said before a large corpus is read
  const article = readArticleFile(inputs[0]!);
  const { records, warnings } = readCorpusRecords(useBundled ? (bundled as CorpusRecord[]) : [], corpusFiles);
  warn(warnings);
  const knowledge = defaultKnowledge();
  const corpus = indexCorpus(records, knowledge, { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) }, progress);
  const result = AnalysisResultSchema.parse(await analyseArticle(article, corpus, knowledge));
  process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result, { all, originalLanguages: corpus.originalLanguages }));
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
