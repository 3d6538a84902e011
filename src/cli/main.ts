import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { CourseDefinitionError } from '../courses/authoring-problem.js';
import { AppError } from '../errors.js';
import { CommandError } from './open-database.js';
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
  .showHelpAfterError();
sendTestCommand(program);
subscribersCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof AppError || error instanceof CommandError || error instanceof ConfigError || error instanceof CourseDefinitionError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`Something unexpected went wrong: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
