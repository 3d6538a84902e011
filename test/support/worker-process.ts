import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { signalProcessGroup } from './child-process.js';
import { spawnNodeProcess } from './node-process.js';

/** One pino line from a worker, with the time the test saw it. */
export interface WorkerLogLine {
  msg?: string;
  level?: number;
  seenAt: number;
  [field: string]: unknown;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface WorkerProcess {
  name: string;
  /** The `tsx` supervisor's pid; the Node process running workers/main.ts is its child. */
  pid: number;
  logs: WorkerLogLine[];
  /** Everything the process wrote that was not a JSON log line (stack traces, tsx errors). */
  otherOutput(): string;
  exited: Promise<WorkerExit>;
  isRunning(): boolean;
  /** Resolves with the first log line matching `predicate`; rejects if the process exits first. */
  waitForLog(predicate: (line: WorkerLogLine) => boolean, timeoutMs?: number): Promise<WorkerLogLine>;
  /** SIGTERM to the supervisor, as an orchestrator stopping the container would send it. */
  terminate(): void;
  /**
   * kill -9 of the whole process group. Killing only the tsx supervisor would leave the Node
   * process that does the work running as an orphan, which is no crash at all.
   */
  kill(): Promise<WorkerExit>;
}

/** What killAllWorkers ends; the reaper ends them too should this process die before afterAll. */
const running = new Set<WorkerProcess>();

/**
 * Starts `tsx workers/main.ts` exactly as `npm run start:worker` does, in a process group of its
 * own so a test can kill -9 all of it.
 */
export function spawnWorker(name: string, env: Record<string, string>): WorkerProcess {
  const logs: WorkerLogLine[] = [];
  let other = '';
  const listeners = new Set<() => void>();
  const child: ChildProcess = spawnNodeProcess('workers/main.ts', {
    launcher: 'tsx-cli',
    env,
    detached: true,
    onLine(line) {
      try {
        logs.push({ ...(JSON.parse(line) as object), seenAt: Date.now() });
      } catch {
        other += `${line}\n`;
      }
      for (const listener of listeners) listener();
    },
  });

  let exit: WorkerExit | null = null;
  const exited = new Promise<WorkerExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal, at: Date.now() };
      running.delete(worker);
      for (const listener of listeners) listener();
      resolve(exit);
    });
  });

  const worker: WorkerProcess = {
    name,
    pid: child.pid!,
    logs,
    otherOutput: () => other,
    exited,
    isRunning: () => exit === null,
    waitForLog(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs.find(predicate);
          if (found) return done(() => resolve(found));
          if (exit) return done(() => reject(new Error(`${name} exited (${exit!.code ?? exit!.signal}) first:\n${other}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${name}: no matching log line in ${timeoutMs} ms:\n${other}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    terminate() {
      if (exit === null) child.kill('SIGTERM');
    },
    async kill() {
      if (exit === null) signalProcessGroup(child.pid!, 'SIGKILL');
      return exited;
    },
  };
  running.add(worker);
  return worker;
}

/** For afterAll: kill -9 every worker process this file started and is still running. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.kill()));
}

/** A worker is ready once it has logged that its BullMQ workers are running. */
export const startedLine = (line: WorkerLogLine) => line.msg === 'worker started';

/**
 * Deletes this test's queue keys (`<prefix>:*`) and nothing else: other test files use the same
 * Redis at the same time, so FLUSHALL/FLUSHDB on it are never an option.
 */
export async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
