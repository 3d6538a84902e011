import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eraseSubscriber } from '../../src/subscribers/erasure.js';
import { emailHash } from '../../src/subscribers/suppression.js';
import { createHarness, type Harness } from '../support/harness.js';
import { importCsv, resetTables } from './import-support.js';
import { seedSubscriber } from '../support/seed.js';

/**
 * After she deleted herself, only a keyed hash of her address is left, on the suppression list.
 * It is what keeps an old file or a stranger from putting her back without her own confirmation,
 * and what keeps a bounced address bounced even after its row is gone.
 */
describe('an address that was erased', () => {
  let h: Harness;
  const add = async (email: string, status: 'active' | 'unsubscribed' = 'active') => (await seedSubscriber(h.db.sql, { email, status, confirmedAt: new Date() })).id;
  const signUp = (email: string) =>
    h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, timezone: 'UTC' }) });
  const rowOf = async (email: string) => (await h.db.sql<{ status: string }[]>`select status from subscribers where email = ${email}`)[0];

  beforeAll(async () => {
    h = await createHarness({ now: '2026-06-01T09:00:00Z' });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await resetTables(h);
    await h.db.sql`truncate suppressions, erasures`;
  });

  it('comes back from an import with consent only as pending, with a confirmation to answer', async () => {
    await eraseSubscriber(h.ctx, await add('ines@example.com'));
    const report = await importCsv(h, 'email,consented_at,consent_source\nines@example.com,2025-01-01T00:00:00Z,old sheet\n', { enroll: 'releasing-mom-guilt' });
    expect(report).toMatchObject({ created: 1, createdActive: 0, createdPending: 1, confirmations: 1 });
    expect(await h.db.sql`select status, consented_at from subscribers`).toEqual([{ status: 'pending', consented_at: null }]);
    expect(await h.db.sql`select kind, status from deliveries`).toEqual([{ kind: 'confirmation', status: 'pending' }]);
  });

  it('signs up afresh, pending, with a confirmation email', async () => {
    await eraseSubscriber(h.ctx, await add('jo@example.com'));
    expect((await signUp('jo@example.com')).status).toBe(202);
    expect(await rowOf('jo@example.com')).toEqual({ status: 'pending' });
    expect(await h.db.sql`select kind from deliveries`).toEqual([{ kind: 'confirmation' }]);
  });

  it('that had bounced stays suppressed: a signup writes and sends nothing, an import skips it', async () => {
    const id = await add('kai@example.com');
    await h.db.sql`insert into suppressions (email_hash, reason) values (${emailHash(h.ctx.config.secret, 'kai@example.com')}, 'hard_bounce')`;
    await h.db.sql`update subscribers set status = 'bounced' where id = ${id}`;
    await eraseSubscriber(h.ctx, id);
    expect(await h.db.sql`select reason from suppressions`).toEqual([{ reason: 'hard_bounce' }]);

    const res = await signUp('kai@example.com');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'pending_confirmation' });
    expect(await rowOf('kai@example.com')).toBeUndefined();
    expect(await h.db.sql`select 1 from deliveries`).toHaveLength(0);

    const report = await importCsv(h, 'email,consented_at\nkai@example.com,2025-01-01T00:00:00Z\n');
    expect(report).toMatchObject({ created: 0, skipped: 1 });
    expect(report.skippedRows[0]).toMatchObject({ line: 2, reason: 'bounced', message: expect.stringContaining('bounced') });
    expect(await rowOf('kai@example.com')).toBeUndefined();
  });
});
