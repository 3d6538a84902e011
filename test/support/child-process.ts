import type { ChildProcess } from 'node:child_process';

/** Calls `onLine` for every complete line the child writes, stdout and stderr alike. */
export function forEachOutputLine(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        onLine(line);
      }
    });
  }
}

/** Rejects with the child's exit, so a wait can fail fast when the process it waits on dies. */
export function exitOf(child: ChildProcess, label: string): Promise<never> {
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${label} (pid ${child.pid}) exited early: code ${code}, signal ${signal}`)));
  });
  // Only a wait that races this promise cares; an exit at shutdown is expected.
  exited.catch(() => {});
  return exited;
}

/** SIGTERM, then SIGKILL if the child has not gone after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Signals every process in the group `pid` leads (a child spawned `detached`); one already gone is no error. */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Whether any process of the group `pid` leads (a child spawned `detached`) is still running. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Asks every process of the group `pid` leads to stop (SIGTERM), kills what is left after
 * `graceMs`, and resolves once none of them is running: the leader (a shell, npm) may be gone
 * long before the app under it has closed its files.
 */
export async function stopProcessGroup(pid: number, graceMs = 10_000): Promise<void> {
  signalProcessGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) signalProcessGroup(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
}
