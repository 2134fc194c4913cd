// `npm run server` — the team corpus server against the database in DATABASE_URL:
//   npm run server                                   serve (HOST, PORT; limits below)
//   npm run server -- token create NAME --role reader|ingest   prints a new token once (kept hashed)
//   npm run server -- token revoke NAME
//   npm run server -- openapi                        prints the OpenAPI document
// Environment: DATABASE_URL (required), HOST (127.0.0.1), PORT (8787),
// SIDELIGHT_MAX_INGEST_BYTES (64 MiB), SIDELIGHT_MAX_REQUEST_BYTES (4 MiB), SIDELIGHT_RATE_PER_MINUTE (1200),
// SIDELIGHT_INSERT_CHUNK (rows per INSERT statement, 500).
import { defaultKnowledge } from '../engine/knowledge.ts';
import { DEFAULT_LIMITS, listen } from './app.ts';
import { CorpusDb } from './db.ts';
import { openApiDocument } from './openapi.ts';

function fail(message: string, code = 2): never {
  process.stderr.write(`sidelight server: ${message}\n`);
  process.exit(code);
}

function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) fail(`${name} must be a positive whole number, not "${v}"`);
  return n;
}

const args = process.argv.slice(2);
if (args[0] === 'openapi') {
  process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
  process.exit(0);
}
const url = process.env.DATABASE_URL;
if (!url) fail('DATABASE_URL is not set (postgresql://user@host:port/database); for a throwaway one: node scripts/pg-cluster.mjs');
const db = new CorpusDb(url, defaultKnowledge(), {
  insertChunk: intEnv('SIDELIGHT_INSERT_CHUNK', 500),
  onProgress: (event, n) => process.stdout.write(`ingest: ${event} ${n} articles\n`),
});
try {
  await db.migrate();
} catch (e) {
  fail(`cannot reach or prepare the database: ${(e as Error).message}`, 1);
}
if (args[0] === 'token') {
  const [, action, name] = args;
  if (action === 'create' && name) {
    const role = args[args.indexOf('--role') + 1];
    if (role !== 'reader' && role !== 'ingest') fail('token create NAME --role reader|ingest');
    process.stdout.write(`${await db.createToken(name, role)}\n`);
  } else if (action === 'revoke' && name) {
    if (!(await db.revokeToken(name))) fail(`no token named "${name}"`, 1);
  } else fail('usage: token create NAME --role reader|ingest | token revoke NAME');
  await db.close();
  process.exit(0);
}
if (args.length) fail(`unknown arguments: ${args.join(' ')}`);
const server = await listen(db, {
  host: process.env.HOST ?? '127.0.0.1',
  port: process.env.PORT === '0' ? 0 : intEnv('PORT', 8787),
  limits: {
    ingestBytes: intEnv('SIDELIGHT_MAX_INGEST_BYTES', DEFAULT_LIMITS.ingestBytes),
    requestBytes: intEnv('SIDELIGHT_MAX_REQUEST_BYTES', DEFAULT_LIMITS.requestBytes),
    perMinute: intEnv('SIDELIGHT_RATE_PER_MINUTE', DEFAULT_LIMITS.perMinute),
  },
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`listening on ${server.url}\n`);
const stop = async () => {
  await server.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
