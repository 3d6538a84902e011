import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { MigrationLockError, migrateDatabase } from '../../src/db/migrate.js';
import { TEST_PG_URL } from '../support/db.js';
import { PROJECT_ROOT } from '../support/node-process.js';
import { reapWithUs } from '../support/reaper.js';
import { recordCommandRun } from '../support/documented-commands.js';

// Must match MIGRATION_LOCK in src/db/migrate.ts: the test reads the lock the way an operator would.
const MIGRATION_LOCK = 7_243_901;
// tsx's start-up plus a handful of DDL statements; the hang this guards against is forever.
const EXIT_BOUND_MS = 45_000;

interface Run {
  code: number | null;
  ms: number;
  output: string;
}

/** `npm run db:migrate` exactly as a user types it; killed if it outlives the bound. */
function runMigrate(databaseUrl: string, dataDir: string): Promise<Run> {
  const started = Date.now();
  recordCommandRun('npm run db:migrate');
  const child = spawn('npm', ['run', 'db:migrate'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  reapWithUs(child, { group: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), EXIT_BOUND_MS);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started, output });
    }),
  );
}

describe('npm run db:migrate against a DATABASE_URL', () => {
  const name = `t_migrate_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(TEST_PG_URL), { pathname: `/${name}` }).toString();
  const admin = postgres(TEST_PG_URL, { max: 1, onnotice: () => {} });
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rmg-migrate-'));
    await admin.unsafe(`create database ${name}`);
  });

  afterAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Advisory locks are per database, so other test files migrating their own databases at the
  // same time do not show up here.
  const lockHolders = async () => {
    const rows = await admin<{ n: number }[]>`
      select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
      where l.locktype = 'advisory' and l.objid = ${MIGRATION_LOCK} and d.datname = ${name}`;
    return rows[0]!.n;
  };
  const tables = async () => {
    const db = postgres(url, { max: 1, onnotice: () => {} });
    try {
      return (await db<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public' order by 1`).map((r) => r.tablename);
    } finally {
      await db.end();
    }
  };

  it('creates the tables, exits 0 in bounded time and leaves no lock held', async () => {
    const run = await runMigrate(url, dataDir);
    expect(run.code, run.output).toBe(0);
    expect(run.ms).toBeLessThan(EXIT_BOUND_MS);
    expect(await tables()).toEqual(expect.arrayContaining(['subscribers', 'deliveries']));
    expect(await lockHolders()).toBe(0);
  }, EXIT_BOUND_MS + 15_000);

  it('a second run is a no-op that also exits 0', async () => {
    const before = await tables();
    const run = await runMigrate(url, dataDir);
    expect(run.code, run.output).toBe(0);
    expect(await tables()).toEqual(before);
    expect(await lockHolders()).toBe(0);
  }, EXIT_BOUND_MS + 15_000);

  it('gives up with a message naming the holder when another session keeps the lock', async () => {
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    const handle = connectDatabase(url, { max: 2 });
    try {
      await holder`select pg_advisory_lock(${MIGRATION_LOCK})`;
      const attempt = migrateDatabase(handle, { lockTimeoutMs: 600 });
      await expect(attempt).rejects.toThrow(MigrationLockError);
      await expect(attempt).rejects.toThrow(/held by pid \d+/);
    } finally {
      await holder.end();
      await handle.close();
    }
    expect(await lockHolders()).toBe(0);
  });

  it('refuses a pool of one, which would wait for itself forever', async () => {
    const handle = connectDatabase(url, { max: 1 });
    try {
      await expect(migrateDatabase(handle)).rejects.toThrow(/at least 2 connections/);
    } finally {
      await handle.close();
    }
  });
});
