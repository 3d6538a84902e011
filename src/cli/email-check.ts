import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { checkEmails } from '../checks/check-emails.js';
import { formatProblem } from '../checks/problem.js';
import { loadConfig } from '../config.js';
import { itemProgress } from './progress-bar.js';
import { checkContextFromDatabase } from './sent-lessons.js';

/**
 * `npm run email:check`: every lesson, confirmation and newsletter in emails/, rendered and
 * checked. Problems go to stdout, one line each; exit status 1 when any is an error.
 */
const program = new Command('email:check')
  .description('Check every lesson, template and newsletter in emails/ before it reaches anyone.')
  .option('--json', 'print one JSON object with every problem, for scripts')
  .option('--no-spam', 'skip the SpamAssassin score (about two seconds for each email changed since the last check)')
  .option('--no-database', 'do not ask the database which lessons were already sent')
  .option('--dir <folder>', 'check another emails folder (a copy, say) instead of emails/')
  .addHelpText('after', '\nExample:\n  npm run email:check\n  npm run email:check -- --json');
program.parse();
const options = program.opts<{ json?: boolean; spam: boolean; database: boolean; dir?: string }>();

const note = (line: string) => process.stderr.write(`${line}\n`);
const config = loadConfig();
// One question to the app (or its database) for both: what was sent, and her content as stored.
// A copy in another folder is checked as it stands.
const context = options.database ? checkContextFromDatabase(config, note) : Promise.resolve(null);
const progress = itemProgress('Checking');
const report = await checkEmails({
  emailsDir: options.dir ? resolve(options.dir) : undefined,
  spam: options.spam,
  spamCacheFile: join(config.dataDir, 'spam-scores.json'),
  sentLessonIds: options.database ? async () => (await context)?.sent ?? null : undefined,
  storedDocuments: options.database && !options.dir ? async () => (await context)?.stored ?? null : undefined,
  onEmailChecked: ({ file, done, total }) => progress.done(file, done, total),
}).finally(() => progress.stop());
const errors = report.problems.filter((p) => p.severity === 'error').length;
const warnings = report.problems.length - errors;

if (options.json) {
  process.stdout.write(`${JSON.stringify({ ok: errors === 0, emails: report.emails, errors, warnings, spamChecked: report.spamChecked, spamScored: report.spamScored, problems: report.problems })}\n`);
} else {
  for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`);
  if (options.spam && !report.spamChecked) note('The spam score was not checked: SpamAssassin is not installed (on Debian: apt-get install spamassassin).');
  const summary =
    errors === 0
      ? `Checked ${report.emails} emails: all good${warnings ? `, with ${warnings} warning${warnings === 1 ? '' : 's'} worth a look` : ''}.`
      : `Checked ${report.emails} emails: ${errors} problem${errors === 1 ? '' : 's'} to fix${warnings ? ` and ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}. Nothing was sent or changed.`;
  process.stdout.write(`${summary}\n`);
}
process.exitCode = errors === 0 ? 0 : 1;
