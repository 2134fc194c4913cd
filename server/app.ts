// The team corpus server's HTTP API v1 on node:http (no framework: five routes, and the body limit
// needs control of the stream anyway). Every body is checked with its zod schema on the way in and
// on the way out; every error is JSON naming what is wrong (the line and field, for JSONL).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { parseCorpusLine } from '../engine/corpus-file.ts';
import type { CorpusRecord } from '../engine/schemas.ts';
import {
  ArticleResponseSchema,
  CandidatesRequestSchema,
  CandidatesResponseSchema,
  CorpusInfoSchema,
  DeleteResponseSchema,
  IngestResponseSchema,
  LookupRequestSchema,
  SliceDataSchema,
  type ApiError,
} from '../remote/api.ts';
import { CorpusDb, IngestConflict } from './db.ts';
import { openApiDocument } from './openapi.ts';

export interface ServerLimits {
  /** the largest JSONL batch (bytes) */
  ingestBytes: number;
  /** the largest JSON request (bytes) */
  requestBytes: number;
  /** requests per token per minute */
  perMinute: number;
}

export const DEFAULT_LIMITS: ServerLimits = { ingestBytes: 64 * 1024 * 1024, requestBytes: 4 * 1024 * 1024, perMinute: 1200 };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly lines?: Array<{ line: number; message: string }>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** A response body checked against its schema: a server bug is a 500, never a malformed answer. */
function reply<T extends z.ZodType>(res: http.ServerResponse, schema: T, value: z.input<T>): void {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(500, 'internal', `the server built an invalid response: ${z.prettifyError(parsed.error)}`);
  send(res, 200, parsed.data);
}

/** The body, at most `limit` bytes (a declared length over it is refused before reading). */
async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = () => new HttpError(413, 'too_large', `the body is over the limit of ${limit.toLocaleString('en')} bytes; send smaller batches`);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson<T extends z.ZodType>(text: string, schema: T): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'bad_json', `the body is not valid JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
    throw new HttpError(400, 'invalid_body', issues.join('; '));
  }
  return parsed.data;
}

/** A fixed one-minute window per token. */
class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly perMinute: number) {}
  take(who: string): void {
    const now = Date.now();
    let w = this.windows.get(who);
    if (!w || now - w.start >= 60_000) this.windows.set(who, (w = { start: now, count: 0 }));
    if (++w.count > this.perMinute) {
      const wait = Math.ceil((w.start + 60_000 - now) / 1000);
      throw new HttpError(429, 'rate_limited', `more than ${this.perMinute} requests a minute with this token; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
    }
  }
}

/** Checks a JSONL batch line by line: every bad line named, and ids repeated within it. */
function parseBatch(text: string): { records: CorpusRecord[]; lines: number[] } {
  const records: CorpusRecord[] = [];
  const lines: number[] = [];
  const errors: Array<{ line: number; message: string }> = [];
  const firstLine = new Map<string, number>();
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const all = body.split('\n');
  all.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!line.trim()) return;
    const r = parseCorpusLine(line);
    if ('error' in r) errors.push({ line: i + 1, message: r.error });
    else if (firstLine.has(r.record.id)) errors.push({ line: i + 1, message: `id "${r.record.id}" repeats line ${firstLine.get(r.record.id)}` });
    else {
      firstLine.set(r.record.id, i + 1);
      records.push(r.record);
      lines.push(i + 1);
    }
  });
  if (errors.length) {
    const duplicate = errors.every((e) => e.message.includes(' repeats line '));
    throw new HttpError(duplicate ? 409 : 400, duplicate ? 'duplicate' : 'invalid_jsonl', `${errors.length} bad ${errors.length === 1 ? 'line' : 'lines'} (first: line ${errors[0]!.line}: ${errors[0]!.message}); nothing was written`, errors.slice(0, 100));
  }
  if (!records.length) throw new HttpError(400, 'invalid_jsonl', 'the batch has no articles (one JSON object a line)');
  return { records, lines };
}

