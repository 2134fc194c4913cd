// A throwaway PostgreSQL cluster for development and tests: initdb in a temporary folder, started
// with pg_ctl on 127.0.0.1 at a free port (and a unix socket in the same folder), trust
// authentication for local connections only. initdb and pg_ctl refuse to run as root, so as root
// they run as the `postgres` user the Debian package creates (runuser -u postgres --).
//
//   node scripts/pg-cluster.mjs            starts one, prints DATABASE_URL=… and the folder; Ctrl-C stops and deletes it
//   import { startCluster } from './pg-cluster.mjs'   the tests' globalSetup
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Debian's `postgresql` package puts the server binaries (newest version first), then PATH. */
export function findPgBin({ pgBin = process.env.PG_BIN, root = '/usr/lib/postgresql', searchPath = process.env.PATH ?? '' } = {}) {
  if (pgBin && fs.existsSync(path.join(pgBin, 'initdb'))) return pgBin;
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  for (const dir of searchPath.split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  return null;
}

export const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) not found. Install Debian\'s package: `sudo apt-get install postgresql` (or set PG_BIN to the folder holding initdb and pg_ctl). The server tests start a throwaway cluster with them.';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
function pg(bin, args, opts = {}) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

/**
 * Creates and starts a cluster; resolves to { url, dir, port, stop() }. `stop` stops the server
 * (fast mode) and deletes the folder.
 */
export async function startCluster({ database = 'sidelight', search = {} } = {}) {
  const bin = findPgBin(search);
  if (!bin) throw new Error(INSTALL_HINT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidelight-pg-'));
  const data = path.join(dir, 'data');
  if (isRoot()) {
    // the postgres user must own the folder (and reach it: /tmp is world-traversable)
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  fs.chmodSync(dir, 0o755);
  pg(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=64MB -c max_connections=40`;
  pg(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']);
  const admin = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  pg(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      pg(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already down
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgresql://postgres@127.0.0.1:${port}/${database}`, admin, dir, port, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const c = await startCluster();
    process.stdout.write(`DATABASE_URL=${c.url}\n# folder ${c.dir}; Ctrl-C stops the cluster and deletes it\n`);
    const end = () => {
      c.stop();
      process.exit(0);
    };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    setInterval(() => {}, 1 << 30);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
