/** @jsxImportSource hono/jsx */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { importSubscribers } from '../../../subscribers/import/import.js';
import type { HonoEnv } from '../../env.js';
import { ImportPage, type CourseChoice } from './import-page.js';
import { dashboardHtml } from '../render.js';

/** Outside the app's 16 KB body limit (app.ts), under this one of its own. */
export const DASHBOARD_IMPORT_PATH = '/admin/subscribers/import';
/**
 * A browser upload is read whole (multipart, then the file), so the cap is what this small
 * machine can hold twice with ease: about half a million rows. A longer list goes through
 * `cli subscribers import`, which streams.
 */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_MEGABYTES = MAX_UPLOAD_BYTES / 1024 / 1024;

const coursesOf = (ctx: AppContext): CourseChoice[] => ctx.catalog.courses.map((c) => ({ slug: c.slug, title: c.title }));

/**
 * The upload's own body limit, mounted in app.ts in place of the 16 KB one. A declared length over
 * the cap is refused before a byte of the file is read; the page says so and nothing is written.
 */
export const dashboardImportLimit: MiddlewareHandler<HonoEnv> = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) => {
    const ctx = (c.var as unknown as HonoEnv['Variables']).ctx;
    return dashboardHtml(c, 
      <ImportPage
        courses={coursesOf(ctx)}
        maxMegabytes={MAX_MEGABYTES}
        error={`That file is larger than ${MAX_MEGABYTES} MB, more than this page takes. Split it into smaller files and import each, or use the command line (npm run cli -- subscribers import), which takes any size.`}
      />,
      413,
    );
  },
});

// Windows labels a .csv "application/vnd.ms-excel" when Excel is installed; the name is what she chose.
const looksLikeCsv = (file: File) => /\.csv$/i.test(file.name) || file.type === 'text/csv';

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** GET and POST /admin/subscribers/import: the CLI's `subscribers import` as a form. */
export function importPages(ctx: AppContext) {
  const app = new Hono<HonoEnv>();
  const page = (props: { error?: string; enroll?: string; dryRun?: boolean } = {}) => <ImportPage courses={coursesOf(ctx)} maxMegabytes={MAX_MEGABYTES} {...props} />;

  app.get('/', (c) => dashboardHtml(c, page()));

  app.post('/', async (c) => {
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      return dashboardHtml(c, page({ error: 'Choose a CSV file with the form below, then press "Upload and import".' }), 415);
    }
    const form = await c.req.parseBody().catch(() => null);
    if (!form) return dashboardHtml(c, page({ error: 'The upload did not arrive whole. Please choose the file and try again.' }), 400);
    const enroll = typeof form.enroll === 'string' ? form.enroll : '';
    const dryRun = form.dryRun === 'yes';
    const file = form.file;
    if (!(file instanceof File) || (file.name === '' && file.size === 0)) {
      return dashboardHtml(c, page({ error: 'No file was chosen. Choose your CSV file, then press "Upload and import".', enroll, dryRun }), 422);
    }
    if (!looksLikeCsv(file)) {
      return dashboardHtml(c, 
        page({
          error: `"${file.name}" is not a CSV file. In your spreadsheet, choose File → Download (or Save as) → CSV, then upload that file.`,
          enroll,
          dryRun,
        }),
        415,
      );
    }
    try {
      const report = await importSubscribers(ctx, chunksOf(file.stream()), { enroll: enroll || null, dryRun });
      // Counts only: the addresses stay out of the log.
      ctx.logger.info(
        { requestId: c.get('requestId'), rows: report.rows, created: report.created, updated: report.updated, skipped: report.skipped, confirmations: report.confirmations, dryRun: report.dryRun },
        'subscribers imported from the dashboard',
      );
      return dashboardHtml(c, <ImportPage courses={coursesOf(ctx)} maxMegabytes={MAX_MEGABYTES} result={{ file: file.name, report }} enroll={enroll} dryRun={dryRun} />);
    } catch (error) {
      // A file that cannot be read at all is refused before anything is written (import.ts).
      if (error instanceof AppError) return dashboardHtml(c, page({ error: error.message, enroll, dryRun }), error.status);
      throw error;
    }
  });
  return app;
}
