import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSubscription } from '../../src/subscribers/confirm.js';
import { exportSubscribers } from '../../src/subscribers/export.js';
import { createHarness, type Harness } from '../support/harness.js';
import { signToken } from '../../src/tokens.js';
import { importCsv, resetTables, tableCounts } from './import-support.js';

// Her export, read by another tool or by this app's own import into an empty database.
describe('her export', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('records a double opt-in as consent, and imports into an empty database with everyone active and nothing sent', async () => {
    await resetTables(h);
    // Mia signs up through the course page and confirms by the link; Ola was imported with a consent of her own.
    const signup = await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'mia@example.com', firstName: 'Mia' }) });
    expect(signup.status).toBeLessThan(300);
    const [signedUp] = await h.db.sql<{ id: string }[]>`select id from subscribers where email = 'mia@example.com'`;
    await confirmSubscription(h.ctx, signToken(h.ctx.config.secret, 'confirm', Number(signedUp!.id), new Date(h.clock.now().getTime() + 86_400_000)));
    await importCsv(h, 'email,consented_at,consent_source\nola@example.com,2024-12-24T10:00:00Z,a paper form\n');

    let text = '';
    for await (const piece of exportSubscribers(h.ctx)) text += piece;
    const [header, ...lines] = text.trimEnd().split('\n');
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [header!.split(',')[i]!, value])));
    const mia = rows.find((r) => r.email === 'mia@example.com')!;
    expect(mia).toMatchObject({ status: 'active', consented_at: h.clock.now().toISOString(), confirmed_at: h.clock.now().toISOString(), consent_source: 'double opt-in (she confirmed her address by email)' });
    expect(rows.find((r) => r.email === 'ola@example.com')).toMatchObject({ consented_at: '2024-12-24T10:00:00.000Z', consent_source: 'a paper form', confirmed_at: '' });

    await resetTables(h);
    const report = await importCsv(h, text);
    expect(report).toMatchObject({ rows: 2, created: 2, createdActive: 2, createdPending: 0, skipped: 0, confirmations: 0, warnings: [] });
    expect(await h.db.sql`select email, status, consent_source from subscribers order by email`).toEqual([
      { email: 'mia@example.com', status: 'active', consent_source: 'double opt-in (she confirmed her address by email)' },
      { email: 'ola@example.com', status: 'active', consent_source: 'a paper form' },
    ]);
    expect(await tableCounts(h)).toMatchObject({ deliveries: 0 });
  });
});
