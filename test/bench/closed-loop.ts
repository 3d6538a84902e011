export interface ClosedLoopRound {
  /** Calls that finished inside the window, good or bad. */
  calls: number;
  /** Calls whose `call` answered with a reason instead of true, or threw. */
  failures: number;
  /** The first failure's reason, to say what went wrong. */
  firstFailure: string | null;
  seconds: number;
  latenciesMs: number[];
}

export interface ClosedLoopFigures {
  calls: number;
  failures: number;
  firstFailure: string | null;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * `concurrency` callers, each starting its next call as soon as its last one answered, for
 * `seconds`: the load of that many keep-alive clients, not an arrival rate. A slow answer
 * holds back its caller's next one, so latency and throughput are read from the same calls.
 * `call(n)` gets a number never given before in this process (for a fresh address per call).
 */
export async function runClosedLoop(options: {
  concurrency: number;
  seconds: number;
  call: (n: number) => Promise<true | string>;
}): Promise<ClosedLoopRound> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const at = performance.now();
      const outcome = await options.call(nextNumber++).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      latenciesMs.push(performance.now() - at);
      if (outcome !== true) {
        failures++;
        firstFailure ??= outcome;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  // Until the last caller's last answer, so every call counted finished inside this time.
  const seconds = (performance.now() - started) / 1000;
  return { calls: latenciesMs.length, failures, firstFailure, seconds, latenciesMs };
}

/** Several rounds of one side as one: calls over their summed time, percentiles over every call. */
export function combineRounds(rounds: ClosedLoopRound[]): ClosedLoopFigures {
  const latencies = rounds.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const at = (share: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? NaN;
  const calls = rounds.reduce((sum, r) => sum + r.calls, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return {
    calls,
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    firstFailure: rounds.find((r) => r.firstFailure)?.firstFailure ?? null,
    perSecond: calls / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

let nextNumber = 1;
