import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSubscribers } from '../../src/subscribers/export.js';
import { importSubscribers } from '../../src/subscribers/import/import.js';
import { createHarness, type Harness } from '../support/harness.js';

const ROWS = 50_000;

/** A file of `ROWS` people made as it is read, so the test holds no more of it than the import does. */
async function* generatedList(): AsyncGenerator<Uint8Array> {
  yield Buffer.from('email,first_name,timezone,consented_at,newsletter\n');
  let lines: string[] = [];
  for (let i = 1; i <= ROWS; i++) {
    if (i === 30_000) lines.push('not-an-address,Bad,,,');
    // Far below its first appearance: several chunks later, when the import no longer holds it.
    else if (i === 45_000) lines.push('mom10@example.com,Again,,2025-01-01,yes');
    else lines.push(`mom${i}@example.com,Mom ${i},${i % 2 ? 'America/Chicago' : 'Europe/Paris'},${i % 10 ? `2025-01-01,${i % 3 ? 'yes' : 'no'}` : ','}`);
    if (lines.length === 1_000) {
      yield Buffer.from(`${lines.join('\n')}\n`);
      lines = [];
    }
  }
  yield Buffer.from(`${lines.join('\n')}\n`);
}

// A moderately large list, end to end: streamed, chunked, duplicates found across chunks,
// exported back page by page. The bench (npm run bench) takes a million rows.
describe('a list of 50,000', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  it('imports in chunks, finds a duplicate five chunks below its first line, and exports every row', { timeout: 120_000 }, async () => {
    const report = await importSubscribers(h.ctx, generatedList());
    expect(report).toMatchObject({ rows: ROWS, created: ROWS - 2, skipped: 2, skippedByReason: { invalid_email: 1, duplicate_in_file: 1 } });
    expect(report.skippedRows.map((r) => r.line)).toEqual([30_001, 45_001]);
    // Every tenth row has no consent (rows 30,000 and 45,000 are the bad one and the duplicate)…
    const pending = ROWS / 10 - 2;
    expect(report).toMatchObject({ createdPending: pending, confirmations: pending });
    // …in batches of 100.
    expect(await h.db.sql`select count(*)::int as batches, max(n)::int as largest from (select count(*) as n from deliveries group by batch_id) b`).toEqual([
      { batches: Math.ceil(pending / 100), largest: 100 },
    ]);

    let text = '';
    let pieces = 0;
    for await (const piece of exportSubscribers(h.ctx)) {
      text += piece;
      pieces++;
    }
    expect(text.trimEnd().split('\n')).toHaveLength(ROWS - 2 + 1);
    expect(pieces).toBe(1 + Math.ceil((ROWS - 2) / 1_000));

    const again = await importSubscribers(h.ctx, (async function* () {
      yield Buffer.from(text);
    })());
    expect(again).toMatchObject({ rows: ROWS - 2, unchanged: ROWS - 2, created: 0, updated: 0, confirmations: 0 });
  });
});
