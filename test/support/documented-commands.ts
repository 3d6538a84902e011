import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the tests of one `npm test` write each command line they ran as typed (global-setup.ts). */
export const COMMANDS_LOG_ENV = 'RMG_COMMANDS_RAN_LOG';

/**
 * The commands no test of the suite runs, and why. Everything else a doc names must be run, as
 * written, by some test of the same `npm test`, or the run fails (global-setup.ts).
 */
export const NOT_RUN_BY_THE_SUITE: Record<string, string> = {
  'npm test': 'it is this run (.ci/run calls it)',
  'npm run bench': 'prints its figures for a person to read; run by hand, never timed in a test',
  'npm run bench -- --scale': 'likewise: a few minutes of seeding a million rows, run by hand',
};

/** Every `npm …` line of the ```sh blocks of README.md and docs/, as a person would type it. */
export function documentedCommands(): Array<{ doc: string; command: string }> {
  const docs = ['README.md', ...readdirSync(join(PROJECT, 'docs')).map((f) => `docs/${f}`)];
  return docs.flatMap((doc) => commandsIn(readFileSync(join(PROJECT, doc), 'utf8')).map((command) => ({ doc, command })));
}

export function commandsIn(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line.startsWith('npm ')) commands.push(line);
    }
  }
  return commands;
}

/**
 * Notes that a test ran `line` exactly as a person types it (through a shell, in the project or
 * her folder). A multi-line block counts for each `npm …` line in it.
 */
export function recordCommandRun(line: string): void {
  const log = process.env[COMMANDS_LOG_ENV];
  if (!log) return;
  const lines = line.includes('\n') ? commandsIn('```sh\n' + line + '\n```') : [line.trim()];
  for (const command of lines) appendFileSync(log, `${JSON.stringify(command)}\n`);
}
