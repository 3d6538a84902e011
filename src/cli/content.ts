import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import { systemClock } from '../clock.js';
import { exportContent, type ContentExportReport } from '../courses/content-export.js';
import { importContentFolder, type ContentImportInput, type ContentImportReport } from '../courses/content-import.js';
import { defaultEmailsDir } from '../courses/emails-dir.js';
import { AppError } from '../errors.js';
import { CommandError, openDatabaseForCommand } from './open-database.js';
import { printResult, type GlobalOptions } from './output.js';
import { runningApp } from './running-app.js';

interface ContentFlags extends GlobalOptions {
  force?: boolean;
  dryRun?: boolean;
}

/** `npm run cli -- content export [DIR]` and `npm run cli -- content import [DIR]`. */
export function contentCommand(program: Command): void {
  const content = program
    .command('content')
    .description('Keep a copy of your course in files (export), or bring files in (import). The app serves the course from its database; these move it to and from files laid out as emails/ is.')
    .addHelpText('after', '\nExamples:\n  npm run cli -- content export\n  npm run cli -- content import --dry-run');

  content
    .command('export')
    .description(
      'Write your course as the app serves it (with every dashboard edit) as files: author.md, the two confirm-*.md, and courses/<course>/course.md and its lessons. ' +
        'Into emails/ (the default), a file you changed there that the app has not taken in yet is left alone (import it first, or add --force to replace it); ' +
        'a file whose lesson you removed in the dashboard is deleted if it still holds what was last taken in (the app keeps every version); any other file is left alone and named. ' +
        'Nothing outside those files is touched (newsletters/, pictures).',
    )
    .argument('[folder]', 'where to write, laid out as emails/ is (default: the app’s emails/ folder)')
    .option('--force', 'also replace files in emails/ with changes the app never took in')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  npm run cli -- content export\n  npm run cli -- content export my-course-copy\n  npm run cli -- content export --force')
    .action(async (folder: string | undefined, options: ContentFlags) => {
      const config = loadConfig();
      const to = folder ? fromWhereTyped(folder) : defaultEmailsDir();
      const app = runningApp(config);
      let report: ContentExportReport;
      if (app) {
        // npm start holds the built-in database: the running app writes the files.
        report = await app.post<ContentExportReport>('/content/export', { to, force: !!options.force });
      } else {
        report = await withDatabase(config, (sql) => exportContent(sql, { to, force: options.force }));
      }
      printResult(options, report, describeExport(label(folder), report));
    });

  content
    .command('import')
    .description(
      'Bring in the files of a folder laid out as emails/ (default: emails/ itself), by the same rule as the app’s start: a file changed since it was last taken in replaces the stored text, ' +
        'unless that text was edited in the dashboard since; such a file is left alone and named, unless you add --force. A file gone from the folder removes its document. ' +
        'It first shows what will change. Files that do not load change nothing: each problem is named by file and line.',
    )
    .argument('[folder]', 'the folder to read (default: the app’s emails/ folder)')
    .option('--force', 'also take files whose text was edited in the dashboard since (the dashboard’s version stays among the saved versions)')
    .option('--dry-run', 'show what would change, and check that the files load, without changing anything')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  npm run cli -- content import --dry-run\n  npm run cli -- content import\n  npm run cli -- content import my-course-copy --force')
    .action(async (folder: string | undefined, options: ContentFlags) => {
      const config = loadConfig();
      const from = folder ? fromWhereTyped(folder) : defaultEmailsDir();
      const where = label(folder);
      const run = rejectedAsLines(where, importer(config));
      // What will change, and whether the files load, before anything does.
      const preview = await run({ from, force: options.force, dryRun: true });
      if (!options.json) process.stdout.write(describePlan(where, preview));
      if (options.dryRun) {
        printResult(options, preview, 'Dry run: nothing was changed.');
        return;
      }
      const applied = await run({ from, force: options.force });
      const sameAsShown = describePlan(where, applied) === describePlan(where, preview);
      if (!options.json && !sameAsShown) process.stdout.write(`The content changed meanwhile; what was done:\n${describePlan(where, applied)}`);
      printResult(options, applied, describeImport(applied));
      if (!options.json) for (const w of applied.warnings) process.stderr.write(`${relabel(where, w.line ? `${w.file}:${w.line}` : w.file)}: warning: ${w.message}\n`);
    });
}

