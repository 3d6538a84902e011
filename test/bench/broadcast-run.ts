import { createBroadcast } from '../../src/broadcasts/create.js';
import type { BroadcastSummary } from '../../src/broadcasts/query.js';
import { loadConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { insertReaders } from '../support/seed.js';
import { waitFor } from '../support/wait-for.js';
import { startEngineWorkers, type WorkerSetup } from './engine-workers.js';
import { log } from './progress.js';
import { tallyProvider, waitForAccepted, type ProviderTally } from './provider-tally.js';
import { openStage, stageEnv } from './stage.js';

export interface BroadcastRunResult extends ProviderTally {
  recipientsRecorded: number;
  /** createBroadcast, start to commit: the whole recipient set written in one statement. */
  recordSeconds: number;
  /** From the commit (and the dispatcher's kick) to the last email the fake accepted. */
  sendSeconds: number;
  emailsPerS: number;
  deliveriesSent: number;
  workerPeakRssMb: number;
}

/**
 * A newsletter to `recipients` confirmed subscribers, through the same worker processes as the
 * course burst: recorded by the real use case, sent to the fake with no rate limit.
 */
export async function runBroadcastDelivery(options: { recipients: number; worker: WorkerSetup; fakePlacement: 'process' | 'inline'; rate: number }): Promise<BroadcastRunResult> {
  const stage = await openStage('broadcast', { placement: options.fakePlacement });
  try {
    const workers = await startEngineWorkers(stage, options.worker, options.rate);
    try {
      log(`broadcast: seeding ${options.recipients} confirmed subscribers`);
      await stage.db.sql.begin(async (tx) => {
        await tx`with fresh as (${insertReaders(tx, options.recipients, { tag: 'letter', mixed: true })}) select count(*) from fresh`;
        await tx`analyze subscribers`;
      });
      const config = loadConfig(stageEnv(stage));
      const ctx: AppContext = {
        config,
        db: stage.db.db,
        sql: stage.db.sql,
        clock: systemClock,
        queues: stage.queues,
        redis: stage.connection,
        logger: silentLogger,
        catalog: await loadCatalogOrThrow({}),
        schedule: new Map(),
      };
      const startedAt = Date.now();
      const created = (await createBroadcast(ctx, { file: 'emails/newsletters/2026-12-gentle-december.md', audience: 'all' })) as BroadcastSummary;
      const recordedAt = Date.now();
      log(`broadcast: ${created.recipients} recipients recorded in ${((recordedAt - startedAt) / 1000).toFixed(2)}s`);
      await waitForAccepted(stage.fake, options.recipients, { label: 'broadcast', abort: workers.crashed });
      await waitFor('the broadcast to be recorded as sent', async () => {
        const [row] = await stage.db.sql<{ status: string }[]>`select status from broadcasts where id = ${created.id}`;
        return row?.status === 'sent';
      }, 30_000).catch((error: Error) => log(`broadcast: ${error.message}`));
      const tally = await tallyProvider(stage.fake, options.recipients);
      const [counts] = await stage.db.sql<{ sent: number }[]>`select count(*) filter (where status = 'sent')::int as sent from deliveries`;
      const workerPeakRssMb = await workers.stop();
      const sendSeconds = (tally.lastAcceptedAt - recordedAt) / 1000;
      return {
        ...tally,
        recipientsRecorded: created.recipients,
        recordSeconds: (recordedAt - startedAt) / 1000,
        sendSeconds,
        emailsPerS: tally.recipients / sendSeconds,
        deliveriesSent: counts!.sent,
        workerPeakRssMb,
      };
    } finally {
      await workers.stop();
    }
  } finally {
    await stage.close();
  }
}
