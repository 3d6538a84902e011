export interface CoalescedKicks {
  /** Resolves once a kick that started after this call has landed; rejects if that one failed. */
  kick(): Promise<void>;
  /** Sends a kick still waiting for its turn now, and waits for what is on its way (for close). */
  flush(): Promise<void>;
}

/**
 * One process's kicks of the dispatcher, made one. The first goes at once. Those made while it is
 * on its way, or within `quietMs` after it landed (Redis would drop them as duplicates of it),
 * wait and go as a single kick at the end of that time.
 *
 * A kick only says "read Postgres soon", so one that starts after a caller's commit serves every
 * caller before it; each caller's kick starts after its call, never before. At a signup per
 * request this turns a BullMQ add per signup (a Lua script over a dozen keys, a third of Redis's
 * and a tenth of the web process's time) into a few per second. A kick lost with its process is
 * what the reconciler's tick is for.
 */
export function coalesceKicks(send: () => Promise<void>, quietMs: number): CoalescedKicks {
  let sending: Promise<void> | null = null;
  let quietUntil = 0;
  let next: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const start = (): Promise<void> => {
    const sent = send().finally(() => {
      sending = null;
      quietUntil = Date.now() + quietMs;
      if (next) {
        timer = setTimeout(release, quietMs);
        // A process on its way out does not wait for a kick; close() flushes it instead.
        timer.unref();
      }
    });
    sending = sent;
    return sent;
  };
  const release = () => {
    timer = null;
    const waiting = next!;
    next = null;
    start().then(waiting.resolve, waiting.reject);
  };

  return {
    kick() {
      if (next) return next.promise;
      if (!sending && Date.now() >= quietUntil) return start();
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      next = { promise, resolve, reject };
      if (!sending) {
        timer = setTimeout(release, quietUntil - Date.now());
        timer.unref();
      }
      return promise;
    },
    async flush() {
      if (sending) await sending.catch(() => {});
      if (timer) {
        clearTimeout(timer);
        release();
      }
      if (sending) await sending.catch(() => {});
    },
  };
}
