import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../../src/db/client.js';
import { migrateDatabase } from '../../../src/db/migrate.js';
import { subscribers } from '../../../src/db/schema.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/runtime/infra/embedded-postgres.js';
import { InfraError } from '../../../src/runtime/infra/infra-error.js';

/** Starts the embedded database the way the app does: one connection, migrations without a lock. */
async function open(dataDir: string): Promise<{ pg: EmbeddedPostgres; handle: DatabaseHandle }> {
  const pg = await startEmbeddedPostgres({ dataDir });
  const handle = connectDatabase(pg.url, { max: 1 });
  await migrateDatabase(handle, { lock: false });
  return { pg, handle };
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  let pg: EmbeddedPostgres | undefined;
  let handle: DatabaseHandle | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rmg-pglite-'));
    ({ pg, handle } = await open(dataDir));
  });

  afterAll(async () => {
    await handle?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a migrated database to drizzle', async () => {
    const [row] = await handle!.db.insert(subscribers).values({ email: 'ada@example.com', timezone: 'Europe/London' }).returning();
    const found = await handle!.db.select().from(subscribers).where(eq(subscribers.id, row!.id));
    expect(found).toEqual([expect.objectContaining({ email: 'ada@example.com', timezone: 'Europe/London', status: 'pending' })]);
  });

  it('runs the SQL the send path relies on', async () => {
    const sql = handle!.sql;
    const first = await sql`insert into subscribers (email) values ('grace@example.com') on conflict do nothing returning id`;
    const again = await sql`insert into subscribers (email) values ('grace@example.com') on conflict do nothing returning id`;
    expect([first.length, again.length]).toEqual([1, 0]);

    const claimed = await sql.begin(async (tx) => {
      const rows = await tx`select id from subscribers where email = 'grace@example.com' for update skip locked`;
      await tx`update subscribers set status = 'active' where id = ${rows[0]!.id}`;
      return rows;
    });
    expect(claimed).toHaveLength(1);

    await expect(
      sql.begin(async (tx) => {
        await tx`update subscribers set status = 'bounced' where email = 'grace@example.com'`;
        throw new Error('abandon the transaction');
      }),
    ).rejects.toThrow('abandon the transaction');
    const [grace] = await sql`select status from subscribers where email = 'grace@example.com'`;
    expect(grace!.status).toBe('active');
  });

  it('refuses to open a data folder that is already open', async () => {
    const second = startEmbeddedPostgres({ dataDir });
    await expect(second).rejects.toBeInstanceOf(InfraError);
    await expect(second).rejects.toThrow(/in use by process/);
  });

  it('keeps rows across stop and start', async () => {
    await handle!.close();
    await pg!.stop();
    handle = undefined;
    pg = undefined;

    ({ pg, handle } = await open(dataDir));
    const rows = await handle.db.select({ email: subscribers.email }).from(subscribers).where(eq(subscribers.email, 'ada@example.com'));
    expect(rows).toEqual([{ email: 'ada@example.com' }]);
  });
});
