export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  everyMs?: number;
  /**
   * Fails the wait as soon as this rejects (see exitOf in child-process.ts), instead of polling on
   * for the whole timeout after the process that should have answered is gone.
   */
  abort?: Promise<never>;
}

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

/** Polls until `check` returns a truthy value; fails with `what` after `timeoutMs`, or when `abort` rejects. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  { everyMs = 50, abort }: WaitOptions = {},
): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  abort?.catch(() => (aborted = true));
  const loop = (async () => {
    while (!aborted) {
      const value = await check();
      if (value) return value as Truthy<T>;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(everyMs);
    }
    throw new Error(`stopped waiting for ${what}`);
  })();
  if (!abort) return loop;
  // The loop's own rejection after an abort is noise: the race already carries the abort's reason.
  loop.catch(() => {});
  return Promise.race([loop, abort]);
}