export interface CorpusServer {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

export function createApp(db: CorpusDb, limits: ServerLimits = DEFAULT_LIMITS, log: (line: string) => void = () => {}): http.Server {
  const rate = new RateLimiter(limits.perMinute);
  const openapi = JSON.stringify(openApiDocument());

  async function authorise(req: http.IncomingMessage, need: 'reader' | 'ingest'): Promise<void> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new HttpError(401, 'unauthorized', 'no token: send "Authorization: Bearer <token>"', undefined, { 'www-authenticate': 'Bearer' });
    const who = await db.tokenRole(m[1]!);
    if (!who) throw new HttpError(401, 'unauthorized', 'unknown token', undefined, { 'www-authenticate': 'Bearer' });
    rate.take(who.name);
    if (need === 'ingest' && who.role !== 'ingest') throw new HttpError(403, 'forbidden', `token "${who.name}" is a reader token: it cannot add or remove articles`);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://server');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/v1/openapi.json' && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(openapi);
      return;
    }
    if (path === '/v1/corpus' && method === 'GET') {
      await authorise(req, 'reader');
      return reply(res, CorpusInfoSchema, await db.info());
    }
    if (path === '/v1/candidates' && method === 'POST') {
      await authorise(req, 'reader');
      const body = parseJson(await readBody(req, limits.requestBytes), CandidatesRequestSchema);
      return reply(res, CandidatesResponseSchema, await db.candidates(body));
    }
    if (path === '/v1/lookup' && method === 'POST') {
      await authorise(req, 'reader');
      const body = parseJson(await readBody(req, limits.requestBytes), LookupRequestSchema);
      return reply(res, SliceDataSchema, await db.lookupSlice(body.ids, body.fingerprints));
    }
    if (path === '/v1/articles' && method === 'POST') {
      await authorise(req, 'ingest');
      const { records, lines } = parseBatch(await readBody(req, limits.ingestBytes));
      try {
        const result = await db.ingest(records, lines);
        log(`ingest: ${result.lines} lines, ${result.added} added, ${result.replaced} replaced, ${result.unchanged} unchanged; ${result.articles} articles`);
        return reply(res, IngestResponseSchema, result);
      } catch (e) {
        if (e instanceof IngestConflict) throw new HttpError(409, 'duplicate', e.message, e.lines);
        throw e;
      }
    }
    const m = /^\/v1\/articles\/([^/]+)$/.exec(path);
    if (m) {
      let id: string;
      try {
        id = decodeURIComponent(m[1]!);
      } catch {
        throw new HttpError(400, 'bad_id', 'the article id in the path is not valid percent-encoding');
      }
      if (method === 'GET') {
        await authorise(req, 'reader');
        const found = await db.getRecord(id);
        if (!found) throw new HttpError(404, 'not_found', `no article "${id}"`);
        return reply(res, ArticleResponseSchema, found);
      }
      if (method === 'DELETE') {
        await authorise(req, 'ingest');
        const deleted = await db.remove(id);
        return reply(res, DeleteResponseSchema, { deleted, articles: (await db.info()).articles });
      }
    }
    throw new HttpError(404, 'not_found', `no route ${method} ${path} (see GET /v1/openapi.json)`);
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        const error: ApiError = { code: e.code, message: e.message, ...(e.lines ? { lines: e.lines } : {}) };
        send(res, e.status, { error }, e.status === 413 ? { ...e.headers, connection: 'close' } : e.headers);
        return;
      }
      log(`error: ${(e as Error)?.stack ?? String(e)}`);
      send(res, 500, { error: { code: 'internal', message: 'an error in the server (see its log)' } });
    });
  });
}

/** Starts the server on host:port (0: a free port). */
export async function listen(db: CorpusDb, options: { host?: string; port?: number; limits?: ServerLimits; log?: (line: string) => void } = {}): Promise<CorpusServer> {
  const server = createApp(db, options.limits ?? DEFAULT_LIMITS, options.log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
