import { once } from 'node:events';
import { chmodSync, createReadStream, createWriteStream, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { systemClock } from '../clock.js';
import { AppError } from '../errors.js';
import { exportStatus, exportSubscribers } from '../subscribers/export.js';
import { importSubscribers, type ImportReport } from '../subscribers/import/import.js';
import { formatImportReport } from './import-summary.js';
import { CommandError, openDatabaseForCommand } from './open-database.js';
import { openCommandContext } from './command-context.js';
import { commandLineMessage } from './error-words.js';
import { printResult, type GlobalOptions } from './output.js';
import { byteProgress } from './progress-bar.js';
import { runningApp } from './running-app.js';

interface ImportFlags extends GlobalOptions {
  enroll?: string;
  dryRun?: boolean;
}

/** `npm run cli -- subscribers import FILE.csv` and `npm run cli -- subscribers export`. */
export function subscribersCommand(program: Command): void {
  const subscribers = program
    .command('subscribers')
    .description('Bring in the list you already have (import), or take a copy of yours (export).')
    .addHelpText('after', '\nExamples:\n  npm run cli -- subscribers import my-list.csv --dry-run\n  npm run cli -- subscribers export --output my-list-copy.csv');

  subscribers
    .command('import')
    .description(
      'Import people from a CSV file (UTF-8) whose first line names the columns: email, and any of first_name, timezone, consented_at, consent_source, newsletter. ' +
        'A row with consented_at joins your list; a row without it gets one email asking her to confirm. Nobody who unsubscribed is ever added back. ' +
        'Exports of Mailchimp, Kit, Substack, Buttondown and MailerLite are read as they are: their subscribed people keep their consent, and whoever left there is suppressed.',
    )
    .argument('<file>', 'the CSV file, e.g. my-list.csv')
    .option('--enroll <course>', 'also enroll everyone in this course (those without consent are invited to it)')
    .option('--dry-run', 'check the file and show what would happen, without changing anything or sending anything')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- subscribers import my-list.csv --dry-run\n  npm run cli -- subscribers import my-list.csv\n  npm run cli -- subscribers import my-list.csv --enroll releasing-mom-guilt',
    )
    .action(async (file: string, options: ImportFlags) => {
      const path = fromWhereTyped(file);
      const size = fileSize(file, path);
      const config = loadConfig();
      const progress = byteProgress(options.dryRun ? 'Checking' : 'Importing', size);
      const source = countedFile(path, (bytes) => progress.advance(bytes));
      let report: ImportReport;
      try {
        const app = runningApp(config);
        if (app) {
          // npm start holds the built-in database: the file goes to it as it is read.
          const query = new URLSearchParams({ dryRun: String(!!options.dryRun), ...(options.enroll ? { enroll: options.enroll } : {}) });
          report = await app.upload<ImportReport>(`/subscribers/import?${query}`, pulledStream(source), 'text/csv');
        } else {
          const opened = await openCommandContext(config);
          try {
            report = await importSubscribers(opened.ctx, source, { enroll: options.enroll, dryRun: options.dryRun });
          } finally {
            await opened.close();
          }
        }
      } catch (error) {
        if (error instanceof AppError) throw new CommandError(`${file}: ${commandLineMessage(error)}`);
        if (error instanceof CommandError) throw new CommandError(`${file}: ${error.message}`);
        throw error;
      } finally {
        progress.stop();
        await source.return(undefined);
      }
      printResult(options, report, formatImportReport(file, report));
      if (!options.json) for (const warning of report.warnings) process.stderr.write(`${file}: warning: ${warning}\n`);
    });

  subscribers
    .command('export')
    .description('Write everyone on your list as CSV (the import’s columns, then status and dates), to a file or to stdout. Never the links’ secret tokens.')
    .option('--status <status>', 'only people with this status: pending, active, unsubscribed, bounced or complained')
    .option('--output <file>', 'write to this file (readable by you alone) instead of stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  npm run cli -- subscribers export --output my-list-copy.csv\n  npm run cli -- subscribers export --status active --output on-my-list.csv\n  npm run -s cli -- subscribers export > my-list.csv',
    )
    .action(async (options: { status?: string; output?: string }) => {
      const status = exportStatus(options.status);
      const config = loadConfig();
      const rows = new CsvRowCounter();
      const outPath = options.output ? fromWhereTyped(options.output) : null;
      const out = outPath ? createWriteStream(outPath, { mode: 0o600 }) : process.stdout;
      // `mode` only applies to a new file; a copy written over an older one is made private too.
      if (outPath) await once(out, 'open').then(() => chmodSync(outPath, 0o600));
      const write = async (chunk: Buffer) => {
        if (!out.write(rows.count(chunk))) await once(out, 'drain');
      };
      const app = runningApp(config);
      if (app) {
        const body = await app.download(`/subscribers/export${status ? `?status=${status}` : ''}`);
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) await write(Buffer.from(chunk));
      } else {
        const database = await openDatabaseForCommand(config);
        try {
          for await (const text of exportSubscribers({ sql: database.sql }, { status })) await write(Buffer.from(text));
        } finally {
          await database.close();
        }
      }
      if (out !== process.stdout) await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
      const exported = Math.max(0, rows.records - 1);
      process.stderr.write(`Exported ${exported === 1 ? '1 person' : `${exported.toLocaleString('en-US')} people`}${status ? ` (${status})` : ''}${options.output ? ` to ${options.output}` : ''}.\n`);
    });
}

function fromWhereTyped(file: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

function fileSize(file: string, path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CommandError(`${file} is a folder, not a file. Give the path of the .csv file.`);
    return stat.size;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`${file}: there is no such file. Check its name, and that it is in ${dirname(path)}.`);
  }
}

/**
 * The file as it is read, telling `onBytes` how far it got. Uploaded, it is read only as fast as
 * the app takes it, so the progress bar counts what has gone through, not what sits in a buffer.
 */
async function* countedFile(file: string, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    yield chunk;
  }
}

/** One chunk at a time, read from the file only when fetch has sent the one before. */
function pulledStream(source: AsyncGenerator<Buffer>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

/** Counts CSV records in what streams past (a line break inside "quotes" is not a new record). */
class CsvRowCounter {
  records = 0;
  private quoted = false;

  count(chunk: Buffer): Buffer {
    for (const byte of chunk) {
      if (byte === 0x22) this.quoted = !this.quoted;
      else if (byte === 0x0a && !this.quoted) this.records++;
    }
    return chunk;
  }
}