type Importer = (input: ContentImportInput & { from: string }) => Promise<ContentImportReport>;

function importer(config: Config): Importer {
  const app = runningApp(config);
  // npm start holds the built-in database: the running app imports (and starts serving) them.
  if (app) return (input) => app.post<ContentImportReport>('/content/import', { from: input.from, force: !!input.force, dryRun: !!input.dryRun });
  return (input) => withDatabase(config, async (sql) => (await importContentFolder(sql, { mainCourse: config.mainCourse }, input, systemClock.now())).report);
}

async function withDatabase<T>(config: Config, use: (sql: Awaited<ReturnType<typeof openDatabaseForCommand>>['sql']) => Promise<T>): Promise<T> {
  const database = await openDatabaseForCommand(config);
  try {
    return await use(database.sql);
  } finally {
    await database.close();
  }
}

/** Files that do not load: each problem by file and line, in the folder she named. */
function rejectedAsLines(where: string, run: Importer): Importer {
  return async (input) => {
    try {
      return await run(input);
    } catch (error) {
      if (error instanceof AppError && error.reason === 'content') {
        throw new CommandError(`${relabel(where, error.message)}\nNothing was imported. Fix the lines above and run the command again.`);
      }
      throw error;
    }
  };
}

function describePlan(where: string, report: ContentImportReport): string {
  const lines = [
    ...report.added.map((p) => `  new        ${where}/${p}`),
    ...report.changed.map((p) => `  changed    ${where}/${p}`),
    ...report.removed.map((p) => `  removed    ${where}/${p}  (the file is gone)`),
    ...report.conflicts.map((c) => `  left alone ${where}/${c.path}  (edited in the dashboard since it was last imported; add --force to replace that version with the file)`),
  ];
  const changes = report.added.length + report.changed.length + report.removed.length;
  const head = changes === 0 ? `Nothing to bring in from ${where}/ (${report.unchanged} file(s) unchanged).` : `From ${where}/ (${report.unchanged} file(s) unchanged):`;
  return `${[head, ...lines].join('\n')}\n`;
}

function describeImport(report: ContentImportReport): string {
  const parts = [`${report.added.length} new`, `${report.changed.length} changed`, `${report.removed.length} removed`];
  const kept = report.conflicts.length > 0 ? ` ${report.conflicts.length} file(s) edited in the dashboard were left alone.` : '';
  return `Imported: ${parts.join(', ')}.${kept} The app serves it from now on.`;
}

function describeExport(where: string, report: ContentExportReport): string {
  const lines = [`Wrote ${report.written.length} file(s) to ${where}/ (${report.unchanged} already up to date).`];
  for (const p of report.written) lines.push(`  written    ${where}/${p}`);
  for (const p of report.deleted) lines.push(`  deleted    ${where}/${p}  (removed in the dashboard; the app keeps its versions)`);
  for (const p of report.keptChanged) lines.push(`  left alone ${where}/${p}  (changed here since it was last imported: \`npm run cli -- content import\` brings it in, or export with --force to replace it)`);
  for (const p of report.leftAlone) lines.push(`  left alone ${where}/${p}  (not part of the course now; delete it if you do not need it)`);
  return lines.join('\n');
}

/** How messages name the folder: as she typed it, or emails. */
function label(folder: string | undefined): string {
  if (!folder) return 'emails';
  if (isAbsolute(folder)) return folder.replace(/(.)\/+$/, '$1');
  const typed = relative(process.env.INIT_CWD ?? process.cwd(), fromWhereTyped(folder)) || '.';
  return typed.replace(/\/+$/, '');
}

/** The use cases name files as emails/<path>; for another folder, its own name. */
function relabel(where: string, text: string): string {
  return where === 'emails' ? text : text.replace(/^emails\//gm, `${where}/`);
}

function fromWhereTyped(folder: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), folder);
}
