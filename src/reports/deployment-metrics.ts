import { Counter, Gauge, Registry } from 'prom-client';
import type { AppContext } from '../context.js';

/** BullMQ's own states; `prioritized` holds the newsletters' jobs waiting behind lessons. */
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
/** A scrape must answer even when Redis or Postgres does not; ioredis would wait for Redis forever. */
const SOURCE_TIMEOUT_MS = 2_000;

/** The names Prometheus shows: a delivery of kind `broadcast` is a newsletter. */
const KIND_LABEL: Record<string, string> = { lesson: 'lesson', broadcast: 'newsletter', confirmation: 'confirmation' };

function within<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${SOURCE_TIMEOUT_MS} ms`)), SOURCE_TIMEOUT_MS).unref()),
  ]);
}

/**
 * The figures of the whole deployment, read from Redis and Postgres at scrape time, so that one
 * scrape of any web process sees them all and they survive every restart:
 * - each queue's jobs by state, from BullMQ's Queue.getJobCounts (a few O(1) Redis calls).
 *   Not BullMQ's exportPrometheusMetrics: it writes HELP and TYPE for every queue again, which
 *   makes two queues one invalid exposition.
 * - emails sent, failed and cancelled by kind, from `email_totals`: running totals that a trigger
 *   on `deliveries` keeps per (kind, status) as rows change status (migration 0015). A scrape
 *   reads those few rows, however many deliveries there are; grouping a million deliveries on
 *   every scrape would be a full scan, and an index on status would be maintained on every row
 *   of the 8:00 burst. Erasing a subscriber deletes her deliveries but not these counts, so they
 *   only ever grow, as a counter must. Test sends come from `test_sends` (a handful of rows).
 *
 * When a source does not answer, its figures keep their last values and rmg_metrics_source_up
 * says so, rather than the whole scrape failing.
 */
interface Readings {
  /** Per queue name, its jobs by state; null when Redis did not answer. */
  queues: Map<string, Record<string, number>> | null;
  /** Rows of (kind, status, emails); null when Postgres did not answer. */
  emails: Array<{ kind: string; status: string; emails: string }> | null;
}

export function createDeploymentMetrics(ctx: Pick<AppContext, 'sql' | 'queues' | 'logger'>): Registry {
  const readQueues = async () => {
    const queues = [ctx.queues.dispatch, ctx.queues.send];
    const counts = await within(Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES))));
    return new Map(queues.map((queue, i) => [queue.name, counts[i]!]));
  };
  const readEmails = () =>
    within(ctx.sql<{ kind: string; status: string; emails: string }[]>`
      select kind, status, emails from email_totals
      union all
      select 'test', status, count(*) from test_sends where status in ('sent', 'failed') group by status`);
  const failed = (what: string) => (error: unknown) => {
    ctx.logger.warn({ err: error }, `metrics: could not read ${what}`);
    return null;
  };
  // prom-client collects every metric of a scrape at once: they share one reading of the sources.
  let reading: Promise<Readings> | null = null;
  const read = () =>
    (reading ??= Promise.all([readQueues().catch(failed('the queues from Redis')), readEmails().catch(failed('the email totals from Postgres'))])
      .then(([queues, emails]) => ({ queues, emails }))
      .finally(() => (reading = null)));

  const registry = new Registry();
  const registers = [registry];
  new Gauge({
    name: 'rmg_metrics_source_up',
    help: 'Whether this scrape could read its figures from the source (1) or kept the last ones (0)',
    labelNames: ['source'],
    registers,
    async collect() {
      const { queues, emails } = await read();
      this.set({ source: 'redis' }, queues ? 1 : 0);
      this.set({ source: 'postgres' }, emails ? 1 : 0);
    },
  });

  new Gauge({
    name: 'rmg_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (finished jobs are removed, so failed stays near 0: Postgres keeps the outcome)',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      const { queues } = await read();
      for (const [queue, counts] of queues ?? []) {
        for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });

  new Counter({
    name: 'rmg_emails_total',
    help: 'Emails by kind (lesson, newsletter, confirmation, test) and status (sent, failed, cancelled), since the database was created',
    labelNames: ['kind', 'status'],
    registers,
    async collect() {
      const { emails } = await read();
      if (!emails) return;
      this.reset();
      for (const kind of [...Object.values(KIND_LABEL), 'test']) {
        for (const status of ['sent', 'failed', 'cancelled']) this.inc({ kind, status }, 0);
      }
      for (const row of emails) this.inc({ kind: KIND_LABEL[row.kind] ?? row.kind, status: row.status }, Number(row.emails));
    },
  });
  return registry;
}
