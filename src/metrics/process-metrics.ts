import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** What a provider call came to: the Mailer's result kinds, `sent` when the provider accepted it. */
export type ProviderCallOutcome = 'sent' | 'rate_limited' | 'transient' | 'conflict' | 'permanent';

/**
 * What one process counts as it works, and only it can see: a provider call's latency, the
 * dispatcher's tick, a signup it answered. Each process has its own (workers on METRICS_PORT,
 * the web process on /metrics), and Prometheus adds them up across its targets: summing at query
 * time is what counters are for, and it needs no shared store on the send path.
 *
 * Figures that belong to the deployment rather than to a process (queue depths, emails by kind
 * and status) are read at scrape time instead: see deployment-metrics.ts.
 */
export interface ProcessMetrics {
  registry: Registry;
  providerCalls: Counter<'outcome'>;
  providerCallSeconds: Histogram<'outcome'>;
  dispatchSeconds: Histogram<'reason'>;
  signups: Counter<'outcome'>;
  confirmations: Counter;
  webhookEventsApplied: Counter<'type'>;
}

export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  // CPU, memory, event-loop lag, GC: the usual Node process figures, under their usual names.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    providerCalls: new Counter({
      name: 'rmg_provider_calls_total',
      help: 'Calls to the email provider (one per batch of up to 100 emails) by outcome; rate_limited is a 429',
      labelNames: ['outcome'],
      registers,
    }),
    providerCallSeconds: new Histogram({
      name: 'rmg_provider_call_duration_seconds',
      help: 'Time from sending a provider call to its answer, by outcome (the pacing wait before it is not counted)',
      labelNames: ['outcome'],
      // Resend answers a batch in a few hundred ms; RESEND_TIMEOUT (15 s) ends the slowest.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30],
      registers,
    }),
    dispatchSeconds: new Histogram({
      name: 'rmg_dispatch_duration_seconds',
      help: 'One pass of the dispatcher (materialise due lessons, start newsletters, reconcile, apply webhook events), by what started it',
      labelNames: ['reason'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    signups: new Counter({
      name: 'rmg_signups_total',
      help: 'Signups this process answered (form and API): accepted, rate_limited, or trapped by the honeypot',
      labelNames: ['outcome'],
      registers,
    }),
    confirmations: new Counter({
      name: 'rmg_confirmations_total',
      help: 'Confirmation links that succeeded in this process (a second click on one counts again)',
      registers,
    }),
    webhookEventsApplied: new Counter({
      name: 'rmg_webhook_events_applied_total',
      help: 'Provider webhook events applied by this process, by event type',
      labelNames: ['type'],
      registers,
    }),
  };
}
