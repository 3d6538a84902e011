/**
 * At most this many scrypt checks run at once in a process. Each takes ~150 ms of a core and
 * 16 MiB; they run on libuv's thread pool (4 threads), which file reads and DNS also need.
 */
export const CONCURRENT_PASSWORD_CHECKS = 2;
/** Checks that may wait for a turn; beyond this a login is told to come back in a second. */
export const WAITING_PASSWORD_CHECKS = 16;

export interface PasswordChecks {
  /** Runs `check` when a turn is free; `busy` without running it when too many are waiting. */
  run<T>(check: () => Promise<T>): Promise<{ kind: 'done'; value: T } | { kind: 'busy' }>;
}

/**
 * A cap on concurrent password checks for the whole process. The per-client budget alone does
 * not bound them: many clients (or one with many addresses) each get their own ten.
 */
export function createPasswordChecks(concurrent = CONCURRENT_PASSWORD_CHECKS, waiting = WAITING_PASSWORD_CHECKS): PasswordChecks {
  let running = 0;
  const queue: Array<() => void> = [];
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(check) {
      if (running >= concurrent) {
        if (queue.length >= waiting) return { kind: 'busy' };
        // The turn is handed over by release(): `running` stays counted for the waiter.
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        running++;
      }
      try {
        return { kind: 'done', value: await check() };
      } finally {
        release();
      }
    },
  };
}
