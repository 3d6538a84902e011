import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { CourseDefinitionError } from '../courses/authoring-problem.js';
import { AppError } from '../errors.js';
import { commandLineMessage } from './error-words.js';
import { CommandError } from './open-database.js';
import { broadcastCommand } from './broadcast.js';
import { contentCommand } from './content.js';
import { sendTestCommand } from './send-test.js';
import { subscribersCommand } from './subscribers.js';

/**
 * `npm run cli -- <command>`: the therapist's and the operator's commands, thin faces over the
 * same use cases as the HTTP routes. A failure prints what went wrong and what to do, once, on
 * stderr, and exits 1; never a stack trace.
 */
const program = new Command('cli')
  .description('Commands for the course: run `npm run cli -- <command> --help` for each.')
  .exitOverride()
  .showHelpAfterError('(add --help to see what it takes)');

/** With --json a failure is also one JSON object on stdout, so a script can read it. */
const json = process.argv.includes('--json');
function fail(code: string, message: string): void {
  process.stderr.write(`${message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  process.exitCode = 1;
}
sendTestCommand(program);
broadcastCommand(program);
subscribersCommand(program);
contentCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    if (json && error.exitCode !== 0) process.stdout.write(`${JSON.stringify({ error: { code: 'invalid_command', message: error.message.replace(/^error: /, '') } })}\n`);
  } else if (error instanceof AppError) {
    fail(error.code, commandLineMessage(error));
  } else if (error instanceof CommandError || error instanceof ConfigError || error instanceof CourseDefinitionError) {
    fail('command_failed', error.message);
  } else {
    fail('internal', `Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}`);
  }
}
