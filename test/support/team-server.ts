// A real team corpus server for tests: a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs, never
// a mock), the schema, the HTTP server on 127.0.0.1, a reader and an ingest token. Without the
// PostgreSQL binaries, start() fails saying what to install.
import { startCluster } from '../../scripts/pg-cluster.mjs';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import { DEFAULT_LIMITS, listen, type ServerLimits } from '../../server/app.ts';
import { CorpusDb, type DbOptions } from '../../server/db.ts';

export interface TeamServer {
  url: string;
  databaseUrl: string;
  db: CorpusDb;
  readerToken: string;
  ingestToken: string;
  /** POST /v1/articles with the ingest token */
  ingest(jsonl: string, token?: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTeamServer(options: { limits?: Partial<ServerLimits>; db?: DbOptions } = {}): Promise<TeamServer> {
  const cluster = await startCluster();
  const db = new CorpusDb(cluster.url, defaultKnowledge(), options.db);
  try {
    await db.migrate();
    const server = await listen(db, { limits: { ...DEFAULT_LIMITS, ...options.limits } });
    const readerToken = await db.createToken('test-reader', 'reader');
    const ingestToken = await db.createToken('test-ingest', 'ingest');
    return {
      url: server.url,
      databaseUrl: cluster.url,
      db,
      readerToken,
      ingestToken,
      ingest: (jsonl, token = ingestToken) => fetch(`${server.url}/v1/articles`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' }, body: jsonl }),
      async stop() {
        await server.close();
        await db.close();
        cluster.stop();
      },
    };
  } catch (e) {
    await db.close().catch(() => {});
    cluster.stop();
    throw e;
  }
}
