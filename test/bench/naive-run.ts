import { loadCourse } from '../../emails/load-course.js';
import { lessonTemplateKey } from '../../src/mail/templates.js';
import { workerEnvironment } from './engine-workers.js';
import { createNaiveQueue } from './naive-queue.js';
import { exitOf, log, sampleRss, spawnNodeScript, stopChild, waitUntil } from './processes.js';
import { tallyProvider, waitForAccepted, type ProviderTally } from './provider-tally.js';
import { seedLoneDeliveries } from './seed.js';
import { openStage } from './stage.js';

export interface NaiveRunResult extends ProviderTally {
  emails: number;
  seconds: number;
  emailsPerS: number;
  workerPeakRssMb: number;
}

/**
 * The same kind of email through the naive pipeline (test/bench/naive-worker.ts), against the
 * same Postgres, a private Redis and the same fake: the clock runs from adding the jobs to the
 * last email's arrival at the fake.
 */
export async function runNaiveDelivery(options: {
  emails: number;
  concurrency: number;
  fakePlacement: 'process' | 'inline';
}): Promise<NaiveRunResult> {
  const stage = await openStage('naive', { placement: options.fakePlacement });
  const queue = createNaiveQueue(stage.connection, stage.queuePrefix);
  try {
    // Lesson 1, the one the engine's run sends too.
    const template = lessonTemplateKey(await loadCourse(), 0);
    const deliveryIds = await seedLoneDeliveries(stage.db.sql, options.emails, template);
    const child = spawnNodeScript('test/bench/naive-worker.ts', {
      args: ['--prefix', stage.queuePrefix, '--concurrency', String(options.concurrency)],
      env: workerEnvironment({
        DATABASE_URL: stage.db.url,
        REDIS_URL: stage.redis.url,
        RESEND_API_KEY: 're_bench',
        RESEND_BASE_URL: stage.fake.url,
      }),
      label: 'naive',
    });
    const rss = sampleRss(child.pid!);
    try {
      await waitUntil('the naive worker to register', async () => (await queue.getWorkersCount()) >= 1, {
        timeoutMs: 60_000,
        abort: exitOf(child, 'naive worker'),
      });
      log(`naive: worker pid ${child.pid} ready; adding ${options.emails} jobs, one per email`);
      const startedAt = Date.now();
      for (let i = 0; i < deliveryIds.length; i += 1_000) {
        await queue.addBulk(deliveryIds.slice(i, i + 1_000).map((deliveryId) => ({ name: 'send', data: { deliveryId } })));
      }
      await waitForAccepted(stage.fake, options.emails, { label: 'naive', abort: exitOf(child, 'naive worker') });
      const tally = await tallyProvider(stage.fake, options.emails);
      const seconds = (tally.lastAcceptedAt - startedAt) / 1000;
      return { ...tally, emails: options.emails, seconds, emailsPerS: tally.recipients / seconds, workerPeakRssMb: rss.peakMb() };
    } finally {
      await stopChild(child);
      rss.stop();
    }
  } finally {
    await queue.close();
    await stage.close();
  }
}
