import type { Harness } from '../support/harness.js';
import { importSubscribers, type ImportOptions } from '../../src/subscribers/import/import.js';

/** A CSV as the stream an import reads, in small pieces, so nothing depends on one read holding a whole line. */
export async function* csvStream(content: string | Buffer, pieceBytes = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  for (let i = 0; i < bytes.length; i += pieceBytes) yield bytes.subarray(i, i + pieceBytes);
}

export const importCsv = (h: Harness, content: string | Buffer, options: ImportOptions = {}) =>
  importSubscribers(h.ctx, csvStream(content), options);

/** Everything an import may write, to show that a refused one wrote nothing. */
export async function tableCounts(h: Harness) {
  const [row] = await h.db.sql<{ subscribers: number; enrollments: number; deliveries: number; batches: number }[]>`
    select (select count(*)::int from subscribers) as subscribers,
           (select count(*)::int from enrollments) as enrollments,
           (select count(*)::int from deliveries) as deliveries,
           (select count(*)::int from send_batches) as batches`;
  return row!;
}

export async function resetTables(h: Harness) {
  await h.db.sql`truncate subscribers, enrollments, deliveries, send_batches restart identity cascade`;
}
