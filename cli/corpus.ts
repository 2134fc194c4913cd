// The CLI's corpus: the bundled articles and the `--corpus` JSONL files, checked line by line,
// with repeated ids reported, indexed with progress on stderr, held lean in memory.
import { indexRecord, type Corpus } from '../engine/analyze.ts';
import { CorpusIndex, type IndexedArticle } from '../engine/corpus-index.ts';
import { parseCorpusJsonl } from '../engine/corpus-file.ts';
import type { EngineKnowledge } from '../engine/features.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import { CliError, readTextFile } from './read-file.ts';

/** The options page's import limit (components/options/ImportPanel.tsx MAX_FILE_BYTES). */
export const MAX_CORPUS_FILE_BYTES = 256 * 1024 * 1024;
/**
 * Articles in the corpus at most, bundled ones included: a bound on time and memory. 50,000 of the
 * bench's generated articles (265 MB of JSONL) took 561 s and 1.95 GB at most (RSS) on a shared
 * 2-core machine (`/usr/bin/time -f "%e s %M KB" node --import tsx cli/analyze.ts --no-bundled
 * --corpus <two files of 25,000> <seed 000>`); 20,000 took 376 s and 1.15 GB.
 */
export const MAX_CORPUS_ARTICLES = 50_000;
/** Bad or repeated lines listed before "and N more". */
export const REPORTED_LINES = 20;
/** Without a terminal, a progress line every this many articles, for corpora at least this large. */
export const PROGRESS_EVERY = 10_000;

/**
 * A corpus held as records and the index: the features of an article (sentences, claims, ~100 KB
 * each) are computed to index it and dropped, and computed again for the few articles an analysis
 * lists. Holding them all took 750 MB for 5,000 articles.
 */
export class RecordCorpus implements Corpus {
  readonly index = new CorpusIndex();
  private readonly records = new Map<string, CorpusRecord>();
  /** per language, articles whose original is in it (the record's `language`, else the text's) */
  private readonly originals = new Map<string, number>();

  constructor(private readonly knowledge: EngineKnowledge) {}

  /** Adds an article (ids are unique: readCorpusRecords keeps one record an id). */
  add(record: CorpusRecord): void {
    const article = indexRecord(record, this.knowledge);
    this.index.add(article, { bulk: true });
    this.records.set(record.id, record);
    const language = record.language ?? article.features.language;
    this.originals.set(language, (this.originals.get(language) ?? 0) + 1);
  }

  /**
   * The languages of the articles' originals, sorted. The index counts the languages of the texts
   * (the analysis's `corpus.languages`): a corpus of translations into English has one of those.
   */
  get originalLanguages(): string[] {
    return [...this.originals.keys()].sort();
  }

  readonly load = (ids: readonly string[]): ReadonlyMap<string, IndexedArticle> => {
    const out = new Map<string, IndexedArticle>();
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) out.set(id, indexRecord(record, this.knowledge));
    }
    return out;
  };
}

/** Where progress goes: a live line on a terminal, else plain lines for long runs. */
export interface ProgressSink {
  isTTY: boolean;
  write(text: string): void;
}

/** Progress of indexing `total` articles: on a terminal, one line redrawn at most 5 times a second;
 * elsewhere a line every PROGRESS_EVERY articles when there are that many (`always`: whatever the size). */
export function progressReporter(sink: ProgressSink, total: number, always = false): { update(done: number): void; end(): void } {
  const plain = !sink.isTTY && (always || total >= PROGRESS_EVERY);
  const every = always ? Math.max(1, Math.min(PROGRESS_EVERY, Math.ceil(total / 10))) : PROGRESS_EVERY;
  let last = 0;
  let drawn = false;
  const line = (done: number) => `indexing the corpus: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} articles`;
  return {
    update(done) {
      if (sink.isTTY) {
        const now = Date.now();
        if (now - last < 200 && done < total) return;
        last = now;
        sink.write(`\r${line(done)}`);
        drawn = true;
      } else if (plain && (done % every === 0 || done === total)) sink.write(`${line(done)}\n`);
    },
    end() {
      if (drawn) sink.write('\r\x1b[K');
    },
  };
}

export interface LoadedCorpus {
  corpus: RecordCorpus;
  /** one line each: repeated ids and which line was kept */
  warnings: string[];
}

/**
 * The records of the bundled corpus (when used) and of each `--corpus` file, checked; any bad line
 * fails the whole run with every line named (the first REPORTED_LINES). A repeated id keeps the
 * first line (in a file, and across files); a file's article replaces a bundled one of the same id.
 */
export function readCorpusRecords(bundled: readonly CorpusRecord[], files: readonly string[]): { records: CorpusRecord[]; warnings: string[] } {
  const records = new Map<string, CorpusRecord>();
  for (const r of bundled) records.set(r.id, r);
  const bundledIds = new Set(records.keys());
  /** id -> "file:line" of the first line that gave it */
  const source = new Map<string, string>();
  const warnings: string[] = [];
  for (const file of files) {
    const text = readTextFile(file, { maxBytes: MAX_CORPUS_FILE_BYTES, what: 'a .jsonl corpus', limitNote: 'as on the options page' });
    const parsed = parseCorpusJsonl(text);
    if (parsed.errors.length) {
      const lines = parsed.errors.slice(0, REPORTED_LINES).map((e) => `${file}:${e.line}: ${e.message}`);
      if (parsed.errors.length > REPORTED_LINES) lines.push(`${file}: and ${(parsed.errors.length - REPORTED_LINES).toLocaleString('en')} more bad lines`);
      lines.push(`${file}: ${parsed.errors.length.toLocaleString('en')} bad ${parsed.errors.length === 1 ? 'line' : 'lines'}; nothing was analysed`);
      throw new CliError(lines.join('\n'));
    }
    for (const d of parsed.duplicates) warnings.push(`${file}:${d.line}: id "${d.id}" repeats line ${d.firstLine}; line ${d.firstLine} is kept`);
    parsed.records.forEach((r, i) => {
      const at = `${file}:${parsed.lines[i]}`;
      const earlier = source.get(r.id);
      if (earlier) warnings.push(`${at}: id "${r.id}" repeats ${earlier}; ${earlier} is kept`);
      else {
        if (bundledIds.has(r.id)) warnings.push(`${at}: id "${r.id}" is a bundled article; this line replaces it`);
        source.set(r.id, at);
        records.set(r.id, r);
      }
    });
    if (records.size > MAX_CORPUS_ARTICLES) {
      throw new CliError(`${file}: the corpus would have ${records.size.toLocaleString('en')} articles; the limit is ${MAX_CORPUS_ARTICLES.toLocaleString('en')}`);
    }
  }
  return { records: [...records.values()], warnings };
}

/** Indexes the records, with progress on `sink`. */
export function indexCorpus(records: readonly CorpusRecord[], knowledge: EngineKnowledge, sink: ProgressSink, alwaysShowProgress = false): RecordCorpus {
  const corpus = new RecordCorpus(knowledge);
  const progress = progressReporter(sink, records.length, alwaysShowProgress);
  records.forEach((r, i) => {
    corpus.add(r);
    progress.update(i + 1);
  });
  progress.end();
  corpus.index.settle();
  return corpus;
}
