import type { ChildProcess } from 'node:child_process';
import { signalProcessGroup } from './child-process.js';

/**
 * Children that must not outlive the process that started them: a test file that dies before
 * its afterAll, a bench interrupted mid-run. A worker left behind keeps sending against a
 * database that is being dropped; a private redis-server keeps its port and memory.
 */
const live = new Map<ChildProcess, { group: boolean }>();

/** `group`: the child leads a process group of its own (spawned `detached`), and all of it goes. */
export function reapWithUs(child: ChildProcess, { group = false } = {}): void {
  live.set(child, { group });
  child.once('exit', () => live.delete(child));
}

/** SIGKILL to every child still running; synchronous, so it also works from an 'exit' handler. */
export function killLiveChildren(): void {
  for (const [child, { group }] of live) {
    try {
      if (group) signalProcessGroup(child.pid!, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Nothing more can be done on the way out.
    }
  }
}

process.once('exit', killLiveChildren);
