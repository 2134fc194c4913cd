// Reading the CLI's input files: every way a file can be wrong (missing, a directory, unreadable,
// too large, empty, not text) becomes one line that names the file and says what to do, never a
// stack trace. Sizes are checked before a byte is read, so memory and time stay bounded.
import fs from 'node:fs';

/** A problem the CLI reports as one line on stderr, with its exit code (1 bad input, 2 usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

export interface ReadOptions {
  /** larger files are refused before reading */
  maxBytes: number;
  /** what the file should be, for messages: "a .txt article", "a .jsonl corpus" */
  what: string;
  /** why the limit is what it is, appended to the "too large" message */
  limitNote?: string;
  /** decode a file that is not UTF-8 with the charset it declares (HTML pages) */
  declaredCharset?: (bytes: Uint8Array) => string | null;
}

function describeFsError(file: string, error: NodeJS.ErrnoException, what: string): string {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${file}: no such file`;
    case 'EISDIR':
      return `${file}: is a directory, not ${what}`;
    case 'EACCES':
    case 'EPERM':
      return `${file}: cannot be read (permission denied)`;
    case 'ELOOP':
      return `${file}: cannot be read (a loop of symbolic links)`;
    default:
      return `${file}: cannot be read (${error.code ?? error.message})`;
  }
}

/** The file's text (UTF-8, a BOM dropped), or a CliError saying what is wrong with it. */
export function readTextFile(file: string, options: ReadOptions): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new CliError(describeFsError(file, error as NodeJS.ErrnoException, options.what));
  }
  if (stat.isDirectory()) throw new CliError(`${file}: is a directory, not ${options.what}`);
  // a FIFO or a device could block or never end
  if (!stat.isFile()) throw new CliError(`${file}: not a regular file (a pipe or a device), not ${options.what}`);
  if (stat.size > options.maxBytes) {
    throw new CliError(`${file}: too large: ${formatBytes(stat.size)} (${options.what} may be at most ${formatBytes(options.maxBytes)}${options.limitNote ? `; ${options.limitNote}` : ''})`);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(describeFsError(file, error as NodeJS.ErrnoException, options.what));
  }
  // the size can change between stat and read
  if (bytes.length > options.maxBytes) throw new CliError(`${file}: too large: over ${formatBytes(options.maxBytes)} (${options.what} may be at most that)`);
  if (bytes.length === 0) throw new CliError(`${file}: the file is empty`);
  let text: string;
  try {
    // a BOM is dropped (ignoreBOM: false)
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const charset = options.declaredCharset?.(bytes) ?? null;
    let decoded: string | null = null;
    if (charset) {
      try {
        decoded = new TextDecoder(charset).decode(bytes);
      } catch {
        throw new CliError(`${file}: declares the charset "${charset}", which cannot be read; save it as UTF-8`);
      }
    }
    if (decoded === null) throw new CliError(`${file}: not UTF-8 text; save it as UTF-8`);
    text = decoded;
  }
  if (!text.trim()) throw new CliError(`${file}: the file is empty (only white space)`);
  return text;
}

/** The charset an HTML page declares in its first 1,024 bytes (`<meta charset>` or http-equiv). */
export function htmlDeclaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1] ?? null;
}
