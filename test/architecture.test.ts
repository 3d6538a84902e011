import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR, runCommand } from './support/run-command.js';

/** Every source file below the faces: what a use case may say is worded for no one interface. */
function useCaseFiles(dir = join(PROJECT_DIR, 'src')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['http', 'cli', 'runtime'].includes(relative(join(PROJECT_DIR, 'src'), path)) ? [] : useCaseFiles(path);
    return /\.tsx?$/.test(name) && name !== 'main.ts' ? [path] : [];
  });
}

describe('the shape of src/', () => {
  it('depends one way: the dependency rule passes (npm run deps, as CI runs it)', { timeout: 60_000 }, async () => {
    const result = await runCommand('npm run -s deps');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('no dependency violations found');
  });

  it('has no use case whose message names a command-line flag or command', () => {
    const offending: string[] = [];
    for (const file of useCaseFiles()) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Code and comments may name a flag; a message (a string a person reads) may not.
          const strings = line.replace(/^\s*(\/\/|\*).*$/, '').match(/(['"`])(?:(?!\1).)*\1/g) ?? [];
          if (strings.some((s) => /(^|\s)--[a-z][a-z-]+|npm run /.test(s))) offending.push(`${relative(PROJECT_DIR, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
