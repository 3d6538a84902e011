import type { Command } from 'commander';
import { createMailer } from '../runtime/bootstrap.js';
import { loadConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { readContent } from '../courses/stored-content.js';
import { systemClock } from '../clock.js';
import { sendTestEmail, type SendTestResult } from '../delivery/send-test.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabaseForCommand } from './open-database.js';
import { printResult, type GlobalOptions } from './output.js';
import { runningApp } from './running-app.js';

const stderrNotes = {
  info: () => {},
  warn: (message: string) => process.stderr.write(`${message}\n`),
} as unknown as Logger;

/** `npm run cli -- send-test FILE_OR_LESSON_ID EMAIL` */
export function sendTestCommand(program: Command): void {
  program
    .command('send-test')
    .description('Send yourself one lesson or newsletter, with sample details and [Test] before the subject.')
    .argument('<file-or-lesson-id>', 'a lesson id (what-mom-guilt-is), or a file (emails/newsletters/2026-12-gentle-december.md)')
    .argument('<email>', 'your own address')
    .option('--json', 'print one JSON object on stdout')
    .addHelpText('after', '\nExamples:\n  npm run cli -- send-test what-mom-guilt-is you@example.com\n  npm run cli -- send-test emails/newsletters/2026-12-gentle-december.md you@example.com')
    .action(async (target: string, email: string, options: GlobalOptions) => {
      const config = loadConfig();
      const app = runningApp(config);
      // The mailbox of the app that sends it: the running app's APP_URL, else this one's.
      const where = config.resendApiKey
        ? 'Look in your inbox in a minute.'
        : config.devMailbox
          ? `It is in the dev mailbox: ${app?.appUrl ?? config.appUrl}/dev/mailbox`
          : 'It is in the dev mailbox, whose pages are off because the app is not on this machine alone.';
      if (app) {
        // npm start holds the built-in database: the running app sends it, with the same code.
        const sent = await app.post<SendTestResult>('/test-sends', { target: resolveFileTarget(target), email });
        printResult(options, sent, `Sent "${sent.subject}" to ${sent.to} (from ${sent.file}), through the running app. ${where}`);
        return;
      }
      const database = await openDatabaseForCommand(config);
      try {
        const { catalog } = await readContent(database.sql, { mainCourse: config.mainCourse }, systemClock.now());
        // Only the one line a person needs, on stderr: where the email will go.
        const mailer = createMailer(config, database.db, stderrNotes);
        const sent = await sendTestEmail({ config, catalog, db: database.db, mailer }, { target, email });
        printResult(options, sent, `Sent "${sent.subject}" to ${sent.to} (from ${sent.file}). ${where}`);
      } finally {
        await database.close();
      }
    });
}

// The app may run in another folder than this shell: a file is sent as an absolute path.
function resolveFileTarget(target: string): string {
  return /\.(md|tsx)$/.test(target) && existsSync(target) ? resolve(target) : target;
}
