import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { recordCommandRun } from './documented-commands.js';

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command line exactly as a person types it (through bash, in the project folder), so a
 * test of a documented command proves the command itself, not the function behind it.
 */
export function runCommand(line: string, options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<CommandResult> {
  recordCommandRun(line);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], {
      cwd: options.cwd ?? PROJECT_DIR,
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
      reject(new Error(`"${line}" did not finish within ${options.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
