import { describe, expect, it } from 'vitest';
import { coalesceKicks } from '../../src/queue/coalesced-kicks.js';
import { sleep, waitFor } from '../support/wait-for.js';

/** A send that lands when the test says so, and remembers when each one started. */
function controlledSend() {
  const started: number[] = [];
  const landings: Array<{ land: () => void; fail: (error: Error) => void }> = [];
  let sends = 0;
  return {
    started,
    landings,
    get sends() {
      return sends;
    },
    send: () =>
      new Promise<void>((resolve, reject) => {
        sends++;
        started.push(performance.now());
        landings.push({ land: resolve, fail: reject });
      }),
  };
}

describe('coalesceKicks', () => {
  it('sends the first kick at once and a burst behind it as one more, after the quiet time', async () => {
    const s = controlledSend();
    const kicks = coalesceKicks(s.send, 300);
    const first = kicks.kick();
    const calledAt = performance.now();
    const burst = Array.from({ length: 100 }, () => kicks.kick());
    expect(s.sends).toBe(1);
    s.landings[0]!.land();
    await first;
    const landedAt = performance.now();
    // Not a look after a short sleep (a busy machine can stretch 20 ms past the whole window):
    // the second kick's own start time shows it waited out the quiet time.
    await waitFor('the second kick', () => s.sends === 2, 2_000, { everyMs: 5 });
    expect(s.started[1]! - landedAt).toBeGreaterThanOrEqual(290);
    // Each caller's kick started after its call.
    expect(s.started[1]!).toBeGreaterThan(calledAt);
    s.landings[1]!.land();
    await Promise.all(burst);
    expect(s.sends).toBe(2);
  });

  it('sends at once again once the quiet time is over', async () => {
    const s = controlledSend();
    const kicks = coalesceKicks(s.send, 20);
    const first = kicks.kick();
    s.landings[0]!.land();
    await first;
    await sleep(60);
    void kicks.kick();
    expect(s.sends).toBe(2);
  });

  it('rejects the callers whose kick failed, and tries again for the next', async () => {
    const s = controlledSend();
    const kicks = coalesceKicks(s.send, 10);
    const first = kicks.kick();
    const second = kicks.kick();
    s.landings[0]!.fail(new Error('redis is away'));
    await expect(first).rejects.toThrow('redis is away');
    await waitFor('the second kick', () => s.sends === 2, 2_000, { everyMs: 5 });
    s.landings[1]!.fail(new Error('still away'));
    await expect(second).rejects.toThrow('still away');
    await sleep(40);
    const third = kicks.kick();
    expect(s.sends).toBe(3);
    s.landings[2]!.land();
    await expect(third).resolves.toBeUndefined();
  });

  it('flush sends a waiting kick without waiting out the quiet time', async () => {
    const s = controlledSend();
    const kicks = coalesceKicks(s.send, 60_000);
    const first = kicks.kick();
    s.landings[0]!.land();
    await first;
    const waiting = kicks.kick();
    expect(s.sends).toBe(1);
    const flushed = kicks.flush();
    expect(s.sends).toBe(2);
    s.landings[1]!.land();
    await flushed;
    await waiting;
  });
});
