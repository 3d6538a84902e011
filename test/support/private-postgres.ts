import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/runtime/infra/free-port.js';

export interface PrivatePostgres {
  port: number;
  /** A connection string for `database` on this cluster (trust auth, user postgres). */
  url(database?: string): string;
  /** `pg_ctl stop -m fast`, as a managed Postgres restarting for an upgrade: sessions end with 57P01. */
  stop(): Promise<void>;
  /** `pg_ctl start`, on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster at once and deletes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

const BIN_ROOT = '/usr/lib/postgresql';

/** The newest installed server's binaries (Debian keeps each major version apart). */
function binDir(): string {
  const versions = readdirSync(BIN_ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error(`no PostgreSQL server under ${BIN_ROOT}`);
  return join(BIN_ROOT, versions[0]!, 'bin');
}

/** initdb and pg_ctl refuse to run as root: as root, they run as the `postgres` user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = asPostgres(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

function postgresUserIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A Postgres cluster of this test's own, in a temporary folder on a free port: a test may stop
 * and start it, which the shared server on 5432 (every other test file's databases) must never
 * see. Its folder is deleted when the test is done, and also if this process exits without
 * getting there (the cluster is a daemon that would outlive us, so an 'exit' hook stops it).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'rmg-pg-'));
  const owner = postgresUserIds();
  if (owner) chownSync(root, owner.uid, owner.gid);
  const data = join(root, 'data');
  const port = await findFreePort();
  const pgCtl = join(bin, 'pg_ctl');
  let destroyed = false;

  const stopNow = () => {
    const [cmd, argv] = asPostgres(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    spawnSync(cmd, argv, { stdio: 'ignore' });
    rmSync(root, { recursive: true, force: true });
  };
  const onExit = () => {
    if (!destroyed) stopNow();
  };
  process.once('exit', onExit);

  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    // Nothing here needs to survive a power cut, and the machine is shared.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=32MB',
    '-c max_connections=60',
  ].join(' ');
  const start = () => run(pgCtl, ['-D', data, '-l', join(root, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);

  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await start();
  } catch (error) {
    destroyed = true;
    process.removeListener('exit', onExit);
    stopNow();
    throw error;
  }

  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => run(pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    start,
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', onExit);
      stopNow();
    },
  };
}
