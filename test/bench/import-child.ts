/**
 * The import as `npm run cli -- subscribers import FILE` runs it against DATABASE_URL, in a
 * process of its own so the bench can read its peak RSS: the real use case, the file streamed
 * from disk. Prints one JSON line: the report's counts and the seconds the import took.
 */
import { createReadStream } from 'node:fs';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { connectDatabase } from '../../src/db/client.js';
import { systemClock } from '../../src/clock.js';
import { importSubscribers } from '../../src/subscribers/import/import.js';

const file = process.env.IMPORT_FILE!;
const catalog = await loadCatalogOrThrow();
const database = connectDatabase(process.env.DATABASE_URL!, { max: 2 });
const started = performance.now();
const report = await importSubscribers({ sql: database.sql, clock: systemClock, catalog, config: { secret: 'import-bench' } }, createReadStream(file, { highWaterMark: 256 * 1024 }));
const seconds = (performance.now() - started) / 1000;
await database.close();
const { rows, created, updated, unchanged, skipped, confirmations } = report;
process.stdout.write(`${JSON.stringify({ seconds, rows, created, updated, unchanged, skipped, confirmations, heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024 })}\n`);
