import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS_LOG_ENV, documentedCommands, NOT_RUN_BY_THE_SUITE } from './documented-commands.js';

let dir: string | null = null;

/**
 * Every command the README and docs/ name is run as written by some test of this run, or the run
 * fails. Each test that runs a command through a shell records it (recordCommandRun); at the end
 * of a whole-suite run, a documented command that nothing ran is named and the exit code is 1.
 * A run of some files only (`npx vitest run test/cli`) cannot tell, and does not judge.
 */
export function setup(): void {
  dir = mkdtempSync(join(tmpdir(), 'rmg-commands-'));
  const log = join(dir, 'ran.jsonl');
  writeFileSync(log, '');
  process.env[COMMANDS_LOG_ENV] = log;
}

export function teardown(): void {
  if (!dir) return;
  const log = process.env[COMMANDS_LOG_ENV]!;
  const ran = new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string));
  rmSync(dir, { recursive: true, force: true });
  if (!wholeSuite()) return;
  const missing = documentedCommands().filter(({ command }) => !ran.has(command) && !Object.hasOwn(NOT_RUN_BY_THE_SUITE, command));
  if (missing.length === 0) return;
  console.error(`\nDocumented commands that no test ran as written:\n${missing.map(({ doc, command }) => `  ${doc}: ${command}`).join('\n')}\n`);
  process.exitCode = 1;
}

/** `vitest run` with no file filter and no test-name filter: the whole suite ran. */
function wholeSuite(): boolean {
  const args = process.argv.slice(process.argv.findIndex((a) => /vitest(\.mjs)?$/.test(a)) + 1).filter((a) => a !== 'run');
  return !args.some((a) => !a.startsWith('-') || a === '-t' || a.startsWith('--testNamePattern') || a.startsWith('--project'));
}
