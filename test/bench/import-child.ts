/**
 * The import as `npm run cli -- subscribers import FILE` runs it against DATABASE_URL, in a
 * process of its own so the bench can read its peak RSS: the real use case, the file streamed
 * from disk. Prints one JSON line: the report's counts and the seconds the import took.
 */
import { createReadStream } from 'node:fs';
import { openCommandContext } from '../../src/cli/command-context.js';
import { loadConfig } from '../../src/config.js';
import { importSubscribers } from '../../src/subscribers/import/import.js';

const file = process.env.IMPORT_FILE!;
// What the command opens: the database, and no Redis here (the dispatcher's kick is skipped).
const opened = await openCommandContext(loadConfig({ NODE_ENV: 'test', DATABASE_URL: process.env.DATABASE_URL, SECRET: 'import-bench-secret-import-bench-1234' }));
const started = performance.now();
const report = await importSubscribers(opened.ctx, createReadStream(file, { highWaterMark: 256 * 1024 }));
const seconds = (performance.now() - started) / 1000;
await opened.close();
const { rows, created, updated, unchanged, skipped, confirmations } = report;
process.stdout.write(`${JSON.stringify({ seconds, rows, created, updated, unchanged, skipped, confirmations, heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024 })}\n`);
