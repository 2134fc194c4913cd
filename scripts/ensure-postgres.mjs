// Finds PostgreSQL's server binaries (initdb, pg_ctl), which the team corpus server's tests start a
// throwaway cluster with (scripts/pg-cluster.mjs). Where they are missing it installs Debian's
// `postgresql` package when it can (root + apt-get), and otherwise stops saying what to install.
import { execSync, spawnSync } from 'node:child_process';
import { findPgBin, INSTALL_HINT } from './pg-cluster.mjs';

function canApt() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

export function ensurePostgres() {
  if (!findPgBin() && canApt()) {
    console.log("Installing postgresql from Debian's packages for the team corpus server's tests...");
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null', { stdio: 'inherit', shell: '/bin/bash' });
  }
  const bin = findPgBin();
  if (!bin) {
    console.error(`The team corpus server's tests need PostgreSQL. ${INSTALL_HINT}`);
    process.exit(1);
  }
  console.log(`postgresql: ${bin}`);
}

if (import.meta.url === `file://${process.argv[1]}`) ensurePostgres();
