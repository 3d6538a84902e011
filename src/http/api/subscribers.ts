import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { exportStatus, exportSubscribersStream } from '../../subscribers/export.js';
import { importSubscribers } from '../../subscribers/import/import.js';
import type { HonoEnv } from '../env.js';

/** Outside the app's 16 KB body limit (app.ts): a list arrives as one upload, read as a stream. */
export const SUBSCRIBERS_IMPORT_PATH = '/api/admin/subscribers/import';
/** A million rows are ~100 MB; this leaves room and still stops an endless upload. */
export const MAX_IMPORT_BYTES = 2 * 1024 ** 3;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], { error: 'dryRun must be true or false' })
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const importQuery = z.object({ enroll: z.string().max(100).optional(), dryRun: flag });

/**
 * POST /api/admin/subscribers/import?enroll=&dryRun= with the CSV as a `text/csv` body, and
 * GET /api/admin/subscribers/export?status=: the same use cases as `cli subscribers import|export`.
 */
export function subscribersRoute(ctx: AppContext) {
  return new Hono<HonoEnv>()
    .post('/subscribers/import', async (c) => {
      if (!(c.req.header('content-type') ?? '').startsWith('text/csv')) {
        throw new AppError('unsupported_media_type', 'Send the CSV file itself as the request body, with Content-Type: text/csv.');
      }
      const query = importQuery.safeParse(c.req.query());
      if (!query.success) throw new AppError('invalid_request', query.error.issues[0]?.message ?? 'The query is not valid.');
      if (Number(c.req.header('content-length') ?? 0) > MAX_IMPORT_BYTES || !c.req.raw.body) {
        throw c.req.raw.body ? tooLarge() : new AppError('invalid_request', 'The request has no body: send the CSV file as it.');
      }
      const report = await importSubscribers(ctx, limitedBody(c.req.raw.body), { enroll: query.data.enroll, dryRun: query.data.dryRun });
      // Counts only: the addresses stay out of the log.
      ctx.logger.info({ rows: report.rows, created: report.created, updated: report.updated, skipped: report.skipped, confirmations: report.confirmations, dryRun: report.dryRun }, 'subscribers imported');
      return c.json(report, 200);
    })
    .get('/subscribers/export', (c) => {
      const status = exportStatus(c.req.query('status'));
      const body = exportSubscribersStream(ctx, { status });
      return c.body(body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="subscribers${status ? `-${status}` : ''}.csv"`,
        'cache-control': 'no-store',
      });
    });
}

const tooLarge = () => new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 ** 3} GB. Split it into smaller files and import each.`);

async function* limitedBody(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      if (bytes > MAX_IMPORT_BYTES) throw tooLarge();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
