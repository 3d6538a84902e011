import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every child this bench started, so an interrupted run still stops them (by pid, nothing else). */
const children = new Set<ChildProcess>();

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

/**
 * Runs a TypeScript entry point as `node --import tsx <file>` (or a built .mjs with plain node). The `tsx` CLI would put a
 * supervisor process in front that relays signals to a second Node process; loading tsx as a
 * hook keeps it to one process, so the pid we sample for RSS is the one running the code.
 * The child's stdout and stderr go to our stderr: stdout is reserved for the result line.
 * `plainNode` runs an already compiled .mjs without the loader.
 */
export function spawnNodeScript(
  file: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv; nodeFlags?: string[]; label: string; onLine?: (line: string) => void; plainNode?: boolean },
): ChildProcess {
  const loader = options.plainNode ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, file, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child, options.label, options.onLine);
  return child;
}

/** A non-Node helper (redis-server) whose chatter is kept back unless it dies. */
export function spawnBinary(command: string, args: string[], label: string): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  track(child, label, (line) => void (recent.push(line) > 20 && recent.shift()), false);
  child.once('exit', (code) => {
    // Killed by a signal means we stopped it; a non-zero code means it failed on its own.
    if (code !== null && code !== 0) process.stderr.write(recent.map((line) => `  [${label}] ${line}\n`).join(''));
  });
  return child;
}

function track(child: ChildProcess, label: string, onLine?: (line: string) => void, echo = true) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        onLine?.(line);
        if (echo && line.trim()) process.stderr.write(`  [${label}] ${line}\n`);
      }
    });
  }
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

/** Clean-ups an interrupted run still owes (dropping its database), newest first. */
const interruptCleanups: Array<() => Promise<void>> = [];

export function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  interruptCleanups.push(cleanup);
  return () => void interruptCleanups.splice(interruptCleanups.indexOf(cleanup), 1);
}

/** Kills every child this bench started, then runs the owed clean-ups, each given a few seconds. */
export async function abandonRun(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const cleanup of interruptCleanups.reverse()) {
    await Promise.race([cleanup().catch(() => {}), sleep(5_000)]);
  }
}

/** Resolves with the child's exit, so a wait can fail fast when a worker dies. */
export function exitOf(child: ChildProcess, label: string): Promise<never> {
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${label} (pid ${child.pid}) exited early: code ${code}, signal ${signal}`)));
  });
  // Only a wait that races this promise cares; an exit at shutdown is expected.
  exited.catch(() => {});
  return exited;
}

/**
 * Samples VmHWM (the kernel's own peak-RSS mark) every `everyMs`. VmHWM alone would do, but the
 * process may be gone by the time we ask, so the highest sample seen is kept.
 */
export function sampleRss(pid: number, everyMs = 100): { peakMb(): number; stop(): number } {
  let peakKb = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has exited; the last sample stands.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  timer.unref();
  return {
    peakMb: () => peakKb / 1024,
    stop: () => {
      read();
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined/false. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, everyMs = 20, abort }: { timeoutMs?: number; everyMs?: number; abort?: Promise<never> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  abort?.catch(() => (aborted = true));
  const loop = (async () => {
    while (!aborted) {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(everyMs);
    }
    throw new Error(`stopped waiting for ${what}`);
  })();
  if (!abort) return loop;
  loop.catch(() => {});
  return Promise.race([loop, abort]);
}
